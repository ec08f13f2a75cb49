package dev.keel.domain.backtest;

import dev.keel.domain.market.AssetCatalogue;
import dev.keel.domain.market.history.DailyBar;
import dev.keel.domain.market.history.DailyBarSeries;
import dev.keel.domain.optimize.CovarianceEstimator;
import dev.keel.domain.regime.PriceSeries;
import dev.keel.domain.regime.RegimeAssessment;
import dev.keel.domain.regime.RegimeClassifier;
import dev.keel.domain.regime.RegimeTimeline;
import dev.keel.domain.statistics.Quantiles;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The market as the backtest replays it, resolved once and shared by every portfolio and policy: per day and asset
 * the close, whether the asset traded, its {@link DailyCost}, its regime band multiplier and volatility, and the
 * covariance of the assets' returns. The cash line ({@link AssetCatalogue#CASH}) is always asset 0, priced 1 and
 * free to hold. Arrays are indexed {@code [asset][day]} (covariance {@code [day][asset][asset]}) and never written
 * after construction.
 */
public final class MarketReplay {

  /** Days in a year, for annualising daily figures: crypto trades every day. */
  public static final double DAYS_PER_YEAR = 365;

  private final List<LocalDate> days;
  private final List<String> assets;
  private final Map<String, Integer> index = new HashMap<>();
  private final double[][] close;
  private final DailyCost[][] costs;
  private final double[][][] covariance;
  private final double[][] bandMultiplier;
  private final double[][] volatility;
  private final LocalDate[] firstBar;
  private final LocalDate[] lastBar;

  /**
   * @param days           the replayed days, strictly increasing
   * @param assets         the assets, the cash line first
   * @param close          close per asset and day, USDT per unit, positive; carried forward over days without a bar;
   *                       NaN before an asset's first bar
   * @param costs          the day's cost per asset and day; null where the asset has no bar that day (it cannot trade)
   * @param covariance     per day, the annualised covariance of the assets' daily returns, fraction squared per
   *                       year, symmetric positive semi-definite; the cash line's row and column are zero
   * @param bandMultiplier regime band multiplier per asset and day, dimensionless, positive (1 for the cash line)
   * @param volatility     fast EWMA volatility per asset and day, annualised fraction; NaN when unknown
   * @param firstBar       per asset, the date of its first bar in the source history (null for the cash line)
   * @param lastBar        per asset, the date of its last bar in the source history (null for the cash line)
   */
  public MarketReplay(List<LocalDate> days, List<String> assets, double[][] close, DailyCost[][] costs,
      double[][][] covariance, double[][] bandMultiplier, double[][] volatility, LocalDate[] firstBar,
      LocalDate[] lastBar) {
    this.days = List.copyOf(days);
    this.assets = List.copyOf(assets);
    int n = this.assets.size();
    int t = this.days.size();
    if (n < 1 || !AssetCatalogue.CASH.equals(this.assets.get(0))) {
      throw new IllegalArgumentException("the cash line " + AssetCatalogue.CASH + " must be asset 0, assets were " + assets);
    }
    for (int d = 1; d < t; d++) {
      if (!this.days.get(d).isAfter(this.days.get(d - 1))) {
        throw new IllegalArgumentException("days must be strictly increasing, " + this.days.get(d) + " follows " + this.days.get(d - 1));
      }
    }
    for (int a = 0; a < n; a++) {
      if (index.put(this.assets.get(a), a) != null) {
        throw new IllegalArgumentException("asset " + this.assets.get(a) + " appears twice");
      }
    }
    requireShape("close", close, n, t);
    requireShape("bandMultiplier", bandMultiplier, n, t);
    requireShape("volatility", volatility, n, t);
    if (costs.length != n || covariance.length != t || firstBar.length != n || lastBar.length != n) {
      throw new IllegalArgumentException("costs, firstBar and lastBar need one entry per asset, covariance one per day");
    }
    for (int a = 0; a < n; a++) {
      if (costs[a].length != t) {
        throw new IllegalArgumentException("costs of " + this.assets.get(a) + " need one entry per day");
      }
      for (int d = 0; d < t; d++) {
        double c = close[a][d];
        if (!Double.isNaN(c) && !(c > 0 && Double.isFinite(c))) {
          throw new IllegalArgumentException("close of " + this.assets.get(a) + " on " + this.days.get(d) + " must be positive, was " + c);
        }
        if (costs[a][d] != null && Double.isNaN(c)) {
          throw new IllegalArgumentException(this.assets.get(a) + " has a cost but no price on " + this.days.get(d));
        }
        if (!(bandMultiplier[a][d] > 0) || Double.isInfinite(bandMultiplier[a][d])) {
          throw new IllegalArgumentException("band multiplier of " + this.assets.get(a) + " on " + this.days.get(d)
              + " must be positive, was " + bandMultiplier[a][d]);
        }
      }
    }
    for (int d = 0; d < t; d++) {
      if (covariance[d].length != n) {
        throw new IllegalArgumentException("covariance of " + this.days.get(d) + " must be " + n + " x " + n);
      }
    }
    this.close = close;
    this.costs = costs;
    this.covariance = covariance;
    this.bandMultiplier = bandMultiplier;
    this.volatility = volatility;
    this.firstBar = firstBar.clone();
    this.lastBar = lastBar.clone();
  }

