package dev.keel.domain.backtest;

import dev.keel.domain.market.AssetCatalogue;
import dev.keel.domain.optimize.NaiveRebalancePolicy;
import dev.keel.domain.optimize.RebalanceOptimizer;
import dev.keel.domain.optimize.RebalanceOutcome;
import dev.keel.domain.optimize.RebalancePolicy;
import dev.keel.domain.optimize.RebalanceProblem;
import dev.keel.domain.portfolio.RiskProfile;
import dev.keel.domain.regime.BandScaling;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Replays a market through a population of portfolios under each policy, with the production optimiser
 * ({@link RebalanceOptimizer#DEFAULT}), the production cost-blind policy ({@link NaiveRebalancePolicy}), the risk
 * profiles' bands and the regime multipliers through {@link BandScaling}.
 *
 * <p>Each day, at the close: holdings move with the day's closes; the policy looks at the weights and, when it wants
 * to trade and every line of the portfolio has a bar that day, builds a {@link RebalanceProblem} with the day's
 * covariance and costs and takes the outcome's post-trade weights. The trades are charged at the day's
 * {@link DailyCost}: from the cash line when the basket has one, otherwise from every line in proportion (weights
 * unchanged). Nothing else moves value. The ledger is kept in {@code double}: it is a simulation whose figures are
 * statistics over thousands of portfolios, never an order or a booked holding, and binary rounding (1e-16 relative)
 * is far below every figure reported. Stateless; the result does not depend on {@link BacktestSettings#parallel()}.
 */
public final class BacktestSimulator {

  /** A weight this far outside its band does not count as outside: rounding, not drift. */
  static final double BAND_TOLERANCE = 1e-12;
  private static final int CHUNK = 8;

  private BacktestSimulator() {}

  /**
   * Runs every policy over every portfolio. Buy-and-hold is always simulated (the other policies' net returns are
   * measured against it) but reported only when asked for.
   */
  public static BacktestResult run(MarketReplay market, List<SimulatedPortfolio> portfolios, List<Policy> policies,
      BacktestSettings settings) {
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(settings, "settings");
    List<Policy> simulated = new ArrayList<>(policies);
    if (!simulated.contains(Policy.BUY_AND_HOLD)) {
      simulated.add(0, Policy.BUY_AND_HOLD);
    }
    int chunks = (portfolios.size() + CHUNK - 1) / CHUNK;
    IntStream range = IntStream.range(0, chunks);
    List<Partial> partials = (settings.parallel() ? range.parallel() : range)
        .mapToObj(c -> simulateChunk(market, portfolios.subList(c * CHUNK, Math.min(portfolios.size(), (c + 1) * CHUNK)),
            simulated, settings))
        .collect(Collectors.toList());
    Map<Policy, DailyTotals> daily = new EnumMap<>(Policy.class);
    for (Policy p : policies) {
      daily.put(p, new DailyTotals(market.days().size()));
    }
    List<PortfolioResult> results = new ArrayList<>();
    int skipped = 0;
    for (Partial partial : partials) {
      skipped += partial.skipped;
      for (Policy p : policies) {
        daily.get(p).addAll(partial.daily.get(p));
      }
      for (PortfolioResult r : partial.results) {
        if (policies.contains(r.policy())) {
          results.add(r);
        }
      }
    }
    results.sort(Comparator.comparingInt((PortfolioResult r) -> r.portfolio().id()).thenComparing(PortfolioResult::policy));
    return new BacktestResult(market, List.copyOf(policies), results, daily, skipped);
  }

  private record Partial(List<PortfolioResult> results, Map<Policy, DailyTotals> daily, int skipped) {}

  private static Partial simulateChunk(MarketReplay market, List<SimulatedPortfolio> chunk, List<Policy> policies,
      BacktestSettings settings) {
    Map<Policy, DailyTotals> daily = new EnumMap<>(Policy.class);
    for (Policy p : policies) {
      daily.put(p, new DailyTotals(market.days().size()));
    }
    List<PortfolioResult> results = new ArrayList<>();
    int skipped = 0;
    for (SimulatedPortfolio portfolio : chunk) {
      Lines lines = Lines.of(market, portfolio, settings);
      if (lines == null) {
        skipped++;
        continue;
      }
      Map<Policy, PortfolioResult> byPolicy = new EnumMap<>(Policy.class);
      for (Policy policy : policies) {
        byPolicy.put(policy, simulate(market, portfolio, lines, policy, settings, daily.get(policy)));
      }
      double hold = byPolicy.get(Policy.BUY_AND_HOLD).annualisedReturn();
      for (PortfolioResult r : byPolicy.values()) {
        results.add(r.withNetVersusBuyAndHold(r.annualisedReturn() - hold));
      }
    }
    return new Partial(results, daily, skipped);
  }

  /** A portfolio's lines resolved against the market: indexes, targets, bands, cash line and life span. */
  record Lines(List<String> symbols, int[] asset, double[] target, double[] staticBand, double[] naiveBand,
      int cash, int start, int end) {

    static Lines of(MarketReplay market, SimulatedPortfolio portfolio, BacktestSettings settings) {
      List<String> symbols = new ArrayList<>(portfolio.basket().weights().keySet());
      int m = symbols.size();
      int[] asset = new int[m];
      double[] target = new double[m];
      double[] staticBand = new double[m];
      double[] naiveBand = new double[m];
      int cash = -1;
      LocalDate first = market.days().get(0);
      LocalDate last = market.days().get(market.days().size() - 1);
      RiskProfile profile = portfolio.profile();
      for (int i = 0; i < m; i++) {
        String s = symbols.get(i);
        asset[i] = market.indexOf(s);
        if (asset[i] < 0) {
          throw new IllegalArgumentException("the replay has no prices for " + s + " of basket " + portfolio.basket().name());
        }
        target[i] = portfolio.basket().weights().get(s);
        staticBand[i] = profile.bandFor(target[i]);
        naiveBand[i] = profile.absoluteBand();
        if (s.equals(AssetCatalogue.CASH)) {
          cash = i;
        } else {
          LocalDate listed = market.firstBar(asset[i]).plusDays(settings.listingLeadDays());
          first = listed.isAfter(first) ? listed : first;
          LocalDate delisted = market.lastBar(asset[i]);
          last = delisted.isBefore(last) ? delisted : last;
        }
      }
      int start = market.dayOnOrAfter(first);
      int end = market.dayOnOrAfter(last.plusDays(1)) - 1;
      while (start < end && !allTradable(market, asset, start)) {
        start++;
      }
      if (start >= end) {
        return null;
      }
      return new Lines(List.copyOf(symbols), asset, target, staticBand, naiveBand, cash, start, end);
    }
  }

  static boolean allTradable(MarketReplay market, int[] asset, int day) {
    for (int a : asset) {
      if (!market.tradable(a, day)) {
        return false;
      }
    }
    return true;
  }

  private static PortfolioResult simulate(MarketReplay market, SimulatedPortfolio portfolio, Lines lines,
      Policy policy, BacktestSettings settings, DailyTotals totals) {
    int m = lines.asset.length;
    double[] value = new double[m];
    double v0 = portfolio.initialValue();
    for (int i = 0; i < m; i++) {
      value[i] = lines.target[i] * v0;
    }
    double[] w0 = new double[m];
    double[] gap = new double[m];
    double[] band = new double[m];
    double sumSquaredActive = 0;
    int returnDays = 0;
    int outsideDays = 0;
    int rebalances = 0;
    int unsolved = 0;
    double turnover = 0;
    double costFraction = 0;
    double traded = 0;
    double totalCost = 0;
    boolean calendarDue = false;
    totals.add(lines.start, 0, 0, false, 0);
    for (int d = lines.start + 1; d <= lines.end; d++) {
      double before = 0;
      double targetReturn = 0;
      double after = 0;
      for (int i = 0; i < m; i++) {
        int a = lines.asset[i];
        double ratio = market.close(a, d) / market.close(a, d - 1);
        before += value[i];
        value[i] *= ratio;
        after += value[i];
        targetReturn += lines.target[i] * (ratio - 1);
      }
      double active = after / before - 1 - targetReturn;
      sumSquaredActive += active * active;
      returnDays++;
      boolean outsideStatic = false;
      for (int i = 0; i < m; i++) {
        w0[i] = value[i] / after;
        gap[i] = w0[i] - lines.target[i];
        if (Math.abs(gap[i]) > lines.staticBand[i] + BAND_TOLERANCE) {
          outsideStatic = true;
        }
      }
      if (outsideStatic) {
        outsideDays++;
      }
      double exAnte = exAnteTrackingError(market, lines.asset, gap, d);
      calendarDue |= calendarTurn(policy, market.days().get(d - 1), market.days().get(d));
      RebalancePolicy rule = null;
      switch (policy) {
        case BUY_AND_HOLD -> { }
        case CALENDAR_MONTHLY, CALENDAR_QUARTERLY -> {
          if (calendarDue) {
            java.util.Arrays.fill(band, 0);
            rule = NaiveRebalancePolicy.DEFAULT;
          }
        }
        case NAIVE_THRESHOLD -> {
          System.arraycopy(lines.naiveBand, 0, band, 0, m);
          rule = NaiveRebalancePolicy.DEFAULT;
        }
        case NAIVE_KEEL_BANDS -> {
          System.arraycopy(lines.staticBand, 0, band, 0, m);
          rule = NaiveRebalancePolicy.DEFAULT;
        }
        case KEEL_STATIC -> {
          System.arraycopy(lines.staticBand, 0, band, 0, m);
          rule = RebalanceOptimizer.DEFAULT;
        }
        case KEEL_ADAPTIVE -> {
          for (int i = 0; i < m; i++) {
            band[i] = i == lines.cash ? lines.staticBand[i]
                : BandScaling.scale(lines.target[i], lines.staticBand[i], market.bandMultiplier(lines.asset[i], d),
                    settings.maxBandHalfWidth()).halfWidth();
          }
          rule = RebalanceOptimizer.DEFAULT;
        }
        default -> throw new IllegalStateException("unknown policy " + policy);
      }
      double dayCost = 0;
      double dayTraded = 0;
      boolean rebalanced = false;
      if (rule != null && breached(gap, band, settings.minimumOrder() / after) && allTradable(market, lines.asset, d)) {
        calendarDue = false;
        RebalanceOutcome outcome = rule.rebalance(problem(market, lines, portfolio, w0, band, after, d,
            settings.trackingHorizon()));
        if (outcome instanceof RebalanceOutcome.Optimal optimal) {
          double[] weights = optimal.weightsAfter();
          double sum = 0;
          for (double w : weights) {
            sum += w;
          }
          for (int i = 0; i < m; i++) {
            double w = weights[i] / sum;
            if (i != lines.cash) {
              double notional = (w - w0[i]) * after;
              if (notional != 0) {
                dayCost += market.cost(lines.asset[i], d).costOf(notional);
                dayTraded += Math.abs(notional);
              }
            }
            value[i] = w * after;
          }
          payCost(value, lines.cash, dayCost, after);
          rebalanced = dayTraded > 0;
        } else if (!(outcome instanceof RebalanceOutcome.NoTradeNeeded)) {
          unsolved++;
        }
      }
      if (rebalanced) {
        rebalances++;
        turnover += dayTraded / after / 2;
        costFraction += dayCost / after;
        traded += dayTraded;
        totalCost += dayCost;
      }
      totals.add(d, exAnte, dayCost / after, rebalanced, dayTraded / after);
    }
    double finalValue = 0;
    for (double v : value) {
      finalValue += v;
    }
    LocalDate start = market.days().get(lines.start);
    LocalDate end = market.days().get(lines.end);
    double years = ChronoUnit.DAYS.between(start, end) / MarketReplay.DAYS_PER_YEAR;
    double trackingError = Math.sqrt(MarketReplay.DAYS_PER_YEAR * sumSquaredActive / returnDays);
    double annualised = Math.pow(finalValue / v0, 1 / years) - 1;
    return new PortfolioResult(portfolio, policy, start, end, years, trackingError, (double) outsideDays / returnDays,
        rebalances, turnover / years, costFraction * 1e4 / years, traded > 0 ? totalCost / traded * 1e4 : Double.NaN,
        annualised, Double.NaN, finalValue, traded, totalCost, unsolved);
  }

  /** Pays a trade's cost: from the cash line when there is one and it suffices, otherwise from every line pro rata. */
  static void payCost(double[] value, int cash, double cost, double total) {
    if (cost == 0) {
      return;
    }
    if (cash >= 0 && value[cash] >= cost) {
      value[cash] -= cost;
      return;
    }
    double keep = (total - cost) / total;
    for (int i = 0; i < value.length; i++) {
      value[i] *= keep;
    }
  }

  /** True when some line is outside its band by more than {@code slack}, a fraction of portfolio value. */
  static boolean breached(double[] gap, double[] band, double slack) {
    for (int i = 0; i < gap.length; i++) {
      if (Math.abs(gap[i]) > band[i] + Math.max(slack, BAND_TOLERANCE)) {
        return true;
      }
    }
    return false;
  }

  /** True when a calendar policy's period turned between two replayed days. */
  static boolean calendarTurn(Policy policy, LocalDate previous, LocalDate day) {
    return switch (policy) {
      case CALENDAR_MONTHLY -> previous.getYear() != day.getYear() || previous.getMonthValue() != day.getMonthValue();
      case CALENDAR_QUARTERLY -> previous.getYear() != day.getYear()
          || (previous.getMonthValue() - 1) / 3 != (day.getMonthValue() - 1) / 3;
      default -> false;
    };
  }

  static double exAnteTrackingError(MarketReplay market, int[] asset, double[] gap, int day) {
    double variance = 0;
    for (int i = 0; i < asset.length; i++) {
      if (gap[i] == 0) {
        continue;
      }
      double row = 0;
      for (int j = 0; j < asset.length; j++) {
        row += market.covariance(day, asset[i], asset[j]) * gap[j];
      }
      variance += gap[i] * row;
    }
    return Math.sqrt(Math.max(0, variance));
  }

  static RebalanceProblem problem(MarketReplay market, Lines lines, SimulatedPortfolio portfolio, double[] w0,
      double[] band, double value, int day, double horizon) {
    int m = lines.asset.length;
    double[][] sigma = new double[m][m];
    double[] kappa = new double[m];
    double[] eta = new double[m];
    double[] weights = w0.clone();
    double sum = 0;
    for (int i = 0; i < m; i++) {
      weights[i] = Math.max(0, Math.min(1, weights[i]));
      sum += weights[i];
    }
    for (int i = 0; i < m; i++) {
      weights[i] /= sum;
      for (int j = 0; j < m; j++) {
        sigma[i][j] = market.covariance(day, lines.asset[i], lines.asset[j]) * horizon;
      }
      if (i != lines.cash) {
        DailyCost cost = market.cost(lines.asset[i], day);
        kappa[i] = cost.kappa();
        eta[i] = cost.impactSlope() * value;
      }
    }
    return RebalanceProblem.of(lines.symbols, lines.cash, weights, lines.target, band, sigma,
        portfolio.profile().riskAversion(), kappa, kappa, eta);
  }
}
