package dev.keel.jobs.scan;

import dev.keel.domain.market.AssetCatalogue;
import dev.keel.domain.market.CostCoefficients;
import dev.keel.domain.market.CostModel;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.Mids;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.TimeOfWeek;
import dev.keel.domain.market.VenueId;
import dev.keel.domain.optimize.CovarianceEstimator;
import dev.keel.domain.portfolio.AssetQuote;
import dev.keel.domain.portfolio.CycleMarket;
import dev.keel.persistence.scan.ScanDao;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds the cycle's market once for all portfolios: per asset the mid of its fresh, healthy
 * snapshots (median across venues), the best venue's cost per side (spread and impact as medians over the
 * cost window, never below their medians at the same time of week in earlier weeks), the venue's order limits, the
 * latest regime multiplier, and the covariance of daily returns over the tracking horizon. An asset whose snapshots are stale,
 * quarantined or missing is unusable, with a reason that names the snapshot and its time (M1–M3).
 */
public final class CycleMarketLoader {

  /** The notional at which venues are compared, USDT. */
  static final double REFERENCE_NOTIONAL = 10_000;

  /** The time-of-week slots costs are compared with: four hours wide, so a weekend has twelve of its own. */
  static final TimeOfWeek USUAL_SLOT = TimeOfWeek.fourHourly();

  /** How many earlier weeks give a slot's usual cost. */
  static final int USUAL_WEEKS = 4;

  /** Fewest healthy snapshots of a market in those slots before its usual cost counts (half an hour of minutes). */
  static final int USUAL_MIN_SAMPLES = 30;

  private final ScanDao dao;
  private final Duration maxAge;
  private final Duration proposalTtl;
  private final int covarianceDays;
  private final double maxBandHalfWidth;
  private final double trackingHorizonYears;
  private final Duration costWindow;

  /**
   * @param trackingHorizonYears the horizon the optimiser's tracking-error variance is stated over, years: the
   *                             annual covariance is scaled by it, so a one-off cost is weighed against the
   *                             tracking error expected until the next rebalance, not against a whole year's
   *                             (docs/backtest.md measured a month against a year)
   */
  public CycleMarketLoader(ScanDao dao, Duration maxAge, Duration proposalTtl, int covarianceDays, double maxBandHalfWidth,
                           double trackingHorizonYears, Duration costWindow) {
    this.dao = dao;
    this.maxAge = maxAge;
    this.proposalTtl = proposalTtl;
    this.covarianceDays = covarianceDays;
    this.maxBandHalfWidth = maxBandHalfWidth;
    if (!(trackingHorizonYears > 0 && trackingHorizonYears <= 1)) {
      throw new IllegalArgumentException("keel.scan.tracking-horizon-days must be between 1 and 365, was "
          + Math.round(trackingHorizonYears * 365));
    }
    this.trackingHorizonYears = trackingHorizonYears;
    this.costWindow = costWindow;
  }

