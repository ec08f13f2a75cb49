package dev.keel.domain.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MarketSnapshotsTest {

  private static final VenueId PAPER = VenueId.of("paper-a");
  private static final Instant NOW = Instant.parse("2026-04-22T10:00:00Z");
  private static final FeeQuote BINANCE_BASE = new FeeQuote(FeeRate.ofPercent(0.1, 0.1), FeeSource.CONFIGURATION);
  /** Mid 100, touch at 2 bps, 1 bps apart, 1000 BTC-units per level: 2 * 100 * 1000 = ~100k per level. */
  private static final OrderBook DEEP = Books.symmetric(100, 2, 1, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000,
      1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000);

  @Test
  void an_ok_snapshot_carries_prices_spread_depth_costs_fees_and_volume() {
    MarketSnapshot s = MarketSnapshots.assess(PAPER, DEEP, NOW, Optional.of(NOW.minusSeconds(1)), BINANCE_BASE,
        Optional.of(new TradingVolume24h(10, 1000)), SnapshotSpec.standard());
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.OK);
    BookMetrics m = s.metrics().orElseThrow();
    assertThat(m.mid()).isEqualByComparingTo(new BigDecimal("100"));
    assertThat(m.spreadBps()).isCloseTo(4.0, within(1e-6));
    assertThat(m.depthWithin(10).orElseThrow().askNotional()).isCloseTo(9 * 1000 * 100.0, within(1_000.0));
    assertThat(m.costAt(1_000).orElseThrow().buyCost()).isCloseTo(2e-4, within(1e-9));
    assertThat(m.costAt(100_000).orElseThrow().buyComplete()).isTrue();
    assertThat(s.costWithTakerFee(Side.BUY, 1_000)).hasValueSatisfying(c -> assertThat(c).isCloseTo(0.0012, within(1e-9)));
    // the touch alone holds 100k, so walking up to the largest notional never leaves it
    assertThat(m.impactSlope(Side.BUY)).isZero();
  }

  @Test
  void a_crossed_book_gives_a_quarantined_snapshot_without_prices() {
    OrderBook crossed = new OrderBook(Books.BTC_USDT, List.of(PriceLevel.of("102", "1")), List.of(PriceLevel.of("101", "1")));
    MarketSnapshot s = MarketSnapshots.assess(PAPER, crossed, NOW, Optional.empty(), BINANCE_BASE, Optional.empty(),
        SnapshotSpec.standard());
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.QUARANTINED);
    assertThat(s.outcome().code()).isEqualTo("CROSSED_BOOK");
    assertThat(s.metrics()).isEmpty();
    assertThat(CostModel.coefficients(s, Side.BUY)).isEmpty();
  }

  @Test
  void a_book_whose_venue_time_is_older_than_the_maximum_age_is_stale() {
    MarketSnapshot s = MarketSnapshots.assess(PAPER, DEEP, NOW, Optional.of(NOW.minus(Duration.ofMinutes(10))), BINANCE_BASE,
        Optional.empty(), SnapshotSpec.standard());
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.STALE);
    assertThat(s.outcome().detail()).contains("2026-04-22T09:50:00Z");
    assertThat(SnapshotFreshness.unusableReason(s, NOW, Duration.ofMinutes(3))).isPresent();
  }

  @Test
  void a_failed_venue_call_is_recorded_with_its_kind_status_and_retry_after() {
    VenueFault fault = new VenueFault(VenueFaultKind.RATE_LIMITED, "Too many requests", OptionalInt.of(429),
        Optional.of(Duration.ofSeconds(30)));
    MarketSnapshot s = MarketSnapshots.venueFailed(PAPER, Books.BTC_USDT, NOW, fault);
    assertThat(s.outcome().status()).isEqualTo(SnapshotStatus.VENUE_FAILED);
    assertThat(s.outcome().code()).isEqualTo("RATE_LIMITED");
    assertThat(s.outcome().detail()).isEqualTo("RATE_LIMITED (HTTP 429, retry after PT30S): Too many requests");
  }

  @Test
  void a_snapshot_older_than_the_maximum_age_is_refused_with_its_time_named() {
    MarketSnapshot s = MarketSnapshots.assess(PAPER, DEEP, NOW, Optional.empty(), BINANCE_BASE, Optional.empty(), SnapshotSpec.standard());
    assertThat(SnapshotFreshness.unusableReason(s, NOW.plusSeconds(60), Duration.ofMinutes(3))).isEmpty();
    assertThat(SnapshotFreshness.isStale(s, NOW.plusSeconds(181), Duration.ofMinutes(3))).isTrue();
    assertThat(SnapshotFreshness.unusableReason(s, NOW.plusSeconds(181), Duration.ofMinutes(3)))
        .hasValueSatisfying(r -> assertThat(r).contains("2026-04-22T10:00:00Z").contains("paper-a BTC/USDT"));
  }

  @Test
  void a_book_too_thin_for_the_largest_notional_says_so() {
    OrderBook thin = Books.symmetric(100, 5, 5, 1, 1, 1);
    MarketSnapshot s = MarketSnapshots.assess(PAPER, thin, NOW, Optional.empty(), BINANCE_BASE, Optional.empty(), SnapshotSpec.standard());
    NotionalCost big = s.metrics().orElseThrow().costAt(100_000).orElseThrow();
    assertThat(big.buyComplete()).isFalse();
    assertThat(big.sellComplete()).isFalse();
  }
}
