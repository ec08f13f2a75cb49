package dev.keel.jobs.venue;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.VenueFault;
import dev.keel.domain.market.VenueFaultKind;
import dev.keel.domain.market.VenueId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.kraken.dto.trade.KrakenStandardOrder;
import org.knowm.xchange.kraken.dto.trade.KrakenType;
import org.knowm.xchange.kraken.service.KrakenTradeService;

/**
 * Orders through the real XChange Kraken client against {@link FakeKraken}. The fixture book's asks are 0.25 BTC at
 * 78004.1, 1.014 at 78004.2, 2.5 at 78010 and 4 at 78050.
 */
class KrakenOrdersIT {

  private static final Market BTC = FakeKraken.BTC_USDT;
  private static final Market ETH = FakeKraken.ETH_USDT;
  private static final Instant NOW = Instant.parse("2026-04-22T10:00:00Z");
  private static FakeKraken fake;
  private SettableClock clock;

  @BeforeAll
  static void startFake() {
    fake = FakeKraken.start();
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

  private XChangeVenue kraken() {
    return kraken(Duration.ofSeconds(5));
  }

  private XChangeVenue kraken(Duration readTimeout) {
    return XChangeVenues.kraken(VenueId.of("kraken"), fake.connection(readTimeout), List.of(BTC, ETH), 0, clock);
  }

  private static OrderRequest buy(String quantity, String limit, String clientOrderId) {
    return new OrderRequest(BTC, Side.BUY, new BigDecimal(quantity), new BigDecimal(limit), clientOrderId);
  }

  private static VenueFault fault(VenueResult<?> r) {
    assertThat(r).isInstanceOf(VenueResult.Failed.class);
    return ((VenueResult.Failed<?>) r).fault();
  }

  @Test
  void keels_client_order_id_is_sent_as_a_name_based_uuid_in_cl_ord_id() {
    String keelId = "keel-7f3a9c2e-0001-trade-000042-a1b2";
    assertThat(keelId).hasSize(36);
    String sent = XChangeVenues.krakenClientOrderId(keelId);
    assertThat(sent).isEqualTo(UUID.nameUUIDFromBytes(keelId.getBytes(StandardCharsets.UTF_8)).toString())
        .isEqualTo(XChangeVenues.krakenClientOrderId(keelId));
    assertThat(UUID.fromString(sent).version()).isEqualTo(3);
  }

  @Test
  void a_marketable_ioc_buy_fills_and_reports_each_fill_with_its_trade_id() {
    OrderReport r = kraken().place(buy("1.0", "78011", "keel-k-fill-1")).orThrow();
    assertThat(r.status()).isEqualTo(VenueOrderStatus.FILLED);
    assertThat(r.filledQuantity()).isEqualByComparingTo("1.0");
    FakeExchange.Order held = fake.order(FakeKraken.clientOrderIdOf("keel-k-fill-1")).orElseThrow();
    assertThat(r.venueOrderId()).isEqualTo(held.venueOrderId());
    assertThat(r.fills()).extracting(VenueFill::tradeId).containsExactlyElementsOf(held.trades().stream().map(FakeExchange.Trade::tradeId).toList());
    assertThat(r.fills()).extracting(VenueFill::quantity).usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("0.25"), new BigDecimal("0.75"));
    assertThat(r.fills()).allSatisfy(f -> {
      assertThat(f.feeAsset()).isEqualTo("USDT");
      assertThat(f.fee()).isEqualByComparingTo(f.quantity().multiply(f.price()).multiply(new BigDecimal("0.004")).setScale(5, RoundingMode.HALF_UP));
    });
    assertThat(fake.placements()).singleElement().satisfies(p -> {
      assertThat(p.clientOrderId()).isEqualTo(FakeKraken.clientOrderIdOf("keel-k-fill-1"));
      assertThat(p.timeInForce()).isEqualTo("IOC");
    });
    LoggedRequest sent = fake.server().findAll(postRequestedFor(urlPathEqualTo("/0/private/AddOrder"))).get(0);
    assertThat(sent.getBodyAsString()).contains("ordertype=limit", "timeinforce=IOC", "oflags=fciq",
        "cl_ord_id=" + FakeKraken.clientOrderIdOf("keel-k-fill-1")).doesNotContain("userref=");
  }

