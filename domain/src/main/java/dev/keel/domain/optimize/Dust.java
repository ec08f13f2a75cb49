package dev.keel.domain.optimize;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Trade that venue limits left undone, reported rather than hidden.
 *
 * @param asset    the line's symbol
 * @param quantity untraded quantity, units of the asset, {@code >= 0}
 * @param notional its value at the venue price, quote currency, {@code >= 0}
 * @param reason   why it stays undone
 */
public record Dust(String asset, BigDecimal quantity, BigDecimal notional, Reason reason) {
  public Dust {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(notional, "notional");
    Objects.requireNonNull(reason, "reason");
    if (quantity.signum() < 0 || notional.signum() < 0) {
      throw new IllegalArgumentException("dust quantity and notional must be >= 0");
    }
  }

  /** Why a trade, or part of one, stays undone. */
  public enum Reason {
    /** The whole trade was below the venue's minimum notional. */
    BELOW_MIN_NOTIONAL,
    /** The whole trade was smaller than one lot step. */
    BELOW_LOT_SIZE,
    /** The part of a trade left over after rounding down to whole lot steps. */
    LOT_ROUNDING_REMAINDER
  }
}
