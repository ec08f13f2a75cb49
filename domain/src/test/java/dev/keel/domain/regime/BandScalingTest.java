package dev.keel.domain.regime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BandScalingTest {

  @Test
  void a_high_regime_widens_a_five_point_band_by_half() {
    ScaledBand band = BandScaling.scale(0.30, 0.05, 1.5, 0.10);

    assertThat(band.halfWidth()).isCloseTo(0.075, within(1e-15));
    assertThat(band.lower()).isCloseTo(0.225, within(1e-15));
    assertThat(band.upper()).isCloseTo(0.375, within(1e-15));
    assertThat(band.capped()).isFalse();
  }

  @Test
  void the_ceiling_caps_the_half_width() {
    ScaledBand band = BandScaling.scale(0.50, 0.08, 2.0, 0.10);

    assertThat(band.halfWidth()).isEqualTo(0.10);
    assertThat(band.capped()).isTrue();
  }

  @Test
  void a_wide_band_around_a_small_target_never_reaches_below_a_zero_weight() {
    ScaledBand band = BandScaling.scale(0.02, 0.05, 2.0, 0.25);

    assertThat(band.lower()).isZero();
    assertThat(band.upper()).isCloseTo(0.12, within(1e-15));
    assertThat(band.contains(0.0)).isTrue();
  }

  @Test
  void a_band_around_a_full_target_never_reaches_above_a_weight_of_one() {
    assertThat(BandScaling.scale(0.98, 0.05, 1.0, 0.10).upper()).isEqualTo(1.0);
  }
}
