package dev.keel.domain.portfolio;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One account of a generated population, with its portfolios.
 *
 * @param index      the account's position in the population, from 0; also its id minus one
 * @param tier       the account's tier
 * @param portfolios the account's portfolios, one or more
 */
public record GeneratedAccount(int index, Tier tier, List<Portfolio> portfolios) {

  public GeneratedAccount {
    portfolios = List.copyOf(portfolios);
    if (portfolios.isEmpty()) {
      throw new IllegalArgumentException("account " + index + " has no portfolio");
    }
  }

  /**
   * A generated portfolio.
   *
   * @param basket    the basket it follows
   * @param profile   its risk profile, which sets its bands
   * @param value     its value at reference prices when generated, USDT
   * @param holdings  quantity held per asset symbol, units of the asset (the cash line in USDT)
   */
  public record Portfolio(Basket basket, RiskProfile profile, BigDecimal value, Map<String, BigDecimal> holdings) {
    public Portfolio {
      holdings = Map.copyOf(holdings);
    }
  }
}
