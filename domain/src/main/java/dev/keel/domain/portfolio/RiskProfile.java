package dev.keel.domain.portfolio;

/**
 * An investor's risk profile. It sets how wide the tolerance bands are and how much the
 * optimiser values tracking error against the cost of trading.
 *
 * <p>A band is the half-width around a target weight, as a fraction of portfolio value:
 * {@code min(absoluteBand, relativeBand * target)}, never below {@link #MIN_BAND}.
 */
public enum RiskProfile {
  CONSERVATIVE(0.03, 0.20, 4.0),
  BALANCED(0.05, 0.25, 2.0),
  AGGRESSIVE(0.08, 0.35, 1.0);

  /** The narrowest band Keel sets for a non-zero target: half a percent of portfolio value. */
  public static final double MIN_BAND = 0.005;

  private final double absoluteBand;
  private final double relativeBand;
  private final double riskAversion;

  RiskProfile(double absoluteBand, double relativeBand, double riskAversion) {
    this.absoluteBand = absoluteBand;
    this.relativeBand = relativeBand;
    this.riskAversion = riskAversion;
  }

  /** Widest band half-width, fraction of portfolio value. */
  public double absoluteBand() {
    return absoluteBand;
  }

  /** Band half-width as a fraction of the target weight itself. */
  public double relativeBand() {
    return relativeBand;
  }

  /**
   * lambda in the objective: weight of the annualised tracking-error variance against cost,
   * which is in fractions of portfolio value. Dimensionless.
   */
  public double riskAversion() {
    return riskAversion;
  }

  /** The base band half-width for a target weight, before any regime multiplier. */
  public double bandFor(double targetWeight) {
    if (!(targetWeight >= 0 && targetWeight <= 1)) {
      throw new IllegalArgumentException("target weight must be in [0, 1], was " + targetWeight);
    }
    double band = Math.min(absoluteBand, relativeBand * targetWeight);
    return Math.max(band, MIN_BAND);
  }
}
