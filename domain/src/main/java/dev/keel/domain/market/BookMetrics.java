package dev.keel.domain.market;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What a market snapshot derives from a checked order book.
 *
 * @param bestBid           highest bid, quote currency per base unit
 * @param bestBidQuantity   quantity at the best bid, base units
 * @param bestAsk           lowest ask, quote currency per base unit
 * @param bestAskQuantity   quantity at the best ask, base units
 * @param mid               (best bid + best ask) / 2, quote currency per base unit, exact
 * @param spreadBps         (ask - bid) / mid, basis points, positive
 * @param bidLevels         number of bid levels seen
 * @param askLevels         number of ask levels seen
 * @param depth             resting depth per distance band, ascending by distance
 * @param costs             walk cost per standard notional, ascending by notional
 * @param buyImpactSlope    fitted impact of a buy, fraction of traded notional per unit of notional (1 / quote
 *                          currency): walk cost ~ half spread + slope * notional (see {@link CostModel#fitImpact})
 * @param sellImpactSlope   the same for a sell
 */
public record BookMetrics(BigDecimal bestBid, BigDecimal bestBidQuantity, BigDecimal bestAsk, BigDecimal bestAskQuantity,
    BigDecimal mid, double spreadBps, int bidLevels, int askLevels, List<DepthBand> depth, List<NotionalCost> costs,
    double buyImpactSlope, double sellImpactSlope) {
  public BookMetrics {
    Objects.requireNonNull(bestBid, "bestBid");
    Objects.requireNonNull(bestBidQuantity, "bestBidQuantity");
    Objects.requireNonNull(bestAsk, "bestAsk");
    Objects.requireNonNull(bestAskQuantity, "bestAskQuantity");
    Objects.requireNonNull(mid, "mid");
    depth = List.copyOf(Objects.requireNonNull(depth, "depth"));
    costs = List.copyOf(Objects.requireNonNull(costs, "costs"));
    if (bestBid.compareTo(bestAsk) >= 0) {
      throw new IllegalArgumentException("metrics need an uncrossed book, bid " + bestBid + " ask " + bestAsk);
    }
    if (!(spreadBps > 0) || !(buyImpactSlope >= 0) || !(sellImpactSlope >= 0)) {
      throw new IllegalArgumentException("spread must be positive and impact slopes not negative, were "
          + spreadBps + ", " + buyImpactSlope + ", " + sellImpactSlope);
    }
  }

  /** Half the quoted spread, fraction of mid. */
  public double halfSpread() {
    return spreadBps / 2e4;
  }

  /** The fitted impact slope of a side, fraction of traded notional per unit of quote currency. */
  public double impactSlope(Side side) {
    return side == Side.BUY ? buyImpactSlope : sellImpactSlope;
  }

  /** The depth band at exactly this distance, if measured. */
  public java.util.Optional<DepthBand> depthWithin(double bps) {
    return depth.stream().filter(d -> d.bps() == bps).findFirst();
  }

  /** The walk cost at exactly this notional, if measured. */
  public java.util.Optional<NotionalCost> costAt(double notional) {
    return costs.stream().filter(c -> c.notional() == notional).findFirst();
  }
}
