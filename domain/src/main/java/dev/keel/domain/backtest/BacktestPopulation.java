package dev.keel.domain.backtest;

import dev.keel.domain.market.ReferencePrices;
import dev.keel.domain.portfolio.Basket;
import dev.keel.domain.portfolio.GeneratedAccount;
import dev.keel.domain.portfolio.PopulationGenerator;
import dev.keel.domain.portfolio.PopulationSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated population: the platform's own {@link PopulationGenerator} with its default shape (baskets, risk
 * profiles and log-normal sizes as today's accounts have them), taken account by account until there are enough
 * portfolios. The generator's drifted holdings are not used: every simulated portfolio starts at its targets.
 */
public final class BacktestPopulation {

  private BacktestPopulation() {}

  /**
   * @param portfolios how many portfolios, at least 1
   * @param seed       the population's seed
   */
  public static List<SimulatedPortfolio> generate(int portfolios, long seed) {
    return generate(portfolios, seed, null);
  }

  /**
   * The same population with every portfolio on one basket (profiles and sizes unchanged): for measuring the
   * simulation on a wider universe than the catalogue's baskets hold.
   *
   * @param basket the basket every portfolio follows, or null for the generated ones
   */
  public static List<SimulatedPortfolio> generate(int portfolios, long seed, Basket basket) {
    if (portfolios < 1) {
      throw new IllegalArgumentException("portfolios must be at least 1, was " + portfolios);
    }
    PopulationGenerator generator = new PopulationGenerator(
        PopulationSpec.defaults(Math.min(PopulationSpec.MAX_ACCOUNTS, portfolios), seed), ReferencePrices.all());
    List<SimulatedPortfolio> out = new ArrayList<>(portfolios);
    for (int account = 0; out.size() < portfolios; account++) {
      for (GeneratedAccount.Portfolio p : generator.account(account).portfolios()) {
        if (out.size() < portfolios) {
          out.add(new SimulatedPortfolio(out.size(), basket != null ? basket : p.basket(), p.profile(), p.value().doubleValue()));
        }
      }
    }
    return out;
  }
}
