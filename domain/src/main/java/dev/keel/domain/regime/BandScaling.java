package dev.keel.domain.regime;

/**
 * Applies a regime's band multiplier to a portfolio's base band, asset by asset, with two bounds: the
 * half-width never exceeds the configured ceiling, and the band never reaches below a zero weight (nor above
 * a weight of one), so a wide band in a storm can never ask for a short position. Stateless.
 */
public final class BandScaling {

  private BandScaling() {}

  /**
   * @param target         target weight, fraction of portfolio value, in [0, 1]
   * @param baseHalfWidth  the portfolio's configured half-width for this asset, fraction of portfolio value, non-negative
   * @param multiplier     the asset's band multiplier, dimensionless, positive
   * @param maxHalfWidth   the ceiling on the scaled half-width, fraction of portfolio value, in (0, 1]
   */
  public static ScaledBand scale(double target, double baseHalfWidth, double multiplier, double maxHalfWidth) {
    if (!(target >= 0 && target <= 1)) {
      throw new IllegalArgumentException("target must be a weight in [0, 1], was " + target);
    }
    if (!(baseHalfWidth >= 0 && baseHalfWidth <= 1)) {
      throw new IllegalArgumentException("baseHalfWidth must be a fraction in [0, 1], was " + baseHalfWidth);
    }
    if (!(multiplier > 0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be positive and finite, was " + multiplier);
    }
    if (!(maxHalfWidth > 0 && maxHalfWidth <= 1)) {
      throw new IllegalArgumentException("maxHalfWidth must be a fraction in (0, 1], was " + maxHalfWidth);
    }
    double scaled = baseHalfWidth * multiplier;
    boolean capped = scaled > maxHalfWidth;
    double halfWidth = capped ? maxHalfWidth : scaled;
    return new ScaledBand(target, halfWidth, Math.max(0, target - halfWidth), Math.min(1, target + halfWidth), capped);
  }

  /** The same, with the ceiling of a regime configuration. */
  public static ScaledBand scale(double target, double baseHalfWidth, double multiplier, RegimeConfig config) {
    return scale(target, baseHalfWidth, multiplier, config.maxBandHalfWidth());
  }
}
