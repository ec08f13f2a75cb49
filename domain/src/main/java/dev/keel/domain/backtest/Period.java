package dev.keel.domain.backtest;

/** Which days a result covers: the whole replay, or the days before or from the split date. */
public enum Period {
  /** Every replayed day of the portfolio. */
  ALL("all"),
  /** Days before the split date: where parameters are chosen. */
  IN_SAMPLE("in-sample"),
  /** Days from the split date on: reported, never used to choose parameters. */
  OUT_OF_SAMPLE("out-of-sample");

  private final String label;

  Period(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
