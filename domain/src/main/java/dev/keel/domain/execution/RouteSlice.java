package dev.keel.domain.execution;

import dev.keel.domain.market.VenueId;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The part of a trade sent to one venue: one marketable limit order, immediate-or-cancel.
 *
 * @param venue                the venue
 * @param quantity             base units, positive, a multiple of the venue's lot, its value at {@code limitPrice} at
 *                             least the venue's minimum notional, and never more than the venue's book holds at prices
 *                             inside the cap
 * @param limitPrice           the order's limit: the trade's price cap on the venue's tick (rounded down for a buy, up
 *                             for a sell), quote currency per base unit
 * @param expectedAveragePrice the average price of walking the venue's book for {@code quantity}, quote per base unit
 * @param expectedFee          taker fee on the expected notional, quote currency
 */
public record RouteSlice(VenueId venue, BigDecimal quantity, BigDecimal limitPrice, BigDecimal expectedAveragePrice,
                         BigDecimal expectedFee) {
  public RouteSlice {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(limitPrice, "limitPrice");
    Objects.requireNonNull(expectedAveragePrice, "expectedAveragePrice");
    Objects.requireNonNull(expectedFee, "expectedFee");
    if (quantity.signum() <= 0) {
      throw new IllegalArgumentException("slice on " + venue + ": quantity must be positive, was " + quantity);
    }
  }

  /** Expected notional, quote currency: quantity times the expected average price. */
  public BigDecimal expectedNotional() {
    return quantity.multiply(expectedAveragePrice);
  }
}
