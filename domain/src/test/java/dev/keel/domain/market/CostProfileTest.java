package dev.keel.domain.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CostProfileTest {

  private static final VenueId A = VenueId.of("paper-a");
  private static final VenueId B = VenueId.of("paper-b");
  private static final Instant WEDNESDAY = Instant.parse("2026-04-22T10:00:00Z");
  private static final Instant SATURDAY = Instant.parse("2026-04-25T10:00:00Z");
  private static final FeeQuote FEE = new FeeQuote(FeeRate.ofPercent(0.1, 0.1), FeeSource.CONFIGURATION);

  private static MarketSnapshot snapshot(VenueId venue, Instant at, double halfSpreadBps) {
    OrderBook book = Books.symmetric(100, halfSpreadBps, 1, 100, 100, 100, 100, 100, 100, 100, 100);
    return MarketSnapshots.assess(venue, book, at, Optional.empty(), FEE, Optional.empty(), SnapshotSpec.standard());
  }

  @Test
  void a_time_of_week_bucket_starts_on_its_boundary_in_the_instants_own_week() {
    TimeOfWeek four = TimeOfWeek.fourHourly();
    // Saturday 2026-11-28 05:17:42 UTC lies in the Saturday 04:00-08:00 bucket
    Instant saturday = Instant.parse("2026-11-28T05:17:42Z");
    assertThat(four.bucketStart(saturday)).isEqualTo(Instant.parse("2026-11-28T04:00:00Z"));
    assertThat(four.bucketOf(four.bucketStart(saturday))).isEqualTo(four.bucketOf(saturday)).isEqualTo(5 * 6 + 1);
    assertThat(four.bucketStart(Instant.parse("2026-11-23T00:00:00Z"))).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(new TimeOfWeek(24).bucketStart(saturday)).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
  }

  @Test
  void the_median_ignores_a_single_outlier() {
    List<MarketSnapshot> s = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      s.add(snapshot(A, WEDNESDAY.minusSeconds(60L * i), 2));
    }
    s.add(snapshot(A, WEDNESDAY.minusSeconds(600), 500));
    CostProfile p = CostProfile.of(A, Books.BTC_USDT, s, WEDNESDAY, Duration.ofDays(14), TimeOfWeek.fourHourly(), 1);
    assertThat(p.coefficients(Side.BUY, WEDNESDAY).orElseThrow().halfSpread()).isCloseTo(2e-4, within(1e-9));
  }

  @Test
  void a_weekend_trade_is_priced_from_weekend_snapshots() {
    List<MarketSnapshot> s = new ArrayList<>();
    for (int week = 0; week < 2; week++) {
      Duration back = Duration.ofDays(7L * week);
      s.add(snapshot(A, WEDNESDAY.minus(back), 2));
      s.add(snapshot(A, SATURDAY.minus(back).minus(Duration.ofDays(7)), 6));
    }
    CostProfile p = CostProfile.of(A, Books.BTC_USDT, s, WEDNESDAY, Duration.ofDays(21), TimeOfWeek.fourHourly(), 2);
    assertThat(p.coefficients(Side.SELL, SATURDAY).orElseThrow().halfSpread()).isCloseTo(6e-4, within(1e-9));
    assertThat(p.coefficients(Side.SELL, WEDNESDAY).orElseThrow().halfSpread()).isCloseTo(2e-4, within(1e-9));
    // a bucket with no data falls back to the whole window's median
    assertThat(p.coefficients(Side.SELL, Instant.parse("2026-04-23T02:00:00Z")).orElseThrow().halfSpread()).isCloseTo(4e-4, within(1e-9));
  }

  @Test
  void snapshots_outside_the_window_or_not_ok_are_ignored() {
    MarketSnapshot old = snapshot(A, WEDNESDAY.minus(Duration.ofDays(30)), 2);
    MarketSnapshot failed = MarketSnapshots.venueFailed(A, Books.BTC_USDT, WEDNESDAY, VenueFault.of(VenueFaultKind.TIMEOUT, "read timed out"));
    CostProfile p = CostProfile.of(A, Books.BTC_USDT, List.of(old, failed), WEDNESDAY, Duration.ofDays(14), TimeOfWeek.fourHourly(), 1);
    assertThat(p.coefficients(Side.BUY, WEDNESDAY)).isEmpty();
  }

  @Test
  void the_best_venue_per_market_and_side_is_chosen_from_all_profiles() {
    CostProfile a = CostProfile.of(A, Books.BTC_USDT, List.of(snapshot(A, WEDNESDAY, 2)), WEDNESDAY, Duration.ofDays(1), TimeOfWeek.fourHourly(), 1);
    CostProfile b = CostProfile.of(B, Books.BTC_USDT, List.of(snapshot(B, WEDNESDAY, 9)), WEDNESDAY, Duration.ofDays(1), TimeOfWeek.fourHourly(), 1);
    Map<Market, Map<Side, CostCoefficients>> best = CostProfiles.bestByMarket(List.of(a, b), WEDNESDAY, 1_000);
    assertThat(best.get(Books.BTC_USDT).get(Side.BUY).venue()).isEqualTo(A);
    assertThat(best.get(Books.BTC_USDT).get(Side.SELL).venue()).isEqualTo(A);
  }
}
