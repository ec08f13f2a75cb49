package dev.keel.domain.market;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Whether a stored snapshot may still be priced with at a given time (FAULTS.md M1, M2, M3). */
public final class SnapshotFreshness {

  private SnapshotFreshness() {}

  /** True when the snapshot was taken more than {@code maxAge} before {@code now}. */
  public static boolean isStale(MarketSnapshot snapshot, Instant now, Duration maxAge) {
    return Duration.between(snapshot.observedAt(), now).compareTo(maxAge) > 0;
  }

  /**
   * Why the snapshot must not be priced with at {@code now}, naming the snapshot time; empty when it may.
   *
   * @param now    the current time, from the injected clock
   * @param maxAge the configured maximum age
   */
  public static Optional<String> unusableReason(MarketSnapshot snapshot, Instant now, Duration maxAge) {
    String what = snapshot.venue() + " " + snapshot.market() + " snapshot taken at " + snapshot.observedAt();
    if (!snapshot.outcome().isOk()) {
      return Optional.of(what + " is " + snapshot.outcome().status() + ": " + snapshot.outcome().code()
          + (snapshot.outcome().detail().isEmpty() ? "" : " " + snapshot.outcome().detail()));
    }
    if (isStale(snapshot, now, maxAge)) {
      return Optional.of(what + " is older than the maximum age " + maxAge + " at " + now);
    }
    return Optional.empty();
  }
}
