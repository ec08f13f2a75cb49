package dev.keel.ops.backtest;

import dev.keel.domain.backtest.BacktestResult;
import dev.keel.domain.backtest.DailyTotals;
import dev.keel.domain.backtest.Distribution;
import dev.keel.domain.backtest.MarketReplay;
import dev.keel.domain.backtest.Period;
import dev.keel.domain.backtest.Policy;
import dev.keel.domain.backtest.PolicySummary;
import dev.keel.domain.backtest.PortfolioResult;
import dev.keel.domain.portfolio.RiskProfile;
import dev.keel.domain.regime.BandScaling;
import dev.keel.domain.regime.RegimeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The console table and the CSV files of a backtest. */
final class BacktestReport {

  /** Assets whose bands the bands file and the charts show. */
  static final List<String> BAND_ASSETS = List.of("BTC", "ETH");
  /** The reference band: a balanced portfolio's BTC line in BTC_ETH_60_40 (target 60 %). */
  static final double REFERENCE_TARGET = 0.6;
  static final RiskProfile REFERENCE_PROFILE = RiskProfile.BALANCED;

  private BacktestReport() {}

  static void printTable(PrintWriter out, BacktestResult result) {
    out.println("All portfolios: median [5th - 95th percentile] across portfolios");
    header(out);
    for (PolicySummary s : result.summaries()) {
      row(out, s);
    }
    for (String dimension : List.of("profile", "basket")) {
      List<PolicySummary> groups = dimension.equals("profile")
          ? result.summariesBy("profile", p -> p.profile().name())
          : result.summariesBy("basket", p -> p.basket().name());
      out.println();
      out.println("By " + dimension + ": medians");
      out.printf(Locale.ROOT, "%-28s %-19s %5s %8s %7s %8s %10s %8s %9s %9s %9s%n", "group", "policy", "n", "TE %", "out %",
          "reb/yr", "turnover %", "cost bp", "drag bp", "pooled bp", "net %");
      for (PolicySummary s : groups) {
        if (s.policy() == Policy.BUY_AND_HOLD || s.portfolios() == 0) {
          continue;
        }
        out.printf(Locale.ROOT, "%-28s %-19s %5d %8.2f %7.1f %8.1f %10.1f %8.1f %9.1f %9.1f %9.2f%n", s.group(),
            s.policy().label(), s.portfolios(), 100 * s.trackingError().p50(), 100 * s.shareOutsideBand().p50(),
            s.rebalancesPerYear().p50(), 100 * s.turnover().p50(), s.costBpsPerYear().p50(), s.executionDragBps().p50(),
            s.pooledDragBps(), 100 * s.netVersusBuyAndHold().p50());
      }
    }
    out.println();
    out.println("TE: annualised tracking error to target; out: share of days outside the profile's band; turnover: "
        + "one-way, of value per year; cost: bps of value per year; drag: cost over traded notional, bps (pooled: "
        + "all portfolios' cost over all their notional); net: annualised return minus buy-and-hold's.");
  }

  /**
   * Per period (all, in-sample, out-of-sample) and policy: median cost, tracking error, turnover, proposals a year
   * per tier, pooled drag with and without crossing, crossed share, and portfolio-days worse off with crossing.
   */
  static void printEvidence(PrintWriter out, BacktestResult result) {
    for (Period period : Period.values()) {
      List<EvidenceRow> rows = evidence(result, period);
      if (rows.isEmpty() || rows.get(0).all().portfolios() == 0) {
        continue;
      }
      out.println();
      out.println("Evidence, " + period.label() + ": medians across portfolios; drag pooled over all trades");
      out.printf(Locale.ROOT, "%-19s %5s %8s %8s %8s %9s %9s %9s %9s %8s %7s%n", "policy", "n", "cost bp", "TE %",
          "turn %", "prop std", "prop prem", "drag bp", "uncr bp", "cross %", "worse");
      for (EvidenceRow r : rows) {
        PolicySummary s = r.all();
        out.printf(Locale.ROOT, "%-19s %5d %8.2f %8.2f %8.1f %9.1f %9.1f %9.2f %9.2f %8.1f %7d%n", s.policy().label(),
            s.portfolios(), s.costBpsPerYear().p50(), 100 * s.trackingError().p50(), 100 * s.turnover().p50(),
            r.standard().rebalancesPerYear().p50(), r.premium().rebalancesPerYear().p50(), s.pooledDragBps(),
            s.pooledUncrossedDragBps(), 100 * s.crossedShare(), s.worseOffDays());
      }
    }
    out.println("cost: bps of value a year; turn: one-way turnover; prop: proposals (days with a trade decided by the "
        + "policy) a year, standard and premium tier; drag: cost over traded notional with crossing, uncr: the same "
        + "trades each charged alone; cross: share of notional crossed inside Keel; worse: portfolio-days charged more "
        + "than uncrossed.");
  }

