package dev.keel.domain.regime;

/** An asset's volatility regime, from the quietest to the most turbulent; the order is meaningful. */
public enum Regime {
  /** Volatility low against its own history: bands tighten. */
  CALM,
  /** Volatility in the middle of its own history: bands as configured. */
  NORMAL,
  /** Volatility high against its own history: bands widen. */
  HIGH,
  /** Volatility at the top of its own history (crashes, collapses): bands widen most. */
  EXTREME;

  /** True if this regime is more turbulent than {@code other}. */
  public boolean above(Regime other) {
    return compareTo(other) > 0;
  }
}
