package dev.keel.domain.market;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a market snapshot measures.
 *
 * @param bookDepth      levels per side to request from the venue, 1 to 5000
 * @param depthBandsBps  distances from mid within which resting depth is summed, basis points, positive, ascending
 * @param notionals      standard trade sizes costed by walking the book, quote currency, positive, ascending
 * @param maxAge         oldest venue timestamp (or snapshot, when read later) still fresh; older is STALE (FAULTS.md M1)
 */
public record SnapshotSpec(int bookDepth, List<Double> depthBandsBps, List<Double> notionals, Duration maxAge) {
  public SnapshotSpec {
    depthBandsBps = List.copyOf(Objects.requireNonNull(depthBandsBps, "depthBandsBps"));
    notionals = List.copyOf(Objects.requireNonNull(notionals, "notionals"));
    Objects.requireNonNull(maxAge, "maxAge");
    if (bookDepth < 1 || bookDepth > 5000) {
      throw new IllegalArgumentException("bookDepth must be 1 to 5000, was " + bookDepth);
    }
    requireAscendingPositive("depthBandsBps", depthBandsBps);
    requireAscendingPositive("notionals", notionals);
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
    }
  }

  /** 100 levels, depth within 10, 50 and 100 bps, costs of 1k, 10k and 100k, fresh for 3 minutes. */
  public static SnapshotSpec standard() {
    return new SnapshotSpec(100, List.of(10.0, 50.0, 100.0), List.of(1_000.0, 10_000.0, 100_000.0), Duration.ofMinutes(3));
  }

  private static void requireAscendingPositive(String name, List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    double previous = 0;
    for (double v : values) {
      if (!(v > previous) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(name + " must be positive, finite and ascending, was " + values);
      }
      previous = v;
    }
  }
}
