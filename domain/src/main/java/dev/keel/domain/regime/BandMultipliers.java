package dev.keel.domain.regime;

/**
 * The factor each regime applies to a portfolio's base tolerance band, dimensionless, positive and
 * non-decreasing from CALM to EXTREME.
 *
 * @param calm    multiplier in CALM, e.g. 0.75 (bands tighten)
 * @param normal  multiplier in NORMAL, usually 1.0
 * @param high    multiplier in HIGH, e.g. 1.5
 * @param extreme multiplier in EXTREME, e.g. 2.0
 */
public record BandMultipliers(double calm, double normal, double high, double extreme) {

  public static final BandMultipliers DEFAULT = new BandMultipliers(0.75, 1.0, 1.5, 2.0);

  public BandMultipliers {
    double[] values = {calm, normal, high, extreme};
    String[] keys = {"calm", "normal", "high", "extreme"};
    for (int i = 0; i < values.length; i++) {
      if (!(values[i] > 0) || Double.isInfinite(values[i])) {
        throw new IllegalArgumentException("multiplier " + keys[i] + " must be positive and finite, was " + values[i]);
      }
      if (i > 0 && values[i] < values[i - 1]) {
        throw new IllegalArgumentException("multiplier " + keys[i] + " (" + values[i] + ") must not be below "
            + keys[i - 1] + " (" + values[i - 1] + "): a more turbulent regime never tightens the band");
      }
    }
  }

  public double of(Regime regime) {
    return switch (regime) {
      case CALM -> calm;
      case NORMAL -> normal;
      case HIGH -> high;
      case EXTREME -> extreme;
    };
  }
}
