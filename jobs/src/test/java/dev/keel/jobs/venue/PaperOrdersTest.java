package dev.keel.jobs.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.keel.domain.market.AssetCatalogue;
import dev.keel.domain.market.FeeSchedules;
import dev.keel.domain.market.LiquidityCalibration;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketParameters;
import dev.keel.domain.market.MicrostructureModel;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.VenueFault;
import dev.keel.domain.market.VenueFaultKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Orders on the paper venue through {@link Venue}: immediate-or-cancel fills, lookups by client id, and its faults. */
class PaperOrdersTest {

  private static final Instant WEDNESDAY = Instant.parse("2026-04-22T10:00:00Z");
  private static final Market BTC = Market.of("BTC", "USDT");
  private static final Market XMR = Market.of("XMR", "USDT");
  /** Tier parameters only, so these tests do not depend on the shared data. */
  private static final Map<Market, MarketParameters> MARKETS = LiquidityCalibration.forAssets(AssetCatalogue.all(),
      dev.keel.domain.market.history.DailyVolumeFiles.NONE);

  private final SettableClock clock = new SettableClock(WEDNESDAY);

  private static PaperVenueConfig paperA() {
    return new PaperVenueConfig(PaperVenues.PAPER_A_LIQUIDITY, new ConfiguredFees(FeeSchedules.binanceSpot(), 0), MARKETS,
        MicrostructureModel.of(42), Map.of("USDT", new BigDecimal("1000000000"), "BTC", new BigDecimal("1000")));
  }

  private XChangeVenue venue(PaperFaults faults) {
    return PaperVenues.venue(paperA(), clock, faults);
  }

  private PriceLevel bestAsk(Venue venue) {
    return venue.orderBook(BTC, 5).orThrow().book().asks().get(0);
  }

  private static OrderRequest buy(BigDecimal quantity, BigDecimal limit, String clientOrderId) {
    return new OrderRequest(BTC, Side.BUY, quantity, limit, clientOrderId);
  }

  private static VenueFault fault(VenueResult<?> r) {
    assertThat(r).isInstanceOf(VenueResult.Failed.class);
    return ((VenueResult.Failed<?>) r).fault();
  }

  @Test
  void an_ioc_buy_within_the_book_fills_at_once_with_one_trade_and_the_taker_fee_in_the_quote_asset() {
    XChangeVenue venue = venue(PaperFaults.NONE);
    PriceLevel ask = bestAsk(venue);
    BigDecimal quantity = new BigDecimal("0.01");
    OrderReport r = venue.place(buy(quantity, ask.price().multiply(new BigDecimal("1.01")).setScale(2, RoundingMode.UP), "keel-fill-1")).orThrow();
    assertThat(r.status()).isEqualTo(VenueOrderStatus.FILLED);
    assertThat(r.clientOrderId()).isEqualTo("keel-fill-1");
    assertThat(r.filledQuantity()).isEqualByComparingTo(quantity);
    assertThat(r.fills()).singleElement().satisfies(f -> {
      assertThat(f.tradeId()).isEqualTo(r.venueOrderId() + "-1");
      assertThat(f.quantity()).isEqualByComparingTo(quantity);
      assertThat(f.price()).isEqualByComparingTo(ask.price());
      assertThat(f.feeAsset()).isEqualTo("USDT");
      assertThat(f.fee().doubleValue()).isCloseTo(0.01 * ask.price().doubleValue() * 0.001, within(1e-6));
      assertThat(f.at()).isEqualTo(WEDNESDAY);
    });
  }

  @Test
  void an_ioc_buy_below_the_ask_is_cancelled_with_nothing_filled() {
    XChangeVenue venue = venue(PaperFaults.NONE);
    BigDecimal below = bestAsk(venue).price().multiply(new BigDecimal("0.99")).setScale(2, RoundingMode.DOWN);
    OrderReport r = venue.place(buy(new BigDecimal("0.01"), below, "keel-below-1")).orThrow();
    assertThat(r.status()).isEqualTo(VenueOrderStatus.CANCELLED);
    assertThat(r.filledQuantity()).isZero();
    assertThat(r.fills()).isEmpty();
    assertThat(venue.cancel(BTC, "keel-below-1").orThrow()).as("already final").isFalse();
  }

