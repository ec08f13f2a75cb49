package dev.keel.domain.optimize;

import java.util.List;
import java.util.Objects;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;

/**
 * Estimates the covariance of the lines' returns from price bars, with shrinkage, robust to
 * short histories and newly listed assets, and always positive semi-definite. Stateless.
 *
 * <p>The method, in order:
 * <ol>
 *   <li>log returns between consecutive bars where both prices are present and positive;</li>
 *   <li>each line's variance from its own returns; with fewer than
 *       {@link Settings#minObservations()} returns it is blended with a prior volatility, so a
 *       newly listed asset is never taken as calm for lack of data;</li>
 *   <li>correlations pairwise on the overlapping returns, then shrunk toward their average (the
 *       constant-correlation target) with the Ledoit-Wolf-type optimal intensity of Schafer and
 *       Strimmer: the summed estimation variance of the correlations over their summed squared
 *       distance to the target. A pair with too short an overlap takes the target;</li>
 *   <li>the shrunk correlation matrix is projected onto the positive semi-definite cone
 *       (eigenvalues clipped at zero, unit diagonal restored), since pairwise estimates need not
 *       be consistent;</li>
 *   <li>covariance = volatilities x correlations x volatilities, annualised. A line whose price
 *       never moves (a stablecoin on a flat feed) has zero variance and zero covariances.</li>
 * </ol>
 */
public final class CovarianceEstimator {

  /** Daily bars, 20 returns before a line's own variance is trusted, a 90% prior volatility. */
  public static final CovarianceEstimator DEFAULT = new CovarianceEstimator(new Settings(20, 0.9, 365));

  /**
   * @param minObservations returns a line or a pair needs before its own estimate is used, {@code >= 2}
   * @param priorVolatility annualised volatility assumed for a line with too little history,
   *                        fraction per square-root year, {@code > 0}
   * @param periodsPerYear  bars per year, to annualise (365 for daily crypto bars), {@code > 0}
   */
  public record Settings(int minObservations, double priorVolatility, double periodsPerYear) {
    public Settings {
      if (minObservations < 2) {
        throw new IllegalArgumentException("minObservations must be >= 2, was " + minObservations);
      }
      if (!(priorVolatility > 0 && Double.isFinite(priorVolatility))) {
        throw new IllegalArgumentException("priorVolatility must be finite and > 0, was " + priorVolatility);
      }
      if (!(periodsPerYear > 0 && Double.isFinite(periodsPerYear))) {
        throw new IllegalArgumentException("periodsPerYear must be finite and > 0, was " + periodsPerYear);
      }
    }
  }

  /**
   * An estimate.
   *
   * @param covariance         annualised covariance of log returns, fraction squared per year,
   *                           symmetric and positive semi-definite
   * @param shrinkage          intensity applied to the correlations, in [0, 1]
   * @param averageCorrelation the constant-correlation target, in [-1, 1]
   * @param observations       returns available per line
   */
  public record Estimate(double[][] covariance, double shrinkage, double averageCorrelation, int[] observations) {
    public Estimate {
      Objects.requireNonNull(covariance, "covariance");
      Objects.requireNonNull(observations, "observations");
    }

    /** The covariance over a horizon of {@code years} (e.g. 7/365 for a week), fraction squared. */
    public double[][] covarianceOver(double years) {
      if (!(years > 0 && Double.isFinite(years))) {
        throw new IllegalArgumentException("horizon must be finite and > 0 years, was " + years);
      }
      double[][] out = new double[covariance.length][];
      for (int i = 0; i < out.length; i++) {
        out[i] = covariance[i].clone();
        for (int j = 0; j < out.length; j++) {
          out[i][j] *= years;
        }
      }
      return out;
    }
  }

  private final Settings settings;

