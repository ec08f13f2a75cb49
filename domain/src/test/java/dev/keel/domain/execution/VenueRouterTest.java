package dev.keel.domain.execution;

import static dev.keel.domain.execution.RouterBooks.dec;
import static dev.keel.domain.execution.RouterBooks.venue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.VenueId;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class VenueRouterTest {

  private static final VenueRouter ROUTER = VenueRouter.DEFAULT;

  /** Five at 100 and five at 101 on each side of 99.5; fee 0.1%. */
  private static final RoutableBook DEEP_ALPHA =
      venue("alpha", 0.001, List.of("99 x 5", "98 x 5"), List.of("100 x 5", "101 x 5"));

  /** Best quoted ask (100.00) but a 0.5% fee: 100.50 a unit with the fee. */
  private static final RoutableBook PRICEY_FEE_ALPHA =
      venue("alpha", 0.005, List.of("100.00 x 5"), List.of("100.00 x 5"));

  /** A worse quoted ask (100.20) but a 0.1% fee: 100.3002 a unit with the fee; bid 99.80 nets 99.7002. */
  private static final RoutableBook LOW_FEE_BETA =
      venue("beta", 0.001, List.of("99.80 x 5"), List.of("100.20 x 5"));

  /** The best touch on both sides, but only 0.4 there; the next level is far. */
  private static final RoutableBook THIN_ALPHA =
      venue("alpha", 0, List.of("100 x 0.4", "95 x 10"), List.of("100 x 0.4", "105 x 10"));

  /** Deep, half a point behind THIN_ALPHA on each side. */
  private static final RoutableBook DEEP_BETA = venue("beta", 0, List.of("99.5 x 10"), List.of("100.5 x 10"));

  /** Lot 0.1; 0.25 at 100, then 110. */
  private static final RoutableBook COARSE_LOT_ALPHA =
      venue("alpha", 0, "0.01", "0.1", "0", List.of("99 x 10"), List.of("100 x 0.25", "110 x 10"));

  /** Lot 0.001; deep at 101. */
  private static final RoutableBook FINE_LOT_BETA =
      venue("beta", 0, "0.01", "0.001", "0", List.of("99 x 10"), List.of("101 x 10"));

  @Test
  void one_venue_deep_enough_gets_one_slice_at_the_capped_limit() {
    RoutePlan plan = ROUTER.route(Side.BUY, dec("2"), dec("100.5"), List.of(DEEP_ALPHA));

    assertThat(plan.slices()).hasSize(1);
    RouteSlice slice = plan.slices().get(0);
    assertThat(slice.venue()).isEqualTo(VenueId.of("alpha"));
    assertThat(slice.quantity()).isEqualByComparingTo("2");
    assertThat(slice.limitPrice()).isEqualByComparingTo("100.50");
    assertThat(slice.expectedAveragePrice()).isEqualByComparingTo("100");
    assertThat(slice.expectedFee()).isEqualByComparingTo("0.2");
    assertThat(plan.unrouted()).isEqualByComparingTo("0");
    assertThat(plan.reason()).isEmpty();
  }

  @Test
  void expected_cost_is_the_walk_beyond_mid_plus_the_fee() {
    RoutePlan plan = ROUTER.route(Side.BUY, dec("6"), dec("101"), List.of(DEEP_ALPHA));

    // 5 at 100 and 1 at 101: 601 paid, 0.601 fee; against a mid of 99.5, (100.1666.. - 99.5) x 6 + 0.601
    assertThat(plan.slices().get(0).expectedAveragePrice()).isEqualByComparingTo(dec("601").divide(dec("6"),
        java.math.MathContext.DECIMAL64));
    assertThat(plan.expectedCost(dec("99.5")).doubleValue()).isCloseTo(4.601, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void the_cheaper_venue_after_fees_wins_even_with_a_worse_quoted_price() {
    RoutePlan plan = ROUTER.route(Side.BUY, dec("1"), dec("101"), List.of(PRICEY_FEE_ALPHA, LOW_FEE_BETA));

    assertThat(plan.slices()).extracting(RouteSlice::venue).containsExactly(VenueId.of("beta"));
    assertThat(plan.slices().get(0).expectedAveragePrice()).isEqualByComparingTo("100.20");
    assertThat(plan.slices().get(0).expectedFee()).isEqualByComparingTo("0.1002");
  }

  @Test
  void a_thin_best_venue_is_topped_up_from_the_next_venue() {
    RoutePlan plan = ROUTER.route(Side.BUY, dec("1"), dec("106"), List.of(THIN_ALPHA, DEEP_BETA));

    assertThat(plan.slices()).extracting(RouteSlice::venue).containsExactly(VenueId.of("alpha"), VenueId.of("beta"));
    assertThat(plan.slices().get(0).quantity()).isEqualByComparingTo("0.4");
    assertThat(plan.slices().get(0).expectedAveragePrice()).isEqualByComparingTo("100");
    assertThat(plan.slices().get(1).quantity()).isEqualByComparingTo("0.6");
    assertThat(plan.slices().get(1).expectedAveragePrice()).isEqualByComparingTo("100.5");
    assertThat(plan.unrouted()).isEqualByComparingTo("0");
  }

  @Test
  void depth_inside_the_cap_running_out_leaves_the_rest_unrouted_with_a_reason() {
    RoutableBook alpha = venue("alpha", 0, List.of("99 x 1"), List.of("100 x 0.3", "102 x 10"));
    RoutableBook beta = venue("beta", 0, List.of("99 x 1"), List.of("100.5 x 0.2", "103 x 10"));

    RoutePlan plan = ROUTER.route(Side.BUY, dec("1"), dec("101"), List.of(alpha, beta));

    assertThat(plan.routed()).isEqualByComparingTo("0.5");
    assertThat(plan.unrouted()).isEqualByComparingTo("0.5");
    assertThat(plan.reason()).contains("capped at 101")
        .contains("alpha: depth inside cap exhausted")
        .contains("beta: depth inside cap exhausted");
  }

  @Test
  void a_book_with_nothing_inside_the_cap_routes_nothing_and_says_so() {
    RoutePlan plan = ROUTER.route(Side.BUY, dec("1"), dec("99.5"), List.of(DEEP_ALPHA));

    assertThat(plan.slices()).isEmpty();
    assertThat(plan.unrouted()).isEqualByComparingTo("1");
    assertThat(plan.reason()).contains("alpha: depth inside cap exhausted, no level inside the cap").contains("99.5");
  }

  @Test
  void each_slice_is_rounded_down_to_its_lot_and_the_loss_goes_to_the_other_venue() {
    // merged walk: alpha 0.25 at 100, beta 0.25 at 101; alpha rounds to 0.2, its 0.05 goes to beta
    RoutePlan plan = ROUTER.route(Side.BUY, dec("0.5"), dec("120"), List.of(COARSE_LOT_ALPHA, FINE_LOT_BETA));

    assertThat(plan.slices()).extracting(RouteSlice::venue).containsExactly(VenueId.of("alpha"), VenueId.of("beta"));
    assertThat(plan.slices().get(0).quantity()).isEqualByComparingTo("0.2");
    assertThat(plan.slices().get(1).quantity()).isEqualByComparingTo("0.3");
    assertThat(plan.unrouted()).isEqualByComparingTo("0");
  }

  @Test
  void a_remainder_below_the_lot_is_unrouted_with_a_reason() {
    RoutePlan plan = ROUTER.route(Side.BUY, dec("0.25"), dec("120"), List.of(COARSE_LOT_ALPHA));

    assertThat(plan.routed()).isEqualByComparingTo("0.2");
    assertThat(plan.unrouted()).isEqualByComparingTo("0.05");
    assertThat(plan.reason()).contains("alpha: below lot, remainder 0.05 is below lot 0.1");
  }

  @Test
  void a_whole_lot_on_one_venue_beats_a_split_that_lot_sizes_push_onto_a_dear_venue() {
    // the merged walk takes beta's 0.5 at 99; the other 0.5 cannot be one lot of alpha, so only gamma at 120 is left
    RoutableBook alpha = venue("alpha", 0, "0.01", "1", "0", List.of("99 x 10"), List.of("100 x 10"));
    RoutableBook beta = venue("beta", 0, "0.01", "0.5", "0", List.of("98 x 10"), List.of("99 x 0.5"));
    RoutableBook gamma = venue("gamma", 0, "0.01", "0.5", "0", List.of("98 x 10"), List.of("120 x 10"));

    RoutePlan plan = ROUTER.route(Side.BUY, dec("1"), dec("130"), List.of(alpha, beta, gamma));

    assertThat(plan.slices()).extracting(RouteSlice::venue).containsExactly(VenueId.of("alpha"));
    assertThat(plan.slices().get(0).expectedAveragePrice()).isEqualByComparingTo("100");
  }

  @Test
  void a_slice_below_the_minimum_notional_is_dropped_and_its_quantity_rerouted() {
    // alpha's 0.01 at 100 is worth 1.05 at its limit, under its minimum of 10; raising it to 0.1 costs more than beta
    RoutableBook alpha = venue("alpha", 0, "0.01", "0.01", "10", List.of("99 x 10"), List.of("100 x 0.01", "102 x 5"));
    RoutableBook beta = venue("beta", 0, "0.01", "0.01", "0", List.of("99 x 10"), List.of("101 x 5"));

    RoutePlan plan = ROUTER.route(Side.BUY, dec("1"), dec("105"), List.of(alpha, beta));

    assertThat(plan.slices()).extracting(RouteSlice::venue).containsExactly(VenueId.of("beta"));
    assertThat(plan.slices().get(0).quantity()).isEqualByComparingTo("1");
    assertThat(plan.unrouted()).isEqualByComparingTo("0");
  }

  @Test
  void a_slice_below_the_minimum_notional_is_raised_to_it_when_that_places_more() {
    // merged walk: alpha 1 at 100 (worth 120 at the limit, minimum 200), beta 9 at 101, all beta holds;
    // dropping alpha would leave 1 unrouted, so alpha takes its minimum of 2 and beta the other 8
    RoutableBook alpha = venue("alpha", 0, "0.01", "1", "200", List.of("99 x 100"), List.of("100 x 1", "110 x 100"));
    RoutableBook beta = venue("beta", 0, "0.01", "1", "0", List.of("99 x 100"), List.of("101 x 9"));

    RoutePlan plan = ROUTER.route(Side.BUY, dec("10"), dec("120"), List.of(alpha, beta));

    assertThat(plan.slices()).extracting(RouteSlice::venue).containsExactly(VenueId.of("beta"), VenueId.of("alpha"));
    assertThat(plan.slices().get(0).quantity()).isEqualByComparingTo("8");
    assertThat(plan.slices().get(1).quantity()).isEqualByComparingTo("2");
    assertThat(plan.slices().get(1).expectedAveragePrice()).isEqualByComparingTo("105");
    assertThat(plan.unrouted()).isEqualByComparingTo("0");
  }

  @Test
  void a_trade_worth_less_than_every_minimum_notional_is_unrouted_with_a_reason() {
    // alpha holds only 0.2 inside the cap (worth 20 at 100); beta holds plenty, but 0.3 is worth 30 there
    RoutableBook alpha = venue("alpha", 0, "0.01", "0.001", "50", List.of("99 x 10"), List.of("100 x 0.2"));
    RoutableBook beta = venue("beta", 0, "0.01", "0.001", "50", List.of("99 x 10"), List.of("100 x 10"));

    RoutePlan plan = ROUTER.route(Side.BUY, dec("0.3"), dec("100"), List.of(alpha, beta));

    assertThat(plan.slices()).isEmpty();
    assertThat(plan.unrouted()).isEqualByComparingTo("0.3");
    assertThat(plan.reason()).contains("alpha: below min notional, depth inside cap 0.2 is worth less than 50")
        .contains("beta: below min notional, remainder 0.3 is worth less than 50 at limit 100");
  }

  @Test
  void a_sell_mirrors_a_buy_taking_the_highest_bids_first() {
    RoutePlan plan = ROUTER.route(Side.SELL, dec("1"), dec("96"), List.of(DEEP_BETA, THIN_ALPHA));

    assertThat(plan.side()).isEqualTo(Side.SELL);
    assertThat(plan.slices()).extracting(RouteSlice::venue).containsExactly(VenueId.of("alpha"), VenueId.of("beta"));
    assertThat(plan.slices().get(0).quantity()).isEqualByComparingTo("0.4");
    assertThat(plan.slices().get(0).expectedAveragePrice()).isEqualByComparingTo("100");
    assertThat(plan.slices().get(1).quantity()).isEqualByComparingTo("0.6");
    assertThat(plan.slices().get(1).expectedAveragePrice()).isEqualByComparingTo("99.5");
    assertThat(plan.slices()).allSatisfy(s -> assertThat(s.limitPrice()).isEqualByComparingTo("96"));
  }

  @Test
  void a_sell_counts_the_fee_against_the_proceeds() {
    // alpha nets 100.00 x 0.995 = 99.5, beta 99.80 x 0.999 = 99.7002
    RoutePlan plan = ROUTER.route(Side.SELL, dec("1"), dec("99"), List.of(PRICEY_FEE_ALPHA, LOW_FEE_BETA));

    assertThat(plan.slices()).extracting(RouteSlice::venue).containsExactly(VenueId.of("beta"));
  }

  @Test
  void a_sell_never_takes_a_bid_below_its_floor() {
    RoutePlan plan = ROUTER.route(Side.SELL, dec("1"), dec("99.6"), List.of(THIN_ALPHA, DEEP_BETA));

    assertThat(plan.routed()).isEqualByComparingTo("0.4");
    assertThat(plan.unrouted()).isEqualByComparingTo("0.6");
    assertThat(plan.reason()).contains("SELL capped at 99.6").contains("alpha: depth inside cap exhausted");
  }

  @Test
  void a_buy_limit_is_the_cap_rounded_down_to_the_tick_and_a_sell_limit_rounded_up() {
    RoutableBook fiveCentTick = venue("alpha", 0, "0.05", "0.001", "0", List.of("99.90 x 5"), List.of("100.00 x 5"));

    RoutePlan buy = ROUTER.route(Side.BUY, dec("1"), dec("100.07"), List.of(fiveCentTick));
    RoutePlan sell = ROUTER.route(Side.SELL, dec("1"), dec("99.83"), List.of(fiveCentTick));

    assertThat(buy.slices().get(0).limitPrice()).isEqualByComparingTo("100.05");
    assertThat(sell.slices().get(0).limitPrice()).isEqualByComparingTo("99.85");
  }

  @Test
  void a_buy_cap_below_one_tick_routes_nothing_and_names_the_tick() {
    RoutableBook cheapCoin = venue("alpha", 0, "0.01", "1", "0", List.of("0.01 x 5000"), List.of("0.02 x 5000"));

    RoutePlan plan = ROUTER.route(Side.BUY, dec("100"), dec("0.005"), List.of(cheapCoin));

    assertThat(plan.slices()).isEmpty();
    assertThat(plan.reason()).contains("below one tick of 0.01");
  }

  @Test
  void no_healthy_venue_leaves_everything_unrouted() {
    RoutePlan plan = ROUTER.route(Side.SELL, dec("0.7"), dec("90"), List.of());

    assertThat(plan.slices()).isEmpty();
    assertThat(plan.unrouted()).isEqualByComparingTo("0.7");
    assertThat(plan.reason()).isEqualTo("no healthy venue");
  }

  @Test
  void a_quantity_that_is_not_positive_is_rejected_naming_it() {
    assertThatThrownBy(() -> ROUTER.route(Side.BUY, dec("0"), dec("100"), List.of(DEEP_ALPHA)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quantity").hasMessageEndingWith("was 0");
    assertThatThrownBy(() -> ROUTER.route(Side.BUY, dec("-1.5"), dec("100"), List.of(DEEP_ALPHA)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1.5");
  }

  @Test
  void a_price_cap_that_is_not_positive_is_rejected_naming_it() {
    assertThatThrownBy(() -> ROUTER.route(Side.BUY, dec("1"), dec("0"), List.of(DEEP_ALPHA)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price cap").hasMessageEndingWith("was 0");
    assertThatThrownBy(() -> ROUTER.route(Side.SELL, dec("1"), dec("-3"), List.of(DEEP_ALPHA)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
  }

  @Test
  void the_same_venue_twice_is_rejected_naming_it() {
    assertThatThrownBy(() -> ROUTER.route(Side.BUY, dec("1"), dec("101"), List.of(DEEP_ALPHA, THIN_ALPHA)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha").hasMessageContaining("twice");
  }

  @Test
  void books_of_another_market_are_rejected_naming_the_venue() {
    Market ethUsdt = Market.of("ETH", "USDT");
    RoutableBook eth = new RoutableBook(VenueId.of("beta"), new OrderBook(ethUsdt, RouterBooks.levels(List.of("9 x 1")),
        RouterBooks.levels(List.of("10 x 1"))), 0, new MarketRules(ethUsdt, dec("0.01"), dec("0.001"), BigDecimal.ZERO));

    assertThatThrownBy(() -> ROUTER.route(Side.BUY, dec("1"), dec("101"), List.of(DEEP_ALPHA, eth)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta").hasMessageContaining("ETH/USDT");
  }
}