  @Test
  void an_ioc_order_larger_than_the_book_up_to_its_limit_is_cancelled_with_the_partial_quantity() {
    OrderReport r = kraken().place(buy("1.0", "78004.1", "keel-k-part-1")).orThrow();
    assertThat(r.status()).isEqualTo(VenueOrderStatus.CANCELLED);
    assertThat(r.filledQuantity()).isEqualByComparingTo("0.25");
    assertThat(r.fills()).singleElement().satisfies(f -> assertThat(f.quantity()).isEqualByComparingTo("0.25"));
  }

  @Test
  void an_order_is_found_by_its_client_order_id_through_closed_orders_and_its_trades() {
    XChangeVenue venue = kraken();
    OrderReport placed = venue.place(buy("1.0", "78011", "keel-k-find-1")).orThrow();
    OrderReport found = venue.findOrder(BTC, "keel-k-find-1").orThrow().orElseThrow();
    assertThat(found).isEqualTo(placed);
    assertThat(fake.requests()).containsSubsequence("POST /0/private/OpenOrders", "POST /0/private/ClosedOrders", "POST /0/private/QueryTrades");
  }

  @Test
  void an_unknown_client_order_id_is_not_found() {
    assertThat(kraken().findOrder(BTC, "keel-k-never-sent").orThrow()).isEmpty();
  }

  @Test
  void when_the_status_query_after_acceptance_fails_the_placement_is_still_ok_and_open_until_found() {
    fake.failNextQueries(500, 1);
    XChangeVenue venue = kraken();
    OrderReport r = venue.place(buy("1.0", "78011", "keel-k-follow-1")).orThrow();
    assertThat(r.status()).isEqualTo(VenueOrderStatus.OPEN);
    assertThat(r.filledQuantity()).isZero();
    assertThat(r.fills()).isEmpty();
    assertThat(r.venueOrderId()).isEqualTo(fake.order(FakeKraken.clientOrderIdOf("keel-k-follow-1")).orElseThrow().venueOrderId());
    assertThat(venue.findOrder(BTC, "keel-k-follow-1").orThrow()).hasValueSatisfying(o -> {
      assertThat(o.status()).isEqualTo(VenueOrderStatus.FILLED);
      assertThat(o.fills()).hasSize(2);
    });
  }

