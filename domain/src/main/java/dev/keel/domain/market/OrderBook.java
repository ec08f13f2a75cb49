package dev.keel.domain.market;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An order book of one market as reported by a venue, best level first on each side. It may be bad
 * (crossed, empty, non-positive prices): run {@link OrderBookCheck#check(OrderBook)} before pricing with it.
 *
 * @param market the market
 * @param bids   buy orders, highest price first
 * @param asks   sell orders, lowest price first
 */
public record OrderBook(Market market, List<PriceLevel> bids, List<PriceLevel> asks) {
  public OrderBook {
    Objects.requireNonNull(market, "market");
    bids = List.copyOf(Objects.requireNonNull(bids, "bids"));
    asks = List.copyOf(Objects.requireNonNull(asks, "asks"));
  }

  /** The levels a trade on this side consumes: asks for a buy, bids for a sell. */
  public List<PriceLevel> levelsTakenBy(Side side) {
    return side == Side.BUY ? asks : bids;
  }

  public Optional<PriceLevel> bestBid() {
    return bids.isEmpty() ? Optional.empty() : Optional.of(bids.get(0));
  }

  public Optional<PriceLevel> bestAsk() {
    return asks.isEmpty() ? Optional.empty() : Optional.of(asks.get(0));
  }

  /** The book cut to at most {@code levels} per side. */
  public OrderBook truncate(int levels) {
    return new OrderBook(market, bids.subList(0, Math.min(levels, bids.size())), asks.subList(0, Math.min(levels, asks.size())));
  }
}
