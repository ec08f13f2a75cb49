package dev.keel.domain.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
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

  @Property(tries = 60)
  void the_estimate_is_always_symmetric_and_positive_semi_definite(@ForAll long seed,
      @ForAll @IntRange(min = 2, max = 120) int bars, @ForAll @IntRange(min = 1, max = 12) int n) {
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
