package dev.keel.domain.market.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DailyBarSeriesTest {

  private static DailyBar bar(int day, double close) {
    return new DailyBar(LocalDate.of(2024, 1, day), close, close, close, close, 1, close, 1);
  }

  private static final DailyBarSeries SERIES = new DailyBarSeries("BTC", "USDT",
      List.of(bar(1, 10), bar(2, 11), bar(4, 12), bar(5, 13)));

  @Test
  void between_takes_both_ends_and_tolerates_missing_days() {
    assertThat(SERIES.between(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 4)).closes()).containsExactly(11, 12);
    assertThat(SERIES.between(LocalDate.of(2024, 1, 3), LocalDate.of(2024, 1, 9)).closes()).containsExactly(12, 13);
    assertThat(SERIES.between(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 9)).isEmpty()).isTrue();
  }

  @Test
  void index_of_a_missing_day_is_negative_and_on_is_empty() {
    assertThat(SERIES.indexOf(LocalDate.of(2024, 1, 4))).isEqualTo(2);
    assertThat(SERIES.indexOf(LocalDate.of(2024, 1, 3))).isNegative();
    assertThat(SERIES.on(LocalDate.of(2024, 1, 3))).isEmpty();
  }

  @Test
  void bars_out_of_order_are_rejected() {
    assertThatThrownBy(() -> new DailyBarSeries("BTC", "USDT", List.of(bar(2, 1), bar(1, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strictly increasing");
  }

  @Test
  void a_bar_whose_high_is_below_its_close_is_rejected() {
    assertThatThrownBy(() -> new DailyBar(LocalDate.of(2024, 1, 1), 10, 10, 9, 11, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inconsistent");
  }
}
