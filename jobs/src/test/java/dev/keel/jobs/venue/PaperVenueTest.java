package dev.keel.jobs.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.keel.domain.market.AssetCatalogue;
import dev.keel.domain.market.BookWalk;
import dev.keel.domain.market.FeeQuote;
import dev.keel.domain.market.FeeSchedules;
import dev.keel.domain.market.FeeSource;
import dev.keel.domain.market.LiquidityCalibration;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketParameters;
import dev.keel.domain.market.MarketSnapshot;
import dev.keel.domain.market.MicrostructureModel;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.SnapshotSpec;
import dev.keel.domain.market.SnapshotStatus;
import dev.keel.domain.market.VenueFaultKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.Order;
import org.knowm.xchange.dto.Order.OrderStatus;
import org.knowm.xchange.dto.Order.OrderType;
import org.knowm.xchange.dto.trade.LimitOrder;
import org.knowm.xchange.dto.trade.MarketOrder;
import org.knowm.xchange.exceptions.FundsExceededException;
import org.knowm.xchange.service.trade.params.orders.DefaultQueryOrderParam;

class PaperVenueTest {

  private static final Instant WEDNESDAY = Instant.parse("2026-04-22T10:00:00Z");
  private static final Instant SATURDAY = Instant.parse("2026-04-25T10:00:00Z");
  private static final Market BTC = Market.of("BTC", "USDT");
  private static final Market SOL = Market.of("SOL", "USDT");
  /** Tier parameters only, so these tests do not depend on the shared data. */
  private static final Map<Market, MarketParameters> MARKETS = LiquidityCalibration.forAssets(AssetCatalogue.all(),
      dev.keel.domain.market.history.DailyVolumeFiles.NONE);

  private static PaperVenueConfig paperA(long seed) {
    return new PaperVenueConfig(PaperVenues.PAPER_A_LIQUIDITY, new ConfiguredFees(FeeSchedules.binanceSpot(), 0), MARKETS,
        MicrostructureModel.of(seed), Map.of("USDT", new BigDecimal("1000000")));
  }

  private static PaperVenueConfig paperB(long seed, double volume30d) {
    return new PaperVenueConfig(PaperVenues.PAPER_B_LIQUIDITY, new ConfiguredFees(FeeSchedules.krakenPro(), volume30d), MARKETS,
        MicrostructureModel.of(seed), Map.of("USDT", new BigDecimal("1000000")));
  }

  @Test
  void the_same_seed_gives_the_same_books() {
    SettableClock clock = new SettableClock(WEDNESDAY);
    Venue one = PaperVenues.venue(paperA(42), clock);
    Venue two = PaperVenues.venue(paperA(42), clock);
    assertThat(one.orderBook(BTC, 100).orThrow()).isEqualTo(two.orderBook(BTC, 100).orThrow());
    assertThat(one.orderBook(SOL, 20).orThrow().book().bids()).hasSize(20);
    assertThat(PaperVenues.venue(paperA(43), clock).orderBook(BTC, 100).orThrow()).isNotEqualTo(one.orderBook(BTC, 100).orThrow());
  }

  @Test
  void weekend_depth_is_thinner_than_weekday_depth() {
    SettableClock clock = new SettableClock(WEDNESDAY);
    Venue venue = PaperVenues.venue(paperA(42), clock);
    double weekday = BookWalk.depthWithin(venue.orderBook(BTC, 1000).orThrow().book(), Side.BUY, 50);
    clock.set(SATURDAY);
    double weekend = BookWalk.depthWithin(venue.orderBook(BTC, 1000).orThrow().book(), Side.BUY, 50);
    assertThat(weekend).isLessThan(0.75 * weekday);
  }

  @Test
  void fees_follow_each_venues_tiers() {
    SettableClock clock = new SettableClock(WEDNESDAY);
    FeeQuote a = PaperVenues.venue(paperA(42), clock).fees(BTC).orThrow();
    assertThat(a.source()).isEqualTo(FeeSource.VENUE);
    assertThat(a.rate().maker()).isCloseTo(0.0010, within(1e-12));
    assertThat(a.rate().taker()).isCloseTo(0.0010, within(1e-12));
    FeeQuote bBase = PaperVenues.venue(paperB(42, 0), clock).fees(BTC).orThrow();
    assertThat(bBase.rate().maker()).isCloseTo(0.0025, within(1e-12));
    assertThat(bBase.rate().taker()).isCloseTo(0.0040, within(1e-12));
    FeeQuote bTier3 = PaperVenues.venue(paperB(42, 60_000), clock).fees(BTC).orThrow();
    assertThat(bTier3.rate().maker()).isCloseTo(0.0014, within(1e-12));
    assertThat(bTier3.rate().taker()).isCloseTo(0.0024, within(1e-12));
  }

