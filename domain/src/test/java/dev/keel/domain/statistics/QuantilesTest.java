package dev.keel.domain.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantilesTest {

  @Test
  void a_quantile_interpolates_linearly_between_the_order_statistics_around_it() {
    double[] sorted = {1, 2, 3, 4, 5};
    assertThat(Quantiles.ofSorted(sorted, 0)).isEqualTo(1);
    assertThat(Quantiles.ofSorted(sorted, 0.25)).isEqualTo(2);
    assertThat(Quantiles.ofSorted(sorted, 0.05)).isCloseTo(1.2, within(1e-12));
    assertThat(Quantiles.ofSorted(sorted, 0.95)).isCloseTo(4.8, within(1e-12));
    assertThat(Quantiles.ofSorted(sorted, 1)).isEqualTo(5);
  }

  @Test
  void the_median_is_the_middle_value_or_exactly_the_mean_of_the_middle_two() {
    assertThat(Quantiles.median(new double[] {3, 1, 2})).isEqualTo(2);
    Random random = new Random(7);
    for (int k = 0; k < 1000; k++) {
      double a = random.nextGaussian() * 1e3;
      double b = a + Math.abs(random.nextGaussian()) * 1e-3;
      assertThat(Quantiles.median(new double[] {b, a})).as("seed 7, draw %d", k).isEqualTo((a + b) / 2);
    }
  }

  @Test
  void a_median_of_part_of_an_array_leaves_the_array_as_it_is() {
    double[] values = {9, 5, 1, 3, 7};
    assertThat(Quantiles.median(values, 1, 4)).isEqualTo(3);
    assertThat(values).containsExactly(9, 5, 1, 3, 7);
  }

  @Test
  void a_decimal_median_is_exact() {
    assertThat(Quantiles.median(List.of(new BigDecimal("100.00"), new BigDecimal("100.10")))).isEqualByComparingTo("100.05");
    assertThat(Quantiles.median(List.of(new BigDecimal("3"), new BigDecimal("1"), new BigDecimal("2")))).isEqualByComparingTo("2");
  }

  @Test
  void no_values_or_a_rank_outside_zero_to_one_is_refused() {
    assertThatThrownBy(() -> Quantiles.ofSorted(new double[0], 0.5)).hasMessageContaining("at least one value");
    assertThatThrownBy(() -> Quantiles.ofSorted(new double[] {1}, 1.5)).hasMessageContaining("was 1.5");
    assertThatThrownBy(() -> Quantiles.median(List.<BigDecimal>of())).hasMessageContaining("at least one value");
  }
}
