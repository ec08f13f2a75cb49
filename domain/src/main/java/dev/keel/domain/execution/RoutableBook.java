package dev.keel.domain.execution;

import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.VenueId;
import java.util.Objects;

/**
 * One healthy venue's latest book of a market, with what an order there pays and must respect: the router's input.
 *
 * @param venue    the venue
 * @param book     its book, checked (not crossed, positive prices), best level first
 * @param takerFee the venue's taker fee, fraction of traded notional, zero or positive
 * @param rules    its tick, lot and minimum notional for the market
 */
public record RoutableBook(VenueId venue, OrderBook book, double takerFee, MarketRules rules) {
  public RoutableBook {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(book, "book");
    Objects.requireNonNull(rules, "rules");
    if (!(takerFee >= 0 && takerFee < 1)) {
      throw new IllegalArgumentException("taker fee of " + venue + " on " + book.market() + " must be in [0, 1), was " + takerFee);
    }
  }
}