  /** One policy's figures over a period: all portfolios, and the standard and premium tiers. */
  record EvidenceRow(PolicySummary all, PolicySummary standard, PolicySummary premium) {}

  static List<EvidenceRow> evidence(BacktestResult result, Period period) {
    List<PolicySummary> all = result.summaries(period);
    List<PolicySummary> tiers = result.summariesBy(period, "tier", p -> p.tier().name());
    List<EvidenceRow> rows = new ArrayList<>();
    for (PolicySummary s : all) {
      PolicySummary standard = tier(tiers, "tier=STANDARD", s.policy());
      PolicySummary premium = tier(tiers, "tier=PREMIUM", s.policy());
      rows.add(new EvidenceRow(s, standard, premium));
    }
    return rows;
  }

  private static PolicySummary tier(List<PolicySummary> tiers, String group, Policy policy) {
    for (PolicySummary t : tiers) {
      if (t.group().equals(group) && t.policy() == policy) {
        return t;
      }
    }
    return PolicySummary.of(group, policy, List.of());
  }

  private static void evidenceCsv(CSVPrinter w, BacktestResult result) throws IOException {
    for (Period period : Period.values()) {
      for (EvidenceRow r : evidence(result, period)) {
        PolicySummary s = r.all();
        w.printRecord(period.label(), s.policy().label(), s.portfolios(), num(s.costBpsPerYear().p50()),
            num(s.costBpsPerYear().mean()), num(s.trackingError().p50()), num(s.trackingError().p95()),
            num(s.turnover().p50()), num(s.rebalancesPerYear().p50()), num(r.standard().rebalancesPerYear().p50()),
            num(r.premium().rebalancesPerYear().p50()), num(s.pooledDragBps()), num(s.pooledUncrossedDragBps()),
            num(s.crossedShare()), s.worseOffDays(), s.unsolvedDays());
      }
    }
  }

  private static void header(PrintWriter out) {
    out.printf(Locale.ROOT, "%-19s %-20s %-7s %-14s %-16s %-16s %-16s %9s %-18s %s%n", "policy", "TE %", "out %",
        "reb/yr", "turnover %/yr", "cost bp/yr", "drag bp", "pooled bp", "net vs hold %", "unsolved");
  }

  private static void row(PrintWriter out, PolicySummary s) {
    out.printf(Locale.ROOT, "%-19s %-20s %-7s %-14s %-16s %-16s %-16s %9.2f %-18s %d%n", s.policy().label(),
        range(s.trackingError(), 100, "%.2f"), String.format(Locale.ROOT, "%.1f", 100 * s.shareOutsideBand().p50()),
        range(s.rebalancesPerYear(), 1, "%.1f"), range(s.turnover(), 100, "%.0f"), range(s.costBpsPerYear(), 1, "%.1f"),
        range(s.executionDragBps(), 1, "%.1f"), s.pooledDragBps(), range(s.netVersusBuyAndHold(), 100, "%.2f"),
        s.unsolvedDays());
  }

  private static String range(Distribution d, double scale, String format) {
    if (d.count() == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, format + " [" + format + "-" + format + "]", scale * d.p50(), scale * d.p5(),
        scale * d.p95());
  }

  static void writeCsv(Path folder, BacktestResult result) {
    write(folder.resolve("summary.csv"), w -> summary(w, result),
        "group", "policy", "metric", "unit", "portfolios", "mean", "p5", "p25", "p50", "p75", "p95");
    write(folder.resolve("portfolios.csv"), w -> portfolios(w, result),
        "portfolio", "basket", "profile", "initial_value_usdt", "policy", "start", "end", "years", "tracking_error",
        "share_outside_band", "rebalances", "turnover_per_year", "cost_bps_per_year", "execution_drag_bps",
        "annualised_return", "net_vs_buy_and_hold", "final_value_usdt", "traded_notional_usdt", "total_cost_usdt",
        "unsolved_days", "tier", "uncrossed_cost_usdt", "crossed_notional_usdt", "worse_off_days");
    write(folder.resolve("daily.csv"), w -> daily(w, result),
        "date", "policy", "live_portfolios", "mean_tracking_error", "mean_cost_bps", "cumulative_cost_bps",
        "share_rebalanced", "mean_traded_fraction");
    write(folder.resolve("bands.csv"), w -> bands(w, result.market()),
        "date", "asset", "close_usdt", "fast_volatility", "band_multiplier", "static_half_width", "adaptive_half_width",
        "half_spread_bps", "stress");
    write(folder.resolve("evidence.csv"), w -> evidenceCsv(w, result),
        "period", "policy", "portfolios", "cost_bps_per_year_p50", "cost_bps_per_year_mean", "tracking_error_p50",
        "tracking_error_p95", "turnover_p50", "proposals_per_year_p50", "proposals_per_year_standard_p50",
        "proposals_per_year_premium_p50", "pooled_drag_bps", "pooled_uncrossed_drag_bps", "crossed_share",
        "worse_off_days", "unsolved_days");
  }

