package dev.keel.persistence.notification;

import dev.keel.domain.notification.DeliveryPolicy;
import dev.keel.domain.notification.DeliveryStatus;
import dev.keel.domain.notification.NotificationKind;
import dev.keel.persistence.db.Columns;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The outbox as the delivery job and the operator see it. Events are written by whoever causes them, in the cause's own
 * transaction (the scan's COPY, an execution's end, an expiry, a venue halt); this class turns each into deliveries, one
 * per channel, and moves each delivery from PENDING to SENT or, after its last attempt, DEAD. Every method commits on its
 * own, so a claim is committed before anything is sent and nothing waits on a network call inside a transaction.
 */
public final class NotificationDao {

  private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();

  /** Channels. */
  public static final String WEBHOOK = "WEBHOOK";
  public static final String EMAIL = "EMAIL";

  private final Jdbi jdbi;

  public NotificationDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Routes up to {@code limit} events not yet routed: one delivery per active webhook endpoint, and an email when
   * {@code email} is on, the event is about a proposal and its account has an address.
   *
   * @return the events routed; fewer than {@code limit} means none is left
   */
  public int route(Instant now, boolean email, int limit) {
    return jdbi.inTransaction(h -> h.createUpdate(SQL.locate(NotificationDao.class, "route"))
        .bind("now", now).bind("email", email).bind("limit", limit).execute());
  }

  /**
   * A claimed delivery with what sending it needs.
   *
   * @param attempts      this attempt's number, from 1
   * @param payload       the event's JSON document as written by its cause
   * @param url           the endpoint's URL (webhook)
   * @param secret        the endpoint's signing secret (webhook); never log it
   * @param email         the investor's address (email), or null when the account has none
   * @param reason        why the proposal ended as it did, or null
   */
  public record Claimed(long id, String channel, String client, int attempts, String eventId, NotificationKind kind, String payload,
                        Instant createdAt, Long accountId, Long proposalId, String url, String secret, boolean endpointActive,
                        String email, String portfolioName, BigDecimal expectedCost, Instant expiresAt, String reason) {
    @Override
    public String toString() {
      return "Claimed[delivery " + id + ", " + channel + (client == null ? "" : " " + client) + ", event " + eventId + " " + kind
          + ", attempt " + attempts + "]";
    }
  }

  /** Claims up to {@code limit} due deliveries, each counted as an attempt and kept from other claimers until {@code leaseEnd}. */
  public List<Claimed> claim(Instant now, int limit, Instant leaseEnd) {
    return jdbi.inTransaction(h -> h.createQuery(SQL.locate(NotificationDao.class, "claim"))
        .bind("now", now).bind("limit", limit).bind("leaseEnd", leaseEnd)
        .map((rs, ctx) -> claimed(rs)).list());
  }

  private static Claimed claimed(ResultSet rs) throws SQLException {
    return new Claimed(rs.getLong("id"), rs.getString("channel"), rs.getString("client"), rs.getInt("attempts"), rs.getString("event_id"),
        NotificationKind.valueOf(rs.getString("kind")), rs.getString("payload"), Columns.instant(rs, "created_at"),
        nullableLong(rs, "account_id"), nullableLong(rs, "proposal_id"), rs.getString("url"), rs.getString("secret"),
        rs.getBoolean("endpoint_active"), rs.getString("email"), rs.getString("portfolio_name"), rs.getBigDecimal("expected_cost"),
        Columns.instant(rs, "expires_at"), rs.getString("reason"));
  }

