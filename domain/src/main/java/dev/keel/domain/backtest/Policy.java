package dev.keel.domain.backtest;

/** The rebalancing policies the backtest compares, each on the same prices, costs and population. */
public enum Policy {
  /** Never trades after the start. */
  BUY_AND_HOLD("buy-and-hold"),
  /** On the first replayed day of each month, every line back to target, whatever it costs. */
  CALENDAR_MONTHLY("calendar-monthly"),
  /** On the first replayed day of each quarter, every line back to target. */
  CALENDAR_QUARTERLY("calendar-quarterly"),
  /** When any line leaves a fixed absolute band (the profile's absolute band), every line back to target, cost-blind. */
  NAIVE_THRESHOLD("naive-threshold"),
  /**
   * Cost-blind on Keel's bands: when any line leaves the profile's band ({@link #KEEL_STATIC}'s bands and trigger),
   * every line back to target. Beside {@link #KEEL_STATIC} it isolates what the optimiser saves, the band rule being
   * the same.
   */
  NAIVE_KEEL_BANDS("naive-keel-bands"),
  /** Keel's optimiser when a line leaves the profile's band, with the day's costs in the objective. */
  KEEL_STATIC("keel-static"),
  /** The same, with each band scaled by its asset's regime multiplier. */
  KEEL_ADAPTIVE("keel-adaptive"),
  /**
   * Keel's optimiser with each line's band from its cost and volatility ({@link dev.keel.domain.portfolio.CostAwareBand}),
   * capped by the profile's tolerance and scaled by the regime; standard-tier bands wider than premium ones
   * ({@link BacktestSettings#costAwareScale()}) so that investors are asked less often, and optionally at most one
   * standard-tier proposal in {@link BacktestSettings#standardMinIntervalDays()} days.
   */
  KEEL_COST_AWARE("keel-cost-aware");

  private final String label;

  Policy(String label) {
    this.label = label;
  }

  /** The policy's name in tables, files and on the command line. */
  public String label() {
    return label;
  }

  /** The policy of a label. */
  public static Policy ofLabel(String label) {
    for (Policy p : values()) {
      if (p.label.equals(label)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown policy '" + label + "'");
  }
}
