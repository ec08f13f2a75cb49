package dev.keel.domain.regime;

import java.time.Instant;
import java.util.Objects;

/**
 * One asset's regime after one bar: the row a job stores per asset per cycle (asset_regime), with the
 * figures behind it so analysts can see when and why bands moved. NaN means "not available"
 * (NULL in SQL).
 *
 * @param asset              the asset (or portfolio) assessed
 * @param asOf               the time of the bar assessed (regimeJob labels a bar with its close); the volatility
 *                           figures and the regime are as of this time
 * @param fastVolatility     fast EWMA volatility, annualised, fraction per square-root year
 * @param slowVolatility     slow EWMA volatility, annualised, fraction per square-root year
 * @param fastPercentile     rank of the fast volatility in its trailing distribution, fraction in [0, 1]; NaN while warming up
 * @param slowPercentile     rank of the slow volatility in its trailing distribution, fraction in [0, 1]; NaN while warming up
 * @param regime             the volatility regime
 * @param regimeSince        when the asset entered {@code regime}
 * @param decision           why the regime is what it is
 * @param spreadRatio        current over baseline quoted spread, dimensionless, at the last spread check: the bar's
 *                           time, or the later time given to {@link RegimeClassifier#recheckSpreads}; NaN when unobserved
 * @param spreadRegime       the spread regime at the last spread check
 * @param spreadRegimeSince  when the asset entered {@code spreadRegime}; may be after {@code asOf}
 * @param bandMultiplier     factor on the base band, dimensionless: the regime's multiplier, raised to the spread floor if higher
 * @param reason             one line for people, e.g. "signal p0.97 >= extreme entry p0.95: NORMAL -> EXTREME"
 */
public record RegimeAssessment(
    String asset, Instant asOf,
    double fastVolatility, double slowVolatility, double fastPercentile, double slowPercentile,
    Regime regime, Instant regimeSince, Decision decision,
    double spreadRatio, SpreadRegime spreadRegime, Instant spreadRegimeSince,
    double bandMultiplier, String reason) {

  public RegimeAssessment {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(regime, "regime");
    Objects.requireNonNull(regimeSince, "regimeSince");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(spreadRegime, "spreadRegime");
    Objects.requireNonNull(spreadRegimeSince, "spreadRegimeSince");
    Objects.requireNonNull(reason, "reason");
    if (!(bandMultiplier > 0) || Double.isInfinite(bandMultiplier)) {
      throw new IllegalArgumentException("bandMultiplier must be positive and finite, was " + bandMultiplier);
    }
    requireRankOrNaN("fastPercentile", fastPercentile);
    requireRankOrNaN("slowPercentile", slowPercentile);
  }

  /** The volatility signal: the higher of the two percentile ranks, fraction in [0, 1]; NaN while warming up. */
  public double signal() {
    return Math.max(fastPercentile, slowPercentile);
  }

  /** The state to persist and to continue from in the next run. */
  public RegimeState state() {
    return new RegimeState(regime, regimeSince, spreadRegime, spreadRegimeSince, asOf);
  }

  /** True once the asset has enough history to be ranked. */
  public boolean established() {
    return decision != Decision.WARMING_UP;
  }

  private static void requireRankOrNaN(String name, double value) {
    if (!Double.isNaN(value) && !(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1] or NaN, was " + value);
    }
  }
}
