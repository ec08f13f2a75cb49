package dev.keel.domain.execution;

import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * How one trade is sent to the venues: the slices, cheapest first, and what could not be placed inside the cap.
 *
 * @param side      the trade's side
 * @param requested base units asked for
 * @param slices    one per venue used, cheapest first; empty when nothing can be placed
 * @param unrouted  base units not placed: the depth inside the cap ran out, or what was left fell below a venue's lot
 *                  or minimum notional (FAULTS.md M3, M7); zero when everything is placed
 * @param reason    why {@code unrouted} is not zero, naming the venues and the cap; empty otherwise
 */
public record RoutePlan(Side side, BigDecimal requested, List<RouteSlice> slices, BigDecimal unrouted, String reason) {
  public RoutePlan {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(requested, "requested");
    slices = List.copyOf(slices);
    Objects.requireNonNull(unrouted, "unrouted");
    Objects.requireNonNull(reason, "reason");
  }

  /** Base units placed: the sum of the slices. */
  public BigDecimal routed() {
    return slices.stream().map(RouteSlice::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /**
   * Expected cost of the plan against {@code mid}, quote currency: what the walk pays beyond mid (a buy) or falls short
   * of it (a sell), plus fees.
   */
  public BigDecimal expectedCost(BigDecimal mid) {
    BigDecimal cost = BigDecimal.ZERO;
    for (RouteSlice s : slices) {
      BigDecimal away = side == Side.BUY ? s.expectedAveragePrice().subtract(mid) : mid.subtract(s.expectedAveragePrice());
      cost = cost.add(away.multiply(s.quantity())).add(s.expectedFee());
    }
    return cost;
  }
}