  @Test
  void an_ioc_buy_larger_than_the_book_up_to_its_limit_fills_that_much_and_cancels_the_rest() {
    XChangeVenue venue = venue(PaperFaults.NONE);
    PriceLevel ask = bestAsk(venue);
    OrderReport r = venue.place(buy(ask.quantity().multiply(BigDecimal.valueOf(2)), ask.price(), "keel-partial-1")).orThrow();
    assertThat(r.status()).isEqualTo(VenueOrderStatus.CANCELLED);
    assertThat(r.filledQuantity()).isEqualByComparingTo(ask.quantity());
    assertThat(r.fills()).singleElement().satisfies(f -> assertThat(f.quantity()).isEqualByComparingTo(ask.quantity()));
  }

  @Test
  void an_ioc_sell_hits_the_bids() {
    XChangeVenue venue = venue(PaperFaults.NONE);
    PriceLevel bid = venue.orderBook(BTC, 5).orThrow().book().bids().get(0);
    OrderReport r = venue.place(new OrderRequest(BTC, Side.SELL, new BigDecimal("0.02"), bid.price().multiply(new BigDecimal("0.99"))
        .setScale(2, RoundingMode.DOWN), "keel-sell-1")).orThrow();
    assertThat(r.status()).isEqualTo(VenueOrderStatus.FILLED);
    assertThat(r.fills().get(0).price()).isEqualByComparingTo(bid.price());
  }

  @Test
  void an_order_is_found_by_its_client_order_id_with_its_fill_and_an_unknown_id_is_not_found() {
    XChangeVenue venue = venue(PaperFaults.NONE);
    OrderReport placed = venue.place(buy(new BigDecimal("0.01"), bestAsk(venue).price(), "keel-find-1")).orThrow();
    assertThat(venue.findOrder(BTC, "keel-find-1").orThrow()).contains(placed);
    assertThat(venue.findOrder(BTC, "keel-never-sent").orThrow()).isEmpty();
    assertThat(fault(venue.cancel(BTC, "keel-never-sent")).kind()).isEqualTo(VenueFaultKind.REJECTED);
  }