  private static void requireShape(String name, double[][] values, int n, int t) {
    if (values.length != n) {
      throw new IllegalArgumentException(name + " needs one row per asset (" + n + "), had " + values.length);
    }
    for (double[] row : values) {
      if (row.length != t) {
        throw new IllegalArgumentException(name + " needs one entry per day (" + t + "), had " + row.length);
      }
    }
  }

  /**
   * Resolves real history for a replay from {@code from} to {@code to}: costs from {@code costModel}, regimes from
   * {@code classifier} run on each asset's whole history (every assessment uses only bars up to its own day), and
   * each day's covariance from {@code estimator} over the trailing {@code covarianceWindow} returns.
   *
   * @param series              daily bars, one series per market; markets not quoted in USDT or not in
   *                            {@code wanted} are ignored
   * @param wanted              the assets to replay (the cash line is added)
   * @param estimator           the production covariance estimator
   * @param covarianceWindow    trailing returns each day's covariance is estimated from, at least 2
   */
  public static MarketReplay fromHistory(List<DailyBarSeries> series, Set<String> wanted, LocalDate from, LocalDate to,
      DailyCostModel costModel, RegimeClassifier classifier, CovarianceEstimator estimator, int covarianceWindow) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("the replay ends (" + to + ") before it starts (" + from + ")");
    }
    Objects.requireNonNull(estimator, "estimator");
    if (covarianceWindow < 2) {
      throw new IllegalArgumentException("the covariance window must be at least 2 days, was " + covarianceWindow);
    }
    List<String> assets = new ArrayList<>();
    assets.add(AssetCatalogue.CASH);
    List<DailyBarSeries> used = new ArrayList<>();
    used.add(null);
    Set<String> missing = new LinkedHashSet<>(wanted);
    missing.remove(AssetCatalogue.CASH);
    for (DailyBarSeries s : series) {
      if (s.quoteAsset().equals(AssetCatalogue.CASH) && wanted.contains(s.baseAsset()) && !s.isEmpty()) {
        assets.add(s.baseAsset());
        used.add(s);
        missing.remove(s.baseAsset());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("no USDT price history for " + missing);
    }
    int n = assets.size();
    TreeSet<LocalDate> calendar = new TreeSet<>();
    for (int a = 1; a < n; a++) {
      for (DailyBar bar : used.get(a).bars()) {
        if (!bar.date().isAfter(to)) {
          calendar.add(bar.date());
        }
      }
    }
    List<LocalDate> all = new ArrayList<>(calendar);
    List<LocalDate> days = new ArrayList<>(calendar.subSet(from, true, to, true));
    if (days.isEmpty()) {
      throw new IllegalArgumentException("no bar between " + from + " and " + to);
    }
    int t = days.size();
    double[][] close = new double[n][t];
    DailyCost[][] costs = new DailyCost[n][t];
    double[][] multiplier = new double[n][t];
    double[][] volatility = new double[n][t];
    LocalDate[] firstBar = new LocalDate[n];
    LocalDate[] lastBar = new LocalDate[n];
    Arrays.fill(close[0], 1.0);
    Arrays.fill(costs[0], DailyCost.FREE);
    Arrays.fill(multiplier[0], 1.0);
    Arrays.fill(volatility[0], 0.0);
    List<Integer> assetIndexes = new ArrayList<>();
    for (int a = 1; a < n; a++) {
      assetIndexes.add(a);
    }
    assetIndexes.parallelStream().forEach(a -> resolveAsset(used.get(a), days, costModel, classifier, close[a],
        costs[a], multiplier[a], volatility[a], firstBar, lastBar, a));
    double[][][] covariance = covariance(used, all, days, estimator, covarianceWindow);
    return new MarketReplay(days, assets, close, costs, covariance, multiplier, volatility, firstBar, lastBar);
  }

  private static void resolveAsset(DailyBarSeries s, List<LocalDate> days, DailyCostModel costModel,
      RegimeClassifier classifier, double[] close, DailyCost[] costs, double[] multiplier, double[] volatility,
      LocalDate[] firstBar, LocalDate[] lastBar, int a) {
    firstBar[a] = s.first().date();
    lastBar[a] = s.last().date();
    double[] range = new double[s.size()];
    for (int i = 0; i < range.length; i++) {
      range[i] = DailyCostModel.rangeVolatility(s.get(i));
    }
    int window = costModel.parameters().volatilityWindowDays();
    RegimeTimeline timeline = classifier.classify(PriceSeries.ofDaily(s));
    double lastClose = Double.NaN;
    double lastMultiplier = 1.0;
    double lastVolatility = Double.NaN;
    int cursor = s.indexOf(days.get(0));
    cursor = cursor >= 0 ? cursor : -cursor - 1;
    if (cursor > 0) {
      lastClose = s.get(cursor - 1).close();
    }
    for (int d = 0; d < days.size(); d++) {
      LocalDate day = days.get(d);
      if (cursor < s.size() && s.get(cursor).date().equals(day)) {
        DailyBar bar = s.get(cursor);
        lastClose = bar.close();
        costs[d] = costModel.costOn(s.baseAsset(), bar, trailingMedian(range, cursor, window));
        Optional<RegimeAssessment> assessed = timeline.onDay(day);
        if (assessed.isPresent()) {
          lastMultiplier = assessed.get().bandMultiplier();
          lastVolatility = assessed.get().fastVolatility();
        }
        cursor++;
      }
      close[d] = lastClose;
      multiplier[d] = lastMultiplier;
      volatility[d] = lastVolatility;
    }
  }

  /** Median of values[i - window .. i - 1], at least five of them; NaN otherwise. */
  static double trailingMedian(double[] values, int i, int window) {
    int from = Math.max(0, i - window);
    if (i - from < 5) {
      return Double.NaN;
    }
    return Quantiles.median(values, from, i);
  }

  /**
   * The production {@link CovarianceEstimator} on each day's trailing window of closes (bars up to and including the
   * day; NaN before an asset's first bar and on days without a bar), annualised.
   */
  private static double[][][] covariance(List<DailyBarSeries> used, List<LocalDate> all, List<LocalDate> days,
      CovarianceEstimator estimator, int window) {
    int n = used.size();
    int total = all.size();
    double[][] closes = new double[n][total];
    Arrays.fill(closes[0], 1.0);
    for (int a = 1; a < n; a++) {
      DailyBarSeries series = used.get(a);
      int cursor = 0;
      for (int k = 0; k < total; k++) {
        LocalDate day = all.get(k);
        while (cursor < series.size() && series.get(cursor).date().isBefore(day)) {
          cursor++;
        }
        closes[a][k] = cursor < series.size() && series.get(cursor).date().equals(day) ? series.get(cursor).close() : Double.NaN;
      }
    }
    int offset = Collections.binarySearch(all, days.get(0));
    double[][][] out = new double[days.size()][][];
    IntStream.range(0, days.size()).parallel().forEach(d -> {
      int to = offset + d + 1;
      int from = Math.max(0, to - window - 1);
      List<double[]> prices = new ArrayList<>(n);
      for (int a = 0; a < n; a++) {
        prices.add(Arrays.copyOfRange(closes[a], from, to));
      }
      out[d] = estimator.estimate(prices).covariance();
    });
    return out;
  }

  public List<LocalDate> days() {
    return days;
  }

  public List<String> assets() {
    return assets;
  }

  /** The asset's index, or -1 when the replay does not hold it. */
  public int indexOf(String asset) {
    Integer i = index.get(asset);
    return i == null ? -1 : i;
  }

  /** Close, USDT per unit, carried forward over days without a bar; NaN before the asset's first bar. */
  public double close(int asset, int day) {
    return close[asset][day];
  }

  /** The day's cost of trading the asset, or null when it has no bar that day. */
  public DailyCost cost(int asset, int day) {
    return costs[asset][day];
  }

  /** True when the asset has a bar on the day, so it can be traded. */
  public boolean tradable(int asset, int day) {
    return costs[asset][day] != null;
  }

  /** Annualised covariance of two assets' daily simple returns on the day, fraction squared per year. */
  public double covariance(int day, int i, int j) {
    return covariance[day][i][j];
  }

  /** The regime band multiplier, dimensionless. */
  public double bandMultiplier(int asset, int day) {
    return bandMultiplier[asset][day];
  }

  /** Fast EWMA volatility, annualised fraction; NaN when unknown. */
  public double volatility(int asset, int day) {
    return volatility[asset][day];
  }

  /** The asset's first bar in the source history; null for the cash line. */
  public LocalDate firstBar(int asset) {
    return firstBar[asset];
  }

  /** The asset's last bar in the source history; null for the cash line. */
  public LocalDate lastBar(int asset) {
    return lastBar[asset];
  }

  /** The index of the first replayed day on or after {@code date}, or {@code days().size()} if none. */
  public int dayOnOrAfter(LocalDate date) {
    int i = java.util.Collections.binarySearch(days, date);
    return i >= 0 ? i : -i - 1;
  }
}
