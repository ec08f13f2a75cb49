package dev.keel.domain.optimize;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One line's trade in a rebalancing answer.
 *
 * @param asset          the line's symbol
 * @param side           buy or sell
 * @param weight         signed trade, fraction of portfolio value, buy positive
 * @param expectedCost   its trading cost (linear plus impact), fraction of portfolio value
 * @param trackingRelief how much lambda times tracking-error variance would rise if this trade
 *                       alone were left undone (cash absorbing it): what the trade buys, in the
 *                       objective's units (fraction of portfolio value); may be negative when the
 *                       trade exists only to keep another constraint
 * @param size           the order quantity, present when the problem carries venue limits
 */
public record Trade(String asset, Side side, double weight, double expectedCost, double trackingRelief,
    Optional<OrderSize> size) {

  public Trade {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(size, "size");
    if (!Double.isFinite(weight) || weight == 0 || (weight > 0) != (side == Side.BUY)) {
      throw new IllegalArgumentException("trade weight must be non-zero with the side's sign, was " + weight + " " + side);
    }
    if (!(expectedCost >= 0) || !Double.isFinite(trackingRelief)) {
      throw new IllegalArgumentException("expected cost must be >= 0 and relief finite");
    }
  }

  /** Which way a trade goes. */
  public enum Side {
    BUY, SELL
  }

  /**
   * An order's size after rounding to the venue's lot step.
   *
   * @param quantity units of the asset, a whole number of lot steps, {@code > 0}
   * @param notional quantity times price, quote currency, at least the venue's minimum
   */
  public record OrderSize(BigDecimal quantity, BigDecimal notional) {
    public OrderSize {
      Objects.requireNonNull(quantity, "quantity");
      Objects.requireNonNull(notional, "notional");
      if (quantity.signum() <= 0 || notional.signum() <= 0) {
        throw new IllegalArgumentException("order quantity and notional must be > 0");
      }
    }
  }
}
