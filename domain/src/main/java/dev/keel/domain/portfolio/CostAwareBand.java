package dev.keel.domain.portfolio;

/**
 * A band half-width that reads the line's trading cost and volatility: the no-trade region of the rebalancing
 * literature, which widens with the cost of trading and with the variance it must tolerate.
 *
 * <p>For a deviation {@code x} of a line's weight from target that moves like a Brownian motion with variance rate
 * {@code s^2} (fraction^2 per year), a running penalty {@code lambda * x^2} per year (the tracking-error variance the
 * investor's risk aversion prices) and a proportional cost {@code kappa} per unit of weight traded, the policy that
 * minimises the long-run cost per year trades only at the edges of {@code [-h, h]}, back to the edge, with
 *
 * <pre>   h = (3 kappa s^2 / (4 lambda))^(1/3)</pre>
 *
 * (the ergodic free-boundary problem: {@code s^2/2 V'' + lambda x^2 = rho} inside, {@code V'(h) = kappa},
 * {@code V''(h) = 0}). This is the cube-root rule of Whalley and Wilmott (1997, Mathematical Finance 7(3)), Rogers
 * (2004, "Why is the effect of proportional transaction costs O(delta^(2/3))?") and Leland (2000, "Optimal portfolio
 * implementation with transactions costs and capital gains taxes"); docs/backtest.md states how Keel feeds it.
 *
 * <p>A line with a zero target (a cash line that receives deposits) does not diffuse: a deposit is a jump. Holding a
 * deviation {@code x} for a horizon {@code H} costs {@code lambda * x^2 * v * H} of tracking variance against
 * {@code kappa * x} to invest it, where {@code v} is the variance of the basket against cash, so it pays to invest once
 * {@code x > kappa / (lambda * v * H)}.
 */
public final class CostAwareBand {

  private CostAwareBand() {}

  /**
   * The cube-root no-trade half-width.
   *
   * @param kappa        cost of moving the line's weight by one unit, both legs, fraction of traded notional, >= 0
   * @param variance     variance rate of the line's weight deviation, fraction^2 per year, >= 0
   * @param riskAversion lambda, weight of annual tracking-error variance against cost, > 0
   * @return fraction of portfolio value
   */
  public static double noTradeHalfWidth(double kappa, double variance, double riskAversion) {
    requirePositive(riskAversion);
    return Math.cbrt(3 * Math.max(0, kappa) * Math.max(0, variance) / (4 * riskAversion));
  }

  /**
   * The half-width above which a zero-target line (cash from deposits) is worth investing.
   *
   * @param kappa          cost of investing one unit of weight, fraction of traded notional, >= 0
   * @param basketVariance variance of the basket's return against cash, fraction^2 per year, >= 0
   * @param riskAversion   lambda, > 0
   * @param horizon        how long a deviation left alone is held, years, > 0
   * @return fraction of portfolio value; infinite when the basket does not move
   */
  public static double zeroTargetHalfWidth(double kappa, double basketVariance, double riskAversion, double horizon) {
    requirePositive(riskAversion);
    requirePositive(horizon);
    return Math.max(0, kappa) / (riskAversion * Math.max(0, basketVariance) * horizon);
  }

  /**
   * The band Keel sets from a cost-aware width: scaled, never narrower than {@link RiskProfile#MIN_BAND} and never
   * wider than the profile's tolerance ({@link RiskProfile#absoluteBand()}).
   */
  public static double clamp(double halfWidth, double scale, RiskProfile profile) {
    double h = scale * halfWidth;
    return Math.min(profile.absoluteBand(), Math.max(RiskProfile.MIN_BAND, Double.isNaN(h) ? 0 : h));
  }

  private static void requirePositive(double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("must be positive and finite, was " + v);
    }
  }
}
