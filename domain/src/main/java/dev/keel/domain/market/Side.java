package dev.keel.domain.market;

/** The direction of a trade in the base asset: a buy takes the asks, a sell hits the bids. */
public enum Side {
  BUY,
  SELL;

  /** The other side. */
  public Side opposite() {
    return this == BUY ? SELL : BUY;
  }
}
