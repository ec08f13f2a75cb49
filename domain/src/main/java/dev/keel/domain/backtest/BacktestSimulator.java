package dev.keel.domain.backtest;

import dev.keel.domain.crossing.CrossedOrder;
import dev.keel.domain.crossing.CrossingOrder;
import dev.keel.domain.crossing.InternalCross;
import dev.keel.domain.market.AssetCatalogue;
import dev.keel.domain.market.Side;
import dev.keel.domain.optimize.NaiveRebalancePolicy;
import dev.keel.domain.optimize.RebalanceOptimizer;
import dev.keel.domain.optimize.RebalanceOutcome;
import dev.keel.domain.optimize.RebalancePolicy;
import dev.keel.domain.optimize.RebalanceProblem;
import dev.keel.domain.portfolio.CostAwareBand;
import dev.keel.domain.portfolio.RiskProfile;
import dev.keel.domain.portfolio.Tier;
import dev.keel.domain.regime.BandScaling;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Replays a market through a population of portfolios under each policy, with the production optimiser
 * ({@link RebalanceOptimizer#DEFAULT}), the production cost-blind policy ({@link NaiveRebalancePolicy}), the risk
 * profiles' bands, the regime multipliers through {@link BandScaling} and the production crossing rule
 * ({@link InternalCross}).
 *
 * <p>Each policy runs day by day over the whole population. Each day, at the close: holdings move with the day's
 * closes; a month's first day brings deposits (onto the cash line) and withdrawals (sold pro rata); the policy looks
 * at the weights and, when it wants to trade and every line of the portfolio has a bar that day, builds a
 * {@link RebalanceProblem} with the day's covariance and costs and takes the outcome's post-trade weights. Then the
 * day's trades of all portfolios cross per asset at the close (the backtest's mid) and only the net pays the venue's
 * cost, shared pro rata; the cost is paid from the cash line when there is one, otherwise from every line in
 * proportion (weights unchanged). The ledger is kept in {@code double}: it is a simulation whose figures are statistics
 * over thousands of portfolios, never an order or a booked holding, and binary rounding (1e-16 relative) is far below
 * every figure reported. Stateless; the result does not depend on {@link BacktestSettings#parallel()}.
 */
public final class BacktestSimulator {

  /** A weight this far outside its band does not count as outside: rounding, not drift. */
  static final double BAND_TOLERANCE = 1e-12;
  /** A portfolio with fewer days than this in a period has no result for that period. */
  public static final int MIN_PERIOD_DAYS = 60;
  /** The cash asset's index in every replay. */
  static final int CASH_ASSET = 0;
  /** The step notionals are crossed in, USDT. */
  static final BigDecimal CROSSING_LOT = new BigDecimal("1e-8");

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
    List<SimulatedPortfolio> live = new ArrayList<>();
    List<Lines> lines = new ArrayList<>();
    int skipped = 0;
    for (SimulatedPortfolio p : portfolios) {
      Lines l = Lines.of(market, p, settings);
      if (l == null) {
        skipped++;
      } else {
        live.add(p);
        lines.add(l);
      }
    }
    var stream = settings.parallel() ? simulated.parallelStream() : simulated.stream();
    Map<Policy, PolicyRun> runs = stream.map(p -> PolicyRun.simulate(market, live, lines, p, settings))
        .collect(Collectors.toMap(r -> r.policy, r -> r));
    Map<Policy, DailyTotals> daily = new EnumMap<>(Policy.class);
    List<PortfolioResult> results = new ArrayList<>();
    List<PortfolioResult> periodResults = new ArrayList<>();
    PolicyRun hold = runs.get(Policy.BUY_AND_HOLD);
    for (Policy p : policies) {
      PolicyRun run = runs.get(p);
      daily.put(p, run.totals);
      for (int k = 0; k < live.size(); k++) {
        for (Period period : Period.values()) {
          PortfolioResult r = run.results.get(period).get(k);
          PortfolioResult h = hold.results.get(period).get(k);
          if (r == null) {
            continue;
          }
          r = r.withNetVersusBuyAndHold(r.annualisedReturn() - h.annualisedReturn());
          (period == Period.ALL ? results : periodResults).add(r);
        }
      }
    }
    Comparator<PortfolioResult> order = Comparator.comparingInt((PortfolioResult r) -> r.portfolio().id())
        .thenComparing(PortfolioResult::policy).thenComparing(PortfolioResult::period);
    results.sort(order);
    periodResults.sort(order);
    return new BacktestResult(market, List.copyOf(policies), results, periodResults, daily, skipped);
  }

  /** One policy over the whole population, day by day. */
  private static final class PolicyRun {
    final Policy policy;
    final DailyTotals totals;
    final Map<Period, List<PortfolioResult>> results = new EnumMap<>(Period.class);

    private PolicyRun(Policy policy, int days) {
      this.policy = policy;
      this.totals = new DailyTotals(days);
    }

    static PolicyRun simulate(MarketReplay market, List<SimulatedPortfolio> portfolios, List<Lines> lines,
        Policy policy, BacktestSettings settings) {
      int days = market.days().size();
      PolicyRun run = new PolicyRun(policy, days);
      int splitDay = settings.split() == null ? Integer.MAX_VALUE : market.dayOnOrAfter(settings.split());
      List<Book> books = new ArrayList<>(portfolios.size());
      for (int k = 0; k < portfolios.size(); k++) {
        books.add(new Book(market, portfolios.get(k), lines.get(k), policy, settings, splitDay));
      }
      List<List<Book>> startingOn = new ArrayList<>(days);
      for (int d = 0; d < days; d++) {
        startingOn.add(new ArrayList<>());
      }
      for (Book b : books) {
        startingOn.get(b.lines.start).add(b);
      }
      List<Book> alive = new ArrayList<>();
      for (int d = 0; d < days; d++) {
        List<Book> trading = new ArrayList<>();
        for (Book b : alive) {
          if (b.step(d)) {
            trading.add(b);
          }
        }
        if (!trading.isEmpty()) {
          chargeCosts(market, trading, d, settings.crossing());
        }
        for (Book b : alive) {
          b.settle(d, run.totals);
        }
        int today = d;
        alive.removeIf(b -> b.lines.end <= today);
        for (Book b : startingOn.get(d)) {
          b.open(run.totals);
          if (b.lines.end > d) {
            alive.add(b);
          }
        }
      }
      for (Period period : Period.values()) {
        List<PortfolioResult> rs = new ArrayList<>(books.size());
        for (Book b : books) {
          rs.add(b.result(period));
        }
        run.results.put(period, rs);
      }
      return run;
    }
  }

  /**
   * Sets each trading book's cost per line for the day: crossed per asset across the books at the close by
   * {@link InternalCross} (free at the mid), and each trade's venue part, its pro rata share of the net, charged at the
   * day's cost formula as an order of its own, as every uncrossed trade is (the cost model does not add impact up
   * across portfolios, so one average price for the net would move impact from large trades onto small ones); or,
   * without crossing, each trade's own cost.
   */
  static void chargeCosts(MarketReplay market, List<Book> trading, int day, boolean crossing) {
    if (!crossing) {
      for (Book b : trading) {
        for (int i = 0; i < b.trade.length; i++) {
          if (b.trade[i] != 0) {
            b.lineCost[i] = market.cost(b.lines.asset[i], day).costOf(b.trade[i]);
          }
        }
      }
      return;
    }
    Map<Integer, List<int[]>> byAsset = new HashMap<>();
    for (int k = 0; k < trading.size(); k++) {
      Book b = trading.get(k);
      for (int i = 0; i < b.trade.length; i++) {
        if (b.trade[i] != 0) {
          byAsset.computeIfAbsent(b.lines.asset[i], a -> new ArrayList<>()).add(new int[] {k, i});
        }
      }
    }
    for (Map.Entry<Integer, List<int[]>> e : byAsset.entrySet()) {
      DailyCost cost = market.cost(e.getKey(), day);
      List<int[]> legs = e.getValue();
      List<CrossingOrder> orders = new ArrayList<>(legs.size());
      List<int[]> crossable = new ArrayList<>(legs.size());
      for (int[] leg : legs) {
        Book b = trading.get(leg[0]);
        double q = b.trade[leg[1]];
        BigDecimal quantity = new BigDecimal(Math.abs(q)).setScale(8, RoundingMode.HALF_EVEN);
        if (quantity.signum() == 0) {
          b.lineCost[leg[1]] = cost.costOf(q);
          continue;
        }
        orders.add(new CrossingOrder(crossable.size(), q > 0 ? Side.BUY : Side.SELL, quantity));
        crossable.add(leg);
      }
      if (orders.isEmpty()) {
        continue;
      }
      InternalCross.Result result = InternalCross.cross(orders, CROSSING_LOT);
      for (int j = 0; j < orders.size(); j++) {
        CrossedOrder o = result.orders().get(j);
        int[] leg = crossable.get(j);
        Book b = trading.get(leg[0]);
        double q = Math.abs(b.trade[leg[1]]);
        double crossedShare = o.crossedShare();
        b.lineCost[leg[1]] = cost.costOf(q * (1 - crossedShare));
        b.lineCrossed[leg[1]] = q * crossedShare;
      }
    }
  }

  /** One portfolio's ledger and metrics under one policy. */
  static final class Book {
    final MarketReplay market;
    final SimulatedPortfolio portfolio;
    final Lines lines;
    final Policy policy;
    final BacktestSettings settings;
    final int splitDay;
    final double[] value;
    final double[] w0;
    final double[] gap;
    final double[] band;
    /** The day's trade per line, USDT, buy positive; zero for the cash line. */
    final double[] trade;
    final double[] lineCost;
    final double[] lineCrossed;
    final Meter[] meters = {new Meter(), new Meter(), new Meter()};
    boolean calendarDue;
    int lastProposal = Integer.MIN_VALUE / 2;
    // the day's state between step and settle
    double before;
    double after;
    double postFlow;
    double exAnte;
    boolean proposed;
    boolean outsideStatic;

    Book(MarketReplay market, SimulatedPortfolio portfolio, Lines lines, Policy policy, BacktestSettings settings,
        int splitDay) {
      this.market = market;
      this.portfolio = portfolio;
      this.lines = lines;
      this.policy = policy;
      this.settings = settings;
      this.splitDay = splitDay;
      int m = lines.asset.length;
      value = new double[m];
      w0 = new double[m];
      gap = new double[m];
      band = new double[m];
      trade = new double[m];
      lineCost = new double[m];
      lineCrossed = new double[m];
    }

    void open(DailyTotals totals) {
      for (int i = 0; i < value.length; i++) {
        value[i] = lines.target[i] * portfolio.initialValue();
      }
      totals.add(lines.start, 0, 0, false, 0);
      meterFor(lines.start).forEach(m -> m.touch(lines.start));
    }

    private List<Meter> meterFor(int d) {
      return List.of(meters[0], d < splitDay ? meters[1] : meters[2]);
    }

    /** Moves prices, applies flows, lets the policy decide; true when the book has trades to charge today. */
    boolean step(int d) {
      int m = value.length;
      java.util.Arrays.fill(trade, 0);
      java.util.Arrays.fill(lineCost, 0);
      java.util.Arrays.fill(lineCrossed, 0);
      proposed = false;
      before = 0;
      after = 0;
      double targetReturn = 0;
      for (int i = 0; i < m; i++) {
        int a = lines.asset[i];
        double ratio = market.close(a, d) / market.close(a, d - 1);
        before += value[i];
        value[i] *= ratio;
        after += value[i];
        targetReturn += lines.target[i] * (ratio - 1);
      }
      double active = after / before - 1 - targetReturn;
      for (Meter meter : meterFor(d)) {
        meter.sumSquaredActive += active * active;
        meter.returnDays++;
        meter.logGrowth += Math.log(after / before);
        meter.touch(d);
      }
      LocalDate previous = market.days().get(d - 1);
      LocalDate today = market.days().get(d);
      boolean monthTurn = previous.getYear() != today.getYear() || previous.getMonthValue() != today.getMonthValue();
      CashFlows flows = portfolio.flows();
      if (monthTurn && lines.deposit >= 0 && flows.deposits()) {
        value[lines.deposit] += flows.monthlyDeposit();
      }
      double withdrawn = monthTurn ? flows.withdrawalIn(today.getYear() * 12L + today.getMonthValue() - 1) : 0;
      if (withdrawn > 0) {
        for (int i = 0; i < m; i++) {
          double out = value[i] * withdrawn;
          if (lines.asset[i] != CASH_ASSET) {
            trade[i] -= out;
          }
          value[i] -= out;
        }
      }
      postFlow = 0;
      for (double v : value) {
        postFlow += v;
      }
      outsideStatic = false;
      for (int i = 0; i < m; i++) {
        w0[i] = value[i] / postFlow;
        gap[i] = w0[i] - lines.target[i];
        if (i < lines.basketLines && Math.abs(gap[i]) > lines.staticBand[i] + BAND_TOLERANCE) {
          outsideStatic = true;
        }
      }
      exAnte = exAnteTrackingError(market, lines.asset, gap, d);
      calendarDue |= calendarTurn(policy, previous, today);
      RebalancePolicy rule = rule(d);
      boolean intervalOk = policy != Policy.KEEL_COST_AWARE || portfolio.tier() != Tier.STANDARD
          || d - lastProposal >= settings.standardMinIntervalDays();
      if (rule != null && intervalOk && breached(gap, band, settings.minimumOrder() / postFlow)
          && allTradable(market, lines.asset, d)) {
        calendarDue = false;
        RebalanceOutcome outcome = rule.rebalance(problem(market, lines, portfolio, w0, band, postFlow, d,
            settings.trackingHorizon()));
        if (outcome instanceof RebalanceOutcome.Optimal optimal) {
          double[] weights = optimal.weightsAfter();
          double sum = 0;
          for (double w : weights) {
            sum += w;
          }
          for (int i = 0; i < m; i++) {
            double w = weights[i] / sum;
            if (lines.asset[i] != CASH_ASSET) {
              double notional = (w - w0[i]) * postFlow;
              if (notional != 0) {
                trade[i] += notional;
                proposed = true;
              }
            }
            value[i] = w * postFlow;
          }
        } else if (!(outcome instanceof RebalanceOutcome.NoTradeNeeded)) {
          for (Meter meter : meterFor(d)) {
            meter.unsolved++;
          }
        }
      }
      if (proposed) {
        lastProposal = d;
      }
      for (double t : trade) {
        if (t != 0) {
          return true;
        }
      }
      return false;
    }

    /** The policy's bands for the day in {@link #band} and its decision rule; null when it does not look today. */
    private RebalancePolicy rule(int d) {
      int m = value.length;
      switch (policy) {
        case BUY_AND_HOLD -> {
          return null;
        }
        case CALENDAR_MONTHLY, CALENDAR_QUARTERLY -> {
          if (!calendarDue) {
            return null;
          }
          java.util.Arrays.fill(band, 0);
          return NaiveRebalancePolicy.DEFAULT;
        }
        case NAIVE_THRESHOLD -> {
          System.arraycopy(lines.naiveBand, 0, band, 0, m);
          return NaiveRebalancePolicy.DEFAULT;
        }
        case NAIVE_KEEL_BANDS -> {
          System.arraycopy(lines.staticBand, 0, band, 0, m);
          return NaiveRebalancePolicy.DEFAULT;
        }
        case KEEL_STATIC -> {
          System.arraycopy(lines.staticBand, 0, band, 0, m);
          return RebalanceOptimizer.DEFAULT;
        }
        case KEEL_ADAPTIVE -> {
          for (int i = 0; i < m; i++) {
            band[i] = lines.asset[i] == CASH_ASSET ? lines.staticBand[i]
                : BandScaling.scale(lines.target[i], lines.staticBand[i], market.bandMultiplier(lines.asset[i], d),
                    settings.maxBandHalfWidth()).halfWidth();
          }
          return RebalanceOptimizer.DEFAULT;
        }
        case KEEL_COST_AWARE -> {
          costAwareBands(market, lines, portfolio.profile(), d, settings,
              portfolio.tier() == Tier.PREMIUM ? settings.premiumCostAwareScale() : settings.costAwareScale(), band);
          return RebalanceOptimizer.DEFAULT;
        }
        default -> throw new IllegalStateException("unknown policy " + policy);
      }
    }

    /** Charges the day's costs, keeps the metrics. */
    void settle(int d, DailyTotals totals) {
      double dayCost = 0;
      double dayUncrossed = 0;
      double dayTraded = 0;
      double dayCrossed = 0;
      for (int i = 0; i < trade.length; i++) {
        if (trade[i] != 0) {
          dayCost += lineCost[i];
          dayUncrossed += market.cost(lines.asset[i], d).costOf(trade[i]);
          dayTraded += Math.abs(trade[i]);
          dayCrossed += lineCrossed[i];
        }
      }
      payCost(value, lines.cash, dayCost, postFlow);
      boolean traded = dayTraded > 0;
      for (Meter meter : meterFor(d)) {
        if (outsideStatic) {
          meter.outsideDays++;
        }
        meter.logGrowth += Math.log((postFlow - dayCost) / postFlow);
        if (proposed) {
          meter.proposals++;
        }
        if (traded) {
          meter.turnover += dayTraded / postFlow / 2;
          meter.costFraction += dayCost / postFlow;
          meter.traded += dayTraded;
          meter.totalCost += dayCost;
          meter.uncrossedCost += dayUncrossed;
          meter.crossed += dayCrossed;
          if (dayCost > dayUncrossed * (1 + 1e-9) + 1e-12) {
            meter.worseOffDays++;
          }
        }
      }
      totals.add(d, exAnte, dayCost / postFlow, proposed, dayTraded / postFlow);
    }

    PortfolioResult result(Period period) {
      Meter meter = meters[period.ordinal()];
      if (meter.first < 0 || (period != Period.ALL && meter.returnDays < MIN_PERIOD_DAYS)) {
        return null;
      }
      // a period that begins after the portfolio's first day starts at the close before its first return
      LocalDate start = market.days().get(meter.first > lines.start ? meter.first - 1 : meter.first);
      LocalDate end = market.days().get(meter.last);
      double years = ChronoUnit.DAYS.between(start, end) / MarketReplay.DAYS_PER_YEAR;
      double finalValue = 0;
      for (double v : value) {
        finalValue += v;
      }
      double trackingError = Math.sqrt(MarketReplay.DAYS_PER_YEAR * meter.sumSquaredActive / meter.returnDays);
      double annualised = Math.exp(meter.logGrowth / years) - 1;
      return new PortfolioResult(portfolio, policy, start, end, years, trackingError,
          (double) meter.outsideDays / meter.returnDays, meter.proposals, meter.turnover / years,
          meter.costFraction * 1e4 / years, meter.traded > 0 ? meter.totalCost / meter.traded * 1e4 : Double.NaN,
          annualised, Double.NaN, finalValue, meter.traded, meter.totalCost, meter.unsolved, period,
          meter.uncrossedCost, meter.crossed, meter.worseOffDays);
    }
  }

  /** A portfolio's figures over one period. */
  static final class Meter {
    int first = -1;
    int last = -1;
    double sumSquaredActive;
    int returnDays;
    int outsideDays;
    int proposals;
    int unsolved;
    double turnover;
    double costFraction;
    double traded;
    double totalCost;
    double uncrossedCost;
    double crossed;
    int worseOffDays;
    double logGrowth;

    void touch(int d) {
      if (first < 0) {
        first = d;
      }
      last = d;
    }
  }

  /**
   * A portfolio's lines resolved against the market: indexes, targets, bands, cash line and life span. A portfolio
   * that deposits into a basket without a cash line gets a deposit line (USDT, target zero) after the basket's lines;
   * it is an ordinary line to the optimiser (no cost to trade, no cost reserve), so costs are still paid from every
   * line in proportion, as for the basket without deposits.
   *
   * @param cash        the basket's own cash line, which pays costs, or -1
   * @param basketLines how many of the lines are the basket's own (the rest is the deposit line)
   * @param deposit     the line deposits land on: the cash line, the added deposit line, or -1 without deposits
   */
  record Lines(List<String> symbols, int[] asset, double[] target, double[] staticBand, double[] naiveBand,
      int cash, int start, int end, int basketLines, int deposit) {

    static Lines of(MarketReplay market, SimulatedPortfolio portfolio, BacktestSettings settings) {
      List<String> symbols = new ArrayList<>(portfolio.basket().weights().keySet());
      int basketLines = symbols.size();
      if (portfolio.flows().deposits() && !symbols.contains(AssetCatalogue.CASH)) {
        symbols.add(AssetCatalogue.CASH);
      }
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
        target[i] = i < basketLines ? portfolio.basket().weights().get(s) : 0;
        staticBand[i] = profile.bandFor(target[i]);
        naiveBand[i] = profile.absoluteBand();
        if (s.equals(AssetCatalogue.CASH)) {
          if (i < basketLines) {
            cash = i;
          }
        } else {
          LocalDate listed = market.firstBar(asset[i]).plusDays(settings.listingLeadDays());
          first = listed.isAfter(first) ? listed : first;
          LocalDate delisted = market.lastBar(asset[i]);
          last = delisted.isBefore(last) ? delisted : last;
        }
      }
      first = first.plusDays(portfolio.joinOffsetDays());
      if (first.isAfter(last)) {
        return null;
      }
      int start = market.dayOnOrAfter(first);
      int end = market.dayOnOrAfter(last.plusDays(1)) - 1;
      while (start < end && !allTradable(market, asset, start)) {
        start++;
      }
      if (start >= end) {
        return null;
      }
      int deposit = !portfolio.flows().deposits() ? -1 : cash >= 0 ? cash : basketLines;
      return new Lines(List.copyOf(symbols), asset, target, staticBand, naiveBand, cash, start, end, basketLines,
          deposit);
    }
  }

  /**
   * The cost-aware bands of a portfolio on a day ({@link CostAwareBand}): per line, the cube-root no-trade width from
   * the line's cost (its own plus the target-weighted cost of the lines that take the other side) and the variance of
   * its weight against the basket, scaled by the tier's factor ({@link BacktestSettings#costAwareScale()},
   * {@link BacktestSettings#premiumCostAwareScale()}), kept within the profile's
   * tolerance, then scaled by the asset's regime; a zero-target cash line gets the one-off investing threshold.
   */
  static void costAwareBands(MarketReplay market, Lines lines, RiskProfile profile, int day, BacktestSettings settings,
      double scale, double[] band) {
    int m = lines.asset.length;
    double[] sigmaT = new double[m];
    double basketVariance = 0;
    double weightedKappa = 0;
    double[] kappa = new double[m];
    for (int i = 0; i < m; i++) {
      double row = 0;
      for (int j = 0; j < m; j++) {
        row += market.covariance(day, lines.asset[i], lines.asset[j]) * lines.target[j];
      }
      sigmaT[i] = row;
      basketVariance += lines.target[i] * row;
      kappa[i] = lines.asset[i] == CASH_ASSET ? 0 : market.cost(lines.asset[i], day).kappa();
      weightedKappa += lines.target[i] * kappa[i];
    }
    double lambda = profile.riskAversion();
    for (int i = 0; i < m; i++) {
      double t = lines.target[i];
      double others = t < 1 ? (weightedKappa - t * kappa[i]) / (1 - t) : 0;
      double k = kappa[i] + others;
      double h;
      if (t > 0) {
        double relative = market.covariance(day, lines.asset[i], lines.asset[i]) - 2 * sigmaT[i] + basketVariance;
        h = CostAwareBand.noTradeHalfWidth(k, t * t * relative, lambda);
      } else {
        h = basketVariance > 0 ? CostAwareBand.zeroTargetHalfWidth(k, basketVariance, lambda, settings.trackingHorizon())
            : profile.absoluteBand();
      }
      double base = CostAwareBand.clamp(h, scale, profile);
      double scaled = lines.asset[i] == CASH_ASSET ? base
          : BandScaling.scale(t, base, market.bandMultiplier(lines.asset[i], day), settings.maxBandHalfWidth()).halfWidth();
      band[i] = Math.min(profile.absoluteBand(), scaled);
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
      if (lines.asset[i] != CASH_ASSET) {
        DailyCost cost = market.cost(lines.asset[i], day);
        kappa[i] = cost.kappa();
        eta[i] = cost.impactSlope() * value;
      }
    }
    return RebalanceProblem.of(lines.symbols, lines.cash, weights, lines.target, band, sigma,
        portfolio.profile().riskAversion(), kappa, kappa, eta);
  }
}
