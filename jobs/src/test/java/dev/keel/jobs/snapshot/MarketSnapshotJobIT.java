package dev.keel.jobs.snapshot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

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
    VENUES.add(new RegisteredVenue(XChangeVenues.binance(VenueId.of("binance"), StubVenue.connection(stub, Duration.ofSeconds(2)),
        List.of(Market.of("BTC", "USDT"), Market.of("ETH", "USDT")), 0, ctx.getBean(Clock.class)), "BINANCE", "Binance"));
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
    StubVenue.healthyKraken(stub);
    VENUES.add(new RegisteredVenue(XChangeVenues.kraken(VenueId.of("kraken"), StubVenue.connection(stub, Duration.ofSeconds(2)),
        List.of(Market.of("BTC", "USDT")), 0, ctx.getBean(Clock.class)), "KRAKEN", "Kraken"));
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
    VENUES.add(new RegisteredVenue(XChangeVenues.binance(VenueId.of("binance"), StubVenue.connection(stub, Duration.ofMillis(500)),
        List.of(Market.of("BTC", "USDT")), 0, ctx.getBean(Clock.class)), "BINANCE", "Binance"));
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).atPriority(1).willReturn(okJson(StubVenue.fixture("binance/depth-BTCUSDT.json"))
        .withFixedDelay(2_000)));
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
}
