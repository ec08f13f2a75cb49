package dev.keel.domain.backtest;

/**
 * What trading one asset costs on one day of the replay, in the cost model's planning form: a trade of notional
 * q (quote currency, valued at the day's close) costs {@code (halfSpread + fee) * q + impactSlope * q^2}.
 *
 * @param halfSpread  half the quoted spread, fraction of traded notional, zero or positive
 * @param fee         taker fee, fraction of traded notional, zero or positive
 * @param impactSlope impact per unit of notional, fraction of traded notional per USDT (1/USDT), zero or positive
 * @param spreadBps   the quoted spread behind {@code halfSpread}, basis points of mid, zero or positive
 * @param depth       resting depth within 100 bps of mid on each side, USDT, zero or positive
 * @param stress      the day's volatility factor on spread and depth, dimensionless, positive (1 on a normal day)
 */
public record DailyCost(double halfSpread, double fee, double impactSlope, double spreadBps, double depth, double stress) {

  /** A day on which trading costs nothing. */
  public static final DailyCost FREE = new DailyCost(0, 0, 0, 0, 0, 1);

  public DailyCost {
    requireNonNegative("halfSpread", halfSpread);
    requireNonNegative("fee", fee);
    requireNonNegative("impactSlope", impactSlope);
    requireNonNegative("spreadBps", spreadBps);
    requireNonNegative("depth", depth);
    if (!(stress > 0) || Double.isInfinite(stress)) {
      throw new IllegalArgumentException("stress must be positive and finite, was " + stress);
    }
  }

  /** kappa = half spread + fee: the linear cost, fraction of traded notional. */
  public double kappa() {
    return halfSpread + fee;
  }

  /**
   * The cost of a trade, USDT.
   *
   * @param notional traded notional, USDT, either sign (buys and sells cost alike)
   */
  public double costOf(double notional) {
    double q = Math.abs(notional);
    return kappa() * q + impactSlope * q * q;
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and not negative, was " + value);
    }
  }
}
