package dev.keel.domain.portfolio;

import dev.keel.domain.market.AssetCatalogue;
import dev.keel.domain.market.CostCoefficients;
import dev.keel.domain.market.CostModel;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.Mids;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.SnapshotStatus;
import dev.keel.domain.market.TimeOfWeek;
import dev.keel.domain.market.TimeOfWeekSlots;
import dev.keel.domain.market.VenueId;
import dev.keel.domain.market.VenueSnapshotSummary;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a scan cycle prices an asset from its venues' latest snapshots (FAULTS M1–M3): the mid is the median of the
 * fresh, healthy snapshots' mids; each side's cost is the cheapest venue's at a reference notional, with spread and
 * impact taken as medians over the cost window and never below their medians at the same time of week in earlier
 * weeks; the order limits are the strictest of those venues'. An asset with no fresh healthy snapshot is unusable,
 * with a reason that names the snapshot and its time. Pure: the cycle's loader reads the rows and wires the result.
 */
public final class CyclePricing {

  /** The notional at which venues are compared, USDT. */
  public static final double REFERENCE_NOTIONAL = 10_000;

  /** The time-of-week slots costs are compared with: four hours wide, so a weekend has twelve of its own. */
  public static final TimeOfWeek USUAL_SLOT = TimeOfWeek.fourHourly();

  /**
   * How many earlier weeks give a slot's usual cost. Snapshots must be kept at least this long (and a day more) for
   * the floor to work: the snapshot retention's minimum follows from it.
   */
  public static final int USUAL_WEEKS = 4;

  /** Fewest healthy snapshots of a market in those slots before its usual cost counts (half an hour of minutes). */
  public static final int USUAL_MIN_SAMPLES = 30;

  private CyclePricing() {}

  /** The shortest snapshot retention that keeps every slot the usual-cost floor reads: its weeks and a day. */
  public static int minimumSnapshotRetentionDays() {
    return USUAL_WEEKS * 7 + 1;
  }

  /** The cycle's four-hour slot of the week in each of the previous {@link #USUAL_WEEKS} weeks. */
  public static TimeOfWeekSlots usualSlots(Instant cycle) {
    Instant slot = USUAL_SLOT.bucketStart(cycle);
    List<Instant> starts = new ArrayList<>();
    for (int week = 1; week <= USUAL_WEEKS; week++) {
      starts.add(slot.minus(Duration.ofDays(7L * week)));
    }
    return new TimeOfWeekSlots(starts, Duration.ofHours(USUAL_SLOT.bucketHours()), USUAL_MIN_SAMPLES);
  }

