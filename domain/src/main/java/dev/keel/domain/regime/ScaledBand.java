package dev.keel.domain.regime;

/**
 * A tolerance band around one target weight after the regime multiplier and its bounds.
 *
 * @param target    target weight, fraction of portfolio value, in [0, 1]
 * @param halfWidth half-width after the multiplier and the ceiling, fraction of portfolio value, non-negative
 * @param lower     lowest weight inside the band, fraction of portfolio value: {@code max(0, target - halfWidth)}
 * @param upper     highest weight inside the band, fraction of portfolio value: {@code min(1, target + halfWidth)}
 * @param capped    true when the ceiling, not the multiplier, set the half-width
 */
public record ScaledBand(double target, double halfWidth, double lower, double upper, boolean capped) {
  public ScaledBand {
    if (!(target >= 0 && target <= 1)) {
      throw new IllegalArgumentException("target must be a weight in [0, 1], was " + target);
    }
    if (!(halfWidth >= 0) || Double.isInfinite(halfWidth)) {
      throw new IllegalArgumentException("halfWidth must be a non-negative fraction, was " + halfWidth);
    }
    if (!(lower >= 0 && lower <= target && upper >= target && upper <= 1)) {
      throw new IllegalArgumentException("band [" + lower + ", " + upper + "] must lie in [0, 1] around its target " + target);
    }
  }

  /** True if {@code weight} (fraction of portfolio value) lies inside the band, edges included. */
  public boolean contains(double weight) {
    return weight >= lower && weight <= upper;
  }
}
