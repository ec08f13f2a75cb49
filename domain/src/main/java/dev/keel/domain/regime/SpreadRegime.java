package dev.keel.domain.regime;

/** How wide an asset's quoted spread is against its own recent baseline; the order is meaningful. */
public enum SpreadRegime {
  /** No (or too few) spread observations: the spread puts no floor under the band multiplier. */
  UNOBSERVED,
  /** Spread near its baseline. */
  NORMAL,
  /** Spread a few times its baseline: trading costs more, the band multiplier gets a floor. */
  WIDE,
  /** Spread many times its baseline (a thin or disorderly book): a higher floor. */
  STRESSED
}