  /**
   * Records a delivered attempt. Only the attempt that holds the claim records: one whose claim lapsed and was taken
   * again leaves the newer attempt's record alone.
   */
  public boolean sent(long id, int attempts, Instant now) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE notification_delivery SET status = 'SENT', sent_at = :now, last_error = NULL"
            + " WHERE id = :id AND status = 'PENDING' AND attempts = :attempts")
        .bind("id", id).bind("attempts", attempts).bind("now", now).execute()) == 1;
  }

  /** Records a failed attempt: due again at the policy's time, or DEAD. {@code error} must hold no secret. */
  public boolean failed(long id, int attempts, String error, DeliveryPolicy.AfterFailure next) {
    boolean dead = next instanceof DeliveryPolicy.AfterFailure.Dead;
    return jdbi.withHandle(h -> h.createUpdate("UPDATE notification_delivery SET status = :status, last_error = :error,"
            + " next_attempt_at = coalesce(:next, next_attempt_at) WHERE id = :id AND status = 'PENDING' AND attempts = :attempts")
        .bind("id", id).bind("attempts", attempts).bind("status", (dead ? DeliveryStatus.DEAD : DeliveryStatus.PENDING).name())
        .bind("error", error)
        .bind("next", next instanceof DeliveryPolicy.AfterFailure.Retry r ? r.at() : null).execute()) == 1;
  }

  /** One delivery as the operator sees it: never a secret, never an address. */
  public record Line(long id, String eventId, NotificationKind kind, Long proposalId, Long accountId, String channel, String client,
                     DeliveryStatus status, int attempts, Instant nextAttemptAt, Instant createdAt, Instant sentAt, String lastError) {}

  /**
   * Deliveries, newest first.
   *
   * @param status only this status, or null for any
   */
  public List<Line> list(DeliveryStatus status, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT d.*, n.event_id::text AS event_id, n.kind, n.proposal_id, n.account_id"
            + " FROM notification_delivery d JOIN notification n ON n.id = d.notification_id"
            + " WHERE (CAST(:status AS text) IS NULL OR d.status = :status) ORDER BY d.id DESC LIMIT :limit")
        .bind("status", status == null ? null : status.name()).bind("limit", limit)
        .map((rs, ctx) -> new Line(rs.getLong("id"), rs.getString("event_id"), NotificationKind.valueOf(rs.getString("kind")),
            nullableLong(rs, "proposal_id"), nullableLong(rs, "account_id"), rs.getString("channel"), rs.getString("client"),
            DeliveryStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), Columns.instant(rs, "next_attempt_at"), Columns.instant(rs, "created_at"),
            Columns.instant(rs, "sent_at"), rs.getString("last_error")))
        .list());
  }

  /** Events written and not yet routed into deliveries. */
  public long unrouted() {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM notification WHERE status = 'PENDING'").mapTo(Long.class).one());
  }

  /** What a replay did. */
  public enum Replay {
    /** The dead delivery is due now, with a fresh count of attempts. */
    REPLAYED,
    /** The delivery is not DEAD (pending or sent): nothing changed. */
    NOT_DEAD,
    /** No such delivery. */
    NOT_FOUND
  }

  /** Makes a DEAD delivery due again at {@code now} with its attempts counted afresh; audited, refusals included. */
  public Replay replay(long id, String actor, Instant now) {
    return jdbi.inTransaction(h -> {
      int n = h.createUpdate("UPDATE notification_delivery SET status = 'PENDING', attempts = 0, next_attempt_at = :now"
              + " WHERE id = :id AND status = 'DEAD'")
          .bind("id", id).bind("now", now).execute();
      Replay r = n == 1 ? Replay.REPLAYED
          : h.createQuery("SELECT count(*) FROM notification_delivery WHERE id = :id").bind("id", id).mapTo(Long.class).one() == 0
              ? Replay.NOT_FOUND : Replay.NOT_DEAD;
      h.createUpdate("INSERT INTO audit_event (occurred_at, actor, action, subject, outcome, detail)"
              + " VALUES (:at, :actor, 'REPLAY_NOTIFICATION', :subject, :outcome, NULL)")
          .bind("at", now).bind("actor", actor).bind("subject", "notification_delivery " + id)
          .bind("outcome", r.name().toUpperCase(Locale.ROOT)).execute();
      return r;
    });
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
