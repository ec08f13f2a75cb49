package dev.keel.domain.regime;

import java.time.Instant;
import java.util.Objects;

/**
 * The closing price of one bar.
 *
 * @param time  the bar's time as its source labels it (for the daily files, the UTC day's start)
 * @param price last trade or mid price at the bar's close, quote currency per unit of asset, positive
 */
public record ClosingPrice(Instant time, double price) {
  public ClosingPrice {
    Objects.requireNonNull(time, "time");
    if (!(price > 0) || Double.isInfinite(price)) {
      throw new IllegalArgumentException("price at " + time + " must be positive and finite, was " + price);
    }
  }
}
