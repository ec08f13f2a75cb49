package dev.keel.jobs.venue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.keel.domain.market.FeeSource;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.MarketSnapshot;
import dev.keel.domain.market.SnapshotSpec;
import dev.keel.domain.market.SnapshotStatus;
import dev.keel.domain.market.VenueFault;
import dev.keel.domain.market.VenueFaultKind;
import dev.keel.domain.market.VenueId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real XChange Kraken client against a stub speaking Kraken's spot REST API on 127.0.0.1. */
class KrakenVenueIT {

  private static final Market BTC = Market.of("BTC", "USDT");
  private static final Market ETH = Market.of("ETH", "USDT");
  private static final Instant NOW = Instant.parse("2026-04-22T10:00:00Z");
  private static WireMockServer stub;
  private SettableClock clock;

  @BeforeAll
  static void startStub() {
    stub = StubVenue.start();
    // warm the stub and the client once, so the short read timeout of the timeout test measures the delay, not a cold JVM
    new KrakenVenueIT().healthyKraken();
    new KrakenVenueIT().krakenAt(new SettableClock(NOW), Duration.ofSeconds(10)).rules(BTC);
  }

  @AfterAll
  static void stopStub() {
    stub.stop();
  }

  @BeforeEach
  void healthyKraken() {
    stub.resetAll();
    clock = new SettableClock(NOW);
    StubVenue.healthyKraken(stub);
  }

  private XChangeVenue kraken() {
    return krakenAt(clock, Duration.ofSeconds(5));
  }

  private XChangeVenue krakenAt(SettableClock at, Duration readTimeout) {
    return XChangeVenues.kraken(VenueId.of("kraken"), StubVenue.connection(stub, readTimeout), List.of(BTC, ETH), 0, at);
  }

  private void depthAnswers(ResponseDefinitionBuilder response) {
    stub.stubFor(get(urlPathEqualTo("/0/public/Depth")).atPriority(1).willReturn(response));
  }

  private static VenueFault fault(VenueResult<?> r) {
    assertThat(r).isInstanceOf(VenueResult.Failed.class);
    return ((VenueResult.Failed<?>) r).fault();
  }

  @Test
  void a_snapshot_maps_kraken_depth_ticker_and_trade_volume_fees() {
    MarketSnapshot s = MarketSnapshotter.snapshot(kraken(), BTC, SnapshotSpec.standard(), clock);
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.OK);
    var m = s.metrics().orElseThrow();
    assertThat(m.bestBid()).isEqualByComparingTo("78003.9");
    assertThat(m.bestAsk()).isEqualByComparingTo("78004.1");
    assertThat(m.spreadBps()).isCloseTo(0.2 / 78004.0 * 1e4, within(1e-9));
    assertThat(m.askLevels()).isEqualTo(4);
    // Kraken's ticker has no quote volume: base volume times the 24h VWAP
    assertThat(s.volume24h().orElseThrow().quoteNotional()).isCloseTo(1289.30011732 * 78101.27730, within(1e-3));
    assertThat(s.fees().orElseThrow().source()).isEqualTo(FeeSource.VENUE);
    assertThat(s.fees().orElseThrow().rate().maker()).isCloseTo(0.0025, within(1e-12));
    assertThat(s.fees().orElseThrow().rate().taker()).isCloseTo(0.0040, within(1e-12));
    stub.verify(getRequestedFor(urlPathEqualTo("/0/public/Depth")).withQueryParam("count", equalTo("100")));
    stub.verify(postRequestedFor(urlPathEqualTo("/0/private/TradeVolume")).withHeader("API-Key", equalTo("stub-api-key"))
        .withRequestBody(containing("XBTUSDT")));
  }

  @Test
  void market_rules_come_from_asset_pairs() {
    MarketRules rules = kraken().rules(BTC).orThrow();
    assertThat(rules.tickSize()).isEqualByComparingTo("0.1");
    assertThat(rules.lotSize()).isEqualByComparingTo("0.00000001");
  }

  @Test
  void a_reply_slower_than_the_read_timeout_is_a_timeout() {
    XChangeVenue venue = krakenAt(clock, Duration.ofMillis(1_000));
    assertThat(StubVenue.connectsWithin(venue, BTC, Duration.ofSeconds(10))).as("start-up within the short timeout").isTrue();
    depthAnswers(okJson(StubVenue.fixture("kraken/Depth-XBTUSDT.json")).withFixedDelay(3_000));
    assertThat(fault(venue.orderBook(BTC, 100)).kind()).isEqualTo(VenueFaultKind.TIMEOUT);
  }

  @Test
  void a_502_is_a_server_error_with_its_status() {
    depthAnswers(aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody("<html>502 Bad Gateway</html>"));
    VenueFault f = fault(kraken().orderBook(BTC, 100));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.SERVER_ERROR);
    assertThat(f.httpStatus()).hasValue(502);
  }

  @Test
  void a_429_with_retry_after_pauses_the_venue() {
    depthAnswers(aResponse().withStatus(429).withHeader("Retry-After", "20").withHeader("Content-Type", "application/json")
        .withBody(StubVenue.fixture("kraken/error-rate-limit.json")));
    XChangeVenue venue = kraken();
    VenueFault f = fault(venue.orderBook(BTC, 100));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.RATE_LIMITED);
    assertThat(f.retryAfter()).contains(Duration.ofSeconds(20));
    assertThat(fault(venue.orderBook(ETH, 100)).detail()).startsWith("not called");
    stub.verify(1, getRequestedFor(urlPathEqualTo("/0/public/Depth")));
  }

  @Test
  void krakens_rate_limit_error_in_a_200_reply_is_rate_limited() {
    depthAnswers(okJson(StubVenue.fixture("kraken/error-rate-limit.json")));
    VenueFault f = fault(kraken().orderBook(BTC, 100));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.RATE_LIMITED);
    assertThat(f.retryAfter()).isEmpty();
  }

  @Test
  void krakens_service_unavailable_error_is_unavailable() {
    depthAnswers(okJson(StubVenue.fixture("kraken/error-unavailable.json")));
    assertThat(fault(kraken().orderBook(BTC, 100)).kind()).isEqualTo(VenueFaultKind.UNAVAILABLE);
  }

  @Test
  void malformed_json_is_malformed_data() {
    depthAnswers(okJson(StubVenue.fixture("kraken/malformed-depth.json")));
    VenueFault f = fault(kraken().orderBook(BTC, 100));
    assertThat(f.kind()).as(f.detail()).isEqualTo(VenueFaultKind.MALFORMED_DATA);
  }

  @Test
  void a_crossed_book_is_quarantined() {
    depthAnswers(okJson(StubVenue.fixture("kraken/Depth-crossed.json")));
    MarketSnapshot s = MarketSnapshotter.snapshot(kraken(), BTC, SnapshotSpec.standard(), clock);
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.QUARANTINED);
    assertThat(s.outcome().code()).isEqualTo("CROSSED_BOOK");
  }

  @Test
  void a_missing_ticker_leaves_the_volume_empty_but_the_book_usable() {
    stub.stubFor(get(urlPathEqualTo("/0/public/Ticker")).atPriority(1).willReturn(aResponse().withStatus(500)));
    MarketSnapshot s = MarketSnapshotter.snapshot(kraken(), BTC, SnapshotSpec.standard(), clock);
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.OK);
    assertThat(s.volume24h()).isEmpty();
  }
}
