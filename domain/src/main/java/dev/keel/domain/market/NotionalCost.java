package dev.keel.domain.market;

/**
 * The cost of a standard trade size found by walking the book, before fees.
 *
 * @param notional       trade size, quote currency valued at mid
 * @param buyCost        (average price - mid) / mid for a market buy of that size, fraction of traded notional; for
 *                       an incomplete walk, the cost of the part the book could fill
 * @param sellCost       (mid - average price) / mid for a market sell, fraction of traded notional; same convention
 * @param buyComplete    true when the asks held the whole size
 * @param sellComplete   true when the bids held the whole size
 */
public record NotionalCost(double notional, double buyCost, double sellCost, boolean buyComplete, boolean sellComplete) {
  public NotionalCost {
    if (!(notional > 0)) {
      throw new IllegalArgumentException("notional must be positive, was " + notional);
    }
  }

  /** The walk cost for a side, fraction of traded notional, before fees. */
  public double costFor(Side side) {
    return side == Side.BUY ? buyCost : sellCost;
  }

  /** True when the book held the whole size on that side. */
  public boolean completeFor(Side side) {
    return side == Side.BUY ? buyComplete : sellComplete;
  }
}
