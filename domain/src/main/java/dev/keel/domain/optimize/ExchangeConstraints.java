package dev.keel.domain.optimize;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What turns weights into orders: the portfolio's value and, per line, the venue's price and
 * order limits.
 *
 * @param portfolioValue portfolio value at mid prices, quote currency (USDT), {@code > 0}
 * @param limits         one entry per line of the problem, in the problem's order; the cash
 *                       line's entry is ignored
 */
public record ExchangeConstraints(BigDecimal portfolioValue, List<VenueLimits> limits) {
  public ExchangeConstraints {
    Objects.requireNonNull(portfolioValue, "portfolioValue");
    Objects.requireNonNull(limits, "limits");
    if (portfolioValue.signum() <= 0) {
      throw new IllegalArgumentException("portfolioValue must be > 0, was " + portfolioValue);
    }
    limits = List.copyOf(limits);
  }

  /**
   * A venue's price and order limits for one asset.
   *
   * @param price       mid price, quote currency per unit of the asset, {@code > 0}
   * @param lotSize     quantity step, units of the asset, {@code > 0}; every order quantity is a
   *                    whole number of steps
   * @param minNotional smallest order the venue accepts, quote currency, {@code >= 0}
   */
  public record VenueLimits(BigDecimal price, BigDecimal lotSize, BigDecimal minNotional) {
    public VenueLimits {
      Objects.requireNonNull(price, "price");
      Objects.requireNonNull(lotSize, "lotSize");
      Objects.requireNonNull(minNotional, "minNotional");
      if (price.signum() <= 0) {
        throw new IllegalArgumentException("price must be > 0, was " + price);
      }
      if (lotSize.signum() <= 0) {
        throw new IllegalArgumentException("lotSize must be > 0, was " + lotSize);
      }
      if (minNotional.signum() < 0) {
        throw new IllegalArgumentException("minNotional must be >= 0, was " + minNotional);
      }
    }

    /** Limits that never bind, for the cash line or for tests. */
    public static VenueLimits unlimited(BigDecimal price) {
      return new VenueLimits(price, new BigDecimal("1e-12"), BigDecimal.ZERO);
    }
  }
}
