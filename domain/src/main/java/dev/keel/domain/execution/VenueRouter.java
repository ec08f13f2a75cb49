package dev.keel.domain.execution;

import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import java.util.List;

/**
 * Chooses where a trade goes: walks every healthy venue's book for the quantity, adds each venue's taker fee, and
 * takes the cheapest plan, split across venues when one book is too thin, never beyond the depth resting inside the
 * price cap (FAULTS.md M3), on each venue's lot and minimum notional (M7). Stateless.
 */
public final class VenueRouter {

  public static final VenueRouter DEFAULT = new VenueRouter();

  /**
   * @param side     BUY or SELL
   * @param quantity base units wanted, positive
   * @param priceCap the worst price any part may trade at, quote per base unit: a buy never above, a sell never below
   * @param books    the healthy venues' books of the market, with their fees and rules; venues may be absent
   */
  public RoutePlan route(Side side, BigDecimal quantity, BigDecimal priceCap, List<RoutableBook> books) {
    throw new UnsupportedOperationException("not yet built");
  }
}
