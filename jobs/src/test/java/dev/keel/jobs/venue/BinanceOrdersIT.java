package dev.keel.jobs.venue;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.VenueFault;
import dev.keel.domain.market.VenueFaultKind;
import dev.keel.domain.market.VenueId;
import dev.keel.domain.market.PriceLevel;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.Order.OrderType;
import org.knowm.xchange.dto.trade.LimitOrder;
import org.slf4j.LoggerFactory;

/**
 * Orders through the real XChange Binance client against {@link FakeBinance}. The fixture book's asks are 0.4 BTC at
 * 78000.01, 1.1 at 78000.50, 2.5 at 78005, 3.0 at 78010 and 12 at 78100.
 */
class BinanceOrdersIT {

  private static final Market BTC = FakeBinance.BTC_USDT;
  private static final Market ETH = FakeBinance.ETH_USDT;
  private static final Instant NOW = Instant.parse("2026-04-22T10:00:00Z");
  private static FakeBinance fake;
  private SettableClock clock;

  @BeforeAll
  static void startFake() {
    fake = FakeBinance.start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @BeforeEach
  void freshVenue() {
    fake.reset();
    clock = new SettableClock(NOW);
  }

  private XChangeVenue binance() {
    return binance(Duration.ofSeconds(5));
  }

  private XChangeVenue binance(Duration readTimeout) {
    return XChangeVenues.binance(VenueId.of("binance"), fake.connection(readTimeout), List.of(BTC, ETH), 0, clock);
  }

  private static OrderRequest buy(String quantity, String limit, String clientOrderId) {
    return new OrderRequest(BTC, Side.BUY, new BigDecimal(quantity), new BigDecimal(limit), clientOrderId);
  }

  private static VenueFault fault(VenueResult<?> r) {
    assertThat(r).isInstanceOf(VenueResult.Failed.class);
    return ((VenueResult.Failed<?>) r).fault();
  }

  @Test
  void a_marketable_ioc_buy_fills_and_reports_each_fill_with_its_trade_id() {
    OrderReport r = binance().place(buy("1.0", "78001", "keel-b-fill-1")).orThrow();
    assertThat(r.status()).isEqualTo(VenueOrderStatus.FILLED);
    assertThat(r.filledQuantity()).isEqualByComparingTo("1.0");
    FakeExchange.Order held = fake.order("keel-b-fill-1").orElseThrow();
    assertThat(r.venueOrderId()).isEqualTo(held.venueOrderId());
    assertThat(r.fills()).as("Binance numbers trades per symbol: fills are keyed BTCUSDT:id").extracting(VenueFill::tradeId)
        .containsExactlyElementsOf(held.trades().stream().map(t -> "BTCUSDT:" + t.tradeId()).toList());
    assertThat(r.fills()).extracting(VenueFill::quantity).usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("0.4"), new BigDecimal("0.6"));
    assertThat(r.fills()).extracting(VenueFill::price).usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("78000.01"), new BigDecimal("78000.50"));
    assertThat(r.fills()).allSatisfy(f -> {
      assertThat(f.feeAsset()).isEqualTo("USDT");
      assertThat(f.fee()).isEqualByComparingTo(f.quantity().multiply(f.price()).multiply(new BigDecimal("0.001")).setScale(8, java.math.RoundingMode.HALF_UP));
    });
    assertThat(fake.placements()).singleElement().satisfies(p -> {
      assertThat(p.clientOrderId()).isEqualTo("keel-b-fill-1");
      assertThat(p.timeInForce()).isEqualTo("IOC");
      assertThat(p.price()).isEqualByComparingTo("78001");
    });
  }

  @Test
  void an_ioc_order_larger_than_the_book_up_to_its_limit_expires_with_the_partial_quantity() {
    OrderReport r = binance().place(buy("1.0", "78000.01", "keel-b-part-1")).orThrow();
    assertThat(r.status()).isEqualTo(VenueOrderStatus.EXPIRED);
    assertThat(r.filledQuantity()).isEqualByComparingTo("0.4");
    assertThat(r.fills()).singleElement().satisfies(f -> assertThat(f.quantity()).isEqualByComparingTo("0.4"));
  }

  @Test
  void an_order_is_found_by_its_client_order_id_with_its_fills_from_my_trades() {
    XChangeVenue venue = binance();
    OrderReport placed = venue.place(buy("1.0", "78001", "keel-b-find-1")).orThrow();
    OrderReport found = venue.findOrder(BTC, "keel-b-find-1").orThrow().orElseThrow();
    assertThat(found.venueOrderId()).isEqualTo(placed.venueOrderId());
    assertThat(found.status()).isEqualTo(VenueOrderStatus.FILLED);
    assertThat(found.fills()).extracting(VenueFill::tradeId).containsExactlyElementsOf(placed.fills().stream().map(VenueFill::tradeId).toList());
    assertThat(found.fills().get(0).at()).isEqualTo(fake.order("keel-b-find-1").orElseThrow().trades().get(0).at().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(fake.requests()).contains("GET /api/v3/order", "GET /api/v3/myTrades");
  }

  @Test
  void an_order_with_more_trades_than_one_my_trades_page_is_found_with_every_fill() {
    // 2,500 asks of 0.001 BTC: an order sweeping them trades 2,500 times, more than two pages of myTrades
    List<PriceLevel> asks = new java.util.ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      asks.add(new PriceLevel(new BigDecimal("78000").add(new BigDecimal(i).movePointLeft(2)), new BigDecimal("0.001")));
    }
    fake.book(BTC, List.of(new PriceLevel(new BigDecimal("77999"), BigDecimal.ONE)), asks);
    XChangeVenue venue = binance();
    venue.place(buy("2.5", "79000", "keel-b-pages-1")).orThrow();
    OrderReport found = venue.findOrder(BTC, "keel-b-pages-1").orThrow().orElseThrow();
    assertThat(found.status()).isEqualTo(VenueOrderStatus.FILLED);
    assertThat(found.fills()).hasSize(2_500);
    assertThat(found.fills()).extracting(VenueFill::tradeId).doesNotHaveDuplicates();
    assertThat(found.fills().stream().map(VenueFill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("2.5");
    assertThat(fake.requests().stream().filter("GET /api/v3/myTrades"::equals)).as("three pages of at most 1,000").hasSize(3);
  }

  @Test
  void an_unknown_client_order_id_is_not_found() {
    assertThat(binance().findOrder(BTC, "keel-b-never-sent").orThrow()).isEmpty();
  }

  @Test
  void a_500_after_the_venue_accepted_leaves_the_outcome_unknown_and_the_order_is_found_by_its_client_id() {
    fake.failNextPlacement(FakeExchange.Fault.acceptThenStatus(500));
    XChangeVenue venue = binance();
    VenueFault f = fault(venue.place(buy("1.0", "78001", "keel-b-500-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.SERVER_ERROR);
    assertThat(f.httpStatus()).hasValue(500);
    assertThat(f.kind().outcomeUnknown()).isTrue();
    assertThat(fake.placements()).hasSize(1);
    assertThat(fake.placements().get(0).placed()).isTrue();
    assertThat(venue.findOrder(BTC, "keel-b-500-1").orThrow()).hasValueSatisfying(o -> {
      assertThat(o.status()).isEqualTo(VenueOrderStatus.FILLED);
      assertThat(o.fills()).hasSize(2);
    });
  }

  @Test
  void a_503_after_the_venue_accepted_is_a_server_error_not_unavailable() {
    fake.failNextPlacement(FakeExchange.Fault.acceptThenStatus(503));
    VenueFault f = fault(binance().place(buy("1.0", "78001", "keel-b-503-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.SERVER_ERROR);
    assertThat(f.httpStatus()).hasValue(503);
    assertThat(fake.placements()).hasSize(1);
  }

  @Test
  void a_5xx_without_placing_is_also_unknown_to_keel_and_the_order_is_then_not_found() {
    fake.failNextPlacement(FakeExchange.Fault.refuseWithStatus(502));
    XChangeVenue venue = binance();
    VenueFault f = fault(venue.place(buy("1.0", "78001", "keel-b-502-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.SERVER_ERROR);
    assertThat(f.kind().outcomeUnknown()).isTrue();
    assertThat(fake.placements()).singleElement().satisfies(p -> assertThat(p.placed()).isFalse());
    assertThat(venue.findOrder(BTC, "keel-b-502-1").orThrow()).isEmpty();
  }

  @Test
  void a_reply_slower_than_the_read_timeout_is_a_timeout_and_the_order_was_placed_once() {
    XChangeVenue venue = binance(Duration.ofMillis(1_500));
    assertThat(StubVenue.connectsWithin(venue, BTC, Duration.ofSeconds(10))).as("start-up within the short timeout").isTrue();
    fake.failNextPlacement(FakeExchange.Fault.acceptThenDelay(Duration.ofSeconds(5)));
    VenueFault f = fault(venue.place(buy("1.0", "78001", "keel-b-slow-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.TIMEOUT);
    assertThat(f.kind().outcomeUnknown()).isTrue();
    assertThat(fake.placements()).hasSize(1);
    assertThat(venue.findOrder(BTC, "keel-b-slow-1").orThrow()).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(VenueOrderStatus.FILLED));
  }

  @Test
  void a_connection_reset_after_the_venue_accepted_is_unknown_and_the_post_is_not_sent_again() {
    fake.failNextPlacement(FakeExchange.Fault.acceptThenReset());
    XChangeVenue venue = binance();
    VenueFault f = fault(venue.place(buy("1.0", "78001", "keel-b-reset-1")));
    assertThat(f.kind().outcomeUnknown()).as(f.describe()).isTrue();
    assertThat(fake.placements()).as("the JDK must not resend the order's POST").hasSize(1);
    assertThat(venue.findOrder(BTC, "keel-b-reset-1").orThrow()).isPresent();
  }

  @Test
  void a_429_is_rate_limited_with_its_retry_after_and_pauses_order_calls_without_calling() {
    fake.failNextPlacement(FakeExchange.Fault.rateLimited(Duration.ofSeconds(30)));
    XChangeVenue venue = binance();
    VenueFault f = fault(venue.place(buy("1.0", "78001", "keel-b-429-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.RATE_LIMITED);
    assertThat(f.kind().outcomeUnknown()).isFalse();
    assertThat(f.retryAfter()).contains(Duration.ofSeconds(30));
    VenueFault paused = fault(venue.place(buy("1.0", "78001", "keel-b-429-2")));
    assertThat(paused.kind()).isEqualTo(VenueFaultKind.RATE_LIMITED);
    assertThat(paused.detail()).startsWith("not called");
    assertThat(fault(venue.findOrder(BTC, "keel-b-429-1")).detail()).startsWith("not called");
    assertThat(fake.placements()).hasSize(1);
    assertThat(fake.requests()).containsExactly("POST /api/v3/order");
    clock.advance(Duration.ofSeconds(31));
    assertThat(venue.place(buy("1.0", "78001", "keel-b-429-2")).orThrow().status()).isEqualTo(VenueOrderStatus.FILLED);
    assertThat(fake.placements()).hasSize(2);
  }

  @Test
  void a_418_is_a_ban_and_halts_the_venue() {
    fake.failNextPlacement(FakeExchange.Fault.banned(Duration.ofSeconds(600)));
    XChangeVenue venue = binance();
    VenueFault f = fault(venue.place(buy("1.0", "78001", "keel-b-418-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.BANNED);
    assertThat(f.kind().outcomeUnknown()).isFalse();
    assertThat(f.retryAfter()).contains(Duration.ofSeconds(600));
    assertThat(fault(venue.place(buy("1.0", "78001", "keel-b-418-2"))).kind()).isEqualTo(VenueFaultKind.BANNED);
    assertThat(fake.placements()).hasSize(1);
  }

  @Test
  void insufficient_balance_is_insufficient_funds_not_an_unknown_outcome() {
    fake.failNextPlacement(FakeExchange.Fault.insufficientFunds());
    XChangeVenue venue = binance();
    VenueFault f = fault(venue.place(buy("1.0", "78001", "keel-b-funds-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.INSUFFICIENT_FUNDS);
    assertThat(f.kind().outcomeUnknown()).isFalse();
    assertThat(venue.findOrder(BTC, "keel-b-funds-1").orThrow()).isEmpty();
  }

  @Test
  void order_does_not_exist_for_the_first_queries_after_a_placement_is_not_found_until_it_is() {
    fake.hideNewOrdersFromQueries(2);
    XChangeVenue venue = binance();
    OrderReport placed = venue.place(buy("1.0", "78001", "keel-b-lag-1")).orThrow();
    assertThat(placed.status()).as("the FULL reply needs no query").isEqualTo(VenueOrderStatus.FILLED);
    assertThat(venue.findOrder(BTC, "keel-b-lag-1").orThrow()).isEmpty();
    assertThat(venue.findOrder(BTC, "keel-b-lag-1").orThrow()).isEmpty();
    assertThat(venue.findOrder(BTC, "keel-b-lag-1").orThrow()).hasValueSatisfying(o -> assertThat(o.venueOrderId()).isEqualTo(placed.venueOrderId()));
  }

  @Test
  void a_fill_that_appears_later_is_reported_by_the_next_lookup() {
    XChangeVenue venue = binance();
    OrderReport placed = venue.place(buy("1.0", "78000.01", "keel-b-late-1")).orThrow();
    assertThat(placed.filledQuantity()).isEqualByComparingTo("0.4");
    FakeExchange.Trade late = fake.addFill("keel-b-late-1", new BigDecimal("0.2"), new BigDecimal("78000.01"));
    OrderReport found = venue.findOrder(BTC, "keel-b-late-1").orThrow().orElseThrow();
    assertThat(found.filledQuantity()).isEqualByComparingTo("0.6");
    assertThat(found.fills()).extracting(VenueFill::tradeId).endsWith("BTCUSDT:" + late.tradeId()).hasSize(2);
  }

  @Test
  void a_failed_lookup_is_a_fault_not_an_absence() {
    XChangeVenue venue = binance();
    venue.place(buy("1.0", "78001", "keel-b-q-1")).orThrow();
    fake.failNextQueries(503, 1);
    VenueFault f = fault(venue.findOrder(BTC, "keel-b-q-1"));
    assertThat(f.kind()).isIn(VenueFaultKind.SERVER_ERROR, VenueFaultKind.UNAVAILABLE);
    assertThat(venue.findOrder(BTC, "keel-b-q-1").orThrow()).isPresent();
  }

  @Test
  void cancel_cancels_an_open_order_and_answers_false_for_a_final_one() throws Exception {
    XChangeVenue venue = binance();
    venue.place(buy("1.0", "78001", "keel-b-final-1")).orThrow();
    assertThat(venue.cancel(BTC, "keel-b-final-1").orThrow()).isFalse();
    // a resting order, placed GTC through XChange directly (Keel never does)
    venue.exchange().getTradeService().placeLimitOrder(new LimitOrder.Builder(OrderType.BID, CurrencyPair.BTC_USDT)
        .originalAmount(new BigDecimal("0.1")).limitPrice(new BigDecimal("77000")).userReference("keel-b-gtc-1").build());
    assertThat(venue.findOrder(BTC, "keel-b-gtc-1").orThrow().orElseThrow().status()).isEqualTo(VenueOrderStatus.OPEN);
    assertThat(venue.cancel(BTC, "keel-b-gtc-1").orThrow()).isTrue();
    assertThat(venue.findOrder(BTC, "keel-b-gtc-1").orThrow().orElseThrow().status()).isEqualTo(VenueOrderStatus.CANCELLED);
    assertThat(fault(venue.cancel(BTC, "keel-b-never-sent")).kind()).isEqualTo(VenueFaultKind.REJECTED);
  }

  @Test
  void a_venue_refusing_connections_is_unavailable_and_nothing_was_sent() {
    FakeBinance gone = FakeBinance.start();
    XChangeVenue venue = XChangeVenues.binance(VenueId.of("binance"), gone.connection(Duration.ofSeconds(5)), List.of(BTC), 0, clock);
    assertThat(venue.rules(BTC).isOk()).isTrue();
    gone.close();
    VenueFault f = fault(venue.place(buy("1.0", "78001", "keel-b-refused-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.UNAVAILABLE);
    assertThat(f.kind().outcomeUnknown()).isFalse();
  }

  @Test
  void xchanges_own_retry_and_rate_limiter_are_off() {
    ExchangeSpecification spec = binance().exchange().getExchangeSpecification();
    assertThat(spec.getResilience().isRetryEnabled()).isFalse();
    assertThat(spec.getResilience().isRateLimiterEnabled()).isFalse();
  }

  /**
   * At DEBUG, the most XChange's HTTP client (rescu) should ever log at: at TRACE it logs request headers, which carry
   * the API key (never the secret).
   */
  @Test
  void neither_the_api_key_nor_the_secret_appears_in_logs_or_faults() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Level level = root.getLevel();
    root.setLevel(ch.qos.logback.classic.Level.DEBUG);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      XChangeVenue venue = binance();
      venue.place(buy("1.0", "78001", "keel-b-secret-1")).orThrow();
      fake.failNextPlacement(FakeExchange.Fault.acceptThenStatus(500));
      VenueFault f = fault(venue.place(buy("1.0", "78001", "keel-b-secret-2")));
      fake.failNextPlacement(FakeExchange.Fault.insufficientFunds());
      VenueFault g = fault(venue.place(buy("1.0", "78001", "keel-b-secret-3")));
      venue.findOrder(BTC, "keel-b-secret-1");
      assertThat(List.of(f.describe(), g.describe(), venue.toString())).noneMatch(s -> s.contains(FakeExchange.API_KEY) || s.contains(FakeExchange.SECRET));
    } finally {
      root.detachAppender(logs);
      root.setLevel(level);
    }
    assertThat(logs.list).isNotEmpty().noneMatch(e -> e.getFormattedMessage().contains(FakeExchange.API_KEY)
        || e.getFormattedMessage().contains(FakeExchange.SECRET)
        || (e.getThrowableProxy() != null && ThrowableProxyUtil.asString(e.getThrowableProxy()).contains(FakeExchange.API_KEY)));
  }
}
