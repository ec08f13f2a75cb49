package dev.keel.domain.regime;

/**
 * Where the volatility signal (a percentile rank in the asset's own trailing distribution) puts an asset,
 * with hysteresis: entering a regime takes a stronger signal than staying in it. All values are
 * fractions in [0, 1] (0.75 is the 75th percentile).
 *
 * @param calmEnter    enter CALM at or below this rank
 * @param calmHold     stay CALM while at or below this rank; at least {@code calmEnter}
 * @param highEnter    enter HIGH at or above this rank
 * @param highHold     stay HIGH (or step down from EXTREME to HIGH) while at or above this rank; at most {@code highEnter}
 * @param extremeEnter enter EXTREME at or above this rank
 * @param extremeHold  stay EXTREME while at or above this rank; at most {@code extremeEnter}
 */
public record RegimeThresholds(
    double calmEnter, double calmHold, double highEnter, double highHold, double extremeEnter, double extremeHold) {

  /** The defaults Keel tuned on 2017-2026 daily history (see docs/regimes.md). */
  public static final RegimeThresholds DEFAULT = new RegimeThresholds(0.20, 0.40, 0.75, 0.60, 0.95, 0.85);

  public RegimeThresholds {
    requireFraction("calmEnter", calmEnter);
    requireFraction("calmHold", calmHold);
    requireFraction("highEnter", highEnter);
    requireFraction("highHold", highHold);
    requireFraction("extremeEnter", extremeEnter);
    requireFraction("extremeHold", extremeHold);
    requireOrder("calmEnter", calmEnter, "calmHold", calmHold);
    requireOrder("highHold", highHold, "highEnter", highEnter);
    requireOrder("extremeHold", extremeHold, "extremeEnter", extremeEnter);
    requireOrder("highEnter", highEnter, "extremeHold", extremeHold);
    if (!(calmHold < highHold)) {
      throw new IllegalArgumentException("calmHold (" + calmHold + ") must be below highHold (" + highHold
          + "), or CALM and HIGH would overlap");
    }
  }

  private static void requireFraction(String key, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(key + " must be a percentile rank in [0, 1], was " + value);
    }
  }

  private static void requireOrder(String lowKey, double low, String highKey, double high) {
    if (!(low <= high)) {
      throw new IllegalArgumentException(lowKey + " (" + low + ") must not exceed " + highKey + " (" + high + ")");
    }
  }
}
