package dev.keel.domain.regime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegimeConfigTest {

  @Test
  void the_defaults_are_valid_and_read_enough_history_for_the_look_back_and_warm_up() {
    assertThat(RegimeConfig.DEFAULT.historyToRead()).isEqualTo(Duration.ofDays(730 + 480));
  }

  @Test
  void a_slow_half_life_shorter_than_the_fast_one_is_rejected_by_name() {
    assertThatThrownBy(() -> new RegimeConfig(Duration.ofDays(30), Duration.ofDays(10), Duration.ofDays(730),
        Duration.ofDays(180), Duration.ofDays(1), RegimeThresholds.DEFAULT, Duration.ofDays(20), BandMultipliers.DEFAULT,
        SpreadRule.DEFAULT, 0.1, ShockRule.DEFAULT))
        .hasMessageContaining("slowHalfLife")
        .hasMessageContaining("fastHalfLife");
  }

  @Test
  void a_hold_threshold_stricter_than_its_entry_is_rejected_by_name() {
    assertThatThrownBy(() -> new RegimeThresholds(0.2, 0.4, 0.75, 0.8, 0.95, 0.85))
        .hasMessageContaining("highHold (0.8) must not exceed highEnter (0.75)");
  }

  @Test
  void multipliers_that_tighten_a_more_turbulent_regime_are_rejected() {
    assertThatThrownBy(() -> new BandMultipliers(0.75, 1.0, 2.0, 1.5))
        .hasMessageContaining("multiplier extreme (1.5) must not be below high (2.0)");
  }

  @Test
  void a_band_ceiling_outside_zero_to_one_is_rejected_by_name() {
    assertThatThrownBy(() -> new RegimeConfig(Duration.ofDays(10), Duration.ofDays(60), Duration.ofDays(730),
        Duration.ofDays(180), Duration.ofDays(1), RegimeThresholds.DEFAULT, Duration.ofDays(20), BandMultipliers.DEFAULT,
        SpreadRule.DEFAULT, 1.5, ShockRule.DEFAULT))
        .hasMessageContaining("maxBandHalfWidth");
  }

  @Test
  void spread_floors_below_one_are_rejected() {
    assertThatThrownBy(() -> new SpreadRule(Duration.ofMinutes(30), Duration.ofDays(7), 30, 2.0, 1.5, 4.0, 3.0, 0.9, 1.6,
        Duration.ofDays(1)))
        .hasMessageContaining("wideFloor");
  }
}
