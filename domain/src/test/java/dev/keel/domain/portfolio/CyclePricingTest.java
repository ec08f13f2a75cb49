package dev.keel.domain.portfolio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.keel.domain.market.SnapshotStatus;
import dev.keel.domain.market.TimeOfWeekSlots;
import dev.keel.domain.market.VenueSnapshotSummary;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a cycle prices an asset from its venues' latest snapshots. */
class CyclePricingTest {

  private static final Instant CYCLE = Instant.parse("2026-11-28T10:01:00Z"); // a Saturday
  private static final Duration MAX_AGE = Duration.ofSeconds(180);

  private static VenueSnapshotSummary row(String venue, SnapshotStatus outcome, Instant takenAt, String mid, double spreadBps,
                                          double fee, double medianSpread, double usualSpread, String lot, String minNotional) {
    return new VenueSnapshotSummary(venue, "BTC", takenAt, takenAt, outcome, outcome == SnapshotStatus.OK ? null : "why-" + venue,
        mid == null ? null : new BigDecimal(mid), spreadBps, fee, 1e-9, 2e-9, new BigDecimal(lot), new BigDecimal(minNotional),
        medianSpread, Double.NaN, Double.NaN, usualSpread, Double.NaN, Double.NaN);
  }

  private static VenueSnapshotSummary ok(String venue, String mid, double spreadBps, double fee, String lot, String minNotional) {
    return row(venue, SnapshotStatus.OK, CYCLE.minusSeconds(20), mid, spreadBps, fee, Double.NaN, Double.NaN, lot, minNotional);
  }

  @Test
  void the_mid_is_the_median_of_fresh_healthy_venues_and_each_side_is_priced_on_the_cheapest() {
    AssetQuote q = CyclePricing.quote("BTC", List.of(
        ok("paper-a", "100", 4, 0.0010, "0.001", "5"),
        ok("paper-b", "102", 2, 0.0004, "0.0001", "10")), CYCLE, MAX_AGE);
    assertThat(q.status()).isEqualTo(AssetQuote.Status.OK);
    assertThat(q.mid()).isEqualByComparingTo("101");
    assertThat(q.buyVenue()).isEqualTo("paper-b");
    assertThat(q.sellVenue()).isEqualTo("paper-b");
    assertThat(q.buyKappa()).isCloseTo(1e-4 + 0.0004, within(1e-12));
    assertThat(q.lotSize()).isEqualByComparingTo("0.001");      // the strictest venue's limits
    assertThat(q.minNotional()).isEqualByComparingTo("10");
  }

  @Test
  void a_window_median_replaces_one_noisy_book_and_the_usual_cost_of_this_time_of_week_is_a_floor() {
    VenueSnapshotSummary noisy = row("paper-a", SnapshotStatus.OK, CYCLE.minusSeconds(20), "100", 40, 0, 2, Double.NaN, "1", "1");
    assertThat(CyclePricing.quote("BTC", List.of(noisy), CYCLE, MAX_AGE).buyKappa()).isCloseTo(1e-4, within(1e-12));
    VenueSnapshotSummary calmBeforeWeekend = row("paper-a", SnapshotStatus.OK, CYCLE.minusSeconds(20), "100", 2, 0, 2, 10, "1", "1");
    assertThat(CyclePricing.quote("BTC", List.of(calmBeforeWeekend), CYCLE, MAX_AGE).buyKappa()).isCloseTo(5e-4, within(1e-12));
  }

  @Test
  void an_asset_quarantined_on_every_venue_is_a_bad_price_naming_each_venue_and_time() {
    Instant at = CYCLE.minusSeconds(30);
    AssetQuote q = CyclePricing.quote("BTC", List.of(
        row("paper-a", SnapshotStatus.QUARANTINED, at, null, Double.NaN, 0, Double.NaN, Double.NaN, "1", "1")), CYCLE, MAX_AGE);
    assertThat(q.status()).isEqualTo(AssetQuote.Status.BAD_PRICE);
    assertThat(q.detail()).isEqualTo("BTC quarantined on every venue: paper-a at " + at + ": why-paper-a");
  }

  @Test
  void an_asset_whose_latest_healthy_snapshot_is_too_old_is_stale_naming_the_venue_its_time_and_the_limit() {
    Instant old = CYCLE.minusSeconds(600);
    AssetQuote q = CyclePricing.quote("BTC", List.of(
        row("paper-a", SnapshotStatus.OK, old, "100", 2, 0, Double.NaN, Double.NaN, "1", "1")), CYCLE, MAX_AGE);
    assertThat(q.status()).isEqualTo(AssetQuote.Status.STALE);
    assertThat(q.detail()).isEqualTo("BTC: latest healthy snapshot (paper-a) taken at " + old + ", older than 180 s at cycle " + CYCLE);
  }

  @Test
  void an_asset_no_venue_answered_for_has_no_price() {
    AssetQuote q = CyclePricing.quote("BTC", List.of(
        row("paper-a", SnapshotStatus.VENUE_FAILED, CYCLE.minusSeconds(5), null, Double.NaN, 0, Double.NaN, Double.NaN, "1", "1")),
        CYCLE, MAX_AGE);
    assertThat(q.status()).isEqualTo(AssetQuote.Status.NO_PRICE);
    assertThat(q.detail()).startsWith("BTC: no healthy snapshot: paper-a at ").endsWith(": why-paper-a");
  }

  @Test
  void the_usual_cost_reads_the_same_four_hour_slot_in_each_of_four_earlier_weeks_kept_by_the_retention_minimum() {
    TimeOfWeekSlots slots = CyclePricing.usualSlots(CYCLE);
    assertThat(slots.slotStarts()).containsExactly(Instant.parse("2026-11-21T08:00:00Z"), Instant.parse("2026-11-14T08:00:00Z"),
        Instant.parse("2026-11-07T08:00:00Z"), Instant.parse("2026-10-31T08:00:00Z"));
    assertThat(slots.slotWidth()).isEqualTo(Duration.ofHours(4));
    assertThat(CyclePricing.minimumSnapshotRetentionDays()).isEqualTo(29);
    assertThat(CYCLE.minus(Duration.ofDays(CyclePricing.minimumSnapshotRetentionDays())))
        .isBefore(slots.slotStarts().get(slots.slotStarts().size() - 1));
  }

  @Test
  void the_covariance_is_scaled_to_the_tracking_horizon() {
    double[][] cov = {{0.36, 0.12}, {0.12, 0.64}};
    CyclePricing.toHorizon(cov, 30 / 365.0);
    assertThat(cov[1][1]).isCloseTo(0.64 * 30 / 365.0, within(1e-15));
    assertThatThrownBy(() -> CyclePricing.toHorizon(cov, 0)).hasMessage("tracking horizon must be in (0, 1] years, was 0.0");
  }
}
