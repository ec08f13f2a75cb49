package dev.keel.domain.regime;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

class BandScalingProperties {

  @Property(tries = 500)
  void a_scaled_band_stays_within_zero_one_and_the_ceiling_and_holds_its_target(
      @ForAll @DoubleRange(min = 0, max = 1) double target,
      @ForAll @DoubleRange(min = 0, max = 0.5) double base,
      @ForAll @DoubleRange(min = 0.01, max = 10) double multiplier,
      @ForAll @DoubleRange(min = 0.01, max = 1) double ceiling) {
    ScaledBand band = BandScaling.scale(target, base, multiplier, ceiling);

    assertThat(band.lower()).isGreaterThanOrEqualTo(0);
    assertThat(band.upper()).isLessThanOrEqualTo(1);
    assertThat(band.halfWidth()).isLessThanOrEqualTo(ceiling);
    assertThat(band.contains(target)).isTrue();
  }

  @Property(tries = 300)
  void a_larger_multiplier_never_narrows_the_band(
      @ForAll @DoubleRange(min = 0, max = 1) double target,
      @ForAll @DoubleRange(min = 0, max = 0.5) double base,
      @ForAll @DoubleRange(min = 0.01, max = 5) double multiplier,
      @ForAll @DoubleRange(min = 0, max = 5) double extra) {
    ScaledBand narrow = BandScaling.scale(target, base, multiplier, 0.2);
    ScaledBand wide = BandScaling.scale(target, base, multiplier + extra, 0.2);

    assertThat(wide.lower()).isLessThanOrEqualTo(narrow.lower());
    assertThat(wide.upper()).isGreaterThanOrEqualTo(narrow.upper());
  }
}
