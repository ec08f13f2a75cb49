package dev.keel.domain.market;

import java.util.Objects;

/**
 * How a paper venue's books differ from the model's reference market (Binance-sized).
 *
 * @param venue            the venue
 * @param depthMultiplier  factor on resting depth, positive (1 = as deep as the reference)
 * @param spreadMultiplier factor on the quoted spread, positive
 * @param volumeShare      factor on the reference daily volume the venue's ticker reports, positive
 */
public record VenueLiquidity(VenueId venue, double depthMultiplier, double spreadMultiplier, double volumeShare) {
  public VenueLiquidity {
    Objects.requireNonNull(venue, "venue");
    if (!(depthMultiplier > 0) || !(spreadMultiplier > 0) || !(volumeShare > 0)) {
      throw new IllegalArgumentException("venue multipliers must be positive, were " + depthMultiplier + ", " + spreadMultiplier + ", " + volumeShare);
    }
  }
}
