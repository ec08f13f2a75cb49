package dev.keel.scheduler.api;

import dev.keel.domain.proposal.Decision;
import dev.keel.domain.proposal.DecisionOutcome;
import dev.keel.persistence.api.ApiProposalReader;
import dev.keel.persistence.api.IdempotencyDao;
import dev.keel.persistence.proposal.ProposalDao;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * An investor's decision through the API: the Idempotency-Key rules around {@link ProposalDao#decide}, which applies it
 * as one conditional UPDATE. The key is claimed and committed first, so a concurrent repeat sees it in flight (409);
 * the decision and the response stored for repeats then commit together, so a repeat never finds a decision without
 * its response. A request that fails without an answer gives its claim up, and the next one with the key runs anew.
 */
public final class DecisionService {

  /** Visible ASCII, 1 to 255 characters: a UUID, a ULID or the platform's own request id. */
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  /** The answer to one decision request: status and JSON body, the same bytes for every repeat. */
  public record Answer(int status, String body, boolean replayed, long retryAfterSeconds) {}

  private final ProposalDao proposals;
  private final ApiProposalReader reader;
  private final IdempotencyDao idempotency;
  private final TransactionTemplate transaction;
  private final JsonMapper json;
  private final Clock clock;
  private final Duration abandonAfter;

  public DecisionService(ProposalDao proposals, ApiProposalReader reader, IdempotencyDao idempotency, TransactionTemplate transaction,
                         JsonMapper json, Clock clock, Duration abandonAfter) {
    this.proposals = proposals;
    this.reader = reader;
    this.idempotency = idempotency;
    this.transaction = transaction;
    this.json = json;
    this.clock = clock;
    this.abandonAfter = abandonAfter;
  }

  public Answer decide(ApiKeyAuthenticator.ApiClient client, String accountId, long proposalId, boolean approve, String idempotencyKey,
                       String reason, String path) {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, Problems.IDEMPOTENCY_KEY_MISSING, "Idempotency-Key missing",
          "a decision needs an Idempotency-Key header (1 to 255 visible ASCII characters, e.g. a UUID)");
    }
    if (!KEY.matcher(idempotencyKey).matches()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, "Bad request",
          "Idempotency-Key must be 1 to 255 visible ASCII characters, was " + idempotencyKey.length() + " characters"
              + (idempotencyKey.length() <= 255 ? " with a space or a control character" : ""));
    }
    // PostgreSQL keeps microseconds: the first answer and a repeat read back from the row must show the same time
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    byte[] fingerprint = fingerprint("POST", path, reason);
    IdempotencyDao.Claim claim = idempotency.claim(client.client(), idempotencyKey, fingerprint, now, abandonAfter);
    if (claim instanceof IdempotencyDao.Claim.Mismatch) {
      throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, Problems.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key reused",
          "this Idempotency-Key was used for another request (another proposal, decision or reason); use a new key");
    }
    if (claim instanceof IdempotencyDao.Claim.InFlight) {
      ProblemDetail p = Problems.of(HttpStatus.CONFLICT, Problems.IDEMPOTENCY_KEY_IN_FLIGHT, "Request in flight",
          "the first request with this Idempotency-Key has not finished; repeat it shortly for its result");
      return new Answer(409, json.writeValueAsString(p), false, 1);
    }
    if (claim instanceof IdempotencyDao.Claim.Done d) {
      return new Answer(d.status(), d.body(), true, 0);
    }
    try {
      return transaction.execute(tx -> {
        Answer a = apply(client, accountId, proposalId, approve, reason, now);
        idempotency.complete(client.client(), idempotencyKey, a.status(), a.body(), now);
        return a;
      });
    } catch (RuntimeException e) {
      idempotency.release(client.client(), idempotencyKey);
      throw e;
    }
  }

  private Answer apply(ApiKeyAuthenticator.ApiClient client, String accountId, long proposalId, boolean approve, String reason,
                       Instant now) {
    Optional<String> owner = reader.owner(proposalId);
    if (owner.isPresent() && !owner.get().equals(accountId)) {
      reader.auditForeignAttempt(now, "api:" + client.client(), approve ? "APPROVE" : "REJECT", proposalId, accountId);
    }
    if (owner.isEmpty() || !owner.get().equals(accountId)) {
      return problem(ProposalsController.notFound(proposalId, accountId).problem());
    }
    String by = "investor:" + accountId + " via api:" + client.client();
    DecisionOutcome outcome = proposals.decide(proposalId, new Decision(approve, by, reason, now));
    if (outcome instanceof DecisionOutcome.Recorded r) {
      return ok(new ProposalViews.DecisionResult(proposalId, r.status(), r.by(), r.at()));
    }
    if (outcome instanceof DecisionOutcome.Repeated r) {
      return ok(new ProposalViews.DecisionResult(proposalId, r.status(), r.by(), r.at()));
    }
    if (outcome instanceof DecisionOutcome.Expired e) {
      ProblemDetail p = Problems.of(HttpStatus.CONFLICT, Problems.PROPOSAL_EXPIRED, "Proposal expired",
          "proposal " + proposalId + " expired at " + e.expiresAt() + "; nothing executes");
      p.setProperty("expiresAt", e.expiresAt().toString());
      return problem(p);
    }
    if (outcome instanceof DecisionOutcome.Conflict c) {
      ProblemDetail p = Problems.of(HttpStatus.CONFLICT, Problems.PROPOSAL_CONFLICT, "Proposal not decidable", c.detail());
      p.setProperty("proposalStatus", c.status().name());
      return problem(p);
    }
    return problem(ProposalsController.notFound(proposalId, accountId).problem());
  }

  private Answer ok(ProposalViews.DecisionResult result) {
    return new Answer(200, json.writeValueAsString(result), false, 0);
  }

  private Answer problem(ProblemDetail p) {
    return new Answer(p.getStatus(), json.writeValueAsString(p), false, 0);
  }

  /** SHA-256 over the method, the path and the decision's body, each part length-prefixed so no two requests collide. */
  static byte[] fingerprint(String method, String path, String reason) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {method, path, reason == null ? null : "reason:" + reason}) {
        byte[] b = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
        d.update(java.nio.ByteBuffer.allocate(5).put(part == null ? (byte) 0 : (byte) 1).putInt(b.length).array());
        d.update(b);
      }
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