  /**
   * One asset's quote for the cycle.
   *
   * @param rows   the latest snapshot of the asset on each venue, at least one
   * @param maxAge a snapshot taken longer than this before the cycle is stale
   */
  public static AssetQuote quote(String asset, List<VenueSnapshotSummary> rows, Instant cycle, Duration maxAge) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(asset + ": no snapshot rows to price from");
    }
    Instant freshFrom = cycle.minus(maxAge);
    List<VenueSnapshotSummary> fresh = rows.stream()
        .filter(r -> r.outcome() == SnapshotStatus.OK && r.mid() != null && !r.takenAt().isBefore(freshFrom)).toList();
    if (fresh.isEmpty()) {
      List<String> quarantined = rows.stream()
          .filter(r -> r.outcome() == SnapshotStatus.QUARANTINED && !r.takenAt().isBefore(freshFrom))
          .map(r -> r.venue() + " at " + r.takenAt() + ": " + r.reason()).toList();
      if (!quarantined.isEmpty()) {
        return AssetQuote.unusable(asset, AssetQuote.Status.BAD_PRICE, asset + " quarantined on every venue: "
            + String.join("; ", quarantined), rows.get(0).takenAt());
      }
      Optional<VenueSnapshotSummary> lastOk = rows.stream()
          .filter(r -> r.outcome() == SnapshotStatus.OK || r.outcome() == SnapshotStatus.STALE)
          .max((a, b) -> a.takenAt().compareTo(b.takenAt()));
      if (lastOk.isPresent()) {
        return AssetQuote.unusable(asset, AssetQuote.Status.STALE, asset + ": latest healthy snapshot (" + lastOk.get().venue()
            + ") taken at " + lastOk.get().takenAt() + ", older than " + maxAge.toSeconds() + " s at cycle " + cycle,
            lastOk.get().takenAt());
      }
      String failures = rows.stream().map(r -> r.venue() + " at " + r.takenAt() + ": " + r.reason()).collect(Collectors.joining("; "));
      return AssetQuote.unusable(asset, AssetQuote.Status.NO_PRICE, asset + ": no healthy snapshot: " + failures, rows.get(0).takenAt());
    }
    BigDecimal mid = Mids.median(fresh.stream().map(VenueSnapshotSummary::mid).toList());
    Market market = Market.of(asset, AssetCatalogue.CASH);
    CostCoefficients buy = best(fresh, market, Side.BUY);
    CostCoefficients sell = best(fresh, market, Side.SELL);
    BigDecimal lot = fresh.stream().map(VenueSnapshotSummary::lotSize).max(BigDecimal::compareTo).orElseThrow();
    BigDecimal minNotional = fresh.stream().map(VenueSnapshotSummary::minNotional).max(BigDecimal::compareTo).orElseThrow();
    Instant takenAt = fresh.stream().map(VenueSnapshotSummary::takenAt).min(Instant::compareTo).orElseThrow();
    return new AssetQuote(asset, AssetQuote.Status.OK, "", mid, takenAt, buy.kappa(), sell.kappa(), buy.impactSlope(),
        sell.impactSlope(), buy.venue().value(), sell.venue().value(), lot, minNotional);
  }

  /** The cheapest venue's cost of one side at {@link #REFERENCE_NOTIONAL}. */
  static CostCoefficients best(List<VenueSnapshotSummary> fresh, Market market, Side side) {
    List<CostCoefficients> candidates = new ArrayList<>();
    for (VenueSnapshotSummary r : fresh) {
      // the median over the cost window when there is one: one noisy book does not move a proposal's cost
      double spread = Double.isNaN(r.medianSpreadBps()) ? r.spreadBps() : r.medianSpreadBps();
      double medianSlope = side == Side.BUY ? r.medianBuySlope() : r.medianSellSlope();
      double slope = !Double.isNaN(medianSlope) ? medianSlope : side == Side.BUY ? r.buyImpactSlope() : r.sellImpactSlope();
      // never cheaper than this time of week usually is: the first hour of a weekend is priced as a weekend
      spread = atLeastUsual(spread, r.usualSpreadBps());
      slope = atLeastUsual(slope, side == Side.BUY ? r.usualBuySlope() : r.usualSellSlope());
      double half = Double.isNaN(spread) ? 0 : spread / 2 / 1e4;
      double fee = Double.isNaN(r.takerFee()) ? 0 : r.takerFee();
      candidates.add(new CostCoefficients(market, side, VenueId.of(r.venue()), half, fee, Double.isNaN(slope) ? 0 : slope));
    }
    return CostModel.best(candidates, REFERENCE_NOTIONAL).orElseThrow();
  }

  private static double atLeastUsual(double recent, double usual) {
    if (Double.isNaN(usual)) {
      return recent;
    }
    return Double.isNaN(recent) ? usual : Math.max(recent, usual);
  }

  /**
   * Scales an annual covariance to the horizon tracking error is weighed over, in place: a one-off cost is weighed
   * against the tracking error expected until the next rebalance, not against a whole year's (docs/backtest.md).
   *
   * @param horizonYears the horizon, years, in (0, 1]
   */
  public static double[][] toHorizon(double[][] annualCovariance, double horizonYears) {
    if (!(horizonYears > 0 && horizonYears <= 1)) {
      throw new IllegalArgumentException("tracking horizon must be in (0, 1] years, was " + horizonYears);
    }
    for (double[] row : annualCovariance) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= horizonYears;
      }
    }
    return annualCovariance;
  }
}
