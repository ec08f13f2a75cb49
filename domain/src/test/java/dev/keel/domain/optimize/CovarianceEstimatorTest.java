package dev.keel.domain.optimize;

import static dev.keel.domain.testing.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.R064Store;

/** Covariance from price bars: shrinkage, short histories, new listings, always positive semi-definite. */
class CovarianceEstimatorTest {

  /** Correlated random walks, daily, with the given annual volatilities; NaN before each listing bar. */
  private static List<double[]> prices(SplittableRandom rng, int bars, double[] vols, int[] listedAt, double correlation) {
    List<double[]> out = new ArrayList<>();
    double[] common = new double[bars];
    for (int t = 0; t < bars; t++) {
      common[t] = gaussian(rng);
    }
    for (int i = 0; i < vols.length; i++) {
      double[] p = new double[bars];
      double price = 100;
      double daily = vols[i] / Math.sqrt(365);
      for (int t = 0; t < bars; t++) {
        double z = Math.sqrt(correlation) * common[t] + Math.sqrt(1 - correlation) * gaussian(rng);
        price *= Math.exp(daily * z);
        p[t] = t < listedAt[i] ? Double.NaN : (vols[i] == 0 ? 1 : price);
      }
      out.add(p);
    }
    return out;
  }

  private static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  private static double smallestEigenvalue(double[][] m) {
    R064Store store = R064Store.FACTORY.make(m.length, m.length);
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m.length; j++) {
        store.set(i, j, m[i][j]);
      }
    }
    Eigenvalue<Double> eigen = Eigenvalue.R064.make(store, true);
    eigen.decompose(store);
    double min = Double.POSITIVE_INFINITY;
    for (int k = 0; k < m.length; k++) {
      min = Math.min(min, eigen.getD().doubleValue(k, k));
    }
    return min;
  }

  @Test
  void a_long_history_recovers_the_volatilities_it_was_drawn_from() {
    List<double[]> p = prices(new SplittableRandom(1), 2000, new double[] {0.6, 0.9}, new int[] {0, 0}, 0.7);
    CovarianceEstimator.Estimate e = CovarianceEstimator.DEFAULT.estimate(p);
    assertThat(Math.sqrt(e.covariance()[0][0])).isCloseTo(0.6, within(0.05));
    assertThat(Math.sqrt(e.covariance()[1][1])).isCloseTo(0.9, within(0.07));
    assertThat(e.covariance()[0][1] / Math.sqrt(e.covariance()[0][0] * e.covariance()[1][1])).isCloseTo(0.7, within(0.06));
  }

  @Test
  void a_newly_listed_asset_takes_the_prior_volatility_and_the_average_correlation() {
    List<double[]> p = prices(new SplittableRandom(2), 400, new double[] {0.6, 0.7, 0.8}, new int[] {0, 0, 397}, 0.6);
    CovarianceEstimator.Estimate e = CovarianceEstimator.DEFAULT.estimate(p);
    assertThat(e.observations()[2]).isEqualTo(2);
    assertThat(Math.sqrt(e.covariance()[2][2])).isGreaterThan(0.8);
    double corr = e.covariance()[0][2] / Math.sqrt(e.covariance()[0][0] * e.covariance()[2][2]);
    assertThat(corr).isCloseTo(e.averageCorrelation(), within(1e-9));
  }

  @Test
  void a_stablecoin_on_a_flat_feed_has_no_variance_and_no_covariance() {
    List<double[]> p = prices(new SplittableRandom(3), 200, new double[] {0, 0.6}, new int[] {0, 0}, 0.5);
    CovarianceEstimator.Estimate e = CovarianceEstimator.DEFAULT.estimate(p);
    assertThat(e.covariance()[0]).containsOnly(0.0);
  }

  @Test
  void a_history_of_one_bar_still_gives_a_positive_semi_definite_prior() {
    List<double[]> p = new ArrayList<>();
    p.add(new double[] {100});
    p.add(new double[] {5});
    CovarianceEstimator.Estimate e = CovarianceEstimator.DEFAULT.estimate(p);
    assertThat(e.covariance()[0][0]).isCloseTo(0.81, within(1e-12));
    assertThat(smallestEigenvalue(e.covariance())).isGreaterThanOrEqualTo(-1e-12);
  }

  @Test
  void a_weekly_horizon_is_the_annual_covariance_times_seven_over_365() {
    List<double[]> p = prices(new SplittableRandom(4), 300, new double[] {0.6}, new int[] {0}, 0);
    CovarianceEstimator.Estimate e = CovarianceEstimator.DEFAULT.estimate(p);
    assertThat(e.covarianceOver(7.0 / 365)[0][0]).isCloseTo(e.covariance()[0][0] * 7 / 365, within(1e-15));
  }

  /** Prices from log returns: 100 at bar 0, then {@code p[t + 1] = p[t] exp(r[t])}. */
  private static double[] pricesFromReturns(double[] returns) {
    double[] p = new double[returns.length + 1];
    p[0] = 100;
    for (int t = 0; t < returns.length; t++) {
      p[t + 1] = p[t] * Math.exp(returns[t]);
    }
    return p;
  }

  /** {@code pattern} repeated {@code times} times, each entry times {@code scale}. */
  private static double[] repeat(double[] pattern, int times, double scale) {
    double[] out = new double[pattern.length * times];
    for (int t = 0; t < out.length; t++) {
      out[t] = scale * pattern[t % pattern.length];
    }
    return out;
  }

  /**
   * A case small enough to do by hand. Daily log returns, the 4-bar pattern repeated m = 4 times
   * (k = 16 returns, every mean exactly zero), in percent: x = (1, 1, -1, -1), y = (2, 0, 0, -2),
   * z = (1, -1, 1, -1). Sums of squares per pattern 4, 8, 4, so daily variances 16/15, 32/15 and
   * 16/15 (in 1e-4); Pearson correlations r_xy = 4/sqrt(4 x 8) = 1/sqrt2, r_xz = 0, r_yz = 1/sqrt2.
   * Average rbar = sqrt2/3; squared distances to it (1/(3 sqrt2))^2 = 1/18 twice and 2/9 once,
   * sum 1/3.
   *
   * <p>Estimation variance of a correlation (Schafer-Strimmer): k/(k-1)^3 sum (w_t - wbar)^2 with
   * w_t the products of standardised returns. For x, y the products are (k-1)/(4 sqrt2 m) times
   * (2, 0, 0, 2), mean (k-1)/(4 sqrt2 m), so the sum of squared deviations is
   * (k-1)^2/(32 m^2) x 4m and the variance 1/(2(k-1)) = 1/30; the same for y, z; for x, z the
   * products are (k-1)/(4m) times (1, -1, -1, 1), variance 1/(k-1) = 1/15. Intensity
   * delta = (1/30 + 1/15 + 1/30) / (1/3) = 6/15 = 0.4.
   *
   * <p>Shrunk: rho_xy = rho_yz = 0.6/sqrt2 + 0.4 sqrt2/3 = 2.6/(3 sqrt2) = 0.61283, rho_xz =
   * 0.4 sqrt2/3 = 0.18856; positive definite (eigenvalues 1 - rho_xz = 0.81 and the roots of
   * [[1 + rho_xz, sqrt2 rho_xy], [sqrt2 rho_xy, 1]], determinant 0.437), so the projection leaves it.
   * Annual covariance = 365 x sqrt(var_i var_j) x rho_ij.
   */
  @Test
  void shrinkage_strength_on_a_hand_computed_case_is_six_fifteenths() {
    int m = 4;
    List<double[]> p = List.of(
        pricesFromReturns(repeat(new double[] {1, 1, -1, -1}, m, 0.01)),
        pricesFromReturns(repeat(new double[] {2, 0, 0, -2}, m, 0.01)),
        pricesFromReturns(repeat(new double[] {1, -1, 1, -1}, m, 0.01)));
    CovarianceEstimator.Estimate e = new CovarianceEstimator(new CovarianceEstimator.Settings(2, 0.9, 365)).estimate(p);
    assertThat(e.observations()).containsExactly(16, 16, 16);
    assertThat(e.averageCorrelation()).isCloseTo(Math.sqrt(2) / 3, within(1e-12));
    assertThat(e.shrinkage()).isCloseTo(0.4, within(1e-12));
    double vx = 16e-4 / 15;
    double vy = 32e-4 / 15;
    double rhoXy = 2.6 / (3 * Math.sqrt(2));
    double rhoXz = 0.4 * Math.sqrt(2) / 3;
    double[][] c = e.covariance();
    assertThat(c[0][0]).isCloseTo(365 * vx, within(1e-12));
    assertThat(c[1][1]).isCloseTo(365 * vy, within(1e-12));
    assertThat(c[0][1]).isCloseTo(365 * Math.sqrt(vx * vy) * rhoXy, within(1e-12));
    assertThat(c[1][2]).isCloseTo(365 * Math.sqrt(vx * vy) * rhoXy, within(1e-12));
    assertThat(c[0][2]).isCloseTo(365 * vx * rhoXz, within(1e-12));
  }

  /** One common factor, loadings beta_i: true correlations beta_i beta_j, so they differ between pairs. */
  private static List<double[]> factorPrices(SplittableRandom rng, int bars, double[] beta, double vol) {
    double[][] r = new double[beta.length][bars - 1];
    for (int t = 0; t < bars - 1; t++) {
      double common = gaussian(rng);
      for (int i = 0; i < beta.length; i++) {
        r[i][t] = vol / Math.sqrt(365) * (beta[i] * common + Math.sqrt(1 - beta[i] * beta[i]) * gaussian(rng));
      }
    }
    List<double[]> out = new ArrayList<>();
    for (double[] ri : r) {
      out.add(pricesFromReturns(ri));
    }
    return out;
  }

  private static double pearson(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int t = 0; t < a.length; t++) {
      ma += a[t] / a.length;
      mb += b[t] / b.length;
    }
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int t = 0; t < a.length; t++) {
      sab += (a[t] - ma) * (b[t] - mb);
      saa += (a[t] - ma) * (a[t] - ma);
      sbb += (b[t] - mb) * (b[t] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }

  private static double[] logReturns(double[] prices, int from) {
    double[] r = new double[prices.length - 1 - from];
    for (int t = from; t < prices.length - 1; t++) {
      r[t - from] = Math.log(prices[t + 1] / prices[t]);
    }
    return r;
  }

  /**
   * A short history (25 daily bars, 24 returns) of three assets whose true correlations differ
   * (0.72, 0.27, 0.24), plus one listed four bars before the end. The correlations are shrunk
   * toward their average with a positive intensity (0.37 for this seed), each exactly
   * (1 - delta) r_ij + delta rbar of its own sample correlation; the new listing's variance is its
   * 4 returns' sample variance blended with 16/20 of the 90% prior, and it takes the average
   * correlation (4 overlapping returns, under the 20 a pair needs). With 2,000 bars of the same
   * process the intensity is far smaller (0.014): shrinkage is strong where the history is short.
   */
  @Test
  void a_short_history_is_shrunk_toward_the_average_correlation_and_a_new_listing_takes_the_prior() {
    double[] beta = {0.9, 0.8, 0.3};
    List<double[]> p = new ArrayList<>(factorPrices(new SplittableRandom(11), 25, beta, 0.7));
    double[] listed = new double[25];
    Arrays.fill(listed, Double.NaN);
    double[] newReturns = {0.05, -0.03, 0.08, -0.02};
    double[] tail = pricesFromReturns(newReturns);
    System.arraycopy(tail, 0, listed, 20, 5);
    p.add(listed);
    CovarianceEstimator.Estimate e = CovarianceEstimator.DEFAULT.estimate(p);
    double delta = e.shrinkage();
    assertThat(delta).isGreaterThan(0.05).isLessThan(1);
    assertThat(e.observations()).containsExactly(24, 24, 24, 4);
    double[][] c = e.covariance();
    double rbar = e.averageCorrelation();
    double sum = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < i; j++) {
        double r = pearson(logReturns(p.get(i), 0), logReturns(p.get(j), 0));
        sum += r;
        double shrunk = c[i][j] / Math.sqrt(c[i][i] * c[j][j]);
        assertThat(shrunk).as("pair %s,%s", i, j).isCloseTo((1 - delta) * r + delta * rbar, within(1e-9));
        assertThat(Math.abs(shrunk - rbar)).isLessThan(Math.abs(r - rbar) + 1e-12);
      }
    }
    assertThat(rbar).isCloseTo(sum / 3, within(1e-12));
    double mean = Arrays.stream(newReturns).average().orElseThrow();
    double sample = Arrays.stream(newReturns).map(x -> (x - mean) * (x - mean)).sum() / 3;
    assertThat(c[3][3]).isCloseTo(365 * (4 * sample + 16 * 0.81 / 365) / 20, within(1e-12));
    for (int j = 0; j < 3; j++) {
      assertThat(c[3][j] / Math.sqrt(c[3][3] * c[j][j])).as("new listing with %s", j).isCloseTo(rbar, within(1e-9));
    }
    assertThat(smallestEigenvalue(c)).isGreaterThanOrEqualTo(-1e-12);

    CovarianceEstimator.Estimate longRun = CovarianceEstimator.DEFAULT.estimate(factorPrices(new SplittableRandom(11), 2000, beta, 0.7));
    assertThat(longRun.shrinkage()).isLessThan(delta / 3);
  }

  /** A history drawn from its own seed: {@code bars} daily bars of {@code n} assets. */
  record History(long seed, int bars, int n) {}

  /** 60 histories of 2 to 120 bars and 1 to 12 assets, the four corners of that range first. */
  @Test
  void the_estimate_is_always_symmetric_and_positive_semi_definite() {
    List<History> corners = List.of(new History(1, 2, 1), new History(2, 2, 12), new History(3, 120, 1), new History(4, 120, 12));
    forAll(20261204_31L, 60, corners, r -> new History(r.nextLong(), 2 + r.nextInt(119), 1 + r.nextInt(12)),
        h -> symmetricAndPositiveSemiDefinite(h.seed(), h.bars(), h.n()));
  }

  private static void symmetricAndPositiveSemiDefinite(long seed, int bars, int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] vols = new double[n];
    int[] listed = new int[n];
    for (int i = 0; i < n; i++) {
      vols[i] = rng.nextInt(6) == 0 ? 0 : 0.2 + rng.nextDouble();
      listed[i] = rng.nextInt(3) == 0 ? rng.nextInt(bars) : 0;
    }
    List<double[]> p = prices(rng, bars, vols, listed, rng.nextDouble());
    CovarianceEstimator.Estimate e = CovarianceEstimator.DEFAULT.estimate(p);
    double[][] c = e.covariance();
    double scale = 1e-12;
    for (int i = 0; i < n; i++) {
      assertThat(Double.isFinite(c[i][i])).isTrue();
      scale = Math.max(scale, c[i][i]);
      for (int j = 0; j < n; j++) {
        assertThat(c[i][j]).isEqualTo(c[j][i]);
      }
    }
    assertThat(smallestEigenvalue(c)).as(Arrays.deepToString(c)).isGreaterThanOrEqualTo(-1e-10 * scale);
    assertThat(e.shrinkage()).isBetween(0.0, 1.0);
  }
}
