package dev.keel.domain.backtest;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What one policy did to one portfolio over its life in the replay.
 *
 * @param portfolio            the portfolio
 * @param policy               the policy
 * @param start                its first day (valued at target, no trade); for a period that begins later, the
 *                             replayed day before the period's first
 * @param end                  its last day
 * @param years                calendar years from start to end, positive
 * @param trackingError        realised tracking error to target, annualised: sqrt(365 * mean of squared daily active
 *                             return), where the active return is the portfolio's return (before costs) minus the
 *                             return of the target weights; fraction per square-root year
 * @param shareOutsideBand     share of days on which some line was outside the profile's static band before trading,
 *                             fraction in [0, 1]
 * @param rebalances           days on which the policy decided a trade (proposals; withdrawal sells are none), count
 * @param turnover             half the sum of absolute trades of the non-cash lines, each as a fraction of the value at
 *                             the time, per year: one-way annual turnover, fraction of portfolio value per year
 * @param costBpsPerYear       trading cost, each as a fraction of the value at the time, summed, per year, basis points
 * @param executionDragBps     total cost over total traded notional of the non-cash lines, basis points of traded
 *                             notional; NaN when the policy never traded
 * @param annualisedReturn     compound annual return after costs, fraction per year
 * @param netVersusBuyAndHold  annualised return minus buy-and-hold's for the same portfolio, fraction per year
 * @param finalValue           value on the last day, USDT
 * @param tradedNotional       total traded notional of the non-cash lines, USDT
 * @param totalCost            total trading cost, USDT
 * @param unsolved             days on which the policy wanted to trade but the optimiser answered Infeasible or
 *                             Failed (no trade that day), count
 * @param period               which days the result covers
 * @param uncrossedCost        what the same trades would have cost each sent to the venue on its own, USDT
 * @param crossedNotional      traded notional that crossed inside Keel at the mid, USDT, at most tradedNotional
 * @param worseOffDays         days on which the crossed cost charged exceeded the uncrossed cost of the same trades
 *                             (by more than rounding), count
 */
public record PortfolioResult(
    SimulatedPortfolio portfolio, Policy policy, LocalDate start, LocalDate end, double years,
    double trackingError, double shareOutsideBand, int rebalances, double turnover, double costBpsPerYear,
    double executionDragBps, double annualisedReturn, double netVersusBuyAndHold, double finalValue,
    double tradedNotional, double totalCost, int unsolved, Period period, double uncrossedCost,
    double crossedNotional, int worseOffDays) {

  public PortfolioResult {
    Objects.requireNonNull(portfolio, "portfolio");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(period, "period");
    if (!(years > 0)) {
      throw new IllegalArgumentException("years must be positive, was " + years);
    }
    if (!(trackingError >= 0) || !(shareOutsideBand >= 0 && shareOutsideBand <= 1) || rebalances < 0
        || !(turnover >= 0) || !(costBpsPerYear >= 0) || !(totalCost >= 0) || !(tradedNotional >= 0) || unsolved < 0
        || !(uncrossedCost >= 0) || !(crossedNotional >= 0) || worseOffDays < 0) {
      throw new IllegalArgumentException("metrics of portfolio " + portfolio.id() + " under " + policy
          + " must not be negative or NaN");
    }
  }

  /** Rebalancing days per year. */
  public double rebalancesPerYear() {
    return rebalances / years;
  }

  /** The same result with the net return against buy-and-hold filled in, fraction per year. */
  public PortfolioResult withNetVersusBuyAndHold(double net) {
    return new PortfolioResult(portfolio, policy, start, end, years, trackingError, shareOutsideBand, rebalances,
        turnover, costBpsPerYear, executionDragBps, annualisedReturn, net, finalValue, tradedNotional, totalCost,
        unsolved, period, uncrossedCost, crossedNotional, worseOffDays);
  }

  /** Uncrossed cost over traded notional, basis points of traded notional; NaN when the policy never traded. */
  public double uncrossedDragBps() {
    return tradedNotional > 0 ? uncrossedCost / tradedNotional * 1e4 : Double.NaN;
  }

  /** Share of traded notional that crossed internally, fraction; NaN when the policy never traded. */
  public double crossedShare() {
    return tradedNotional > 0 ? crossedNotional / tradedNotional : Double.NaN;
  }
}
