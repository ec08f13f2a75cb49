package dev.keel.domain.market;

/**
 * The linear impact fitted to a book walk: walk cost(q) ~ half spread + slope * q for 0 < q <= range.
 *
 * @param slope        fraction of traded notional per unit of notional (1 / quote currency), zero or positive
 * @param range        largest notional the fit covers, quote currency valued at mid; zero when the side is empty
 * @param maxAbsError  largest |walk cost - fitted cost| over the fit's sample sizes, fraction of traded notional
 */
public record ImpactFit(double slope, double range, double maxAbsError) {
  public ImpactFit {
    if (!(slope >= 0) || !(range >= 0) || !(maxAbsError >= 0)) {
      throw new IllegalArgumentException("impact fit values must not be negative or NaN, were " + slope + ", " + range + ", " + maxAbsError);
    }
  }
}
