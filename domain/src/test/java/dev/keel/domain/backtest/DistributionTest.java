package dev.keel.domain.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistributionTest {

  @Test
  void percentiles_interpolate_between_order_statistics_and_leave_nan_out() {
    Distribution d = Distribution.of(new double[] {5, 1, Double.NaN, 3, 2, 4});

    assertThat(d.count()).isEqualTo(5);
    assertThat(d.mean()).isEqualTo(3);
    assertThat(d.p50()).isEqualTo(3);
    assertThat(d.p25()).isEqualTo(2);
    assertThat(d.p5()).isCloseTo(1.2, within(1e-12));
    assertThat(d.p95()).isCloseTo(4.8, within(1e-12));
  }

  @Test
  void an_empty_distribution_is_all_nan() {
    assertThat(Distribution.of(new double[] {Double.NaN}).p50()).isNaN();
  }
}
