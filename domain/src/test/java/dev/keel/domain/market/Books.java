package dev.keel.domain.market;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Named order books for tests. */
final class Books {

  static final Market BTC_USDT = Market.of("BTC", "USDT");

  private Books() {}

  /**
   * A book with the same quantities at the same distances from {@code mid} on both sides.
   *
   * @param halfSpreadBps distance of the touch from mid, bps
   * @param spacingBps    distance between levels, bps
   * @param quantities    base units per level, touch first
   */
  static OrderBook symmetric(double mid, double halfSpreadBps, double spacingBps, double... quantities) {
    List<PriceLevel> bids = new ArrayList<>();
    List<PriceLevel> asks = new ArrayList<>();
    for (int i = 0; i < quantities.length; i++) {
      double d = (halfSpreadBps + i * spacingBps) / 1e4;
      asks.add(new PriceLevel(BigDecimal.valueOf(mid * (1 + d)), BigDecimal.valueOf(quantities[i])));
      bids.add(new PriceLevel(BigDecimal.valueOf(mid * (1 - d)), BigDecimal.valueOf(quantities[i])));
    }
    return new OrderBook(BTC_USDT, bids, asks);
  }

  /** Bids 99 x 1, 98 x 2; asks 101 x 1, 102 x 2: mid 100, spread 200 bps. */
  static OrderBook twoLevels() {
    return new OrderBook(BTC_USDT,
        List.of(PriceLevel.of("99", "1"), PriceLevel.of("98", "2")),
        List.of(PriceLevel.of("101", "1"), PriceLevel.of("102", "2")));
  }
}
