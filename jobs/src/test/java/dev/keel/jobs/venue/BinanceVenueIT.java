package dev.keel.jobs.venue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.keel.domain.market.FeeSource;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.MarketSnapshot;
import dev.keel.domain.market.SnapshotSpec;
import dev.keel.domain.market.SnapshotStatus;
import dev.keel.domain.market.VenueFault;
import dev.keel.domain.market.VenueFaultKind;
import dev.keel.domain.market.VenueId;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real XChange Binance client against a stub speaking Binance's spot REST API on 127.0.0.1. */
class BinanceVenueIT {

  private static final Market BTC = Market.of("BTC", "USDT");
  private static final Market ETH = Market.of("ETH", "USDT");
  private static final Instant NOW = Instant.parse("2026-04-22T10:00:00Z");
  private static WireMockServer stub;
  private SettableClock clock;

  @BeforeAll
  static void startStub() {
    stub = StubVenue.start();
    // warm the stub and the client once, so the short read timeout of the timeout test measures the delay, not a cold JVM
    new BinanceVenueIT().healthyBinance();
    new BinanceVenueIT().binanceAt(new SettableClock(NOW), Duration.ofSeconds(10)).rules(BTC);
  }

  @AfterAll
  static void stopStub() {
    stub.stop();
  }

  @BeforeEach
  void healthyBinance() {
    stub.resetAll();
    clock = new SettableClock(NOW);
    StubVenue.healthyBinance(stub);
  }

  private XChangeVenue binance() {
    return binance(Duration.ofSeconds(5));
  }

  private XChangeVenue binance(Duration readTimeout) {
    return binanceAt(clock, readTimeout);
  }

  private XChangeVenue binanceAt(SettableClock at, Duration readTimeout) {
    return XChangeVenues.binance(VenueId.of("binance"), StubVenue.connection(stub, readTimeout), List.of(BTC, ETH), 0, at);
  }

