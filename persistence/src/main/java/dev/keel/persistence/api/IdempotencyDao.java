package dev.keel.persistence.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Idempotency records of the API's decision requests, in PostgreSQL so every node of a cluster agrees. A request claims
 * its client's key with one INSERT; the response is stored in the same transaction as the decision it reports, so a
 * repeat never sees a decision without its response.
 */
public final class IdempotencyDao {

  private final Jdbi jdbi;

  public IdempotencyDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** What claiming a key found. */
  public sealed interface Claim {
    /** The key is this request's: go on, then {@link #complete} or {@link #release}. */
    record Claimed() implements Claim {}

    /** The key was used for another request (another method, path or body). */
    record Mismatch() implements Claim {}

    /** The first request with this key has not finished. */
    record InFlight(Instant since) implements Claim {}

    /** The first request finished: its response, for every repeat. */
    record Done(int status, String body) implements Claim {}
  }

  /**
   * Claims {@code key} of {@code client} for a request with this fingerprint, committed at once so concurrent repeats
   * see it. A claim older than {@code abandonAfter} that never completed (its node died) is taken over.
   */
  public Claim claim(String client, String key, byte[] fingerprint, Instant now, Duration abandonAfter) {
    return jdbi.inTransaction(h -> {
      int n = h.createUpdate("INSERT INTO api_idempotency (client, idempotency_key, fingerprint, state, created_at)"
              + " VALUES (:client, :key, :fp, 'IN_FLIGHT', :now) ON CONFLICT DO NOTHING")
          .bind("client", client).bind("key", key).bind("fp", fingerprint).bind("now", now).execute();
      if (n == 1) {
        return new Claim.Claimed();
      }
      var row = h.createQuery("SELECT fingerprint, state, created_at, response_status, response_body FROM api_idempotency"
              + " WHERE client = :client AND idempotency_key = :key FOR UPDATE")
          .bind("client", client).bind("key", key)
          .map((rs, ctx) -> new Object[] {rs.getBytes(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getInt(4), rs.getString(5)})
          .findOne();
      if (row.isEmpty()) {
        // removed by retention between the two statements: a new request after all
        return claim(h, client, key, fingerprint, now);
      }
      Object[] r = row.get();
      if (!Arrays.equals((byte[]) r[0], fingerprint)) {
        return new Claim.Mismatch();
      }
      if ("DONE".equals(r[1])) {
        return new Claim.Done((Integer) r[3], (String) r[4]);
      }
      Instant since = (Instant) r[2];
      if (!since.plus(abandonAfter).isAfter(now)) {
        h.createUpdate("UPDATE api_idempotency SET created_at = :now WHERE client = :client AND idempotency_key = :key")
            .bind("client", client).bind("key", key).bind("now", now).execute();
        return new Claim.Claimed();
      }
      return new Claim.InFlight(since);
    });
  }

  private static Claim claim(Handle h, String client, String key, byte[] fingerprint, Instant now) {
    h.createUpdate("INSERT INTO api_idempotency (client, idempotency_key, fingerprint, state, created_at)"
            + " VALUES (:client, :key, :fp, 'IN_FLIGHT', :now)")
        .bind("client", client).bind("key", key).bind("fp", fingerprint).bind("now", now).execute();
    return new Claim.Claimed();
  }

  /**
   * Stores the response of a claimed request. Call it inside the transaction that made the decision (Jdbi joins
   * Spring's transaction), so both commit together.
   */
  public void complete(String client, String key, int status, String body, Instant now) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE api_idempotency SET state = 'DONE', completed_at = :now, response_status = :status,"
            + " response_body = :body WHERE client = :client AND idempotency_key = :key")
        .bind("client", client).bind("key", key).bind("status", status).bind("body", body).bind("now", now).execute());
  }

  /** Gives a claim up (the request failed without an answer worth repeating): the next request with the key runs anew. */
  public void release(String client, String key) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM api_idempotency WHERE client = :client AND idempotency_key = :key"
            + " AND state = 'IN_FLIGHT'")
        .bind("client", client).bind("key", key).execute());
  }

  /** Removes records created before {@code before}; housekeepingJob calls it. */
  public static int prune(Handle h, Instant before) {
    return h.createUpdate("DELETE FROM api_idempotency WHERE created_at < :before").bind("before", before).execute();
  }
}
