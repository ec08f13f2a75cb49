package dev.keel.domain.backtest;

import dev.keel.domain.regime.RegimeConfig;
import java.time.LocalDate;

/**
 * How the simulator runs a population through a replay.
 *
 * @param listingLeadDays  days of history every asset of a basket must have before a portfolio of that basket starts,
 *                         zero or more: covariance and cost baselines need some, and listing days are wild
 * @param maxBandHalfWidth ceiling on an adaptive band's half-width, fraction of portfolio value, in (0, 1]
 * @param trackingHorizon  the horizon the optimiser's tracking-error variance is stated over, years, in (0, 1]: the
 *                         covariance given to {@link dev.keel.domain.optimize.RebalanceProblem} is the annual one
 *                         times this (see docs/backtest.md for why it is not a full year)
 * @param minimumOrder     the venue's smallest order, USDT, zero or more: a weight outside its band by less than this
 *                         (as a fraction of the portfolio's value) does not trigger a rebalance, since no order could
 *                         correct it (Binance's NOTIONAL filter is 5 USDT on its USDT markets)
 * @param parallel         whether policies are simulated on several threads (the results do not depend on it)
 * @param crossing         whether each day's trades of all portfolios under a policy cross per asset at the mid
 *                         before costs are charged ({@link dev.keel.domain.crossing.InternalCross})
 * @param split            first out-of-sample day: results are also reported for the days before it and from it on;
 *                         null for no split
 * @param costAwareScale   factor on the cost-aware band's cube-root width for standard-tier portfolios, positive
 *                         (chosen in-sample so that the standard tier's proposals stay humane)
 * @param premiumCostAwareScale the same factor for premium-tier portfolios, positive (1: the cube-root rule itself,
 *                         trading as often as it pays at the profile's risk aversion)
 * @param standardMinIntervalDays least days between two proposals of a standard-tier portfolio under
 *                         {@link Policy#KEEL_COST_AWARE}, zero or more (premium portfolios trade whenever it pays)
 */
public record BacktestSettings(int listingLeadDays, double maxBandHalfWidth, double trackingHorizon, double minimumOrder,
    boolean parallel, boolean crossing, LocalDate split, double costAwareScale, double premiumCostAwareScale,
    int standardMinIntervalDays) {

  /** One month, about the measured time between two of Keel's rebalances of a portfolio, years. */
  public static final double ONE_MONTH = 1.0 / 12;

  /** The first out-of-sample day of the evidence page: parameters are chosen on 2019-2023. */
  public static final LocalDate EVIDENCE_SPLIT = LocalDate.of(2024, 1, 1);

  /**
   * 120 days of history before a basket starts; the regime configuration's ceiling; a one-month horizon; parallel;
   * crossing on; split at 2024-01-01; the standard tier's cost-aware scale (2.75, no minimum interval) chosen on
   * 2019-2023 (docs/evidence.md), the premium tier on the cube-root rule itself (1).
   */
  public static final BacktestSettings DEFAULT = new BacktestSettings(120, RegimeConfig.DEFAULT.maxBandHalfWidth(),
      ONE_MONTH, 5, true, true, EVIDENCE_SPLIT, 2.75, 1.0, 0);

  public BacktestSettings {
    if (listingLeadDays < 0) {
      throw new IllegalArgumentException("listingLeadDays must not be negative, was " + listingLeadDays);
    }
    if (!(maxBandHalfWidth > 0 && maxBandHalfWidth <= 1)) {
      throw new IllegalArgumentException("maxBandHalfWidth must be in (0, 1], was " + maxBandHalfWidth);
    }
    if (!(minimumOrder >= 0) || Double.isInfinite(minimumOrder)) {
      throw new IllegalArgumentException("minimumOrder must be finite and not negative, was " + minimumOrder);
    }
    if (!(trackingHorizon > 0 && trackingHorizon <= 1)) {
      throw new IllegalArgumentException("trackingHorizon must be in (0, 1] years, was " + trackingHorizon);
    }
    if (!(costAwareScale > 0) || Double.isInfinite(costAwareScale)) {
      throw new IllegalArgumentException("costAwareScale must be positive and finite, was " + costAwareScale);
    }
    if (!(premiumCostAwareScale > 0) || Double.isInfinite(premiumCostAwareScale)) {
      throw new IllegalArgumentException("premiumCostAwareScale must be positive and finite, was "
          + premiumCostAwareScale);
    }
    if (standardMinIntervalDays < 0) {
      throw new IllegalArgumentException("standardMinIntervalDays must not be negative, was " + standardMinIntervalDays);
    }
  }

  /** The same settings on one thread. */
  public BacktestSettings sequential() {
    return new BacktestSettings(listingLeadDays, maxBandHalfWidth, trackingHorizon, minimumOrder, false, crossing, split,
        costAwareScale, premiumCostAwareScale, standardMinIntervalDays);
  }

  /** The same settings with another tracking horizon, years. */
  public BacktestSettings withTrackingHorizon(double years) {
    return new BacktestSettings(listingLeadDays, maxBandHalfWidth, years, minimumOrder, parallel, crossing, split,
        costAwareScale, premiumCostAwareScale, standardMinIntervalDays);
  }

  /** The same settings with crossing on or off. */
  public BacktestSettings withCrossing(boolean on) {
    return new BacktestSettings(listingLeadDays, maxBandHalfWidth, trackingHorizon, minimumOrder, parallel, on, split,
        costAwareScale, premiumCostAwareScale, standardMinIntervalDays);
  }

  /** The same settings with another cost-aware scale and standard-tier interval. */
  public BacktestSettings withCostAware(double scale, int minIntervalDays) {
    return new BacktestSettings(listingLeadDays, maxBandHalfWidth, trackingHorizon, minimumOrder, parallel, crossing,
        split, scale, premiumCostAwareScale, minIntervalDays);
  }

  /** The same settings with another premium-tier cost-aware scale. */
  public BacktestSettings withPremiumCostAwareScale(double scale) {
    return new BacktestSettings(listingLeadDays, maxBandHalfWidth, trackingHorizon, minimumOrder, parallel, crossing,
        split, costAwareScale, scale, standardMinIntervalDays);
  }

  /** The same settings with another split day, or none. */
  public BacktestSettings withSplit(LocalDate day) {
    return new BacktestSettings(listingLeadDays, maxBandHalfWidth, trackingHorizon, minimumOrder, parallel, crossing, day,
        costAwareScale, premiumCostAwareScale, standardMinIntervalDays);
  }
}
