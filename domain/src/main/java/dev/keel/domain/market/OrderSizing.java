package dev.keel.domain.market;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Fits an order to a venue's steps before the venue is called (FAULTS.md M7): the quantity rounded down to the lot
 * size, the price cap rounded to the tick on the side that never exceeds it; an order that ends below one lot or the
 * minimum notional is dropped with a reason.
 */
public final class OrderSizing {

  private OrderSizing() {}

  /** The outcome of sizing one order. */
  public sealed interface Sized {
    /**
     * An order the venue accepts.
     *
     * @param quantity base units, a positive multiple of the lot size
     * @param priceCap quote currency per base unit, a multiple of the tick size
     */
    record Order(BigDecimal quantity, BigDecimal priceCap) implements Sized {}

    /**
     * An order too small to send.
     *
     * @param reason what it fell below, with the figures
     */
    record Dropped(String reason) implements Sized {}
  }

  /**
   * @param quantity wanted quantity, base units, positive
   * @param priceCap the worst price accepted (highest for a buy, lowest for a sell), quote currency per base unit, positive
   */
  public static Sized size(MarketRules rules, Side side, BigDecimal quantity, BigDecimal priceCap) {
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(side, "side");
    if (quantity.signum() <= 0 || priceCap.signum() <= 0) {
      throw new IllegalArgumentException("quantity and price cap must be positive, were " + quantity + " and " + priceCap);
    }
    BigDecimal lots = quantity.divide(rules.lotSize(), 0, RoundingMode.DOWN);
    BigDecimal rounded = lots.multiply(rules.lotSize()).stripTrailingZeros();
    if (lots.signum() == 0) {
      return new Sized.Dropped(rules.market() + ": quantity " + quantity.toPlainString() + " is below the lot size "
          + rules.lotSize().toPlainString());
    }
    RoundingMode towardCap = side == Side.BUY ? RoundingMode.FLOOR : RoundingMode.CEILING;
    BigDecimal cap = priceCap.divide(rules.tickSize(), 0, towardCap).multiply(rules.tickSize()).stripTrailingZeros();
    if (cap.signum() <= 0) {
      return new Sized.Dropped(rules.market() + ": price cap " + priceCap.toPlainString() + " is below the tick size "
          + rules.tickSize().toPlainString());
    }
    BigDecimal notional = rounded.multiply(cap);
    if (notional.compareTo(rules.minNotional()) < 0) {
      return new Sized.Dropped(rules.market() + ": notional " + notional.toPlainString() + " is below the minimum "
          + rules.minNotional().toPlainString());
    }
    return new Sized.Order(rounded, cap);
  }
}
