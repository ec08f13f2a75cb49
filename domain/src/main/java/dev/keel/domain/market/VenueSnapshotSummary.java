package dev.keel.domain.market;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The latest snapshot of one market on one venue as a cycle reads it, with the market's order limits and the medians
 * of its healthy snapshots: over the cost window before the cycle, and at the same time of week in earlier weeks.
 *
 * @param venue           the venue
 * @param asset           the base asset
 * @param cycle           the snapshot's cycle
 * @param takenAt         when it was taken
 * @param outcome         how the snapshot ended; only OK may be priced with
 * @param reason          why not OK, or null
 * @param mid             mid, USDT per unit, or null
 * @param spreadBps       quoted spread, basis points, or NaN
 * @param takerFee        taker fee, fraction of notional, or NaN
 * @param buyImpactSlope  fitted buy impact, fraction of notional per USDT, or NaN
 * @param sellImpactSlope fitted sell impact, or NaN
 * @param lotSize         quantity step, units
 * @param minNotional     smallest order, USDT
 * @param medianSpreadBps median quoted spread of the market's healthy snapshots in the cost window, bps, or NaN
 * @param medianBuySlope  median buy impact slope in the window, or NaN
 * @param medianSellSlope median sell impact slope in the window, or NaN
 * @param usualSpreadBps  median quoted spread at this time of week in earlier weeks, bps, or NaN (too few samples)
 * @param usualBuySlope   median buy impact slope at this time of week in earlier weeks, or NaN
 * @param usualSellSlope  median sell impact slope at this time of week in earlier weeks, or NaN
 */
public record VenueSnapshotSummary(String venue, String asset, Instant cycle, Instant takenAt, SnapshotStatus outcome,
                                   String reason, BigDecimal mid, double spreadBps, double takerFee, double buyImpactSlope,
                                   double sellImpactSlope, BigDecimal lotSize, BigDecimal minNotional, double medianSpreadBps,
                                   double medianBuySlope, double medianSellSlope, double usualSpreadBps, double usualBuySlope,
                                   double usualSellSlope) {
  public VenueSnapshotSummary {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(takenAt, "takenAt");
    Objects.requireNonNull(outcome, "outcome");
  }
}
