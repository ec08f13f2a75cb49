package dev.keel.domain.market;

import java.util.Objects;

/**
 * The fees that apply to one market at snapshot time, and their origin.
 *
 * @param rate   maker and taker fees, fractions of traded notional
 * @param source reported by the venue, or taken from configuration
 */
public record FeeQuote(FeeRate rate, FeeSource source) {
  public FeeQuote {
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(source, "source");
  }
}