  private void depthAnswers(ResponseDefinitionBuilder response) {
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).atPriority(1).willReturn(response));
  }

  private static VenueFault fault(MarketSnapshot s) {
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.VENUE_FAILED);
    return new VenueFault(VenueFaultKind.valueOf(s.outcome().code()), s.outcome().detail(), java.util.OptionalInt.empty(), java.util.Optional.empty());
  }

  @Test
  void a_snapshot_maps_binance_depth_ticker_and_account_fees() {
    MarketSnapshot s = MarketSnapshotter.snapshot(binance(), BTC, SnapshotSpec.standard(), clock);
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.OK);
    assertThat(s.observedAt()).isEqualTo(NOW);
    var m = s.metrics().orElseThrow();
    assertThat(m.bestBid()).isEqualByComparingTo("78000.00");
    assertThat(m.bestAsk()).isEqualByComparingTo("78000.01");
    assertThat(m.mid()).isEqualByComparingTo("78000.005");
    assertThat(m.bidLevels()).isEqualTo(5);
    assertThat(m.depthWithin(10).orElseThrow().askNotional()).isCloseTo(78000.01 * 0.4 + 78000.5 * 1.1 + 78005 * 2.5 + 78010 * 3.0, within(1e-3));
    assertThat(s.volume24h().orElseThrow().quoteNotional()).isCloseTo(621_991_973.4848, within(1e-3));
    assertThat(s.volume24h().orElseThrow().baseQuantity()).isCloseTo(7963.56162, within(1e-9));
    assertThat(s.fees().orElseThrow().source()).isEqualTo(FeeSource.VENUE);
    assertThat(s.fees().orElseThrow().rate().taker()).isCloseTo(0.001, within(1e-12));
    stub.verify(getRequestedFor(urlPathEqualTo("/api/v3/depth"))
        .withQueryParam("limit", com.github.tomakehurst.wiremock.client.WireMock.equalTo("100")));
    stub.verify(com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly(1), getRequestedFor(urlPathEqualTo("/sapi/v1/asset/assetDetail")).withHeader("X-MBX-APIKEY",
        com.github.tomakehurst.wiremock.client.WireMock.equalTo("stub-api-key")));
  }

  @Test
  void market_rules_come_from_exchange_info_filters() {
    MarketRules rules = binance().rules(BTC).orThrow();
    assertThat(rules.tickSize()).isEqualByComparingTo("0.01");
    assertThat(rules.lotSize()).isEqualByComparingTo("0.00001");
    assertThat(rules.minNotional()).isEqualByComparingTo(new BigDecimal("5"));
  }

  @Test
  void a_reply_slower_than_the_read_timeout_is_a_timeout() {
    XChangeVenue venue = binance(Duration.ofMillis(1_000));
    assertThat(StubVenue.connectsWithin(venue, BTC, Duration.ofSeconds(10))).as("start-up within the short timeout").isTrue();
    depthAnswers(okJson(StubVenue.fixture("binance/depth-BTCUSDT.json")).withFixedDelay(3_000));
    MarketSnapshot s = MarketSnapshotter.snapshot(venue, BTC, SnapshotSpec.standard(), clock);
    assertThat(fault(s).kind()).isEqualTo(VenueFaultKind.TIMEOUT);
  }

  @Test
  void an_html_503_is_a_server_error_with_its_status() {
    depthAnswers(aResponse().withStatus(503).withHeader("Content-Type", "text/html").withBody(StubVenue.fixture("binance/error-503.html")));
    VenueResult<VenueBook> r = binance().orderBook(BTC, 100);
    assertThat(r).isInstanceOfSatisfying(VenueResult.Failed.class, f -> {
      assertThat(f.fault().kind()).isEqualTo(VenueFaultKind.SERVER_ERROR);
      assertThat(f.fault().httpStatus()).hasValue(503);
    });
  }

  @Test
  void a_429_is_rate_limited_and_the_venue_is_not_called_again_before_retry_after() {
    depthAnswers(aResponse().withStatus(429).withHeader("Retry-After", "30").withHeader("Content-Type", "application/json")
        .withBody(StubVenue.fixture("binance/error-429.json")));
    XChangeVenue venue = binance();
    VenueResult<VenueBook> first = venue.orderBook(BTC, 100);
    assertThat(first).isInstanceOfSatisfying(VenueResult.Failed.class, f -> {
      assertThat(f.fault().kind()).isEqualTo(VenueFaultKind.RATE_LIMITED);
      assertThat(f.fault().httpStatus()).hasValue(429);
      assertThat(f.fault().retryAfter()).contains(Duration.ofSeconds(30));
    });
    List<MarketSnapshot> rest = MarketSnapshotter.snapshotAll(venue, SnapshotSpec.standard(), clock);
    assertThat(rest).allSatisfy(s -> assertThat(s.outcome().code()).isEqualTo("RATE_LIMITED"));
    stub.verify(1, getRequestedFor(urlPathEqualTo("/api/v3/depth")));
    clock.advance(Duration.ofSeconds(31));
    venue.orderBook(BTC, 100);
    stub.verify(2, getRequestedFor(urlPathEqualTo("/api/v3/depth")));
  }

  @Test
  void a_418_is_a_ban_told_apart_from_a_429() {
    depthAnswers(aResponse().withStatus(418).withHeader("Retry-After", "600").withHeader("Content-Type", "application/json")
        .withBody(StubVenue.fixture("binance/error-418.json")));
    VenueResult<VenueBook> r = binance().orderBook(BTC, 100);
    assertThat(r).isInstanceOfSatisfying(VenueResult.Failed.class, f -> {
      assertThat(f.fault().kind()).isEqualTo(VenueFaultKind.BANNED);
      assertThat(f.fault().retryAfter()).contains(Duration.ofSeconds(600));
    });
  }

  @Test
  void malformed_json_is_malformed_data() {
    depthAnswers(okJson(StubVenue.fixture("binance/malformed-depth.json")));
    MarketSnapshot s = MarketSnapshotter.snapshot(binance(), BTC, SnapshotSpec.standard(), clock);
    assertThat(fault(s).kind()).as(s.outcome().detail()).isEqualTo(VenueFaultKind.MALFORMED_DATA);
  }

  @Test
  void a_nan_price_is_found_by_reading_the_reply_once_more_and_quarantines_the_market() {
    depthAnswers(okJson(StubVenue.fixture("binance/depth-nan-price.json")));
    MarketSnapshot s = MarketSnapshotter.snapshot(binance(), BTC, SnapshotSpec.standard(), clock);
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.QUARANTINED);
    assertThat(s.outcome().detail()).isEqualTo("BTC/USDT: depth asks[0][0] (ask level 0 price) NaN");
    // XChange's Binance client kept no body of the reply it could not read: the venue asked once more, without XChange
    stub.verify(2, getRequestedFor(urlPathEqualTo("/api/v3/depth")).withQueryParam("symbol",
        com.github.tomakehurst.wiremock.client.WireMock.equalTo("BTCUSDT")));
  }

  @Test
  void a_crossed_book_is_quarantined_with_its_prices() {
    depthAnswers(okJson(StubVenue.fixture("binance/depth-crossed.json")));
    MarketSnapshot s = MarketSnapshotter.snapshot(binance(), BTC, SnapshotSpec.standard(), clock);
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.QUARANTINED);
    assertThat(s.outcome().code()).isEqualTo("CROSSED_BOOK");
    assertThat(s.outcome().detail()).contains("78010").contains("78000");
  }

  @Test
  void a_zero_price_and_an_empty_book_are_quarantined() {
    depthAnswers(okJson(StubVenue.fixture("binance/depth-zero-price.json")));
    assertThat(MarketSnapshotter.snapshot(binance(), BTC, SnapshotSpec.standard(), clock).outcome().code()).isEqualTo("NON_POSITIVE_PRICE");
    depthAnswers(okJson(StubVenue.fixture("binance/depth-empty.json")));
    assertThat(MarketSnapshotter.snapshot(binance(), BTC, SnapshotSpec.standard(), clock).outcome().code()).isEqualTo("EMPTY_BOOK");
  }

  @Test
  void one_failing_market_does_not_stop_the_others() {
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).atPriority(1)
        .withQueryParam("symbol", com.github.tomakehurst.wiremock.client.WireMock.equalTo("BTCUSDT"))
        .willReturn(aResponse().withStatus(500).withBody("<html>500</html>")));
    List<MarketSnapshot> all = MarketSnapshotter.snapshotAll(binance(), SnapshotSpec.standard(), clock);
    assertThat(all).extracting(s -> s.outcome().status()).containsExactly(SnapshotStatus.VENUE_FAILED, SnapshotStatus.OK);
  }

  @Test
  void a_failed_start_up_is_a_typed_fault_and_the_next_call_connects() {
    stub.stubFor(get(urlPathEqualTo("/api/v3/exchangeInfo")).atPriority(1).inScenario("start-up").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(502).withBody("bad gateway")).willSetStateTo("recovered"));
    XChangeVenue venue = binance();
    VenueResult<VenueBook> first = venue.orderBook(BTC, 100);
    assertThat(first).isInstanceOfSatisfying(VenueResult.Failed.class,
        f -> assertThat(f.fault().kind()).isIn(VenueFaultKind.SERVER_ERROR, VenueFaultKind.UNAVAILABLE));
    assertThat(venue.orderBook(BTC, 100).isOk()).isTrue();
  }

  @Test
  void fees_fall_back_to_the_configured_schedule_when_the_account_call_is_refused() {
    stub.stubFor(get(urlPathEqualTo("/api/v3/account")).atPriority(1).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json").withBody("{\"code\":-2015,\"msg\":\"Invalid API-key, IP, or permissions for action.\"}")));
    MarketSnapshot s = MarketSnapshotter.snapshot(binance(), BTC, SnapshotSpec.standard(), clock);
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.OK);
    assertThat(s.fees().orElseThrow().source()).isEqualTo(FeeSource.CONFIGURATION);
    assertThat(s.fees().orElseThrow().rate().taker()).isCloseTo(0.001, within(1e-12));
  }
}