  public CovarianceEstimator(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Estimates from one price series per line, all on the same bars in time order. A missing bar
   * (not yet listed, or no data) is NaN; non-positive or infinite prices count as missing.
   */
  public Estimate estimate(List<double[]> prices) {
    Objects.requireNonNull(prices, "prices");
    int n = prices.size();
    if (n == 0) {
      throw new IllegalArgumentException("at least one price series is needed");
    }
    int bars = prices.get(0).length;
    for (double[] series : prices) {
      if (series == null || series.length != bars) {
        throw new IllegalArgumentException("every price series must have " + bars + " bars");
      }
    }
    int periods = Math.max(bars - 1, 0);
    double[][] r = new double[n][periods];
    int[] count = new int[n];
    double[] mean = new double[n];
    for (int i = 0; i < n; i++) {
      double[] p = prices.get(i);
      for (int t = 0; t < periods; t++) {
        double a = p[t];
        double b = p[t + 1];
        if (a > 0 && b > 0 && Double.isFinite(a) && Double.isFinite(b)) {
          r[i][t] = Math.log(b / a);
          count[i]++;
          mean[i] += r[i][t];
        } else {
          r[i][t] = Double.NaN;
        }
      }
      if (count[i] > 0) {
        mean[i] /= count[i];
      }
    }
    int min = settings.minObservations();
    double prior = settings.priorVolatility() * settings.priorVolatility() / settings.periodsPerYear();
    double[] variance = new double[n];
    double[] sd = new double[n];
    for (int i = 0; i < n; i++) {
      double ss = 0;
      for (int t = 0; t < periods; t++) {
        if (!Double.isNaN(r[i][t])) {
          double x = r[i][t] - mean[i];
          ss += x * x;
        }
      }
      double sample = count[i] >= 2 ? ss / (count[i] - 1) : 0;
      sd[i] = Math.sqrt(sample);
      if (count[i] >= min) {
        variance[i] = sample;
      } else {
        int k = Math.max(count[i], 0);
        variance[i] = (k * sample + (min - k) * prior) / min;
      }
    }
    // Standardised returns, for correlations and their estimation variance.
    double[][] corr = new double[n][n];
    double[][] corrVariance = new double[n][n];
    boolean[][] defined = new boolean[n][n];
    double sumCorr = 0;
    int pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        if (sd[i] == 0 || sd[j] == 0) {
          continue;
        }
        int k = 0;
        double sw = 0;
        for (int t = 0; t < periods; t++) {
          if (!Double.isNaN(r[i][t]) && !Double.isNaN(r[j][t])) {
            k++;
            sw += (r[i][t] - mean[i]) / sd[i] * ((r[j][t] - mean[j]) / sd[j]);
          }
        }
        if (k < min) {
          continue;
        }
        double wBar = sw / k;
        double dev = 0;
        for (int t = 0; t < periods; t++) {
          if (!Double.isNaN(r[i][t]) && !Double.isNaN(r[j][t])) {
            double w = (r[i][t] - mean[i]) / sd[i] * ((r[j][t] - mean[j]) / sd[j]);
            dev += (w - wBar) * (w - wBar);
          }
        }
        double rij = Math.max(-1, Math.min(1, sw / (k - 1)));
        corr[i][j] = rij;
        corrVariance[i][j] = k / Math.pow(k - 1.0, 3) * dev;
        defined[i][j] = true;
        sumCorr += rij;
        pairs++;
      }
    }
    double average = pairs > 0 ? sumCorr / pairs : 0;
    double numerator = 0;
    double denominator = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        if (defined[i][j]) {
          numerator += corrVariance[i][j];
          denominator += (corr[i][j] - average) * (corr[i][j] - average);
        }
      }
    }
    double shrinkage = denominator > 0 ? Math.max(0, Math.min(1, numerator / denominator)) : 1;
    boolean[] risky = new boolean[n];
    for (int i = 0; i < n; i++) {
      risky[i] = variance[i] > 0;
    }
    R064Store shrunk = R064Store.FACTORY.make(n, n);
    for (int i = 0; i < n; i++) {
      shrunk.set(i, i, risky[i] ? 1 : 0);
      for (int j = 0; j < i; j++) {
        double value = 0;
        if (risky[i] && risky[j]) {
          value = defined[i][j] ? (1 - shrinkage) * corr[i][j] + shrinkage * average : average;
        }
        shrunk.set(i, j, value);
        shrunk.set(j, i, value);
      }
    }
    double[][] correlation = nearestCorrelation(shrunk, risky);
    double[][] covariance = new double[n][n];
    double annual = settings.periodsPerYear();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double c = Math.sqrt(variance[i] * variance[j]) * correlation[i][j] * annual;
        covariance[i][j] = c;
        covariance[j][i] = c;
      }
    }
    return new Estimate(covariance, shrinkage, average, count);
  }

  /** Eigenvalues clipped at zero, then the unit diagonal restored: positive semi-definite. */
  private static double[][] nearestCorrelation(R064Store matrix, boolean[] risky) {
    int n = (int) matrix.countRows();
    Eigenvalue<Double> eigen = Eigenvalue.R064.make(matrix, true);
    double[][] out = new double[n][n];
    if (!eigen.decompose(matrix)) {
      for (int i = 0; i < n; i++) {
        out[i][i] = risky[i] ? 1 : 0;
      }
      return out;
    }
    MatrixStore<Double> v = eigen.getV();
    MatrixStore<Double> d = eigen.getD();
    double[] values = new double[n];
    for (int k = 0; k < n; k++) {
      values[k] = Math.max(0, d.doubleValue(k, k));
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += v.doubleValue(i, k) * values[k] * v.doubleValue(j, k);
        }
        out[i][j] = s;
        out[j][i] = s;
      }
    }
    double[] scale = new double[n];
    for (int i = 0; i < n; i++) {
      scale[i] = risky[i] && out[i][i] > 0 ? 1 / Math.sqrt(out[i][i]) : 0;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        out[i][j] *= scale[i] * scale[j];
      }
    }
    return out;
  }
}
