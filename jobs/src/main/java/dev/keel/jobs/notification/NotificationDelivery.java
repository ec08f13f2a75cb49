package dev.keel.jobs.notification;

import dev.keel.domain.notification.DeliveryPolicy;
import dev.keel.domain.notification.InvestorEmail;
import dev.keel.domain.notification.NotificationKind;
import dev.keel.domain.notification.WebhookSecret;
import dev.keel.domain.proposal.PageLink;
import dev.keel.persistence.notification.NotificationDao;
import dev.keel.persistence.proposal.ProposalDao;
import dev.keel.persistence.scan.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's relay. {@link #route()} gives every new event its deliveries; {@link #deliver(int)} claims due deliveries
 * (committed before anything is sent), sends each once, and records the outcome: SENT, due again after the policy's
 * back-off, or DEAD after the last attempt. At least once: a process that dies between sending and recording sends again
 * after the claim's lease; every delivery carries the event id, so receivers deduplicate. Never logs a secret, an
 * address or a page link.
 */
public final class NotificationDelivery {

  private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);
  /** Events routed per statement. */
  static final int ROUTE_BATCH = 1000;

  private final NotificationDao dao;
  private final ProposalDao proposals;
  private final Clock clock;
  private final NotificationSettings settings;
  private final WebhookSender webhooks;
  private final EmailSender email;

  /**
   * @param proposals where the page link signer comes from (the installation's key)
   */
  public NotificationDelivery(NotificationDao dao, ProposalDao proposals, Clock clock, NotificationSettings settings) {
    this.dao = dao;
    this.proposals = proposals;
    this.clock = clock;
    this.settings = settings;
    DeliveryPolicy p = settings.policy();
    this.webhooks = new WebhookSender(p.connectTimeout(), p.requestTimeout());
    this.email = settings.email().enabled() ? new EmailSender(settings.email(), p.connectTimeout(), p.requestTimeout()) : null;
  }

  /** What one run of {@link #deliver(int)} did. */
  public record Summary(int claimed, int sent, int retrying, int dead) {
    public String describe() {
      return claimed + " deliveries tried: " + sent + " sent, " + retrying + " to retry, " + dead + " dead";
    }
  }

  /** Routes every event not yet routed, in batches; returns how many. */
  public int route() {
    int total = 0;
    int n;
    do {
      n = dao.route(clock.instant(), email != null, ROUTE_BATCH);
      total += n;
    } while (n == ROUTE_BATCH);
    return total;
  }

  /** Claims and sends due deliveries, a batch at a time, until none is due or {@code maxBatches} were claimed. */
  public Summary deliver(int maxBatches) {
    int claimed = 0;
    int sent = 0;
    int retrying = 0;
    int dead = 0;
    PageLink links = null;
    DeliveryPolicy policy = settings.policy();
    for (int b = 0; b < maxBatches; b++) {
      Instant now = clock.instant();
      List<NotificationDao.Claimed> batch = dao.claim(now, policy.claimBatch(), now.plus(policy.lease()));
      for (NotificationDao.Claimed c : batch) {
        if (links == null && c.kind() == NotificationKind.PROPOSAL_READY) {
          links = proposals.pageLink();
        }
        Attempt a = send(c, links);
        if (a instanceof Attempt.Delivered) {
          if (dao.sent(c.id(), c.attempts(), clock.instant())) {
            sent++;
          }
          log.debug("delivery {} sent", c);
          continue;
        }
        DeliveryPolicy.AfterFailure next = a instanceof Attempt.Failed f
            ? policy.afterFailure(c.attempts(), clock.instant(), f.retryAfter()) : new DeliveryPolicy.AfterFailure.Dead();
        String error = a instanceof Attempt.Failed f ? f.error() : ((Attempt.Hopeless) a).error();
        if (dao.failed(c.id(), c.attempts(), error, next)) {
          if (next instanceof DeliveryPolicy.AfterFailure.Retry r) {
            retrying++;
            log.info("delivery {} failed ({}); next attempt at {}", c, error, r.at());
          } else {
            dead++;
            log.warn("delivery {} is DEAD after {} attempts: {}", c, c.attempts(), error);
          }
        }
      }
      claimed += batch.size();
      if (batch.size() < policy.claimBatch()) {
        break;
      }
    }
    return new Summary(claimed, sent, retrying, dead);
  }

  /** What one attempt came to. Errors are in Keel's words: safe to store and show, never a secret or a URL. */
  private sealed interface Attempt {
    record Delivered() implements Attempt {}

    /** Worth another attempt, after the back-off or the receiver's Retry-After (null when it gave none). */
    record Failed(String error, java.time.Duration retryAfter) implements Attempt {}

    /** No retry can mend it: dead-lettered at once, for an operator to mend and replay. */
    record Hopeless(String error) implements Attempt {}
  }

  /** Sends one delivery. */
  private Attempt send(NotificationDao.Claimed c, PageLink links) {
    String pageUrl = c.kind() == NotificationKind.PROPOSAL_READY && c.proposalId() != null && c.expiresAt() != null
        ? settings.publicUrl() + "/p/" + links.sign(c.proposalId(), c.expiresAt()) : null;
    if (NotificationDao.WEBHOOK.equals(c.channel())) {
      if (!c.endpointActive()) {
        return new Attempt.Hopeless("the webhook endpoint of client " + c.client() + " was removed");
      }
      WebhookSecret secret;
      try {
        secret = WebhookSecret.parse(c.secret());
      } catch (IllegalArgumentException e) {
        return new Attempt.Hopeless("the stored secret of client " + c.client() + " is unusable: " + e.getMessage());
      }
      WebhookSender.Result r = webhooks.post(c.url(), secret, c.eventId(), clock.instant().getEpochSecond(), body(c, pageUrl));
      return r instanceof WebhookSender.Result.Failed f ? new Attempt.Failed(f.error(), f.retryAfter()) : new Attempt.Delivered();
    }
    if (email == null) {
      return new Attempt.Failed("email is off (keel.notifications.email.host is empty)", null);
    }
    if (c.email() == null) {
      return new Attempt.Hopeless("account " + c.accountId() + " has no email address");
    }
    if (c.proposalId() == null) {
      return new Attempt.Hopeless(c.kind() + " is not an investor's event");
    }
    if (c.kind() == NotificationKind.PROPOSAL_READY && c.expiresAt() != null && !clock.instant().isBefore(c.expiresAt())) {
      // asking for a decision the page would refuse; the PROPOSAL_EXPIRED email tells the investor instead
      return new Attempt.Hopeless("proposal " + c.proposalId() + " expired at " + c.expiresAt() + " before its email could be sent");
    }
    InvestorEmail message = InvestorEmail.of(new InvestorEmail.Facts(c.kind(), c.eventId(), c.proposalId(), c.portfolioName(),
        c.expectedCost(), c.expiresAt(), c.reason(), pageUrl));
    String error = email.send(c.email(), message, c.eventId());
    return error == null ? new Attempt.Delivered() : new Attempt.Failed(error, null);
  }

  /**
   * A webhook's body: the event id (also in {@code webhook-id}), its type and time, the account and proposal, the page
   * link of a proposal waiting for a decision, and the document its cause wrote, as written.
   */
  static String body(NotificationDao.Claimed c, String pageUrl) {
    StringBuilder b = new StringBuilder(256 + c.payload().length());
    b.append("{\"id\":").append(Json.of(c.eventId()))
        .append(",\"type\":").append(Json.of(c.kind().type()))
        .append(",\"timestamp\":").append(Json.of(c.createdAt().toString()))
        .append(",\"account\":").append(c.accountId() == null ? "null" : c.accountId())
        .append(",\"proposal\":").append(c.proposalId() == null ? "null" : c.proposalId());
    if (pageUrl != null) {
      b.append(",\"pageUrl\":").append(Json.of(pageUrl));
    }
    return b.append(",\"data\":").append(c.payload()).append('}').toString();
  }
}