  @Test
  void an_unlisted_market_is_refused_before_sending() {
    XChangeVenue venue = venue(PaperFaults.NONE);
    VenueFault f = fault(venue.place(new OrderRequest(XMR, Side.BUY, BigDecimal.ONE, BigDecimal.TEN, "keel-xmr-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.REJECTED);
    assertThat(f.kind().outcomeUnknown()).isFalse();
  }

  @Test
  void a_lost_reply_is_an_unknown_outcome_and_the_order_was_placed() {
    XChangeVenue venue = venue(PaperFaults.NONE.withLostReply(1));
    VenueFault f = fault(venue.place(buy(new BigDecimal("0.01"), bestAsk(venue).price(), "keel-lost-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.TIMEOUT);
    assertThat(f.kind().outcomeUnknown()).isTrue();
    OrderReport found = venue.findOrder(BTC, "keel-lost-1").orThrow().orElseThrow();
    assertThat(found.status()).isEqualTo(VenueOrderStatus.FILLED);
    assertThat(found.fills()).hasSize(1);
    // the same id again meets the same fault and does not trade again
    assertThat(fault(venue.place(buy(new BigDecimal("0.01"), bestAsk(venue).price(), "keel-lost-1"))).kind()).isEqualTo(VenueFaultKind.TIMEOUT);
    assertThat(venue.findOrder(BTC, "keel-lost-1").orThrow()).contains(found);
  }

  @Test
  void a_server_error_is_an_unknown_outcome_but_nothing_was_placed() {
    XChangeVenue venue = venue(PaperFaults.NONE.withServerError(1));
    VenueFault f = fault(venue.place(buy(new BigDecimal("0.01"), bestAsk(venue).price(), "keel-5xx-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.SERVER_ERROR);
    assertThat(f.httpStatus()).hasValue(500);
    assertThat(f.kind().outcomeUnknown()).isTrue();
    assertThat(venue.findOrder(BTC, "keel-5xx-1").orThrow()).isEmpty();
  }

  @Test
  void a_rate_limit_is_not_placed_carries_its_retry_after_and_pauses_the_venues_order_calls() {
    XChangeVenue venue = venue(PaperFaults.NONE.withRateLimited(1, 30));
    BigDecimal limit = bestAsk(venue).price();
    VenueFault f = fault(venue.place(buy(new BigDecimal("0.01"), limit, "keel-429-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.RATE_LIMITED);
    assertThat(f.httpStatus()).hasValue(429);
    assertThat(f.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(f.kind().outcomeUnknown()).isFalse();
    VenueFault paused = fault(venue.findOrder(BTC, "keel-429-1"));
    assertThat(paused.kind()).isEqualTo(VenueFaultKind.RATE_LIMITED);
    assertThat(paused.detail()).startsWith("not called");
    clock.advance(Duration.ofSeconds(31));
    assertThat(venue.findOrder(BTC, "keel-429-1").orThrow()).as("never placed").isEmpty();
  }

  @Test
  void a_refusal_is_rejected_and_not_placed() {
    XChangeVenue venue = venue(PaperFaults.NONE.withRejected(1));
    VenueFault f = fault(venue.place(buy(new BigDecimal("0.01"), bestAsk(venue).price(), "keel-rejected-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.REJECTED);
    assertThat(venue.findOrder(BTC, "keel-rejected-1").orThrow()).isEmpty();
  }

  @Test
  void insufficient_funds_is_its_own_kind_and_not_placed() {
    XChangeVenue venue = venue(PaperFaults.NONE.withInsufficientFunds(1));
    VenueFault f = fault(venue.place(buy(new BigDecimal("0.01"), bestAsk(venue).price(), "keel-funds-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.INSUFFICIENT_FUNDS);
    assertThat(f.kind().outcomeUnknown()).isFalse();
    assertThat(venue.findOrder(BTC, "keel-funds-1").orThrow()).isEmpty();
  }

  @Test
  void a_real_shortfall_of_the_account_is_insufficient_funds_too() {
    XChangeVenue venue = venue(PaperFaults.NONE);
    PriceLevel bid = venue.orderBook(BTC, 5).orThrow().book().bids().get(0);
    VenueFault f = fault(venue.place(new OrderRequest(BTC, Side.SELL, new BigDecimal("2000"), BigDecimal.ONE, "keel-shortfall-1")));
    assertThat(bid.price()).isPositive();
    assertThat(f.kind()).isEqualTo(VenueFaultKind.INSUFFICIENT_FUNDS);
  }

  @Test
  void a_partial_fill_fills_30_to_70_percent_of_what_the_book_gives_and_cancels_the_rest() {
    XChangeVenue venue = venue(PaperFaults.NONE.withPartialFill(1));
    BigDecimal quantity = new BigDecimal("0.01");
    OrderReport r = venue.place(buy(quantity, bestAsk(venue).price().multiply(new BigDecimal("1.01")).setScale(2, RoundingMode.UP),
        "keel-part-1")).orThrow();
    assertThat(r.status()).isEqualTo(VenueOrderStatus.CANCELLED);
    assertThat(r.filledQuantity().doubleValue()).isBetween(0.3 * 0.01 - 1e-9, 0.7 * 0.01 + 1e-9);
    assertThat(r.fills()).singleElement().satisfies(f -> assertThat(f.quantity()).isEqualByComparingTo(r.filledQuantity()));
  }

  @Test
  void a_placed_order_is_not_found_by_its_first_lookups_when_so_configured() {
    XChangeVenue venue = venue(PaperFaults.NONE.withLookupNotFoundFor(2));
    OrderReport placed = venue.place(buy(new BigDecimal("0.01"), bestAsk(venue).price(), "keel-lag-1")).orThrow();
    assertThat(venue.findOrder(BTC, "keel-lag-1").orThrow()).isEmpty();
    assertThat(venue.findOrder(BTC, "keel-lag-1").orThrow()).isEmpty();
    assertThat(venue.findOrder(BTC, "keel-lag-1").orThrow()).contains(placed);
  }

  @Test
  void fault_draws_are_fixed_per_client_order_id_and_seed() {
    PaperFaults half = PaperFaults.NONE.withServerError(0.5).withSeed(7);
    List<String> ids = IntStream.range(0, 200).mapToObj(i -> "keel-draw-" + i).toList();
    List<Boolean> first = ids.stream().map(id -> failsWithServerError(venue(half), id)).toList();
    List<Boolean> again = ids.stream().map(id -> failsWithServerError(venue(half), id)).toList();
    assertThat(again).isEqualTo(first);
    assertThat(first.stream().filter(b -> b).count()).isBetween(70L, 130L);
    XChangeVenue one = venue(half);
    assertThat(failsWithServerError(one, "keel-draw-0")).isEqualTo(failsWithServerError(one, "keel-draw-0"));
    List<Boolean> otherSeed = ids.stream().map(id -> failsWithServerError(venue(half.withSeed(8)), id)).toList();
    assertThat(otherSeed).isNotEqualTo(first);
  }

  private boolean failsWithServerError(XChangeVenue venue, String id) {
    VenueResult<OrderReport> r = venue.place(buy(new BigDecimal("0.001"), new BigDecimal("1000000"), id));
    return r instanceof VenueResult.Failed<OrderReport> f && f.fault().kind() == VenueFaultKind.SERVER_ERROR;
  }

  @Test
  void fault_settings_are_validated_with_the_setting_and_value_named() {
    assertThatThrownBy(() -> PaperFaults.NONE.withLostReply(1.5))
        .hasMessage("keel.venues.paper.faults.lost-reply must be between 0 and 1, was 1.5");
    assertThatThrownBy(() -> PaperFaults.NONE.withServerError(-0.1))
        .hasMessage("keel.venues.paper.faults.server-error must be between 0 and 1, was -0.1");
    assertThatThrownBy(() -> PaperFaults.NONE.withPartialFill(Double.NaN))
        .hasMessage("keel.venues.paper.faults.partial-fill must be between 0 and 1, was NaN");
    assertThatThrownBy(() -> PaperFaults.NONE.withRateLimited(0.5, -1))
        .hasMessage("keel.venues.paper.faults.retry-after-seconds must be zero or more, was -1");
    assertThatThrownBy(() -> PaperFaults.NONE.withLookupNotFoundFor(-2))
        .hasMessage("keel.venues.paper.faults.lookup-not-found-for must be zero or more, was -2");
    assertThatThrownBy(() -> PaperFaults.NONE.withRejected(2)).hasMessageContaining("faults.rejected ");
    assertThatThrownBy(() -> PaperFaults.NONE.withInsufficientFunds(2)).hasMessageContaining("faults.insufficient-funds ");
    assertThat(PaperFaults.NONE.none()).isTrue();
  }

  @Test
  void the_standard_venues_account_holds_every_listed_asset_so_the_omnibus_can_sell() {
    Market eth = Market.of("ETH", "USDT");
    for (XChangeVenue venue : PaperVenues.standard(42, clock, List.of(BTC, eth), PaperFaults.NONE)) {
      PriceLevel bid = venue.orderBook(eth, 5).orThrow().book().bids().get(0);
      OrderReport r = venue.place(new OrderRequest(eth, Side.SELL, new BigDecimal("1"), bid.price().multiply(new BigDecimal("0.9"))
          .setScale(2, RoundingMode.DOWN), "keel-omnibus-" + venue.id().value())).orThrow();
      assertThat(r.filledQuantity()).isEqualByComparingTo("1");
    }
  }
}
