package dev.keel.domain.market;

import java.util.Objects;

/**
 * The cost of trading one asset in one direction on its best venue, in the two forms the optimiser needs.
 * In quote currency a trade of notional q costs {@code kappa * q + impactSlope * q^2}. The optimiser works in
 * fractions of portfolio value V: with b = q / V, that cost divided by V is {@code kappa * b + eta(V) * b^2},
 * where {@code eta(V) = impactSlope * V}. So a small portfolio pays the same kappa per unit traded and a big one
 * more impact.
 *
 * @param market       the market the asset trades in
 * @param side         buy or sell
 * @param venue        the venue these coefficients belong to
 * @param halfSpread   half the quoted spread, fraction of traded notional
 * @param fee          taker fee, fraction of traded notional
 * @param impactSlope  impact per unit of notional: fraction of traded notional per unit of quote currency (1/USDT)
 */
public record CostCoefficients(Market market, Side side, VenueId venue, double halfSpread, double fee, double impactSlope) {
  public CostCoefficients {
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(venue, "venue");
    if (!(halfSpread >= 0) || !(fee >= 0) || !(impactSlope >= 0)
        || Double.isInfinite(halfSpread) || Double.isInfinite(fee) || Double.isInfinite(impactSlope)) {
      throw new IllegalArgumentException("cost coefficients must be finite and not negative, were "
          + halfSpread + ", " + fee + ", " + impactSlope + " for " + venue + " " + market + " " + side);
    }
  }

  /** kappa = half spread + fee: the linear cost, fraction of traded notional (and, per unit of b, of portfolio value). */
  public double kappa() {
    return halfSpread + fee;
  }

  /**
   * eta for a portfolio: the quadratic coefficient on b^2 where b is the trade as a fraction of portfolio value.
   *
   * @param portfolioValue V, quote currency (USDT), positive
   * @return impactSlope * V, dimensionless (fraction of portfolio value per squared fraction of portfolio value)
   */
  public double eta(double portfolioValue) {
    if (!(portfolioValue > 0) || Double.isInfinite(portfolioValue)) {
      throw new IllegalArgumentException("portfolio value must be positive and finite, was " + portfolioValue);
    }
    return impactSlope * portfolioValue;
  }

  /**
   * The planned cost of a trade, fraction of traded notional: kappa + impactSlope * notional.
   *
   * @param notional trade size, quote currency, positive
   */
  public double costFraction(double notional) {
    return kappa() + impactSlope * notional;
  }
}