  @Test
  void a_500_after_the_venue_accepted_leaves_the_outcome_unknown_and_the_order_is_found_by_its_client_id() {
    fake.failNextPlacement(FakeExchange.Fault.acceptThenStatus(500));
    XChangeVenue venue = kraken();
    VenueFault f = fault(venue.place(buy("1.0", "78011", "keel-k-500-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.SERVER_ERROR);
    assertThat(f.httpStatus()).hasValue(500);
    assertThat(f.kind().outcomeUnknown()).isTrue();
    assertThat(fake.placements()).singleElement().satisfies(p -> assertThat(p.placed()).isTrue());
    assertThat(venue.findOrder(BTC, "keel-k-500-1").orThrow()).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(VenueOrderStatus.FILLED));
  }

  @Test
  void a_503_after_the_venue_accepted_is_a_server_error_not_unavailable() {
    fake.failNextPlacement(FakeExchange.Fault.acceptThenStatus(503));
    VenueFault f = fault(kraken().place(buy("1.0", "78011", "keel-k-503-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.SERVER_ERROR);
    assertThat(f.httpStatus()).hasValue(503);
    assertThat(fake.placements()).hasSize(1);
  }

  @Test
  void a_5xx_without_placing_is_also_unknown_to_keel_and_the_order_is_then_not_found() {
    fake.failNextPlacement(FakeExchange.Fault.refuseWithStatus(500));
    XChangeVenue venue = kraken();
    VenueFault f = fault(venue.place(buy("1.0", "78011", "keel-k-5xx-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.SERVER_ERROR);
    assertThat(f.kind().outcomeUnknown()).isTrue();
    assertThat(fake.placements()).singleElement().satisfies(p -> assertThat(p.placed()).isFalse());
    assertThat(venue.findOrder(BTC, "keel-k-5xx-1").orThrow()).isEmpty();
  }

  @Test
  void a_reply_slower_than_the_read_timeout_is_a_timeout_and_the_order_was_placed_once() {
    XChangeVenue venue = kraken(Duration.ofMillis(1_500));
    assertThat(StubVenue.connectsWithin(venue, BTC, Duration.ofSeconds(10))).as("start-up within the short timeout").isTrue();
    fake.failNextPlacement(FakeExchange.Fault.acceptThenDelay(Duration.ofSeconds(5)));
    VenueFault f = fault(venue.place(buy("1.0", "78011", "keel-k-slow-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.TIMEOUT);
    assertThat(f.kind().outcomeUnknown()).isTrue();
    assertThat(fake.placements()).hasSize(1);
    assertThat(venue.findOrder(BTC, "keel-k-slow-1").orThrow()).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(VenueOrderStatus.FILLED));
  }

  @Test
  void a_connection_reset_after_the_venue_accepted_is_unknown_and_the_post_is_not_sent_again() {
    fake.failNextPlacement(FakeExchange.Fault.acceptThenReset());
    XChangeVenue venue = kraken();
    VenueFault f = fault(venue.place(buy("1.0", "78011", "keel-k-reset-1")));
    assertThat(f.kind().outcomeUnknown()).as(f.describe()).isTrue();
    assertThat(fake.placements()).as("the JDK must not resend the order's POST").hasSize(1);
    assertThat(venue.findOrder(BTC, "keel-k-reset-1").orThrow()).isPresent();
  }

  @Test
  void krakens_rate_limit_error_is_rate_limited_and_pauses_order_calls_for_the_default_wait_without_calling() {
    fake.failNextPlacement(FakeExchange.Fault.rateLimited(Duration.ofSeconds(20)));
    XChangeVenue venue = kraken();
    VenueFault f = fault(venue.place(buy("1.0", "78011", "keel-k-429-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.RATE_LIMITED);
    assertThat(f.kind().outcomeUnknown()).isFalse();
    assertThat(f.detail()).contains("EAPI:Rate limit exceeded");
    assertThat(f.retryAfter()).as("Kraken sends no Retry-After").isEmpty();
    assertThat(fake.placements()).singleElement().satisfies(p -> assertThat(p.answer()).isEqualTo("EAPI:Rate limit exceeded"));
    assertThat(fault(venue.place(buy("1.0", "78011", "keel-k-429-2"))).detail()).startsWith("not called");
    assertThat(fault(venue.findOrder(BTC, "keel-k-429-1")).kind()).isEqualTo(VenueFaultKind.RATE_LIMITED);
    clock.advance(Duration.ofSeconds(59));
    assertThat(fault(venue.place(buy("1.0", "78011", "keel-k-429-2"))).detail()).startsWith("not called");
    assertThat(fake.placements()).hasSize(1);
    assertThat(fake.requests()).containsExactly("POST /0/private/AddOrder");
    clock.advance(Duration.ofSeconds(2));
    assertThat(venue.place(buy("1.0", "78011", "keel-k-429-2")).isOk()).isTrue();
    assertThat(fake.placements()).hasSize(2);
  }

  @Test
  void an_http_429_in_front_of_krakens_api_is_rate_limited_too() {
    fake.failNextPlacement(FakeExchange.Fault.refuseWithStatus(429));
    XChangeVenue venue = kraken();
    VenueFault f = fault(venue.place(buy("1.0", "78011", "keel-k-429-html")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.RATE_LIMITED);
    assertThat(f.httpStatus()).hasValue(429);
    assertThat(f.kind().outcomeUnknown()).isFalse();
    assertThat(fault(venue.findOrder(BTC, "keel-k-429-html")).detail()).startsWith("not called");
    assertThat(fake.placements()).singleElement().satisfies(p -> assertThat(p.placed()).isFalse());
  }

  @Test
  void krakens_temporary_lockout_is_a_ban_and_halts_the_venue_for_the_ban_halt() {
    fake.failNextPlacement(FakeExchange.Fault.banned(Duration.ofSeconds(600)));
    XChangeVenue venue = kraken();
    VenueFault f = fault(venue.place(buy("1.0", "78011", "keel-k-ban-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.BANNED);
    assertThat(f.kind().outcomeUnknown()).isFalse();
    assertThat(f.detail()).contains("EGeneral:Temporary lockout");
    assertThat(f.retryAfter()).isEmpty();
    assertThat(fault(venue.place(buy("1.0", "78011", "keel-k-ban-2"))).detail()).startsWith("not called");
    clock.advance(Duration.ofMinutes(10).minusSeconds(1));
    assertThat(fault(venue.findOrder(BTC, "keel-k-ban-1")).kind()).isEqualTo(VenueFaultKind.BANNED);
    assertThat(fake.placements()).hasSize(1);
    assertThat(fake.requests()).containsExactly("POST /0/private/AddOrder");
    clock.advance(Duration.ofSeconds(2));
    assertThat(venue.place(buy("1.0", "78011", "keel-k-ban-2")).isOk()).isTrue();
  }

  @Test
  void a_rate_limit_on_the_status_query_after_acceptance_answers_ok_open_and_pauses_the_venue() {
    fake.failNextQueriesWithError("EAPI:Rate limit exceeded", 1);
    XChangeVenue venue = kraken();
    OrderReport r = venue.place(buy("1.0", "78011", "keel-k-follow-429")).orThrow();
    assertThat(r.status()).as("accepted; its status unread").isEqualTo(VenueOrderStatus.OPEN);
    assertThat(r.venueOrderId()).isEqualTo(fake.order(FakeKraken.clientOrderIdOf("keel-k-follow-429")).orElseThrow().venueOrderId());
    assertThat(venue.pausedBy()).as("the client's pause, for the caller to share").hasValueSatisfying(p -> {
      assertThat(p.kind()).isEqualTo(VenueFaultKind.RATE_LIMITED);
      assertThat(p.detail()).contains("EAPI:Rate limit exceeded");
      assertThat(p.retryAfter()).contains(Duration.ofSeconds(60));
    });
    assertThat(fault(venue.findOrder(BTC, "keel-k-follow-429")).detail()).startsWith("not called");
    assertThat(fake.requests()).containsExactly("POST /0/private/AddOrder", "POST /0/private/QueryOrders");
    clock.advance(Duration.ofSeconds(45));
    assertThat(venue.pausedBy()).hasValueSatisfying(p -> assertThat(p.retryAfter()).as("the time left").contains(Duration.ofSeconds(15)));
    clock.advance(Duration.ofSeconds(16));
    assertThat(venue.pausedBy()).isEmpty();
    assertThat(venue.findOrder(BTC, "keel-k-follow-429").orThrow()).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(VenueOrderStatus.FILLED));
    assertThat(fake.placements()).hasSize(1);
  }

  @Test
  void insufficient_funds_is_insufficient_funds_not_an_unknown_outcome() {
    fake.failNextPlacement(FakeExchange.Fault.insufficientFunds());
    XChangeVenue venue = kraken();
    VenueFault f = fault(venue.place(buy("1.0", "78011", "keel-k-funds-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.INSUFFICIENT_FUNDS);
    assertThat(f.kind().outcomeUnknown()).isFalse();
    assertThat(venue.findOrder(BTC, "keel-k-funds-1").orThrow()).isEmpty();
  }

  @Test
  void an_order_the_venue_does_not_show_yet_is_placed_open_then_not_found_until_it_is() {
    fake.hideNewOrdersFromQueries(2);
    XChangeVenue venue = kraken();
    OrderReport placed = venue.place(buy("1.0", "78011", "keel-k-lag-1")).orThrow();
    assertThat(placed.status()).as("the follow-up query did not see it").isEqualTo(VenueOrderStatus.OPEN);
    assertThat(venue.findOrder(BTC, "keel-k-lag-1").orThrow()).isEmpty();
    assertThat(venue.findOrder(BTC, "keel-k-lag-1").orThrow()).hasValueSatisfying(o -> {
      assertThat(o.venueOrderId()).isEqualTo(placed.venueOrderId());
      assertThat(o.status()).isEqualTo(VenueOrderStatus.FILLED);
    });
  }

  @Test
  void a_fill_that_appears_later_is_reported_by_the_next_lookup() {
    XChangeVenue venue = kraken();
    assertThat(venue.place(buy("1.0", "78004.1", "keel-k-late-1")).orThrow().filledQuantity()).isEqualByComparingTo("0.25");
    FakeExchange.Trade late = fake.addFill(FakeKraken.clientOrderIdOf("keel-k-late-1"), new BigDecimal("0.1"), new BigDecimal("78004.1"));
    OrderReport found = venue.findOrder(BTC, "keel-k-late-1").orThrow().orElseThrow();
    assertThat(found.filledQuantity()).isEqualByComparingTo("0.35");
    assertThat(found.fills()).extracting(VenueFill::tradeId).hasSize(2).endsWith(late.tradeId());
  }

  @Test
  void cancel_cancels_an_open_order_and_answers_false_for_a_final_one() throws Exception {
    XChangeVenue venue = kraken();
    venue.place(buy("1.0", "78011", "keel-k-final-1")).orThrow();
    assertThat(venue.cancel(BTC, "keel-k-final-1").orThrow()).isFalse();
    // a resting order, placed GTC through XChange directly (Keel never does)
    ((KrakenTradeService) venue.exchange().getTradeService()).placeKrakenOrder(KrakenStandardOrder
        .getLimitOrderBuilder(CurrencyPair.BTC_USDT, KrakenType.BUY, "77000", new BigDecimal("0.1"))
        .withClientOrderId(FakeKraken.clientOrderIdOf("keel-k-gtc-1")).buildOrder());
    assertThat(venue.findOrder(BTC, "keel-k-gtc-1").orThrow().orElseThrow().status()).isEqualTo(VenueOrderStatus.OPEN);
    assertThat(venue.cancel(BTC, "keel-k-gtc-1").orThrow()).isTrue();
    assertThat(venue.findOrder(BTC, "keel-k-gtc-1").orThrow().orElseThrow().status()).isEqualTo(VenueOrderStatus.CANCELLED);
    assertThat(fault(venue.cancel(BTC, "keel-k-never-sent")).kind()).isEqualTo(VenueFaultKind.REJECTED);
  }

  @Test
  void a_venue_refusing_connections_is_unavailable_and_nothing_was_sent() {
    FakeKraken gone = FakeKraken.start();
    XChangeVenue venue = XChangeVenues.kraken(VenueId.of("kraken"), gone.connection(Duration.ofSeconds(5)), List.of(BTC), 0, clock);
    assertThat(venue.rules(BTC).isOk()).isTrue();
    gone.close();
    VenueFault f = fault(venue.place(buy("1.0", "78011", "keel-k-refused-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.UNAVAILABLE);
    assertThat(f.kind().outcomeUnknown()).isFalse();
  }

  @Test
  void xchanges_own_retry_and_rate_limiter_are_off() {
    ExchangeSpecification spec = kraken().exchange().getExchangeSpecification();
    assertThat(spec.getResilience().isRetryEnabled()).isFalse();
    assertThat(spec.getResilience().isRateLimiterEnabled()).isFalse();
  }

  @Test
  void a_market_without_a_kraken_pair_is_refused_before_sending() {
    XChangeVenue venue = XChangeVenues.kraken(VenueId.of("kraken"), fake.connection(Duration.ofSeconds(5)), List.of(BTC, Market.of("SOL", "USDT")),
        0, clock);
    VenueFault f = fault(venue.place(new OrderRequest(Market.of("SOL", "USDT"), Side.BUY, BigDecimal.ONE, new BigDecimal("150"), "keel-k-sol-1")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.REJECTED);
    assertThat(fake.placements()).isEmpty();
  }
}
