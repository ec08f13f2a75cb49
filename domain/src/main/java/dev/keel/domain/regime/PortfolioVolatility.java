package dev.keel.domain.regime;

/**
 * A portfolio's volatility from its weights and its assets' covariance: {@code sqrt(w' Sigma w)}.
 * To classify a portfolio's regime, build its {@link ValueIndex} and give it to the {@link RegimeClassifier}
 * like any asset (regimeJob does so per basket); the index's realised volatility is this figure. Stateless.
 */
public final class PortfolioVolatility {

  private PortfolioVolatility() {}

  /**
   * @param weights    weights, fraction of portfolio value per asset (cash may be included with zero covariance)
   * @param covariance covariance of the assets' returns, annualised (fraction squared per year), symmetric
   * @return the portfolio's annualised volatility, fraction per square-root year
   */
  public static double of(double[] weights, double[][] covariance) {
    int n = weights.length;
    if (covariance.length != n) {
      throw new IllegalArgumentException("covariance has " + covariance.length + " rows for " + n + " weights");
    }
    double variance = 0;
    for (int i = 0; i < n; i++) {
      if (covariance[i].length != n) {
        throw new IllegalArgumentException("covariance row " + i + " has " + covariance[i].length + " columns, need " + n);
      }
      if (!Double.isFinite(weights[i])) {
        throw new IllegalArgumentException("weight " + i + " is not finite: " + weights[i]);
      }
      if (!(covariance[i][i] >= 0)) {
        throw new IllegalArgumentException("covariance diagonal " + i + " must be a non-negative variance, was " + covariance[i][i]);
      }
      for (int j = 0; j < n; j++) {
        double c = covariance[i][j];
        if (!Double.isFinite(c) || Math.abs(c - covariance[j][i]) > 1e-12 * Math.max(1, Math.abs(c))) {
          throw new IllegalArgumentException("covariance must be finite and symmetric; entries (" + i + "," + j + ") = "
              + c + " and (" + j + "," + i + ") = " + covariance[j][i]);
        }
        variance += weights[i] * c * weights[j];
      }
    }
    if (variance < -1e-12) {
      throw new IllegalArgumentException("covariance is not positive semi-definite: w' Sigma w = " + variance);
    }
    return Math.sqrt(Math.max(0, variance));
  }
}
