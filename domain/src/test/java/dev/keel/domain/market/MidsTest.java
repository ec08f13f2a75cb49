package dev.keel.domain.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class MidsTest {

  @Test
  void an_odd_count_takes_the_middle_mid_and_an_even_count_the_mean_of_the_middle_two() {
    assertThat(Mids.median(List.of(new BigDecimal("3"), new BigDecimal("1"), new BigDecimal("2")))).isEqualByComparingTo("2");
    assertThat(Mids.median(List.of(new BigDecimal("100.00"), new BigDecimal("100.10")))).isEqualByComparingTo("100.05");
  }

  @Test
  void no_mid_is_refused() {
    assertThatThrownBy(() -> Mids.median(List.of())).hasMessageContaining("at least one");
  }
}
