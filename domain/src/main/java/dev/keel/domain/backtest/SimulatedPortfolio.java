package dev.keel.domain.backtest;

import dev.keel.domain.portfolio.Basket;
import dev.keel.domain.portfolio.RiskProfile;
import dev.keel.domain.portfolio.Tier;
import java.util.Objects;

/**
 * One portfolio of the simulated population: it starts at its basket's targets and lives through the history.
 *
 * @param id             its number in the population, from 0
 * @param basket         the basket it follows
 * @param profile        its risk profile: bands and risk aversion
 * @param initialValue   its value on its first day, USDT, positive
 * @param tier           its account's tier: standard-tier proposals wait for the investor
 * @param joinOffsetDays days after the first day its basket can start on which it joins, zero or more
 * @param flows          its deposits and withdrawals
 */
public record SimulatedPortfolio(int id, Basket basket, RiskProfile profile, double initialValue, Tier tier,
    int joinOffsetDays, CashFlows flows) {
  public SimulatedPortfolio {
    Objects.requireNonNull(basket, "basket");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(flows, "flows");
    if (id < 0) {
      throw new IllegalArgumentException("id must not be negative, was " + id);
    }
    if (!(initialValue > 0) || Double.isInfinite(initialValue)) {
      throw new IllegalArgumentException("initial value must be positive and finite, was " + initialValue);
    }
    if (joinOffsetDays < 0) {
      throw new IllegalArgumentException("joinOffsetDays must not be negative, was " + joinOffsetDays);
    }
  }

  /** A standard-tier portfolio that starts on its basket's first day and never deposits or withdraws. */
  public SimulatedPortfolio(int id, Basket basket, RiskProfile profile, double initialValue) {
    this(id, basket, profile, initialValue, Tier.STANDARD, 0, CashFlows.NONE);
  }
}
