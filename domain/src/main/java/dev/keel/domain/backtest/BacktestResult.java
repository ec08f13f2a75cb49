package dev.keel.domain.backtest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything a backtest produced: per portfolio and policy results, per policy daily totals, and the market it ran
 * on (for pictures of bands against volatility).
 *
 * @param market             the replayed market
 * @param policies           the policies reported, in order
 * @param results            one result per portfolio and reported policy over all its days, by portfolio id then
 *                           policy
 * @param periodResults      the same over the in-sample and out-of-sample days (a portfolio with fewer than
 *                           {@link BacktestSimulator#MIN_PERIOD_DAYS} days in a period has no result for it); empty
 *                           without a split
 * @param daily              per reported policy, the population's figures day by day
 * @param skippedPortfolios  portfolios whose basket had no common trading days in the period, count
 */
public record BacktestResult(MarketReplay market, List<Policy> policies, List<PortfolioResult> results,
    List<PortfolioResult> periodResults, Map<Policy, DailyTotals> daily, int skippedPortfolios) {

  public BacktestResult {
    Objects.requireNonNull(market, "market");
    policies = List.copyOf(policies);
    results = List.copyOf(results);
    periodResults = List.copyOf(periodResults);
    daily = Collections.unmodifiableMap(new LinkedHashMap<>(daily));
    if (skippedPortfolios < 0) {
      throw new IllegalArgumentException("skippedPortfolios must not be negative, was " + skippedPortfolios);
    }
  }

  /** The results of one policy. */
  public List<PortfolioResult> of(Policy policy) {
    List<PortfolioResult> out = new ArrayList<>();
    for (PortfolioResult r : results) {
      if (r.policy() == policy) {
        out.add(r);
      }
    }
    return out;
  }

  /** The results of one policy over one period. */
  public List<PortfolioResult> of(Policy policy, Period period) {
    if (period == Period.ALL) {
      return of(policy);
    }
    List<PortfolioResult> out = new ArrayList<>();
    for (PortfolioResult r : periodResults) {
      if (r.policy() == policy && r.period() == period) {
        out.add(r);
      }
    }
    return out;
  }

  /** Every policy's summary over all portfolios for one period, in policy order. */
  public List<PolicySummary> summaries(Period period) {
    List<PolicySummary> out = new ArrayList<>();
    for (Policy p : policies) {
      out.add(PolicySummary.of(period.label(), p, of(p, period)));
    }
    return out;
  }

  /** Every policy's summary per group for one period (see {@link #summariesBy(String, Function)}). */
  public List<PolicySummary> summariesBy(Period period, String name, Function<SimulatedPortfolio, String> key) {
    return groups(period == Period.ALL ? results : of(period), name, key);
  }

  private List<PortfolioResult> of(Period period) {
    List<PortfolioResult> out = new ArrayList<>();
    for (PortfolioResult r : periodResults) {
      if (r.period() == period) {
        out.add(r);
      }
    }
    return out;
  }

  /** Every policy's summary over all portfolios, in policy order. */
  public List<PolicySummary> summaries() {
    List<PolicySummary> out = new ArrayList<>();
    for (Policy p : policies) {
      out.add(PolicySummary.of("all", p, of(p)));
    }
    return out;
  }

  /** Every policy's summary per group of portfolios, e.g. by risk profile or by basket: groups in first-seen order. */
  public List<PolicySummary> summariesBy(String name, Function<SimulatedPortfolio, String> key) {
    return groups(results, name, key);
  }

  private List<PolicySummary> groups(List<PortfolioResult> results, String name,
      Function<SimulatedPortfolio, String> key) {
    Map<String, Map<Policy, List<PortfolioResult>>> groups = new LinkedHashMap<>();
    for (PortfolioResult r : results) {
      groups.computeIfAbsent(key.apply(r.portfolio()), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.policy(), k -> new ArrayList<>()).add(r);
    }
    List<PolicySummary> out = new ArrayList<>();
    for (Map.Entry<String, Map<Policy, List<PortfolioResult>>> g : groups.entrySet()) {
      for (Policy p : policies) {
        List<PortfolioResult> rs = g.getValue().getOrDefault(p, List.of());
        out.add(PolicySummary.of(name + "=" + g.getKey(), p, rs));
      }
    }
    return out;
  }
}