  /** The rows of one CSV file. */
  interface Rows {
    void to(CSVPrinter w) throws IOException;
  }

  /**
   * Writes a CSV file: the header, then the rows; a value holding a comma, a quote or a line break is quoted (RFC 4180),
   * lines end with a line feed.
   */
  static void write(Path file, Rows rows, String... header) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(header).get();
    try (CSVPrinter w = new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), format)) {
      rows.to(w);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void summary(CSVPrinter w, BacktestResult result) throws IOException {
    List<PolicySummary> all = new ArrayList<>(result.summaries());
    all.addAll(result.summariesBy("profile", p -> p.profile().name()));
    all.addAll(result.summariesBy("basket", p -> p.basket().name()));
    for (PolicySummary s : all) {
      metric(w, s, "tracking_error", "fraction per sqrt(year)", s.trackingError());
      metric(w, s, "share_outside_band", "fraction of days", s.shareOutsideBand());
      metric(w, s, "rebalances_per_year", "days per year", s.rebalancesPerYear());
      metric(w, s, "turnover", "fraction of value per year (one-way)", s.turnover());
      metric(w, s, "cost", "bps of value per year", s.costBpsPerYear());
      metric(w, s, "execution_drag", "bps of traded notional", s.executionDragBps());
      metric(w, s, "net_vs_buy_and_hold", "fraction per year", s.netVersusBuyAndHold());
      w.printRecord(s.group(), s.policy().label(), "pooled_execution_drag", "bps of traded notional", s.portfolios(),
          num(s.pooledDragBps()), "", "", "", "", "");
      w.printRecord(s.group(), s.policy().label(), "unsolved_days", "count", s.portfolios(), s.unsolvedDays(), "", "",
          "", "", "");
    }
  }

  private static void metric(CSVPrinter w, PolicySummary s, String name, String unit, Distribution d) throws IOException {
    w.printRecord(s.group(), s.policy().label(), name, unit, d.count(), num(d.mean()), num(d.p5()), num(d.p25()),
        num(d.p50()), num(d.p75()), num(d.p95()));
  }

  private static void portfolios(CSVPrinter w, BacktestResult result) throws IOException {
    for (PortfolioResult r : result.results()) {
      w.printRecord(r.portfolio().id(), r.portfolio().basket().name(), r.portfolio().profile(),
          fixed(2, r.portfolio().initialValue()), r.policy().label(), r.start(), r.end(), fixed(4, r.years()),
          num(r.trackingError()), num(r.shareOutsideBand()), r.rebalances(), num(r.turnover()),
          num(r.costBpsPerYear()), num(r.executionDragBps()), num(r.annualisedReturn()), num(r.netVersusBuyAndHold()),
          fixed(2, r.finalValue()), fixed(2, r.tradedNotional()), fixed(4, r.totalCost()), r.unsolved(),
          r.portfolio().tier(), fixed(4, r.uncrossedCost()), fixed(2, r.crossedNotional()), r.worseOffDays());
    }
  }

  private static void daily(CSVPrinter w, BacktestResult result) throws IOException {
    List<java.time.LocalDate> days = result.market().days();
    for (Policy p : result.policies()) {
      DailyTotals t = result.daily().get(p);
      double cumulative = 0;
      for (int d = 0; d < days.size(); d++) {
        cumulative += t.meanCost(d);
        w.printRecord(days.get(d), p.label(), t.live(d), num(t.meanTrackingError(d)), num(1e4 * t.meanCost(d)),
            num(1e4 * cumulative), num(t.shareRebalanced(d)), num(t.meanTraded(d)));
      }
    }
  }

  private static void bands(CSVPrinter w, MarketReplay market) throws IOException {
    double base = REFERENCE_PROFILE.bandFor(REFERENCE_TARGET);
    for (String asset : BAND_ASSETS) {
      int a = market.indexOf(asset);
      if (a < 0) {
        continue;
      }
      for (int d = 0; d < market.days().size(); d++) {
        double adaptive = BandScaling.scale(REFERENCE_TARGET, base, market.bandMultiplier(a, d),
            RegimeConfig.DEFAULT.maxBandHalfWidth()).halfWidth();
        var cost = market.cost(a, d);
        w.printRecord(market.days().get(d), asset, num(market.close(a, d)), num(market.volatility(a, d)),
            num(market.bandMultiplier(a, d)), num(base), num(adaptive),
            cost == null ? "" : num(cost.halfSpread() * 1e4), cost == null ? "" : num(cost.stress()));
      }
    }
  }

  /** A number with a fixed count of decimals. */
  private static String fixed(int decimals, double v) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
  }
}
