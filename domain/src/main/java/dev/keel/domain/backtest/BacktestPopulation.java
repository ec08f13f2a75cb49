package dev.keel.domain.backtest;

import dev.keel.domain.market.ReferencePrices;
import dev.keel.domain.portfolio.Basket;
import dev.keel.domain.portfolio.GeneratedAccount;
import dev.keel.domain.portfolio.PopulationGenerator;
import dev.keel.domain.portfolio.PopulationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated population: the platform's own {@link PopulationGenerator} with its default shape (baskets, risk
 * profiles, tiers and log-normal sizes as today's accounts have them), taken account by account until there are enough
 * portfolios, plus the {@link FlowModel}: join days, deposits and withdrawals, drawn from the population's seed and
 * the portfolio's number (a separate stream, so baskets, profiles and sizes are those of the population without flows).
 * The generator's drifted holdings are not used: every simulated portfolio starts at its targets.
 */
public final class BacktestPopulation {

  private BacktestPopulation() {}

  /** The population without flows: everyone joins on the first possible day and never deposits or withdraws. */
  public static List<SimulatedPortfolio> generate(int portfolios, long seed) {
    return generate(portfolios, seed, null, FlowModel.NONE);
  }

  /**
   * @param portfolios how many portfolios, at least 1
   * @param seed       the population's seed
   * @param basket     the basket every portfolio follows (profiles and sizes unchanged, for measuring the simulation
   *                   on a wider universe), or null for the generated ones
   * @param flows      how portfolios join and move money
   */
  public static List<SimulatedPortfolio> generate(int portfolios, long seed, Basket basket, FlowModel flows) {
    if (portfolios < 1) {
      throw new IllegalArgumentException("portfolios must be at least 1, was " + portfolios);
    }
    PopulationGenerator generator = new PopulationGenerator(
        PopulationSpec.defaults(Math.min(PopulationSpec.MAX_ACCOUNTS, portfolios), seed), ReferencePrices.all());
    List<SimulatedPortfolio> out = new ArrayList<>(portfolios);
    for (int account = 0; out.size() < portfolios; account++) {
      GeneratedAccount generated = generator.account(account);
      for (GeneratedAccount.Portfolio p : generated.portfolios()) {
        if (out.size() < portfolios) {
          int id = out.size();
          double value = p.value().doubleValue();
          SplittableRandom r = new SplittableRandom(seed * 1_000_003L + id);
          int join = flows.joinWindowDays() == 0 ? 0 : r.nextInt(flows.joinWindowDays() + 1);
          boolean depositor = r.nextDouble() < flows.depositorShare();
          double deposit = depositor
              ? value * (flows.minDeposit() + (flows.maxDeposit() - flows.minDeposit()) * r.nextDouble()) : 0;
          CashFlows cashFlows = deposit == 0 && flows.withdrawalProbability() == 0 ? CashFlows.NONE
              : new CashFlows(deposit, flows.withdrawalProbability(), flows.minWithdrawal(), flows.maxWithdrawal(),
                  r.nextLong());
          out.add(new SimulatedPortfolio(id, basket != null ? basket : p.basket(), p.profile(), value,
              generated.tier(), join, cashFlows));
        }
      }
    }
    return out;
  }
}
