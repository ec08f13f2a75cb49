package dev.keel.domain.market;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A venue's trading rules for one market, which every order must respect (FAULTS.md M7).
 *
 * @param market      the market the rules apply to
 * @param tickSize    price step, quote currency per base unit, positive
 * @param lotSize     quantity step, base units, positive
 * @param minNotional smallest order value accepted, quote currency, zero or positive
 */
public record MarketRules(Market market, BigDecimal tickSize, BigDecimal lotSize, BigDecimal minNotional) {
  public MarketRules {
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(tickSize, "tickSize");
    Objects.requireNonNull(lotSize, "lotSize");
    Objects.requireNonNull(minNotional, "minNotional");
    if (tickSize.signum() <= 0 || lotSize.signum() <= 0) {
      throw new IllegalArgumentException("tick and lot size must be positive for " + market + ", were " + tickSize + " and " + lotSize);
    }
    if (minNotional.signum() < 0) {
      throw new IllegalArgumentException("minimum notional must not be negative for " + market + ", was " + minNotional);
    }
  }
}
