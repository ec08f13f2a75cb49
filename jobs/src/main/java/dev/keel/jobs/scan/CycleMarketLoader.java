package dev.keel.jobs.scan;

import dev.keel.domain.market.AssetCatalogue;
import dev.keel.domain.market.VenueSnapshotSummary;
import dev.keel.domain.optimize.CovarianceEstimator;
import dev.keel.domain.portfolio.AssetQuote;
import dev.keel.domain.portfolio.CycleMarket;
import dev.keel.domain.portfolio.CyclePricing;
import dev.keel.persistence.scan.CycleMarketDao;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds the cycle's market once for all portfolios: reads the venues' latest snapshots, the regimes and the daily
 * closes, and prices them by {@link CyclePricing}'s rules (mid, best venue's cost per side, order limits, the
 * usual-slot floor, the covariance scaled to the tracking horizon).
 */
public final class CycleMarketLoader {

  private final CycleMarketDao dao;
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
  public CycleMarketLoader(CycleMarketDao dao, Duration maxAge, Duration proposalTtl, int covarianceDays, double maxBandHalfWidth,
                           double trackingHorizonYears, Duration costWindow) {
    this.dao = dao;
    this.maxAge = maxAge;
    this.proposalTtl = proposalTtl;
    this.covarianceDays = covarianceDays;
    this.maxBandHalfWidth = maxBandHalfWidth;
    this.trackingHorizonYears = trackingHorizonYears;
    this.costWindow = costWindow;
  }

  public CycleMarket load(Instant cycle) {
    Map<String, List<VenueSnapshotSummary>> byAsset = dao.latestSnapshots(cycle, costWindow, CyclePricing.usualSlots(cycle))
        .stream().collect(Collectors.groupingBy(VenueSnapshotSummary::asset, TreeMap::new, Collectors.toList()));
    Map<String, AssetQuote> quotes = new HashMap<>();
    byAsset.forEach((asset, rows) -> quotes.put(asset, CyclePricing.quote(asset, rows, cycle, maxAge)));
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
    double[][] cov = CyclePricing.toHorizon(CovarianceEstimator.DEFAULT.estimate(series).covariance(), trackingHorizonYears);
    return new CycleMarket(cycle, AssetCatalogue.CASH, quotes, regimes, index, cov, maxBandHalfWidth, proposalTtl);
  }
}