  @Test
  void a_snapshot_of_a_paper_market_is_ok_with_depth_costs_fees_and_volume() {
    SettableClock clock = new SettableClock(WEDNESDAY);
    MarketSnapshot s = MarketSnapshotter.snapshot(PaperVenues.venue(paperB(42, 0), clock), SOL, SnapshotSpec.standard(), clock);
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.OK);
    assertThat(s.venueTime()).contains(WEDNESDAY);
    assertThat(s.volume24h()).hasValueSatisfying(v -> assertThat(v.quoteNotional()).isPositive());
    assertThat(s.metrics().orElseThrow().depthWithin(100).orElseThrow().askNotional()).isPositive();
    assertThat(s.costWithTakerFee(Side.BUY, 10_000)).hasValueSatisfying(c -> assertThat(c).isGreaterThan(0.004));
  }

  @Test
  void every_listed_market_snapshots_ok_on_both_standard_venues() {
    SettableClock clock = new SettableClock(WEDNESDAY);
    for (XChangeVenue venue : PaperVenues.standard(42, clock)) {
      List<MarketSnapshot> all = MarketSnapshotter.snapshotAll(venue, SnapshotSpec.standard(), clock);
      assertThat(all).hasSize(AssetCatalogue.all().size() - 1);
      assertThat(all).allSatisfy(s -> assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.OK));
    }
  }

  @Test
  void an_unlisted_market_is_a_rejected_call_not_an_exception() {
    SettableClock clock = new SettableClock(WEDNESDAY);
    VenueResult<VenueBook> r = PaperVenues.venue(paperA(42), clock).orderBook(Market.of("XMR", "USDT"), 10);
    assertThat(r).isInstanceOfSatisfying(VenueResult.Failed.class,
        f -> assertThat(f.fault().kind()).isEqualTo(VenueFaultKind.REJECTED));
  }

  @Test
  void a_market_buy_fills_from_the_ask_and_pays_the_taker_fee() throws Exception {
    SettableClock clock = new SettableClock(WEDNESDAY);
    XChangeVenue venue = PaperVenues.venue(paperA(42), clock);
    BigDecimal bestAsk = venue.orderBook(BTC, 1).orThrow().book().asks().get(0).price();
    var trade = venue.exchange().getTradeService();
    String id = trade.placeMarketOrder(new MarketOrder.Builder(OrderType.BID, CurrencyPair.BTC_USDT)
        .originalAmount(new BigDecimal("0.01")).userReference("keel-1").build());
    Order o = trade.getOrder(new DefaultQueryOrderParam(id)).iterator().next();
    assertThat(o.getStatus()).isEqualTo(OrderStatus.FILLED);
    assertThat(o.getAveragePrice()).isEqualByComparingTo(bestAsk);
    assertThat(o.getFee().doubleValue()).isCloseTo(0.01 * bestAsk.doubleValue() * 0.001, within(1e-6));
    assertThat(trade.placeMarketOrder(new MarketOrder.Builder(OrderType.BID, CurrencyPair.BTC_USDT)
        .originalAmount(new BigDecimal("0.01")).userReference("keel-1").build())).isEqualTo(id);
    assertThat(venue.exchange().getAccountService().getAccountInfo().getWallet().getBalance(
        org.knowm.xchange.currency.Currency.BTC).getTotal()).isEqualByComparingTo("0.01");
  }

  @Test
  void a_limit_buy_below_the_ask_rests_until_cancelled() throws Exception {
    SettableClock clock = new SettableClock(WEDNESDAY);
    XChangeVenue venue = PaperVenues.venue(paperA(42), clock);
    BigDecimal bestBid = venue.orderBook(BTC, 1).orThrow().book().bids().get(0).price();
    var trade = venue.exchange().getTradeService();
    String id = trade.placeLimitOrder(new LimitOrder.Builder(OrderType.BID, CurrencyPair.BTC_USDT)
        .originalAmount(new BigDecimal("0.01")).limitPrice(bestBid).build());
    assertThat(trade.getOpenOrders().getOpenOrders()).extracting(Order::getId).containsExactly(id);
    assertThat(trade.cancelOrder(id)).isTrue();
    assertThat(trade.getOrder(new DefaultQueryOrderParam(id)).iterator().next().getStatus()).isEqualTo(OrderStatus.CANCELED);
  }

  @Test
  void a_sell_without_the_asset_is_refused_for_insufficient_balance() {
    SettableClock clock = new SettableClock(WEDNESDAY);
    XChangeVenue venue = PaperVenues.venue(paperA(42), clock);
    assertThatThrownBy(() -> venue.exchange().getTradeService().placeMarketOrder(
        new MarketOrder.Builder(OrderType.ASK, CurrencyPair.BTC_USDT).originalAmount(BigDecimal.ONE).build()))
        .isInstanceOf(FundsExceededException.class);
  }
}
