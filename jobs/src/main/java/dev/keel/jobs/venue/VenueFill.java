package dev.keel.jobs.venue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One trade of an order at the venue.
 *
 * @param tradeId  the venue's id of the trade, unique per venue: a fill is booked once by it
 * @param quantity base units, positive
 * @param price    quote currency per base unit, positive
 * @param fee      fee charged, in {@code feeAsset}, zero or positive
 * @param feeAsset the asset the fee was charged in (usually the quote currency)
 * @param at       when the venue executed it
 */
public record VenueFill(String tradeId, BigDecimal quantity, BigDecimal price, BigDecimal fee, String feeAsset, Instant at) {
  public VenueFill {
    Objects.requireNonNull(tradeId, "tradeId");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(fee, "fee");
    Objects.requireNonNull(feeAsset, "feeAsset");
    Objects.requireNonNull(at, "at");
    if (quantity.signum() <= 0 || price.signum() <= 0 || fee.signum() < 0) {
      throw new IllegalArgumentException("fill " + tradeId + ": quantity and price must be positive and fee not negative, were "
          + quantity + ", " + price + ", " + fee);
    }
  }
}
