package dev.keel.domain.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OrderBookCheckTest {

  private static final Market M = Books.BTC_USDT;

  @Test
  void a_sorted_uncrossed_book_with_positive_levels_is_usable() {
    assertThat(OrderBookCheck.check(Books.twoLevels())).isEmpty();
    assertThat(OrderBookCheck.read(Books.twoLevels())).isInstanceOf(BookReading.Usable.class);
  }

  @Test
  void a_nan_price_quarantines_the_market_instead_of_throwing() {
    BookReading r = OrderBookCheck.read(M, new double[][] {{Double.NaN, 1}}, new double[][] {{101, 1}});
    assertThat(reason(r)).isEqualTo(QuarantineReason.NON_FINITE_NUMBER);
  }

  @Test
  void an_infinite_quantity_quarantines_the_market() {
    BookReading r = OrderBookCheck.read(M, new double[][] {{99, 1}}, new double[][] {{101, Double.POSITIVE_INFINITY}});
    assertThat(reason(r)).isEqualTo(QuarantineReason.NON_FINITE_NUMBER);
  }

  @Test
  void a_zero_or_negative_price_quarantines_the_market() {
    assertThat(reason(OrderBookCheck.read(M, new double[][] {{0, 1}}, new double[][] {{101, 1}})))
        .isEqualTo(QuarantineReason.NON_POSITIVE_PRICE);
    assertThat(reason(OrderBookCheck.read(M, new double[][] {{99, 1}}, new double[][] {{-101, 1}})))
        .isEqualTo(QuarantineReason.NON_POSITIVE_PRICE);
  }

  @Test
  void a_zero_quantity_quarantines_the_market() {
    assertThat(reason(OrderBookCheck.read(M, new double[][] {{99, 0}}, new double[][] {{101, 1}})))
        .isEqualTo(QuarantineReason.NON_POSITIVE_QUANTITY);
  }

  @Test
  void a_bid_above_the_ask_quarantines_the_market_and_names_both_prices() {
    BookReading r = OrderBookCheck.read(M, new double[][] {{102, 1}}, new double[][] {{101, 1}});
    assertThat(reason(r)).isEqualTo(QuarantineReason.CROSSED_BOOK);
    assertThat(((BookReading.Quarantined) r).quarantine().detail()).contains("102").contains("101");
  }

  @Test
  void a_locked_book_with_bid_equal_to_ask_is_crossed() {
    assertThat(reason(OrderBookCheck.read(M, new double[][] {{101, 1}}, new double[][] {{101, 1}})))
        .isEqualTo(QuarantineReason.CROSSED_BOOK);
  }

  @Test
  void an_empty_side_quarantines_the_market() {
    assertThat(OrderBookCheck.check(new OrderBook(M, List.of(), List.of(PriceLevel.of("101", "1")))))
        .map(Quarantine::reason).contains(QuarantineReason.EMPTY_BOOK);
    assertThat(OrderBookCheck.check(new OrderBook(M, List.of(), List.of())))
        .map(Quarantine::reason).contains(QuarantineReason.EMPTY_BOOK);
  }

  @Test
  void levels_out_of_price_order_quarantine_the_market() {
    assertThat(reason(OrderBookCheck.read(M, new double[][] {{98, 1}, {99, 1}}, new double[][] {{101, 1}})))
        .isEqualTo(QuarantineReason.UNORDERED_BOOK);
  }

  @Test
  void a_non_finite_ticker_price_is_quarantined() {
    assertThat(OrderBookCheck.checkPrice(M, "last", Double.NaN)).map(Quarantine::reason).contains(QuarantineReason.NON_FINITE_NUMBER);
    assertThat(OrderBookCheck.checkPrice(M, "last", 0)).map(Quarantine::reason).contains(QuarantineReason.NON_POSITIVE_PRICE);
    assertThat(OrderBookCheck.checkPrice(M, "last", 100)).isEmpty();
  }

  private static QuarantineReason reason(BookReading r) {
    assertThat(r).isInstanceOf(BookReading.Quarantined.class);
    return ((BookReading.Quarantined) r).quarantine().reason();
  }
}
