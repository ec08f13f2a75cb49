package dev.keel.domain.backtest;

import dev.keel.domain.regime.RegimeConfig;

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
 * @param parallel         whether portfolios are simulated on several threads (the results do not depend on it)
 */
public record BacktestSettings(int listingLeadDays, double maxBandHalfWidth, double trackingHorizon, double minimumOrder,
    boolean parallel) {

  /** One month, about the measured time between two of Keel's rebalances of a portfolio, years. */
  public static final double ONE_MONTH = 1.0 / 12;

  /** 120 days of history before a basket starts; the regime configuration's ceiling; a one-month horizon; parallel. */
  public static final BacktestSettings DEFAULT =
      new BacktestSettings(120, RegimeConfig.DEFAULT.maxBandHalfWidth(), ONE_MONTH, 5, true);

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
  }

  /** The same settings on one thread. */
  public BacktestSettings sequential() {
    return new BacktestSettings(listingLeadDays, maxBandHalfWidth, trackingHorizon, minimumOrder, false);
  }

  /** The same settings with another tracking horizon, years. */
  public BacktestSettings withTrackingHorizon(double years) {
    return new BacktestSettings(listingLeadDays, maxBandHalfWidth, years, minimumOrder, parallel);
  }
}
