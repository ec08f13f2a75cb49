package dev.keel.ops.regimes;

import dev.keel.domain.market.history.DailyBarSeries;
import dev.keel.domain.market.history.DailyPriceFileReader;
import dev.keel.domain.regime.Regime;
import dev.keel.domain.regime.RegimeClassifier;
import dev.keel.domain.regime.RegimeAssessment;
import dev.keel.domain.regime.RegimeConfig;
import dev.keel.domain.regime.ShockCatch;
import dev.keel.domain.regime.ShockEpisodes;
import dev.keel.domain.regime.ShockRule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keel regimes --prices DIR [--asset X]... [--chart out.png]}: classifies every market of a folder of
 * daily price files with the default regime configuration and prints, per asset, the regime timeline
 * (stretches of one regime), the days in each regime and the switches per year, then a summary table with each
 * asset's crash episodes ({@link ShockEpisodes#DEFAULT}) and how many of them the regime caught in time, and the
 * episodes missed.
 */
@Command(name = "regimes", mixinStandardHelpOptions = true,
    description = "Print the volatility-regime timeline and switch counts per asset of a folder of daily price files.")
public class RegimesCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--prices", required = true, paramLabel = "DIR",
      description = "folder of daily OHLCV files in the CryptoDataDownload layout (e.g. ../shared/data/cdd-binance-daily)")
  Path prices;

  @Option(names = "--asset", paramLabel = "SYMBOL", split = ",",
      description = "only these assets (repeatable or comma-separated), e.g. BTC,ETH; default: every market")
  List<String> assets = new ArrayList<>();

  @Option(names = "--quote", paramLabel = "SYMBOL", defaultValue = "USDT",
      description = "only markets quoted in this currency (default ${DEFAULT-VALUE})")
  String quote;

  @Option(names = "--chart", paramLabel = "FILE", description = "also draw the timelines into this PNG file")
  Path chart;

  @Option(names = "--summary-only", description = "print only the summary table, not each asset's timeline")
  boolean summaryOnly;

  @Option(names = "--without-shock-rule",
      description = "classify with the volatility signal alone (the default configuration with the shock rule off), for comparison")
  boolean withoutShockRule;

  @Option(names = "--shock-drop", paramLabel = "FRACTION",
      description = "the shock rule's least fall below the window's high, e.g. 0.25 (default: the configured default)")
  Double shockDrop;

  @Option(names = "--shock-window", paramLabel = "DAYS", description = "the shock rule's window in days (default: the configured default)")
  Integer shockWindowDays;

  @Option(names = "--shock-hold", paramLabel = "DAYS", description = "the shock rule's hold in days (default: the configured default)")
  Integer shockHoldDays;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    RegimeClassifier classifier = new RegimeClassifier(RegimeConfig.DEFAULT.withShock(shockRule()));
    List<AssetRegimes> results = classify(prices, quote, assets, classifier);
    if (!summaryOnly) {
      for (AssetRegimes r : results) {
        printTimeline(out, r);
      }
    }
    printSummary(out, results, classifier.config());
    if (chart != null) {
      RegimeChart.write(results, chart);
      out.println("chart written to " + chart.toAbsolutePath());
    }
    out.flush();
    return 0;
  }

  /** The default shock rule with the options given, or the rule switched off. */
  private ShockRule shockRule() {
    ShockRule d = ShockRule.DEFAULT;
    try {
      return new ShockRule(!withoutShockRule, shockDrop == null ? d.drop() : shockDrop,
          shockWindowDays == null ? d.window() : java.time.Duration.ofDays(shockWindowDays),
          shockHoldDays == null ? d.hold() : java.time.Duration.ofDays(shockHoldDays));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Reads the folder, keeps the requested markets and classifies each from its first bar. */
  static List<AssetRegimes> classify(Path folder, String quote, List<String> assets, RegimeClassifier classifier) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String a : assets) {
      wanted.add(a.trim().toUpperCase(Locale.ROOT));
    }
    List<AssetRegimes> results = new ArrayList<>();
    Set<String> found = new LinkedHashSet<>();
    for (DailyBarSeries series : DailyPriceFileReader.readDirectory(folder)) {
      if (!series.quoteAsset().equalsIgnoreCase(quote)) {
        continue;
      }
      found.add(series.baseAsset());
      if (!wanted.isEmpty() && !wanted.contains(series.baseAsset())) {
        continue;
      }
      results.add(AssetRegimes.of(series, classifier));
    }
    Set<String> missing = new LinkedHashSet<>(wanted);
    missing.removeAll(found);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("no " + quote + " price file for " + String.join(", ", missing) + " in " + folder
          + "; found " + (found.isEmpty() ? "none" : String.join(", ", found)));
    }
    if (results.isEmpty()) {
      throw new IllegalArgumentException("no " + quote + " price files in " + folder);
    }
    return results;
  }

  static void printTimeline(PrintWriter out, AssetRegimes r) {
    DailyBarSeries s = r.series();
    out.printf(Locale.ROOT, "%s (%s): %s .. %s, %d daily bars, %d days missing%n", r.asset(), s.pair(),
        s.first().date(), s.last().date(), s.size(), s.missingDays().size());
    List<AssetRegimes.Stretch> stretches = r.stretches();
    if (stretches.isEmpty()) {
      out.println("  not classified: less history than the minimum");
      out.println();
      return;
    }
    out.println("  from        to          regime   days  multiplier  peak fast vol  why it began");
    for (AssetRegimes.Stretch st : stretches) {
      out.printf(Locale.ROOT, "  %s  %s  %-7s  %4d  %10.2f  %12.0f%%  %s%n", st.from(), st.to(), st.regime(), st.days(),
          st.multiplier(), st.peakVolatility() * 100, st.reason());
    }
    out.print("  days:");
    r.daysByRegime().forEach((regime, days) -> out.printf(Locale.ROOT, " %s %d", regime, days));
    out.println();
    out.print("  switches per year:");
    r.switchesByYear().forEach((year, n) -> out.printf(Locale.ROOT, " %d:%d", year, n));
    out.printf(Locale.ROOT, "  (mean %.1f a year)%n%n", r.switchesPerYear());
  }

  static void printSummary(PrintWriter out, List<AssetRegimes> results, RegimeConfig config) {
    ShockRule shock = config.shock();
    out.printf(Locale.ROOT, "regimes: EWMA half-lives %d/%d days, look-back %d days, dwell %d days, shock rule %s%n",
        config.fastHalfLife().toDays(), config.slowHalfLife().toDays(), config.lookBack().toDays(), config.dwell().toDays(),
        shock.enabled() ? String.format(Locale.ROOT, "%.0f%% below the %d-day high, hold %d days", 100 * shock.drop(),
            shock.window().toDays(), shock.hold().toDays()) : "off");
    ShockEpisodes def = ShockEpisodes.DEFAULT;
    out.printf(Locale.ROOT, "episodes: closes %.0f%% or more below the highest close of the previous %d days, less than %d days"
        + " apart; caught = HIGH or EXTREME on the first shock day or within %d days after; counted after the warm-up%n",
        100 * def.drop(), def.window().toDays(), def.episodeGap().toDays(), ShockCatch.GRACE.toDays());
    out.println("asset   classified      calm  normal    high  extreme   switches/yr  max in a full year"
        + "  episodes  counted  caught");
    int episodes = 0;
    int counted = 0;
    int caught = 0;
    long turbulent = 0;
    long classified = 0;
    double switchesPerYear = 0;
    int mostInAYear = 0;
    AssetRegimes mostSwitching = null;
    List<ShockCatch> missed = new ArrayList<>();
    for (AssetRegimes r : results) {
      Map<Regime, Integer> days = r.daysByRegime();
      int total = days.values().stream().mapToInt(Integer::intValue).sum();
      List<ShockCatch> catches = r.catches();
      int assetEpisodes = r.episodes().size();
      int assetCaught = (int) catches.stream().filter(ShockCatch::caught).count();
      out.printf(Locale.ROOT, "%-6s  %10d  %6d  %6d  %6d  %7d   %11.1f  %18d  %8d  %7d  %6d%n", r.asset(), total,
          days.get(Regime.CALM), days.get(Regime.NORMAL), days.get(Regime.HIGH), days.get(Regime.EXTREME),
          r.switchesPerYear(), r.maxSwitchesInAFullYear(), assetEpisodes, catches.size(), assetCaught);
      episodes += assetEpisodes;
      counted += catches.size();
      caught += assetCaught;
      turbulent += days.get(Regime.HIGH) + days.get(Regime.EXTREME);
      classified += total;
      switchesPerYear += r.switchesPerYear();
      mostInAYear = Math.max(mostInAYear, r.maxSwitchesInAFullYear());
      if (mostSwitching == null || r.switchesPerYear() > mostSwitching.switchesPerYear()) {
        mostSwitching = r;
      }
      catches.stream().filter(c -> !c.caught()).forEach(missed::add);
    }
    out.printf(Locale.ROOT, "all %d: %d episodes, %d after the warm-up, %d caught (%.1f%%); switches per year %.1f on average"
        + " over assets (highest %s %.1f), at most %d in a full year; %.0f%% of classified days HIGH or EXTREME%n",
        results.size(), episodes, counted, caught, counted == 0 ? 0.0 : 100.0 * caught / counted,
        switchesPerYear / results.size(), mostSwitching.asset(), mostSwitching.switchesPerYear(), mostInAYear,
        classified == 0 ? 0.0 : 100.0 * turbulent / classified);
    if (!missed.isEmpty()) {
      out.println("missed (first shock day, fall below the week's high, regime and signal that day, first HIGH or EXTREME after):");
      for (ShockCatch c : missed) {
        RegimeAssessment first = c.firstDay();
        AssetRegimes r = results.stream().filter(x -> x.asset().equals(c.episode().asset())).findFirst().orElseThrow();
        String later = r.timeline().assessments().stream()
            .filter(a -> a.asOf().isAfter(first.asOf()) && a.regime().compareTo(Regime.HIGH) >= 0).findFirst()
            .map(a -> "day +" + java.time.Duration.between(first.asOf(), a.asOf()).toDays()).orElse("never");
        out.printf(Locale.ROOT, "  %-6s %s  %3.0f%%  %-7s p%.2f  %s%n", c.episode().asset(), AssetRegimes.day(first),
            100 * c.episode().shocks().get(0).drop(), first.regime(), first.signal(), later);
      }
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new RegimesCommand()).execute(args));
  }
}
