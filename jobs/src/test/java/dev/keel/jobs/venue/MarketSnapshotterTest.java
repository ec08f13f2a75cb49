package dev.keel.jobs.venue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.market.FeeQuote;
import dev.keel.domain.market.FeeSchedules;
import dev.keel.domain.market.FeeSource;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.MarketSnapshot;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.Quarantine;
import dev.keel.domain.market.QuarantineReason;
import dev.keel.domain.market.SnapshotSpec;
import dev.keel.domain.market.SnapshotStatus;
import dev.keel.domain.market.TradingVolume24h;
import dev.keel.domain.market.VenueFault;
import dev.keel.domain.market.VenueFaultKind;
import dev.keel.domain.market.VenueId;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MarketSnapshotterTest {

  private static final Instant NOW = Instant.parse("2026-04-22T10:00:00Z");
  private static final Market BTC = Market.of("BTC", "USDT");
  private static final OrderBook GOOD = new OrderBook(BTC, List.of(PriceLevel.of("99", "10")), List.of(PriceLevel.of("101", "10")));

  /** A venue whose answers the test sets. */
  private static final class ScriptedVenue implements Venue {
    VenueResult<VenueBook> book = VenueResult.ok(new VenueBook(GOOD, Optional.empty()));
    VenueResult<VenueTicker> ticker = VenueResult.ok(new VenueTicker(BTC, new TradingVolume24h(10, 1000), Optional.empty()));
    VenueResult<FeeQuote> fees = VenueResult.ok(new FeeQuote(FeeSchedules.krakenPro().rateFor(0), FeeSource.VENUE));

    @Override public VenueId id() { return VenueId.of("scripted"); }
    @Override public List<Market> markets() { return List.of(BTC); }
    @Override public VenueResult<VenueBook> orderBook(Market market, int depth) { return book; }
    @Override public VenueResult<VenueTicker> ticker(Market market) { return ticker; }
    @Override public VenueResult<FeeQuote> fees(Market market) { return fees; }
    @Override public ConfiguredFees configuredFees() { return new ConfiguredFees(FeeSchedules.binanceSpot(), 0); }
    @Override public VenueResult<MarketRules> rules(Market market) { throw new UnsupportedOperationException(); }
  }

  private final SettableClock clock = new SettableClock(NOW);

  @Test
  void a_book_whose_venue_time_is_older_than_the_maximum_age_gives_a_stale_snapshot() {
    ScriptedVenue venue = new ScriptedVenue();
    venue.book = VenueResult.ok(new VenueBook(GOOD, Optional.of(NOW.minus(Duration.ofMinutes(5)))));
    MarketSnapshot s = MarketSnapshotter.snapshot(venue, BTC, SnapshotSpec.standard(), clock);
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.STALE);
    assertThat(s.outcome().detail()).contains("2026-04-22T09:55:00Z");
  }

  @Test
  void a_failed_book_gives_a_venue_failed_snapshot_with_the_fault() {
    ScriptedVenue venue = new ScriptedVenue();
    venue.book = VenueResult.failed(VenueFault.of(VenueFaultKind.TIMEOUT, "Read timed out"));
    MarketSnapshot s = MarketSnapshotter.snapshot(venue, BTC, SnapshotSpec.standard(), clock);
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.VENUE_FAILED);
    assertThat(s.outcome().code()).isEqualTo("TIMEOUT");
    assertThat(s.observedAt()).isEqualTo(NOW);
  }

  @Test
  void a_failed_ticker_leaves_the_volume_empty_and_failed_fees_fall_back_to_configuration() {
    ScriptedVenue venue = new ScriptedVenue();
    venue.ticker = VenueResult.failed(VenueFault.of(VenueFaultKind.SERVER_ERROR, "500"));
    venue.fees = VenueResult.failed(VenueFault.of(VenueFaultKind.REJECTED, "Invalid API-key"));
    MarketSnapshot s = MarketSnapshotter.snapshot(venue, BTC, SnapshotSpec.standard(), clock);
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.OK);
    assertThat(s.volume24h()).isEmpty();
    assertThat(s.fees().orElseThrow().source()).isEqualTo(FeeSource.CONFIGURATION);
    assertThat(s.fees().orElseThrow().rate().taker()).isEqualTo(0.001);
  }

  @Test
  void venue_fees_and_volume_are_kept_when_reported() {
    MarketSnapshot s = MarketSnapshotter.snapshot(new ScriptedVenue(), BTC, SnapshotSpec.standard(), clock);
    assertThat(s.fees().orElseThrow().rate().taker()).isEqualTo(0.004);
    assertThat(s.volume24h()).contains(new TradingVolume24h(10, 1000));
  }

  @Test
  void a_book_the_venue_could_only_send_with_a_bad_number_gives_a_quarantined_snapshot() {
    ScriptedVenue venue = new ScriptedVenue();
    venue.book = VenueResult.quarantined(new Quarantine(QuarantineReason.NON_FINITE_NUMBER, "BTC/USDT: depth asks[0][0] NaN"));
    MarketSnapshot s = MarketSnapshotter.snapshot(venue, BTC, SnapshotSpec.standard(), clock);
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.QUARANTINED);
    assertThat(s.outcome().code()).isEqualTo("NON_FINITE_NUMBER");
    assertThat(s.outcome().detail()).isEqualTo("BTC/USDT: depth asks[0][0] NaN");
    assertThat(s.metrics()).isEmpty();
  }

  @Test
  void a_ticker_with_a_bad_number_quarantines_a_market_whose_book_is_fine() {
    ScriptedVenue venue = new ScriptedVenue();
    venue.ticker = VenueResult.quarantined(new Quarantine(QuarantineReason.NON_FINITE_NUMBER, "BTC/USDT: ticker lastPrice Infinity"));
    MarketSnapshot s = MarketSnapshotter.snapshot(venue, BTC, SnapshotSpec.standard(), clock);
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.QUARANTINED);
    assertThat(s.outcome().detail()).contains("lastPrice Infinity");
    assertThat(s.fees()).isPresent();
  }

  @Test
  void a_ticker_whose_last_price_is_zero_or_negative_quarantines_the_market() {
    ScriptedVenue venue = new ScriptedVenue();
    venue.ticker = VenueResult.ok(new VenueTicker(BTC, new TradingVolume24h(10, 1000), Optional.of(new BigDecimal("0"))));
    MarketSnapshot zero = MarketSnapshotter.snapshot(venue, BTC, SnapshotSpec.standard(), clock);
    assertThat(zero.outcome().code()).isEqualTo("NON_POSITIVE_PRICE");
    assertThat(zero.outcome().detail()).isEqualTo("BTC/USDT: ticker last price 0.0");
    venue.ticker = VenueResult.ok(new VenueTicker(BTC, new TradingVolume24h(10, 1000), Optional.of(new BigDecimal("-1"))));
    assertThat(MarketSnapshotter.snapshot(venue, BTC, SnapshotSpec.standard(), clock).outcome().status()).isEqualTo(SnapshotStatus.QUARANTINED);
    venue.ticker = VenueResult.ok(new VenueTicker(BTC, new TradingVolume24h(10, 1000), Optional.of(new BigDecimal("100"))));
    assertThat(MarketSnapshotter.snapshot(venue, BTC, SnapshotSpec.standard(), clock).outcome().status()).isEqualTo(SnapshotStatus.OK);
  }
}
