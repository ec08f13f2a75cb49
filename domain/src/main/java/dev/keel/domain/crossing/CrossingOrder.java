package dev.keel.domain.crossing;

import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One portfolio's intended trade in one asset within one crossing run.
 *
 * @param id       the trade's identity (a proposal trade id, a portfolio number in the backtest), unique within a run;
 *                 it also orders the deterministic assignment of rounding remainders
 * @param side     buy or sell of the base asset
 * @param quantity intended quantity, base asset units (quote units when the caller crosses notionals), positive
 */
public record CrossingOrder(long id, Side side, BigDecimal quantity) {
  public CrossingOrder {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(quantity, "quantity");
    if (quantity.signum() <= 0) {
      throw new IllegalArgumentException("quantity of trade " + id + " must be positive, was " + quantity);
    }
  }
}
