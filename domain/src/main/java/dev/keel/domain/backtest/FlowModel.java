package dev.keel.domain.backtest;

/**
 * How the backtest population joins and moves money: portfolios join on different days and depositors add money each
 * month while some investors withdraw now and then. docs/backtest.md states the parameters and why.
 *
 * @param joinWindowDays        a portfolio joins a uniformly drawn number of days in [0, joinWindowDays] after the
 *                              first day its basket can start, zero or more
 * @param depositorShare        share of portfolios that deposit every month, in [0, 1]
 * @param minDeposit            smallest monthly deposit, fraction of the initial value, zero or more
 * @param maxDeposit            largest monthly deposit, fraction of the initial value, at least minDeposit
 * @param withdrawalProbability chance of a withdrawal in a month, per portfolio, in [0, 1]
 * @param minWithdrawal         smallest withdrawn share of value, in [0, 1)
 * @param maxWithdrawal         largest withdrawn share of value, in [minWithdrawal, 1)
 */
public record FlowModel(int joinWindowDays, double depositorShare, double minDeposit, double maxDeposit,
    double withdrawalProbability, double minWithdrawal, double maxWithdrawal) {

  /** Everyone starts on the first possible day, no deposits, no withdrawals. */
  public static final FlowModel NONE = new FlowModel(0, 0, 0, 0, 0, 0, 0);

  /**
   * Joins spread over three years; half the investors deposit 0.5 % to 3 % of their initial value each month; a
   * withdrawal of 10 % to 60 % of value about once every five years (1.5 % a month).
   */
  public static final FlowModel DEFAULT = new FlowModel(3 * 365, 0.5, 0.005, 0.03, 0.015, 0.10, 0.60);

  public FlowModel {
    if (joinWindowDays < 0) {
      throw new IllegalArgumentException("joinWindowDays must not be negative, was " + joinWindowDays);
    }
    if (!(depositorShare >= 0 && depositorShare <= 1)) {
      throw new IllegalArgumentException("depositorShare must be in [0, 1], was " + depositorShare);
    }
    if (!(minDeposit >= 0 && maxDeposit >= minDeposit) || Double.isInfinite(maxDeposit)) {
      throw new IllegalArgumentException("deposits must satisfy 0 <= min <= max, were " + minDeposit + " and " + maxDeposit);
    }
    if (!(withdrawalProbability >= 0 && withdrawalProbability <= 1)) {
      throw new IllegalArgumentException("withdrawalProbability must be in [0, 1], was " + withdrawalProbability);
    }
    if (!(minWithdrawal >= 0 && minWithdrawal <= maxWithdrawal && maxWithdrawal < 1)) {
      throw new IllegalArgumentException("withdrawal shares must satisfy 0 <= min <= max < 1");
    }
  }
}
