package dev.keel.domain.portfolio;

/**
 * What a generated population looks like.
 *
 * @param accounts        number of accounts, 1 to 10,000,000
 * @param seed            the random seed; the same seed gives the same population
 * @param premiumShare    fraction of accounts on the premium tier, in [0, 1]
 * @param medianValue     median portfolio value, USDT; values are log-normal around it
 * @param valueSigma      standard deviation of the natural log of portfolio value
 * @param minValue        smallest portfolio value, USDT
 * @param maxValue        largest portfolio value, USDT
 * @param driftSigma      standard deviation of the log drift of each holding since its last
 *                        rebalance; 0 puts every portfolio exactly on target
 */
public record PopulationSpec(
    int accounts, long seed, double premiumShare, double medianValue, double valueSigma,
    double minValue, double maxValue, double driftSigma) {

  public static final int MAX_ACCOUNTS = 10_000_000;

  public PopulationSpec {
    if (accounts < 1 || accounts > MAX_ACCOUNTS) {
      throw new IllegalArgumentException("accounts must be between 1 and " + MAX_ACCOUNTS + ", was " + accounts);
    }
    if (!(premiumShare >= 0 && premiumShare <= 1)) {
      throw new IllegalArgumentException("premium share must be in [0, 1], was " + premiumShare);
    }
    if (!(minValue > 0 && medianValue >= minValue && maxValue >= medianValue)) {
      throw new IllegalArgumentException("portfolio values need 0 < min <= median <= max, were "
          + minValue + ", " + medianValue + ", " + maxValue);
    }
    if (!(valueSigma >= 0 && valueSigma <= 5)) {
      throw new IllegalArgumentException("value sigma must be in [0, 5], was " + valueSigma);
    }
    if (!(driftSigma >= 0 && driftSigma <= 2)) {
      throw new IllegalArgumentException("drift sigma must be in [0, 2], was " + driftSigma);
    }
  }

  /** The platform as it is today: a fifth premium, a median portfolio of about 2,000 USDT. */
  public static PopulationSpec defaults(int accounts, long seed) {
    return new PopulationSpec(accounts, seed, 0.2, 2_000, 1.6, 25, 500_000, 0.08);
  }
}
