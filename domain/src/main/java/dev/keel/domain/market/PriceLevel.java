package dev.keel.domain.market;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One level of an order book as the venue reported it. Values are not range-checked here so that a
 * bad book can be represented and quarantined by {@link OrderBookCheck}; a level that passed the check
 * has a positive price and quantity.
 *
 * @param price    limit price, quote currency per base unit
 * @param quantity resting quantity, base units
 */
public record PriceLevel(BigDecimal price, BigDecimal quantity) {
  public PriceLevel {
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(quantity, "quantity");
  }

  public static PriceLevel of(String price, String quantity) {
    return new PriceLevel(new BigDecimal(price), new BigDecimal(quantity));
  }

  /** The level's value, quote currency. */
  public double notional() {
    return price.doubleValue() * quantity.doubleValue();
  }
}
