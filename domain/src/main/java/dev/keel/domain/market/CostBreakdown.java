package dev.keel.domain.market;

/**
 * The cost of one marketable trade, split into its parts; every part a fraction of traded notional.
 *
 * @param halfSpread half the quoted spread: the cost of crossing to the touch
 * @param fee        the taker fee
 * @param impact     the further cost of walking beyond the touch, zero or positive
 * @param complete   false when the book could not hold the size: the figures then describe the part it could fill
 */
public record CostBreakdown(double halfSpread, double fee, double impact, boolean complete) {

  /** half spread + fee + impact, fraction of traded notional. */
  public double total() {
    return halfSpread + fee + impact;
  }

  /** The linear part the optimiser's kappa holds: half spread + fee, fraction of traded notional. */
  public double linear() {
    return halfSpread + fee;
  }
}
