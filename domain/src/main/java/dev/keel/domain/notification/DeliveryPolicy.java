package dev.keel.domain.notification;

import java.time.Duration;
import java.time.Instant;

/**
 * How deliveries are retried and when they are given up; settings name them {@code keel.notifications.*}, and jobs'
 * DeliverySettings states their defaults. Each delivery (one event to one webhook endpoint, or to one investor's
 * address) keeps its own count: a failing webhook never delays the email of the same event.
 *
 * @param maxAttempts    attempts in all; the delivery is DEAD after the last one fails
 * @param baseDelay      the wait after the first failed attempt; each further failure doubles it
 * @param maxDelay       the longest wait between two attempts
 * @param connectTimeout to open a connection (webhook or SMTP)
 * @param requestTimeout for the whole of one webhook request, or one SMTP read or write
 * @param claimBatch     deliveries one claim takes at most
 */
public record DeliveryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration connectTimeout, Duration requestTimeout,
                             int claimBatch) {

  /** Slack on top of the worst case of a claimed batch before its deliveries may be claimed again. */
  private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

  public DeliveryPolicy {
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException("keel.notifications.max-attempts must be between 1 and 100, was " + maxAttempts);
    }
    positive("keel.notifications.base-delay", baseDelay);
    positive("keel.notifications.max-delay", maxDelay);
    positive("keel.notifications.connect-timeout", connectTimeout);
    positive("keel.notifications.request-timeout", requestTimeout);
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("keel.notifications.max-delay must be at least base-delay (" + baseDelay + "), was " + maxDelay);
    }
    if (claimBatch < 1 || claimBatch > 1000) {
      throw new IllegalArgumentException("keel.notifications.claim-batch must be between 1 and 1000, was " + claimBatch);
    }
  }

  private static void positive(String key, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, was " + d);
    }
  }

  /** The wait after the {@code attempts}-th failed attempt (from 1): base, twice base, four times ..., at most maxDelay. */
  public Duration delayAfter(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
    }
    int doublings = Math.min(attempts - 1, 40);
    Duration d = baseDelay;
    for (int i = 0; i < doublings && d.compareTo(maxDelay) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }

  /** What follows a failed attempt. */
  public sealed interface AfterFailure {
    /** Try again at this time. */
    record Retry(Instant at) implements AfterFailure {}

    /** Given up: the delivery is dead-lettered until an operator replays it. */
    record Dead() implements AfterFailure {}
  }

  /**
   * What follows the {@code attempts}-th failed attempt at {@code now}.
   *
   * @param retryAfter what the receiver asked for (HTTP Retry-After), or null; honoured up to maxDelay
   */
  public AfterFailure afterFailure(int attempts, Instant now, Duration retryAfter) {
    if (attempts >= maxAttempts) {
      return new AfterFailure.Dead();
    }
    Duration wait = delayAfter(attempts);
    if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
      wait = retryAfter.compareTo(maxDelay) > 0 ? maxDelay : retryAfter;
    }
    return new AfterFailure.Retry(now.plus(wait));
  }

  /**
   * How long a claimed batch is kept from other claimers: every delivery of it timing out, plus a margin. A process
   * that dies holding a claim leaves its deliveries due again after this; one still sending after it may send twice,
   * which at-least-once delivery allows (receivers deduplicate by the event id).
   */
  public Duration lease() {
    return connectTimeout.plus(requestTimeout).multipliedBy(claimBatch).plus(LEASE_MARGIN);
  }
}
