package dev.keel.domain.backtest;

import java.util.List;
import java.util.Objects;

/**
 * One policy's metrics over a group of portfolios (all, one risk profile, one basket), as distributions across the
 * portfolios.
 *
 * @param group               what the group is, e.g. "all", "profile=BALANCED", "basket=DEFI"
 * @param policy              the policy
 * @param portfolios          portfolios in the group, count
 * @param trackingError       annualised realised tracking error, fraction per square-root year
 * @param shareOutsideBand    share of days outside the profile's band, fraction
 * @param rebalancesPerYear   rebalancing days per year
 * @param turnover            one-way turnover, fraction of value per year
 * @param costBpsPerYear      trading cost, basis points of value per year
 * @param executionDragBps    cost over traded notional, basis points of traded notional (portfolios that traded)
 * @param netVersusBuyAndHold annualised return minus buy-and-hold's, fraction per year
 * @param pooledDragBps       the group's total cost over its total traded notional, basis points; NaN if nothing traded
 * @param unsolvedDays        days on which an optimiser answer was Infeasible or Failed, summed over the group, count
 * @param pooledUncrossedDragBps the group's uncrossed cost (every trade sent to the venue on its own) over its traded
 *                            notional, basis points; NaN if nothing traded
 * @param crossedShare        the group's notional crossed inside Keel over its traded notional, fraction; NaN if
 *                            nothing traded
 * @param worseOffDays        portfolio-days charged more with crossing than without, summed, count
 */
public record PolicySummary(String group, Policy policy, int portfolios, Distribution trackingError,
    Distribution shareOutsideBand, Distribution rebalancesPerYear, Distribution turnover, Distribution costBpsPerYear,
    Distribution executionDragBps, Distribution netVersusBuyAndHold, double pooledDragBps, long unsolvedDays, double pooledUncrossedDragBps,
    double crossedShare, long worseOffDays) {

  public PolicySummary {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(policy, "policy");
    if (portfolios < 0 || unsolvedDays < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /** The summary of one policy's results over a group. */
  public static PolicySummary of(String group, Policy policy, List<PortfolioResult> results) {
    int n = results.size();
    double[] te = new double[n];
    double[] outside = new double[n];
    double[] rebalances = new double[n];
    double[] turnover = new double[n];
    double[] cost = new double[n];
    double[] drag = new double[n];
    double[] net = new double[n];
    double totalCost = 0;
    double totalTraded = 0;
    long unsolved = 0;
    double uncrossed = 0;
    double crossed = 0;
    long worse = 0;
    for (int i = 0; i < n; i++) {
      PortfolioResult r = results.get(i);
      te[i] = r.trackingError();
      outside[i] = r.shareOutsideBand();
      rebalances[i] = r.rebalancesPerYear();
      turnover[i] = r.turnover();
      cost[i] = r.costBpsPerYear();
      drag[i] = r.executionDragBps();
      net[i] = r.netVersusBuyAndHold();
      totalCost += r.totalCost();
      totalTraded += r.tradedNotional();
      unsolved += r.unsolved();
      uncrossed += r.uncrossedCost();
      crossed += r.crossedNotional();
      worse += r.worseOffDays();
    }
    return new PolicySummary(group, policy, n, Distribution.of(te), Distribution.of(outside),
        Distribution.of(rebalances), Distribution.of(turnover), Distribution.of(cost), Distribution.of(drag),
        Distribution.of(net), totalTraded > 0 ? totalCost / totalTraded * 1e4 : Double.NaN, unsolved,
        totalTraded > 0 ? uncrossed / totalTraded * 1e4 : Double.NaN, totalTraded > 0 ? crossed / totalTraded : Double.NaN,
        worse);
  }
}
