package dev.keel.domain.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BookWalkTest {

  @Test
  void mid_and_spread_come_from_the_touch() {
    assertThat(BookWalk.mid(Books.twoLevels())).isEqualTo(100.0);
    assertThat(BookWalk.spreadBps(Books.twoLevels())).isCloseTo(200.0, within(1e-9));
  }

  @Test
  void a_buy_inside_the_first_level_pays_the_best_ask() {
    WalkResult r = BookWalk.walk(Books.twoLevels(), Side.BUY, 50);
    assertThat(r.averagePrice()).isCloseTo(101.0, within(1e-12));
    assertThat(r.costFraction()).isCloseTo(0.01, within(1e-12));
    assertThat(r.complete()).isTrue();
  }

  @Test
  void a_buy_across_two_levels_pays_the_quantity_weighted_average() {
    // 200 at mid = 2 BTC: 1 at 101, 1 at 102
    WalkResult r = BookWalk.walk(Books.twoLevels(), Side.BUY, 200);
    assertThat(r.filledQuantity()).isCloseTo(2.0, within(1e-12));
    assertThat(r.averagePrice()).isCloseTo(101.5, within(1e-12));
    assertThat(r.costFraction()).isCloseTo(0.015, within(1e-12));
  }

  @Test
  void a_sell_beyond_the_book_is_incomplete_and_reports_what_filled() {
    WalkResult r = BookWalk.walk(Books.twoLevels(), Side.SELL, 1_000);
    assertThat(r.complete()).isFalse();
    assertThat(r.filledQuantity()).isCloseTo(3.0, within(1e-12));
    assertThat(r.filledNotional()).isCloseTo(300.0, within(1e-9));
    assertThat(r.averagePrice()).isCloseTo((99 + 2 * 98) / 3.0, within(1e-12));
  }

  @Test
  void depth_within_a_band_sums_the_value_of_levels_inside_it() {
    assertThat(BookWalk.depthWithin(Books.twoLevels(), Side.BUY, 100)).isCloseTo(101.0, within(1e-9));
    assertThat(BookWalk.depthWithin(Books.twoLevels(), Side.BUY, 200)).isCloseTo(101.0 + 204.0, within(1e-9));
    assertThat(BookWalk.depthWithin(Books.twoLevels(), Side.SELL, 200)).isCloseTo(99.0 + 196.0, within(1e-9));
    assertThat(BookWalk.depthWithin(Books.twoLevels(), Side.SELL, 50)).isZero();
  }
}
