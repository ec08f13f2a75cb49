package dev.keel.ops.backtest;

import dev.keel.domain.backtest.BacktestPopulation;
import dev.keel.domain.backtest.BacktestResult;
import dev.keel.domain.backtest.BacktestSettings;
import dev.keel.domain.backtest.BacktestSimulator;
import dev.keel.domain.backtest.DailyCostModel;
import dev.keel.domain.backtest.DailyCostParameters;
import dev.keel.domain.backtest.FlowModel;
import dev.keel.domain.backtest.MarketReplay;
import dev.keel.domain.backtest.Policy;
import dev.keel.domain.backtest.SimulatedPortfolio;
import dev.keel.domain.market.history.DailyBarSeries;
import dev.keel.domain.market.history.DailyPriceFileReader;
import dev.keel.domain.optimize.CovarianceEstimator;
import dev.keel.domain.portfolio.Basket;
import dev.keel.domain.portfolio.BasketCatalogue;
import dev.keel.domain.regime.RegimeClassifier;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keel backtest --prices DIR [--from 2019-01-01] [--to 2026-04-26] [--portfolios 1000] [--seed S] [--out DIR]}:
 * replays the price files through a generated population (joining over time, with deposits and withdrawals) under
 * every policy (buy-and-hold, calendar monthly and quarterly, naive threshold, naive on Keel's static bands, Keel with
 * static, regime-adaptive and cost-aware bands), crossing each day's trades per asset, prints the tables (also per
 * in-sample and out-of-sample period) and writes CSV files and charts into the output folder. No database.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = "Replay daily price history through a generated population under each rebalancing policy and "
        + "compare tracking error and trading cost.")
