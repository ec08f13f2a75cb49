package dev.keel.domain.market;

import java.util.Objects;

/**
 * One row of a volume-tiered fee schedule.
 *
 * @param minVolume30d lowest 30-day traded volume for this tier, USD (quote currency), zero or positive
 * @param rate         the maker and taker fees in this tier
 */
public record FeeTier(double minVolume30d, FeeRate rate) {
  public FeeTier {
    Objects.requireNonNull(rate, "rate");
    if (!(minVolume30d >= 0) || Double.isInfinite(minVolume30d)) {
      throw new IllegalArgumentException("tier volume must be finite and not negative, was " + minVolume30d);
    }
  }
}
