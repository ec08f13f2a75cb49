package dev.keel.domain.regime;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the regime detector can be tuned by. Durations, not bar counts, so the same configuration
 * serves daily and intraday bars. Messages of invalid values name the key.
 *
 * @param fastHalfLife       half-life of the fast EWMA volatility, which catches shocks; positive
 * @param slowHalfLife       half-life of the slow EWMA volatility, which keeps a turbulent stretch turbulent; longer than the fast one
 * @param lookBack           how far back each volatility's trailing distribution reaches; positive
 * @param minimumHistory     least history (first price to now) before an asset is classified at all; positive, at most {@code lookBack}
 * @param distributionStep   least time between two samples of the trailing distribution (one day keeps it small
 *                           for intraday bars); zero means every bar
 * @param thresholds         percentile ranks for entering and holding each regime
 * @param dwell              least time in a regime before stepping down to a calmer one (stepping up is immediate); zero or positive
 * @param multipliers        the band multiplier of each regime
 * @param spread             the cost-awareness rule
 * @param maxBandHalfWidth   ceiling on any band half-width after the multiplier, fraction of portfolio value, in (0, 1]
 * @param shock              the fast answer to a crash: a fall from the recent high that enters HIGH at once
 */
public record RegimeConfig(
    Duration fastHalfLife, Duration slowHalfLife, Duration lookBack, Duration minimumHistory,
    Duration distributionStep, RegimeThresholds thresholds, Duration dwell,
    BandMultipliers multipliers, SpreadRule spread, double maxBandHalfWidth, ShockRule shock) {

  /** The defaults, tuned on 2017-2026 daily history of 43 Binance markets (see docs/regimes.md). */
  public static final RegimeConfig DEFAULT = new RegimeConfig(
      Duration.ofDays(10), Duration.ofDays(60), Duration.ofDays(730), Duration.ofDays(180),
      Duration.ofDays(1), RegimeThresholds.DEFAULT, Duration.ofDays(20),
      BandMultipliers.DEFAULT, SpreadRule.DEFAULT, 0.10, ShockRule.DEFAULT);

  public RegimeConfig {
    requirePositive("fastHalfLife", fastHalfLife);
    requirePositive("slowHalfLife", slowHalfLife);
    requirePositive("lookBack", lookBack);
    requirePositive("minimumHistory", minimumHistory);
    requireNonNegative("distributionStep", distributionStep);
    requireNonNegative("dwell", dwell);
    Objects.requireNonNull(thresholds, "thresholds");
    Objects.requireNonNull(multipliers, "multipliers");
    Objects.requireNonNull(spread, "spread");
    Objects.requireNonNull(shock, "shock");
    if (slowHalfLife.compareTo(fastHalfLife) <= 0) {
      throw new IllegalArgumentException("slowHalfLife (" + slowHalfLife + ") must be longer than fastHalfLife (" + fastHalfLife + ")");
    }
    if (minimumHistory.compareTo(lookBack) > 0) {
      throw new IllegalArgumentException("minimumHistory (" + minimumHistory + ") must not exceed lookBack (" + lookBack + ")");
    }
    if (distributionStep.compareTo(minimumHistory) >= 0) {
      throw new IllegalArgumentException("distributionStep (" + distributionStep + ") must be shorter than minimumHistory ("
          + minimumHistory + ")");
    }
    if (!(maxBandHalfWidth > 0 && maxBandHalfWidth <= 1)) {
      throw new IllegalArgumentException("maxBandHalfWidth must be a fraction in (0, 1], was " + maxBandHalfWidth);
    }
  }

  /**
   * How much price history a caller should hand the classifier so the result matches a run over the
   * whole history: the look-back plus eight slow half-lives, after which the EWMA's seed weighs
   * 2^-8 = 0.4% at the oldest sample of the trailing distribution.
   */
  public Duration historyToRead() {
    return lookBack.plus(slowHalfLife.multipliedBy(8));
  }

  public RegimeConfig withDwell(Duration newDwell) {
    return new RegimeConfig(fastHalfLife, slowHalfLife, lookBack, minimumHistory, distributionStep, thresholds, newDwell,
        multipliers, spread, maxBandHalfWidth, shock);
  }

  public RegimeConfig withThresholds(RegimeThresholds newThresholds) {
    return new RegimeConfig(fastHalfLife, slowHalfLife, lookBack, minimumHistory, distributionStep, newThresholds, dwell,
        multipliers, spread, maxBandHalfWidth, shock);
  }

  public RegimeConfig withHistory(Duration newLookBack, Duration newMinimumHistory) {
    return new RegimeConfig(fastHalfLife, slowHalfLife, newLookBack, newMinimumHistory, distributionStep, thresholds, dwell,
        multipliers, spread, maxBandHalfWidth, shock);
  }

  public RegimeConfig withShock(ShockRule newShock) {
    return new RegimeConfig(fastHalfLife, slowHalfLife, lookBack, minimumHistory, distributionStep, thresholds, dwell,
        multipliers, spread, maxBandHalfWidth, newShock);
  }

  private static void requirePositive(String key, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
    }
  }

  private static void requireNonNegative(String key, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(key + " must be zero or a positive duration, was " + d);
    }
  }
}
