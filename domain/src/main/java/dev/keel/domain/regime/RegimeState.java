package dev.keel.domain.regime;

import java.time.Instant;
import java.util.Objects;

/**
 * Where an asset's classification stands after its last evaluated bar: what a job persists between
 * runs (it is in every {@link RegimeAssessment}) and hands back to {@link RegimeClassifier} so that
 * hysteresis and dwell carry over.
 *
 * @param regime            the volatility regime
 * @param regimeSince       when the asset entered it (time of the bar that switched it)
 * @param spreadRegime      the spread regime
 * @param spreadRegimeSince when the asset entered the spread regime; may be after {@code asOf}, because the
 *                          spreads are checked again between bars ({@link RegimeClassifier#recheckSpreads})
 * @param asOf              the time of the last bar evaluated (its close); later runs evaluate only bars after it
 */
public record RegimeState(
    Regime regime, Instant regimeSince, SpreadRegime spreadRegime, Instant spreadRegimeSince, Instant asOf) {

  public RegimeState {
    Objects.requireNonNull(regime, "regime");
    Objects.requireNonNull(regimeSince, "regimeSince");
    Objects.requireNonNull(spreadRegime, "spreadRegime");
    Objects.requireNonNull(spreadRegimeSince, "spreadRegimeSince");
    Objects.requireNonNull(asOf, "asOf");
    if (regimeSince.isAfter(asOf)) {
      throw new IllegalArgumentException("regime since " + regimeSince + " must not be after asOf " + asOf);
    }
  }

  /** The state of an asset seen for the first time: NORMAL, spreads unobserved. */
  public static RegimeState initial(Instant asOf) {
    return new RegimeState(Regime.NORMAL, asOf, SpreadRegime.UNOBSERVED, asOf, asOf);
  }
}
