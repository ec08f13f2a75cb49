package dev.keel.domain.regime;

import java.time.Duration;
import java.util.Objects;

/**
 * The cost-awareness rule: the quoted spread now (median over {@code window}) against its baseline
 * (median over the {@code baseline} before that window) gives a spread regime, with hysteresis; WIDE and
 * STRESSED put a floor under the band multiplier, so bands widen when trading gets dearer even if
 * volatility has not moved yet. The default floors follow the cube-root law of optimal no-trade bands
 * under proportional costs (band width grows with cost^(1/3)): twice the spread gives 2^(1/3) = 1.26,
 * four times gives 1.59.
 *
 * @param window              how far back "now" reaches; positive
 * @param baseline            how far back the baseline reaches before the window; longer than the window
 * @param minimumObservations fewest baseline observations for a spread regime (fewer means UNOBSERVED); at least 1
 * @param wideEnter           enter WIDE at or above this ratio of current to baseline spread, dimensionless, above 1
 * @param wideHold            stay WIDE while at or above this ratio; between 1 and {@code wideEnter}
 * @param stressedEnter       enter STRESSED at or above this ratio; above {@code wideEnter}
 * @param stressedHold        stay STRESSED while at or above this ratio; between {@code wideEnter} and {@code stressedEnter}
 * @param wideFloor           least band multiplier in WIDE, dimensionless, at least 1
 * @param stressedFloor       least band multiplier in STRESSED, at least {@code wideFloor}
 * @param dwell               least time in a spread regime before stepping down to a narrower one; zero or positive
 */
public record SpreadRule(
    Duration window, Duration baseline, int minimumObservations,
    double wideEnter, double wideHold, double stressedEnter, double stressedHold,
    double wideFloor, double stressedFloor, Duration dwell) {

  public static final SpreadRule DEFAULT = new SpreadRule(
      Duration.ofMinutes(30), Duration.ofDays(7), 30,
      2.0, 1.5, 4.0, 3.0,
      1.25, 1.6, Duration.ofDays(1));

  public SpreadRule {
    Objects.requireNonNull(window, "spread.window");
    Objects.requireNonNull(baseline, "spread.baseline");
    Objects.requireNonNull(dwell, "spread.dwell");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("spread.window must be positive, was " + window);
    }
    if (baseline.compareTo(window) <= 0) {
      throw new IllegalArgumentException("spread.baseline (" + baseline + ") must be longer than spread.window (" + window + ")");
    }
    if (minimumObservations < 1) {
      throw new IllegalArgumentException("spread.minimumObservations must be at least 1, was " + minimumObservations);
    }
    if (!(wideHold >= 1 && wideHold <= wideEnter && wideEnter < stressedEnter
        && stressedHold >= wideEnter && stressedHold <= stressedEnter) || Double.isInfinite(stressedEnter)) {
      throw new IllegalArgumentException("spread ratios must satisfy 1 <= wideHold <= wideEnter <= stressedHold <= stressedEnter"
          + " (finite), were wideHold " + wideHold + ", wideEnter " + wideEnter + ", stressedHold " + stressedHold
          + ", stressedEnter " + stressedEnter);
    }
    if (!(wideFloor >= 1 && stressedFloor >= wideFloor) || Double.isInfinite(stressedFloor)) {
      throw new IllegalArgumentException("spread floors must satisfy 1 <= wideFloor <= stressedFloor (finite), were "
          + wideFloor + " and " + stressedFloor);
    }
    if (dwell.isNegative()) {
      throw new IllegalArgumentException("spread.dwell must not be negative, was " + dwell);
    }
  }

  /** The least band multiplier a spread regime demands; 0 (no floor) when the spread is normal or unobserved. */
  public double floor(SpreadRegime regime) {
    return switch (regime) {
      case UNOBSERVED, NORMAL -> 0.0;
      case WIDE -> wideFloor;
      case STRESSED -> stressedFloor;
    };
  }
}
