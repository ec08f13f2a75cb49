package dev.keel.domain.execution;

import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.VenueId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Small routable books written level by level, for the router's tests. */
final class RouterBooks {

  static final Market BTC_USDT = Market.of("BTC", "USDT");

  private RouterBooks() {}

  /**
   * A venue's book with its fee and rules.
   *
   * @param fee         taker fee, fraction of notional
   * @param tick        price step, quote per base unit
   * @param lot         quantity step, base units
   * @param minNotional smallest order value, quote currency
   * @param bids        "price x quantity" pairs, best first
   * @param asks        "price x quantity" pairs, best first
   */
  static RoutableBook venue(String id, double fee, String tick, String lot, String minNotional, List<String> bids,
      List<String> asks) {
    return new RoutableBook(VenueId.of(id), new OrderBook(BTC_USDT, levels(bids), levels(asks)), fee,
        new MarketRules(BTC_USDT, new BigDecimal(tick), new BigDecimal(lot), new BigDecimal(minNotional)));
  }

  /** A venue with tick 0.01, lot 0.001 and no minimum notional. */
  static RoutableBook venue(String id, double fee, List<String> bids, List<String> asks) {
    return venue(id, fee, "0.01", "0.001", "0", bids, asks);
  }

  static List<PriceLevel> levels(List<String> pairs) {
    List<PriceLevel> out = new ArrayList<>();
    for (String pair : pairs) {
      String[] parts = pair.split("x");
      out.add(PriceLevel.of(parts[0].trim(), parts[1].trim()));
    }
    return out;
  }

  static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }
}
