package dev.keel.domain.backtest;

/**
 * How the backtest turns one day's real bar into trading costs (see {@link DailyCostModel}).
 *
 * @param takerFee             venue taker fee, fraction of traded notional, in [0, 0.05] (0.001 is Binance spot's base tier)
 * @param impactFitNotional    largest trade size the impact slope is fitted over, quote currency (USDT), positive;
 *                             the market snapshot fits up to its largest standard notional, 100,000
 * @param volatilityWindowDays trailing days whose median high-low range is an asset's normal range, at least 5
 * @param stressExponent       exponent on the ratio of the day's range to the normal range, dimensionless, in [0, 2]
 * @param minStress            lowest stress factor (calm days), dimensionless, in (0, 1]
 * @param maxStress            highest stress factor (crash days), dimensionless, at least 1
 * @param maxSpreadBps         ceiling on the stressed quoted spread, basis points of mid, at least 1
 * @param costScale            factor on every cost (spread, fee, impact), dimensionless, at least 0: 1 is the model,
 *                             0 trades for free, 2 doubles every cost
 */
public record DailyCostParameters(
    double takerFee, double impactFitNotional, int volatilityWindowDays, double stressExponent,
    double minStress, double maxStress, double maxSpreadBps, double costScale) {

  /** Binance base-tier taker fee, impact fitted to 100k, range against its 90-day median, square root, 0.8 to 4. */
  public static final DailyCostParameters DEFAULT = new DailyCostParameters(0.001, 100_000, 90, 0.5, 0.8, 4.0, 300, 1);


  public DailyCostParameters {
    if (!(takerFee >= 0 && takerFee <= 0.05)) {
      throw new IllegalArgumentException("takerFee must be a fraction in [0, 0.05], was " + takerFee);
    }
    if (!(impactFitNotional > 0) || Double.isInfinite(impactFitNotional)) {
      throw new IllegalArgumentException("impactFitNotional must be positive and finite, was " + impactFitNotional);
    }
    if (volatilityWindowDays < 5) {
      throw new IllegalArgumentException("volatilityWindowDays must be at least 5, was " + volatilityWindowDays);
    }
    if (!(stressExponent >= 0 && stressExponent <= 2)) {
      throw new IllegalArgumentException("stressExponent must be in [0, 2], was " + stressExponent);
    }
    if (!(minStress > 0 && minStress <= 1)) {
      throw new IllegalArgumentException("minStress must be in (0, 1], was " + minStress);
    }
    if (!(maxStress >= 1) || Double.isInfinite(maxStress)) {
      throw new IllegalArgumentException("maxStress must be at least 1 and finite, was " + maxStress);
    }
    if (!(maxSpreadBps >= 1) || Double.isInfinite(maxSpreadBps)) {
      throw new IllegalArgumentException("maxSpreadBps must be at least 1 and finite, was " + maxSpreadBps);
    }
    if (!(costScale >= 0) || Double.isInfinite(costScale)) {
      throw new IllegalArgumentException("costScale must be finite and at least 0, was " + costScale);
    }
  }

  /** The same parameters with every cost multiplied by {@code factor} (0 trades for free). */
  public DailyCostParameters withCostScale(double factor) {
    return new DailyCostParameters(takerFee, impactFitNotional, volatilityWindowDays, stressExponent, minStress,
        maxStress, maxSpreadBps, factor);
  }
}
