package dev.keel.domain.backtest;

import dev.keel.domain.portfolio.Basket;
import dev.keel.domain.portfolio.RiskProfile;
import java.util.Objects;

/**
 * One portfolio of the simulated population: it starts at its basket's targets and lives through the history.
 *
 * @param id           its number in the population, from 0
 * @param basket       the basket it follows
 * @param profile      its risk profile: bands and risk aversion
 * @param initialValue its value on its first day, USDT, positive
 */
public record SimulatedPortfolio(int id, Basket basket, RiskProfile profile, double initialValue) {
  public SimulatedPortfolio {
    Objects.requireNonNull(basket, "basket");
    Objects.requireNonNull(profile, "profile");
    if (id < 0) {
      throw new IllegalArgumentException("id must not be negative, was " + id);
    }
    if (!(initialValue > 0) || Double.isInfinite(initialValue)) {
      throw new IllegalArgumentException("initial value must be positive and finite, was " + initialValue);
    }
  }
}
