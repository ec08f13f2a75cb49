package dev.keel.jobs.snapshot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.VenueId;
import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.jobs.venue.PaperVenues;
import dev.keel.jobs.venue.StubVenue;
import dev.keel.jobs.venue.XChangeVenue;
import dev.keel.jobs.venue.XChangeVenues;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * marketSnapshotJob end to end: paper venues and the real XChange Binance client against a stub
 * server, stored snapshots checked with SQL; one venue failing does not stop the others.
 */
class MarketSnapshotJobIT {

  private static final List<RegisteredVenue> VENUES = new ArrayList<>();
  private static AnnotationConfigApplicationContext ctx;
  private static CycleLauncher launcher;
  private static WireMockServer stub;
  private final TestDatabase db = TestDatabase.get();

  @Configuration(proxyBeanMethods = false)
  static class TestVenues {
    @Bean
    List<RegisteredVenue> registeredVenues() {
      return VENUES;
    }
  }

  @BeforeAll
  static void start() {
    stub = StubVenue.start();
    ctx = JobsTestContext.start(MarketSnapshotJobConfig.class, TestVenues.class);
    launcher = ctx.getBean(CycleLauncher.class);
  }

  @AfterAll
  static void stop() {
    ctx.close();
    stub.stop();
  }

  @BeforeEach
  void clean() {
    db.reset();
    VENUES.clear();
    stub.resetAll();
    StubVenue.healthyBinance(stub);
  }

  private static void paperVenues() {
    for (XChangeVenue v : PaperVenues.standard(42, ctx.getBean(Clock.class))) {
      VENUES.add(new RegisteredVenue(v, "PAPER", "Paper " + v.id()));
    }
  }

  private static void binance() {
    binance(Market.of("BTC", "USDT"), Market.of("ETH", "USDT"));
  }