  public CycleMarket load(Instant cycle) {
    Map<String, List<ScanDao.SnapshotRow>> byAsset = dao.latestSnapshots(cycle, costWindow, usualSlots(cycle)).stream()
        .collect(Collectors.groupingBy(ScanDao.SnapshotRow::asset, TreeMap::new, Collectors.toList()));
    Map<String, AssetQuote> quotes = new HashMap<>();
    byAsset.forEach((asset, rows) -> quotes.put(asset, quote(asset, rows, cycle)));
    Map<String, CycleMarket.RegimeBand> regimes = new HashMap<>();
    dao.latestRegimes(cycle).forEach((asset, r) -> regimes.put(asset, new CycleMarket.RegimeBand(r.getKey(), r.getValue())));

    List<String> assets = new ArrayList<>();
    AssetCatalogue.all().stream().filter(a -> !a.cash()).forEach(a -> assets.add(a.symbol()));
    LocalDate to = cycle.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    LocalDate from = to.minusDays(covarianceDays);
    Map<String, Map<LocalDate, Double>> closes = dao.dailyCloses(from, to);
    TreeSet<LocalDate> days = new TreeSet<>();
    closes.values().forEach(m -> days.addAll(m.keySet()));
    List<double[]> series = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (String a : assets) {
      Map<LocalDate, Double> c = closes.getOrDefault(a, Map.of());
      double[] s = new double[days.size()];
      int k = 0;
      for (LocalDate d : days) {
        s[k++] = c.getOrDefault(d, Double.NaN);
      }
      index.put(a, series.size());
      series.add(s);
    }
    double[][] cov = CovarianceEstimator.DEFAULT.estimate(series).covariance();
    for (double[] row : cov) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= trackingHorizonYears;
      }
    }
    return new CycleMarket(cycle, AssetCatalogue.CASH, quotes, regimes, index, cov, maxBandHalfWidth, proposalTtl);
  }

  /** The cycle's four-hour slot of the week in each of the previous {@link #USUAL_WEEKS} weeks. */
  static ScanDao.TimeOfWeekSlots usualSlots(Instant cycle) {
    Instant slot = USUAL_SLOT.bucketStart(cycle);
    List<Instant> starts = new ArrayList<>();
    for (int week = 1; week <= USUAL_WEEKS; week++) {
      starts.add(slot.minus(Duration.ofDays(7L * week)));
    }
    return new ScanDao.TimeOfWeekSlots(starts, Duration.ofHours(USUAL_SLOT.bucketHours()), USUAL_MIN_SAMPLES);
  }

  private AssetQuote quote(String asset, List<ScanDao.SnapshotRow> rows, Instant cycle) {
    Instant freshFrom = cycle.minus(maxAge);
    List<ScanDao.SnapshotRow> fresh = rows.stream()
        .filter(r -> "OK".equals(r.outcome()) && r.mid() != null && !r.takenAt().isBefore(freshFrom)).toList();
    if (fresh.isEmpty()) {
      List<String> quarantined = rows.stream().filter(r -> "QUARANTINED".equals(r.outcome()) && !r.takenAt().isBefore(freshFrom))
          .map(r -> r.venue() + " at " + r.takenAt() + ": " + r.reason()).toList();
      if (!quarantined.isEmpty()) {
        return AssetQuote.unusable(asset, AssetQuote.Status.BAD_PRICE, asset + " quarantined on every venue: "
            + String.join("; ", quarantined), rows.get(0).takenAt());
      }
      Optional<ScanDao.SnapshotRow> lastOk = rows.stream().filter(r -> "OK".equals(r.outcome()) || "STALE".equals(r.outcome()))
          .max((a, b) -> a.takenAt().compareTo(b.takenAt()));
      if (lastOk.isPresent()) {
        return AssetQuote.unusable(asset, AssetQuote.Status.STALE, asset + ": latest healthy snapshot (" + lastOk.get().venue()
            + ") taken at " + lastOk.get().takenAt() + ", older than " + maxAge.toSeconds() + " s at cycle " + cycle,
            lastOk.get().takenAt());
      }
      String failures = rows.stream().map(r -> r.venue() + " at " + r.takenAt() + ": " + r.reason()).collect(Collectors.joining("; "));
      return AssetQuote.unusable(asset, AssetQuote.Status.NO_PRICE, asset + ": no healthy snapshot: " + failures, rows.get(0).takenAt());
    }
    BigDecimal mid = Mids.median(fresh.stream().map(ScanDao.SnapshotRow::mid).toList());
    Market market = Market.of(asset, AssetCatalogue.CASH);
    CostCoefficients buy = best(fresh, market, Side.BUY);
    CostCoefficients sell = best(fresh, market, Side.SELL);
    BigDecimal lot = fresh.stream().map(ScanDao.SnapshotRow::lotSize).max(BigDecimal::compareTo).orElseThrow();
    BigDecimal minNotional = fresh.stream().map(ScanDao.SnapshotRow::minNotional).max(BigDecimal::compareTo).orElseThrow();
    Instant takenAt = fresh.stream().map(ScanDao.SnapshotRow::takenAt).min(Instant::compareTo).orElseThrow();
    return new AssetQuote(asset, AssetQuote.Status.OK, "", mid, takenAt, buy.kappa(), sell.kappa(), buy.impactSlope(),
        sell.impactSlope(), buy.venue().value(), sell.venue().value(), lot, minNotional);
  }

  private static CostCoefficients best(List<ScanDao.SnapshotRow> fresh, Market market, Side side) {
    List<CostCoefficients> candidates = new ArrayList<>();
    for (ScanDao.SnapshotRow r : fresh) {
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
}
