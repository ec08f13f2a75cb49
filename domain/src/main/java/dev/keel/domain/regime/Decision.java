package dev.keel.domain.regime;

/** Why an assessment's volatility regime is what it is; stored with each assessment for analysts. */
public enum Decision {
  /** Not enough history to rank the volatility yet; the previous regime (NORMAL at first) is kept. */
  WARMING_UP,
  /** The signal moved the asset to a more turbulent regime (immediate, no dwell). */
  ESCALATED,
  /** The signal is still inside the current regime's hold band (hysteresis). */
  HELD,
  /** The signal points to a calmer regime, but the asset has not yet spent the dwell time in this one. */
  HELD_BY_DWELL,
  /** The signal left the hold band and the dwell time has passed: the asset stepped down to a calmer regime. */
  DEESCALATED
}