  private static void binance(Market... markets) {
    VENUES.add(new RegisteredVenue(XChangeVenues.binance(VenueId.of("binance"), StubVenue.connection(stub, Duration.ofSeconds(2)),
        List.of(markets), 0, ctx.getBean(Clock.class)), "BINANCE", "Binance"));
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private Map<String, Object> snapshot(String venue, String asset) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT s.* FROM market_snapshot s JOIN market m ON m.id = s.market_id"
        + " WHERE m.venue_id = :v AND m.base_asset = :a").bind("v", venue).bind("a", asset).mapToMap().one());
  }

  private Map<String, Object> venueOutcome(String venue) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM venue_snapshot WHERE venue_id = :v").bind("v", venue).mapToMap().one());
  }

  private LaunchOutcome run(String cycle) {
    return launcher.launch(MarketSnapshotJobConfig.JOB, Instant.parse(cycle));
  }

  @Test
  void paper_venues_give_one_ok_snapshot_per_market_and_price_bars_per_asset() {
    paperVenues();
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    assertThat(count("SELECT count(*) FROM market WHERE venue_id IN ('paper-a', 'paper-b')")).isEqualTo(50);
    assertThat(count("SELECT count(*) FROM market_snapshot WHERE outcome = 'OK'")).isEqualTo(50);
    assertThat(db.jdbi().<List<String>, RuntimeException>withHandle(h -> h.createQuery("SELECT m.venue_id || ' ' || m.base_asset || ' ' || s.spread_bps || ' '"
            + " || s.depth_bid_50 || ' ' || s.cost_buy_1k || ' ' || s.cost_buy_10k FROM market_snapshot s JOIN market m ON m.id = s.market_id"
            + " WHERE NOT (spread_bps > 0 AND mid > 0 AND best_ask > best_bid AND depth_bid_50 > 0 AND depth_ask_100 >= depth_ask_50"
            + " AND cost_buy_10k >= cost_buy_1k - 1e-12 AND taker_fee > 0)").mapTo(String.class).list()))
        .as("snapshots with an implausible figure").isEmpty();
    assertThat(count("SELECT count(*) FROM venue_snapshot WHERE outcome = 'OK'")).isEqualTo(2);
    assertThat(count("SELECT count(DISTINCT asset) FROM price_bar WHERE bar_interval = '1m'")).isEqualTo(25);
    assertThat(count("SELECT count(*) FROM price_bar")).isEqualTo(75);
    Map<String, Object> btc = snapshot("paper-a", "BTC");
    assertThat(((Number) btc.get("spread_bps")).doubleValue()).isBetween(1.0, 10.0);
    Map<String, Object> yfi = snapshot("paper-a", "YFI");
    assertThat(((Number) yfi.get("spread_bps")).doubleValue()).isGreaterThan(((Number) btc.get("spread_bps")).doubleValue() * 5);
  }

  @Test
  void a_cycle_run_twice_stores_nothing_twice() {
    paperVenues();
    run("2026-11-24T10:00:00Z");
    assertThat(run("2026-11-24T10:00:00Z").kind()).isEqualTo(LaunchOutcome.Kind.ALREADY_COMPLETE);
    run("2026-11-24T10:01:00Z");
    assertThat(count("SELECT count(*) FROM market_snapshot")).isEqualTo(100);
    assertThat(count("SELECT count(*) FROM venue_snapshot")).isEqualTo(4);
    assertThat(count("SELECT count(*) FROM price_bar WHERE bar_interval = '1m'")).as("one 1m bar per asset: the clock is fixed").isEqualTo(25);
  }

  @Test
  void a_venue_answering_5xx_is_recorded_failed_and_the_others_complete() {
    paperVenues();
    binance();
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).atPriority(1).willReturn(aResponse().withStatus(503)
        .withHeader("Content-Type", "text/html").withBody(StubVenue.fixture("binance/error-503.html"))));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    assertThat(count("SELECT count(*) FROM market_snapshot s JOIN market m ON m.id = s.market_id"
        + " WHERE m.venue_id LIKE 'paper-%' AND s.outcome = 'OK'")).isEqualTo(50);
    Map<String, Object> b = snapshot("binance", "BTC");
    assertThat(b.get("outcome")).isEqualTo("VENUE_FAILED");
    assertThat((String) b.get("reason")).contains("503");
    assertThat(b.get("mid")).isNull();
    Map<String, Object> v = venueOutcome("binance");
    assertThat(v.get("outcome")).isEqualTo("FAILED");
    assertThat((String) v.get("reason")).contains("VENUE_FAILED");
  }

  @Test
  void a_venue_answering_429_is_recorded_rate_limited() {
    binance();
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).atPriority(1).willReturn(aResponse().withStatus(429)
        .withHeader("Retry-After", "30").withHeader("Content-Type", "application/json").withBody(StubVenue.fixture("binance/error-429.json"))));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    Map<String, Object> b = snapshot("binance", "ETH");
    assertThat(b.get("outcome")).isEqualTo("VENUE_FAILED");
    assertThat((String) b.get("reason_code")).containsIgnoringCase("rate");
    assertThat(count("SELECT count(*) FROM price_bar")).isZero();
  }

  @Test
  void malformed_json_is_recorded_as_a_failed_venue() {
    binance();
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).atPriority(1).willReturn(okJson(StubVenue.fixture("binance/malformed-depth.json"))));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    assertThat(snapshot("binance", "BTC").get("outcome")).isEqualTo("VENUE_FAILED");
    assertThat((String) snapshot("binance", "BTC").get("reason")).containsIgnoringCase("malformed");
  }

  @Test
  void a_crossed_book_quarantines_that_market_alone() {
    binance();
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).withQueryParam("symbol", equalTo("BTCUSDT")).atPriority(1)
        .willReturn(okJson(StubVenue.fixture("binance/depth-crossed.json"))));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    Map<String, Object> btc = snapshot("binance", "BTC");
    assertThat(btc.get("outcome")).isEqualTo("QUARANTINED");
    assertThat((String) btc.get("reason")).containsIgnoringCase("cross");
    assertThat(btc.get("mid")).as("no price is kept from a quarantined book").isNull();
    assertThat(snapshot("binance", "ETH").get("outcome")).isEqualTo("OK");
    assertThat(venueOutcome("binance").get("outcome")).isEqualTo("PARTIAL");
    assertThat(count("SELECT count(*) FROM price_bar WHERE asset = 'BTC'")).as("BTC has no healthy mid").isZero();
    assertThat(count("SELECT count(*) FROM price_bar WHERE asset = 'ETH'")).isEqualTo(3);
  }

  private static void kraken() {
    kraken(Duration.ofSeconds(2), Market.of("BTC", "USDT"));
  }

  private static void kraken(Duration readTimeout, Market... markets) {
    StubVenue.healthyKraken(stub);
    VENUES.add(new RegisteredVenue(XChangeVenues.kraken(VenueId.of("kraken"), StubVenue.connection(stub, readTimeout),
        List.of(markets), 0, ctx.getBean(Clock.class)), "KRAKEN", "Kraken"));
  }

  @Test
  void kraken_through_the_real_client_stores_its_book_fees_and_volume() {
    kraken();
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    Map<String, Object> btc = snapshot("kraken", "BTC");
    assertThat(btc.get("outcome")).isEqualTo("OK");
    assertThat(((Number) btc.get("best_ask")).doubleValue()).isGreaterThan(((Number) btc.get("best_bid")).doubleValue());
    assertThat(btc.get("fee_source")).isEqualTo("VENUE");
    assertThat(((Number) btc.get("taker_fee")).doubleValue()).isEqualTo(0.004);
    assertThat(btc.get("volume_24h")).isNotNull();
    assertThat(count("SELECT count(*) FROM market WHERE venue_id = 'kraken' AND lot_size > 0 AND tick_size > 0")).isEqualTo(1);
    assertThat(venueOutcome("kraken").get("outcome")).isEqualTo("OK");
  }

  @Test
  void kraken_reporting_its_service_unavailable_is_recorded_failed() {
    kraken();
    stub.stubFor(get(urlPathEqualTo("/0/public/Depth")).atPriority(1).willReturn(okJson(StubVenue.fixture("kraken/error-unavailable.json"))));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    assertThat(snapshot("kraken", "BTC").get("outcome")).isEqualTo("VENUE_FAILED");
    assertThat(venueOutcome("kraken").get("outcome")).isEqualTo("FAILED");
  }

  @Test
  void zero_prices_quarantine_the_market() {
    binance();
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).atPriority(1).willReturn(okJson(StubVenue.fixture("binance/depth-zero-price.json"))));
    run("2026-11-24T10:00:00Z");
    assertThat(snapshot("binance", "BTC").get("outcome")).isEqualTo("QUARANTINED");
    assertThat(snapshot("binance", "BTC").get("mid")).isNull();
  }

  @Test
  void a_read_timeout_is_recorded_failed_without_holding_up_the_other_venue() {
    paperVenues();
    VENUES.add(new RegisteredVenue(XChangeVenues.binance(VenueId.of("binance"), StubVenue.connection(stub, Duration.ofMillis(1_500)),
        List.of(Market.of("BTC", "USDT")), 0, ctx.getBean(Clock.class)), "BINANCE", "Binance"));
    // the timeout covers start-up calls too: wide enough for a cold stub on a loaded machine, well short of the delay
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).atPriority(1).willReturn(okJson(StubVenue.fixture("binance/depth-BTCUSDT.json"))
        .withFixedDelay(5_000)));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    assertThat(snapshot("binance", "BTC").get("outcome")).isEqualTo("VENUE_FAILED");
    assertThat(((String) snapshot("binance", "BTC").get("reason")).toLowerCase()).containsAnyOf("timeout", "timed out");
    assertThat(count("SELECT count(*) FROM market_snapshot s JOIN market m ON m.id = s.market_id WHERE m.venue_id = 'paper-a'"
        + " AND s.outcome = 'OK'")).isEqualTo(25);
  }

  @Test
  void an_empty_book_quarantines_the_market() {
    binance();
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).atPriority(1).willReturn(okJson(StubVenue.fixture("binance/depth-empty.json"))));
    run("2026-11-24T10:00:00Z");
    assertThat(snapshot("binance", "ETH").get("outcome")).isEqualTo("QUARANTINED");
    assertThat((String) snapshot("binance", "ETH").get("reason")).containsIgnoringCase("empty");
  }

  // ---- M2: bad numbers from a real venue quarantine the market, not the venue ----

  private static double number(Object o) {
    return ((Number) o).doubleValue();
  }

  @Test
  void a_nan_price_in_a_binance_book_quarantines_that_market_naming_the_field_and_the_other_market_is_stored() {
    binance();
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).withQueryParam("symbol", equalTo("BTCUSDT")).atPriority(1)
        .willReturn(okJson(StubVenue.fixture("binance/depth-nan-price.json"))));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    Map<String, Object> btc = snapshot("binance", "BTC");
    assertThat(btc.get("outcome")).isEqualTo("QUARANTINED");
    assertThat(btc.get("reason_code")).isEqualTo("NON_FINITE_NUMBER");
    assertThat((String) btc.get("reason")).contains("BTC/USDT").contains("asks[0][0] (ask level 0 price)").contains("NaN");
    assertThat(btc.get("mid")).isNull();
    assertThat(btc.get("cost_buy_1k")).isNull();
    assertThat(snapshot("binance", "ETH").get("outcome")).isEqualTo("OK");
    assertThat(venueOutcome("binance").get("outcome")).isEqualTo("PARTIAL");
    assertThat((String) venueOutcome("binance").get("reason")).contains("QUARANTINED NON_FINITE_NUMBER");
    assertThat(count("SELECT count(*) FROM price_bar WHERE asset = 'BTC'")).isZero();
    assertThat(count("SELECT count(*) FROM price_bar WHERE asset = 'ETH'")).isEqualTo(3);
  }

  @Test
  void a_negative_price_in_a_binance_book_quarantines_that_market_with_the_value() {
    binance();
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).withQueryParam("symbol", equalTo("BTCUSDT")).atPriority(1)
        .willReturn(okJson(StubVenue.fixture("binance/depth-negative-price.json"))));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    Map<String, Object> btc = snapshot("binance", "BTC");
    assertThat(btc.get("outcome")).isEqualTo("QUARANTINED");
    assertThat(btc.get("reason_code")).isEqualTo("NON_POSITIVE_PRICE");
    assertThat((String) btc.get("reason")).contains("BTC/USDT: bid level").contains("price -78000.00000000");
    assertThat(btc.get("mid")).isNull();
    assertThat(snapshot("binance", "ETH").get("outcome")).isEqualTo("OK");
  }

  @Test
  void an_infinite_last_price_in_a_binance_ticker_quarantines_that_market() {
    binance();
    stub.stubFor(get(urlPathEqualTo("/api/v3/ticker/24hr")).withQueryParam("symbol", equalTo("BTCUSDT")).atPriority(1)
        .willReturn(okJson(StubVenue.fixture("binance/ticker-infinite-last.json"))));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    Map<String, Object> btc = snapshot("binance", "BTC");
    assertThat(btc.get("outcome")).isEqualTo("QUARANTINED");
    assertThat(btc.get("reason_code")).isEqualTo("NON_FINITE_NUMBER");
    assertThat((String) btc.get("reason")).contains("BTC/USDT: ticker lastPrice Infinity");
    assertThat(btc.get("mid")).isNull();
    assertThat(snapshot("binance", "ETH").get("outcome")).isEqualTo("OK");
  }

  @Test
  void a_nan_price_in_a_kraken_book_quarantines_that_market_naming_the_field() {
    kraken(Duration.ofSeconds(2), Market.of("BTC", "USDT"), Market.of("ETH", "USDT"));
    stub.stubFor(get(urlPathEqualTo("/0/public/Depth")).withQueryParam("pair", equalTo("ETHUSDT"))
        .willReturn(okJson(StubVenue.fixture("kraken/Depth-XBTUSDT.json").replace("XBTUSDT", "ETHUSDT"))));
    stub.stubFor(get(urlPathEqualTo("/0/public/Depth")).withQueryParam("pair", equalTo("XBTUSDT")).atPriority(1)
        .willReturn(okJson(StubVenue.fixture("kraken/Depth-nan.json"))));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    Map<String, Object> btc = snapshot("kraken", "BTC");
    assertThat(btc.get("outcome")).isEqualTo("QUARANTINED");
    assertThat(btc.get("reason_code")).isEqualTo("NON_FINITE_NUMBER");
    assertThat((String) btc.get("reason")).contains("BTC/USDT: depth result.XBTUSDT.asks[0][0] (ask level 0 price) NaN");
    assertThat(snapshot("kraken", "ETH").get("outcome")).isEqualTo("OK");
    assertThat(venueOutcome("kraken").get("outcome")).isEqualTo("PARTIAL");
  }

  // ---- M1: a venue whose book time lags is recorded STALE ----

  @Test
  void a_paper_venue_whose_books_are_five_minutes_old_is_recorded_stale_and_left_out_of_the_price_bars() {
    Clock jobClock = ctx.getBean(Clock.class);
    List<Market> two = List.of(Market.of("BTC", "USDT"), Market.of("ETH", "USDT"));
    XChangeVenue lagging = PaperVenues.standard(42, Clock.offset(jobClock, Duration.ofMinutes(-5)), two).get(0);
    XChangeVenue current = PaperVenues.standard(42, jobClock, two).get(1);
    VENUES.add(new RegisteredVenue(lagging, "PAPER", "Paper, lagging"));
    VENUES.add(new RegisteredVenue(current, "PAPER", "Paper"));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    Map<String, Object> stale = snapshot("paper-a", "BTC");
    assertThat(stale.get("outcome")).isEqualTo("STALE");
    assertThat(stale.get("reason_code")).isEqualTo("VENUE_TIME_TOO_OLD");
    assertThat((String) stale.get("reason")).contains("2026-11-24T09:55:00Z").contains("PT3M");
    assertThat(count("SELECT count(*) FROM market_snapshot s JOIN market m ON m.id = s.market_id WHERE m.venue_id = 'paper-a'"
        + " AND s.outcome = 'STALE' AND s.venue_time = '2026-11-24T09:55:00Z' AND s.taken_at = '2026-11-24T10:00:00Z'")).isEqualTo(2);
    assertThat(snapshot("paper-b", "BTC").get("outcome")).isEqualTo("OK");
    assertThat(venueOutcome("paper-a").get("outcome")).isEqualTo("FAILED");
    assertThat((String) venueOutcome("paper-a").get("reason")).contains("STALE VENUE_TIME_TOO_OLD=2");
    assertThat(count("SELECT count(*) FROM price_bar p WHERE p.asset = 'BTC' AND p.bar_interval = '1m' AND p.close ="
        + " (SELECT s.mid FROM market_snapshot s JOIN market m ON m.id = s.market_id WHERE m.venue_id = 'paper-b' AND m.base_asset = 'BTC')"))
        .as("the 1m bar is paper-b's mid alone: the stale mid is not in it").isEqualTo(1);
  }

  // ---- M3: depth below the order size ----

  @Test
  void a_book_thinner_than_100k_stores_no_cost_for_100k_with_a_reason_and_stores_the_smaller_sizes() {
    binance();
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).withQueryParam("symbol", equalTo("BTCUSDT")).atPriority(1)
        .willReturn(okJson(StubVenue.fixture("binance/depth-thin.json"))));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    Map<String, Object> btc = snapshot("binance", "BTC");
    assertThat(btc.get("outcome")).isEqualTo("OK");
    assertThat(btc.get("cost_buy_100k")).as("the asks hold about 39k").isNull();
    assertThat(btc.get("cost_sell_100k")).as("the bids hold about 39k").isNull();
    assertThat(number(btc.get("cost_buy_1k"))).isCloseTo(0.005 / 78000.005, within(1e-12));
    assertThat(btc.get("cost_sell_1k")).isNotNull();
    // 10k = 0.128 BTC: 0.1 at 78000.01 and the rest at 78010
    double q = 10_000 / 78000.005;
    double avg = (0.1 * 78000.01 + (q - 0.1) * 78010) / q;
    assertThat(number(btc.get("cost_buy_10k"))).isCloseTo((avg - 78000.005) / 78000.005, within(1e-12));
    assertThat(btc.get("cost_sell_10k")).isNotNull();
    assertThat(snapshot("binance", "ETH").get("cost_buy_100k")).as("ETH's book holds 100k").isNotNull();
    Map<String, Object> v = venueOutcome("binance");
    assertThat(v.get("outcome")).isEqualTo("OK");
    assertThat((String) v.get("reason")).contains("depth below the order size").contains("BTC/USDT buy 100000")
        .contains("BTC/USDT sell 100000").doesNotContain("ETH/USDT");
  }

  // ---- Kraken faults through the job ----

  @Test
  void kraken_timing_out_is_recorded_failed() {
    kraken(Duration.ofMillis(1_500), Market.of("BTC", "USDT"));
    stub.stubFor(get(urlPathEqualTo("/0/public/Depth")).atPriority(1).willReturn(okJson(StubVenue.fixture("kraken/Depth-XBTUSDT.json"))
        .withFixedDelay(5_000)));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    Map<String, Object> btc = snapshot("kraken", "BTC");
    assertThat(btc.get("outcome")).isEqualTo("VENUE_FAILED");
    assertThat(btc.get("reason_code")).isEqualTo("TIMEOUT");
    assertThat(btc.get("mid")).isNull();
    assertThat(venueOutcome("kraken").get("outcome")).isEqualTo("FAILED");
  }

  @Test
  void kraken_answering_502_is_recorded_as_a_server_error() {
    kraken();
    stub.stubFor(get(urlPathEqualTo("/0/public/Depth")).atPriority(1).willReturn(aResponse().withStatus(502)
        .withHeader("Content-Type", "text/html").withBody("<html>502 Bad Gateway</html>")));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    Map<String, Object> btc = snapshot("kraken", "BTC");
    assertThat(btc.get("outcome")).isEqualTo("VENUE_FAILED");
    assertThat(btc.get("reason_code")).isEqualTo("SERVER_ERROR");
    assertThat((String) btc.get("reason")).contains("HTTP 502");
    assertThat(venueOutcome("kraken").get("outcome")).isEqualTo("FAILED");
  }

  @Test
  void kraken_answering_429_with_retry_after_is_rate_limited_and_its_next_market_is_not_called() {
    kraken(Duration.ofSeconds(2), Market.of("BTC", "USDT"), Market.of("ETH", "USDT"));
    stub.stubFor(get(urlPathEqualTo("/0/public/Depth")).atPriority(1).willReturn(aResponse().withStatus(429)
        .withHeader("Retry-After", "20").withHeader("Content-Type", "application/json")
        .withBody(StubVenue.fixture("kraken/error-rate-limit.json"))));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    Map<String, Object> btc = snapshot("kraken", "BTC");
    assertThat(btc.get("outcome")).isEqualTo("VENUE_FAILED");
    assertThat(btc.get("reason_code")).isEqualTo("RATE_LIMITED");
    assertThat((String) btc.get("reason")).contains("HTTP 429, retry after PT20S");
    Map<String, Object> eth = snapshot("kraken", "ETH");
    assertThat(eth.get("reason_code")).isEqualTo("RATE_LIMITED");
    assertThat((String) eth.get("reason")).contains("not called");
    stub.verify(1, getRequestedFor(urlPathEqualTo("/0/public/Depth")));
    assertThat(venueOutcome("kraken").get("outcome")).isEqualTo("FAILED");
    assertThat(count("SELECT count(*) FROM price_bar")).isZero();
  }

  @Test
  void kraken_sending_malformed_json_is_recorded_as_malformed_data() {
    kraken();
    stub.stubFor(get(urlPathEqualTo("/0/public/Depth")).atPriority(1).willReturn(okJson(StubVenue.fixture("kraken/malformed-depth.json"))));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    Map<String, Object> btc = snapshot("kraken", "BTC");
    assertThat(btc.get("outcome")).isEqualTo("VENUE_FAILED");
    assertThat(btc.get("reason_code")).isEqualTo("MALFORMED_DATA");
    assertThat(venueOutcome("kraken").get("outcome")).isEqualTo("FAILED");
  }

  // ---- Binance's healthy path, column by column ----

  @Test
  void binance_through_the_real_client_stores_prices_depth_costs_fees_and_volume() {
    binance();
    stub.stubFor(get(urlPathEqualTo("/api/v3/account")).atPriority(1).willReturn(okJson(StubVenue.fixture("binance/account-discounted.json"))));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    Map<String, Object> b = snapshot("binance", "BTC");
    assertThat(b.get("outcome")).isEqualTo("OK");
    assertThat(b.get("reason")).isNull();
    assertThat((java.math.BigDecimal) b.get("best_bid")).isEqualByComparingTo("78000");
    assertThat((java.math.BigDecimal) b.get("best_ask")).isEqualByComparingTo("78000.01");
    assertThat((java.math.BigDecimal) b.get("mid")).isEqualByComparingTo("78000.005");
    assertThat(number(b.get("spread_bps"))).isCloseTo(0.01 / 78000.005 * 1e4, within(1e-12));
    assertThat(b.get("bid_levels")).isEqualTo(5);
    assertThat(b.get("ask_levels")).isEqualTo(5);
    // bids within 10 bps: all but 77900 (12.8 bps away); within 50 and 100 bps: all five
    assertThat((java.math.BigDecimal) b.get("depth_bid_10")).isEqualByComparingTo("561554.40");
    assertThat((java.math.BigDecimal) b.get("depth_bid_50")).isEqualByComparingTo("1340554.40");
    assertThat((java.math.BigDecimal) b.get("depth_bid_100")).isEqualByComparingTo("1340554.40");
    assertThat((java.math.BigDecimal) b.get("depth_ask_10")).isEqualByComparingTo("546043.05");
    assertThat((java.math.BigDecimal) b.get("depth_ask_50")).isEqualByComparingTo("1483243.05");
    assertThat((java.math.BigDecimal) b.get("depth_ask_100")).isEqualByComparingTo("1483243.05");
    // 1k and 10k fill at the touch: half the spread; 100k = 1.282 BTC: 0.4 at 78000.01, the rest at 78000.5
    assertThat(number(b.get("cost_buy_1k"))).isCloseTo(0.005 / 78000.005, within(1e-13));
    assertThat(number(b.get("cost_sell_10k"))).isCloseTo(0.005 / 78000.005, within(1e-13));
    double q = 100_000 / 78000.005;
    double avg = (0.4 * 78000.01 + (q - 0.4) * 78000.5) / q;
    assertThat(number(b.get("cost_buy_100k"))).isCloseTo((avg - 78000.005) / 78000.005, within(1e-13));
    double bidAvg = (0.5 * 78000 + (q - 0.5) * 77999.5) / q;
    assertThat(number(b.get("cost_sell_100k"))).isCloseTo((78000.005 - bidAvg) / 78000.005, within(1e-12));
    assertThat(number(b.get("buy_impact_slope"))).isGreaterThan(0);
    // fees from GET /api/v3/account (8 and 9 bps), not the configured VIP 0 table (10 / 10)
    assertThat(b.get("fee_source")).isEqualTo("VENUE");
    assertThat((java.math.BigDecimal) b.get("maker_fee")).isEqualByComparingTo("0.0008");
    assertThat((java.math.BigDecimal) b.get("taker_fee")).isEqualByComparingTo("0.0009");
    assertThat((java.math.BigDecimal) b.get("volume_24h")).as("quoteVolume").isEqualByComparingTo("621991973.48");
    assertThat(b.get("taken_at")).isNotNull();
    assertThat(count("SELECT count(*) FROM market_snapshot s JOIN market m ON m.id = s.market_id WHERE m.venue_id = 'binance'"
        + " AND s.taken_at = '2026-11-24T10:00:00Z' AND s.venue_time IS NULL")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM market WHERE venue_id = 'binance' AND base_asset = 'BTC' AND tick_size = 0.01"
        + " AND lot_size = 0.00001 AND min_notional = 5")).isEqualTo(1);
    Map<String, Object> v = venueOutcome("binance");
    assertThat(v.get("outcome")).isEqualTo("OK");
    assertThat(v.get("reason")).isNull();
  }

  // ---- configured markets; a market whose rules fail ----

  @Test
  void a_configured_market_whose_rules_fail_is_named_in_the_venues_outcome_though_its_book_was_fine() {
    // SOLUSDT is not in the stub's exchangeInfo, so its rules fail and it is never registered; its book answers
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).withQueryParam("symbol", equalTo("SOLUSDT"))
        .willReturn(okJson(StubVenue.fixture("binance/depth-ETHUSDT.json"))));
    binance(Market.of("BTC", "USDT"), Market.of("SOL", "USDT"), Market.of("ETH", "USDT"));
    assertThat(run("2026-11-24T10:00:00Z").ranAndCompleted()).isTrue();
    assertThat(count("SELECT count(*) FROM market WHERE venue_id = 'binance'")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM market_snapshot WHERE outcome = 'OK'")).isEqualTo(2);
    Map<String, Object> v = venueOutcome("binance");
    assertThat(v.get("outcome")).isEqualTo("PARTIAL");
    assertThat((String) v.get("reason")).contains("1 not stored, market not registered")
        .contains("SOL/USDT (MALFORMED_DATA").contains("no metadata for SOL/USDT").contains("SOL/USDT OK");
  }
}
