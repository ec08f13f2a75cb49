package dev.keel.domain.market;

/**
 * Resting depth near mid on each side of a book.
 *
 * @param bps          distance from mid, basis points
 * @param bidNotional  value of the bids within that distance (what a sell can hit), quote currency
 * @param askNotional  value of the asks within that distance (what a buy can take), quote currency
 */
public record DepthBand(double bps, double bidNotional, double askNotional) {
  public DepthBand {
    if (!(bps > 0) || !(bidNotional >= 0) || !(askNotional >= 0)) {
      throw new IllegalArgumentException("depth band needs positive bps and non-negative depths, was " + bps + ", " + bidNotional + ", " + askNotional);
    }
  }

  /** The depth a trade on this side can take. */
  public double notionalFor(Side side) {
    return side == Side.BUY ? askNotional : bidNotional;
  }
}
