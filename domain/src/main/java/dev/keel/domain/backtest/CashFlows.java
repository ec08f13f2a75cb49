package dev.keel.domain.backtest;

import java.util.SplittableRandom;

/**
 * One portfolio's deposits and withdrawals in the replay. On the first replayed day of each month after its first day
 * a depositor's deposit lands on the cash line (the policy invests it by its own rule); with a small probability each
 * month the investor withdraws a share of the value, sold pro rata across the lines (the weights do not move, the
 * sells are traded and charged like any other trade, but they are no proposal).
 *
 * @param monthlyDeposit        deposit on each month's first replayed day, USDT, zero or more
 * @param withdrawalProbability chance of a withdrawal in a month, in [0, 1]
 * @param minWithdrawal         smallest withdrawn share of the value, fraction in [0, 1]
 * @param maxWithdrawal         largest withdrawn share of the value, fraction in [minWithdrawal, 1)
 * @param seed                  the portfolio's own seed: month k's draw depends on (seed, k) only, so the schedule is
 *                              the same whatever the replayed period
 */
public record CashFlows(double monthlyDeposit, double withdrawalProbability, double minWithdrawal, double maxWithdrawal,
    long seed) {

  /** No deposit, no withdrawal: the population before flows were modelled. */
  public static final CashFlows NONE = new CashFlows(0, 0, 0, 0, 0);

  public CashFlows {
    if (!(monthlyDeposit >= 0) || Double.isInfinite(monthlyDeposit)) {
      throw new IllegalArgumentException("monthlyDeposit must be finite and not negative, was " + monthlyDeposit);
    }
    if (!(withdrawalProbability >= 0 && withdrawalProbability <= 1)) {
      throw new IllegalArgumentException("withdrawalProbability must be in [0, 1], was " + withdrawalProbability);
    }
    if (!(minWithdrawal >= 0 && minWithdrawal <= maxWithdrawal && maxWithdrawal < 1)) {
      throw new IllegalArgumentException("withdrawal shares must satisfy 0 <= min <= max < 1, were " + minWithdrawal
          + " and " + maxWithdrawal);
    }
  }

  /** Whether the portfolio ever deposits, and so needs a cash line to receive the deposits. */
  public boolean deposits() {
    return monthlyDeposit > 0;
  }

  /**
   * The share of value withdrawn in a month, zero when none.
   *
   * @param monthIndex months since year 0 ({@code year * 12 + month - 1})
   */
  public double withdrawalIn(long monthIndex) {
    if (withdrawalProbability == 0) {
      return 0;
    }
    SplittableRandom r = new SplittableRandom(seed * 31 + monthIndex);
    if (r.nextDouble() >= withdrawalProbability) {
      return 0;
    }
    return minWithdrawal + (maxWithdrawal - minWithdrawal) * r.nextDouble();
  }
}