public class BacktestCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--prices", required = true, paramLabel = "DIR",
      description = "folder of daily OHLCV files in the CryptoDataDownload layout (e.g. ../shared/data/cdd-binance-daily)")
  Path prices;

  @Option(names = "--from", paramLabel = "DATE", defaultValue = "2019-01-01",
      description = "first day replayed (default ${DEFAULT-VALUE})")
  LocalDate from;

  @Option(names = "--to", paramLabel = "DATE", defaultValue = "2026-04-26",
      description = "last day replayed (default ${DEFAULT-VALUE})")
  LocalDate to;

  @Option(names = "--portfolios", paramLabel = "N", defaultValue = "1000",
      description = "portfolios in the generated population (default ${DEFAULT-VALUE})")
  int portfolios;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "seed of the population and of the book model (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "backtest-out",
      description = "folder for the CSV files and charts (default ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--horizon-months", paramLabel = "M", defaultValue = "1",
      description = "horizon of the optimiser's tracking-error variance, months (default ${DEFAULT-VALUE}; 12 = a year)")
  double horizonMonths;

  @Option(names = "--fee-bps", paramLabel = "BPS", defaultValue = "10",
      description = "venue taker fee, basis points of traded notional (default ${DEFAULT-VALUE}, Binance spot base tier)")
  double feeBps;

  @Option(names = "--cost-scale", paramLabel = "X", defaultValue = "1",
      description = "factor on every cost, for sensitivity (default ${DEFAULT-VALUE}; 0 trades for free)")
  double costScale;

  @Option(names = "--basket-assets", paramLabel = "SYM,SYM,...", split = ",",
      description = "put every portfolio on one equal-weight basket of these assets instead of the catalogue's baskets "
          + "(profiles and sizes unchanged), e.g. to measure the simulation on 20 assets")
  List<String> basketAssets;

  @Option(names = "--no-charts", description = "write the CSV files only")
  boolean noCharts;

  @Option(names = "--no-crossing", description = "charge every trade on its own instead of crossing each day's trades "
      + "of all portfolios per asset first")
  boolean noCrossing;

  @Option(names = "--static-population", description = "the population without flows: every portfolio starts on its "
      + "basket's first day and never deposits or withdraws (the population of the figures before crossing)")
  boolean staticPopulation;

  @Option(names = "--split", paramLabel = "DATE", defaultValue = "2024-01-01",
      description = "first out-of-sample day; results are also given before and from it (default ${DEFAULT-VALUE})")
  LocalDate split;

  @Option(names = "--cost-aware-scale", paramLabel = "X", defaultValue = "2.75",
      description = "factor on keel-cost-aware's cube-root band width, standard tier (default ${DEFAULT-VALUE})")
  double costAwareScale;

  @Option(names = "--premium-cost-aware-scale", paramLabel = "X", defaultValue = "1",
      description = "the same factor for the premium tier (default ${DEFAULT-VALUE}: the cube-root rule itself)")
  double premiumCostAwareScale;

  @Option(names = "--standard-min-interval-days", paramLabel = "D", defaultValue = "0",
      description = "least days between two keel-cost-aware proposals of a standard-tier portfolio (default "
          + "${DEFAULT-VALUE})")
  int standardMinIntervalDays;

  @Option(names = "--policies", paramLabel = "P,P,...", split = ",",
      description = "simulate only these policies (labels as in the table; buy-and-hold always runs)")
  List<String> policyLabels;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    if (portfolios < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--portfolios must be at least 1, was " + portfolios);
    }
    if (to.isBefore(from)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--to (" + to + ") is before --from (" + from + ")");
    }
    if (!(horizonMonths > 0 && horizonMonths <= 12)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--horizon-months must be in (0, 12], was " + horizonMonths);
    }
    if (!Files.isDirectory(prices)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--prices " + prices + " is not a folder");
    }
    long started = System.nanoTime();
    Basket single = basketAssets == null ? null : equalBasket(basketAssets);
    Set<String> assets = new TreeSet<>();
    for (Basket b : single != null ? List.of(single) : BasketCatalogue.all()) {
      assets.addAll(b.weights().keySet());
    }
    List<DailyBarSeries> series = DailyPriceFileReader.readDirectory(prices);
    if (single != null) {
      Set<String> missing = new TreeSet<>(single.weights().keySet());
      series.forEach(s -> missing.remove(s.baseAsset()));
      if (!missing.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--basket-assets: no price file in " + prices + " for "
            + String.join(", ", missing));
      }
    }
    DailyCostParameters costs = new DailyCostParameters(feeBps / 1e4, 100_000, 90, 0.5, 0.8, 4.0, 300, costScale);
    MarketReplay market = MarketReplay.fromHistory(series, assets, from, to, new DailyCostModel(costs, seed),
        RegimeClassifier.DEFAULT, CovarianceEstimator.DEFAULT, 180);
    long replayed = System.nanoTime();
    List<SimulatedPortfolio> population = BacktestPopulation.generate(portfolios, seed, single,
        staticPopulation ? FlowModel.NONE : FlowModel.DEFAULT);
    if (!(costAwareScale > 0) || !(premiumCostAwareScale > 0) || standardMinIntervalDays < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--cost-aware-scale must be positive and "
          + "--standard-min-interval-days not negative, were " + costAwareScale + " and " + standardMinIntervalDays);
    }
    BacktestSettings settings = BacktestSettings.DEFAULT.withTrackingHorizon(horizonMonths / 12)
        .withCrossing(!noCrossing).withSplit(split).withCostAware(costAwareScale, standardMinIntervalDays)
        .withPremiumCostAwareScale(premiumCostAwareScale);
    List<Policy> policies = List.of(Policy.values());
    if (policyLabels != null) {
      try {
        policies = policyLabels.stream().map(String::strip).map(Policy::ofLabel).distinct().toList();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--policies: " + e.getMessage());
      }
    }
    BacktestResult result = BacktestSimulator.run(market, population, policies, settings);
    long simulated = System.nanoTime();
    Files.createDirectories(out);
    BacktestReport.printTable(console, result);
    BacktestReport.printEvidence(console, result);
    BacktestReport.writeCsv(out, result);
    if (!noCharts) {
      BacktestCharts.write(out, result);
    }
    long written = System.nanoTime();
    console.printf(Locale.ROOT, "%n%d portfolios x %d policies, %s to %s (%d days, %d assets); %d skipped (basket not "
            + "listed in the period)%n", population.size(), policies.size(), market.days().get(0),
        market.days().get(market.days().size() - 1), market.days().size(), market.assets().size(),
        result.skippedPortfolios());
    console.printf(Locale.ROOT, "time: market %.1f s, simulation %.1f s, outputs %.1f s, total %.1f s%n",
        (replayed - started) / 1e9, (simulated - replayed) / 1e9, (written - simulated) / 1e9, (written - started) / 1e9);
    console.println("outputs written to " + out.toAbsolutePath());
    console.flush();
    return 0;
  }

  private Basket equalBasket(List<String> symbols) {
    Set<String> unique = new java.util.LinkedHashSet<>();
    for (String raw : symbols) {
      String s = raw.strip().toUpperCase(Locale.ROOT);
      if (s.isEmpty() || !unique.add(s)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--basket-assets: empty or repeated symbol '" + raw
            + "' in " + String.join(",", symbols));
      }
    }
    java.util.Map<String, Double> weights = new java.util.LinkedHashMap<>();
    unique.forEach(s -> weights.put(s, 1.0 / unique.size()));
    try {
      return new Basket("EQUAL_" + unique.size(), weights);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--basket-assets: " + e.getMessage());
    }
  }
}
