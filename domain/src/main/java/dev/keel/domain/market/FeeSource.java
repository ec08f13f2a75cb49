package dev.keel.domain.market;

/** Where a market's fees came from. */
public enum FeeSource {
  /** The venue's API reported the account's fees. */
  VENUE,
  /** The venue did not report them; the configured schedule at the configured 30-day volume applies. */
  CONFIGURATION
}
