package dev.keel.domain.regime;

import static dev.keel.domain.testing.Properties.combinations;
import static dev.keel.domain.testing.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bounds and monotonicity of band scaling over its whole domain; every corner of the domain comes first. */
class BandScalingProperties {

  /** Target weight in [0, 1], base half-width in [0, 0.5], multiplier in [0.01, 10], ceiling in [0.01, 1]. */
  record Scaling(double target, double base, double multiplier, double ceiling) {}

  /** Target weight in [0, 1], base half-width in [0, 0.5], multiplier in [0.01, 5], extra multiplier in [0, 5]. */
  record Widening(double target, double base, double multiplier, double extra) {}

  @Test
  void a_scaled_band_stays_within_zero_one_and_the_ceiling_and_holds_its_target() {
    List<Scaling> corners = combinations(new double[] {0, 1}, new double[] {0, 0.5}, new double[] {0.01, 10}, new double[] {0.01, 1})
        .stream().map(v -> new Scaling(v[0], v[1], v[2], v[3])).toList();
    forAll(20261204_11L, 500, corners,
        r -> new Scaling(r.nextDouble(0, 1), r.nextDouble(0, 0.5), r.nextDouble(0.01, 10), r.nextDouble(0.01, 1)),
        s -> {
          ScaledBand band = BandScaling.scale(s.target(), s.base(), s.multiplier(), s.ceiling());

          assertThat(band.lower()).isGreaterThanOrEqualTo(0);
          assertThat(band.upper()).isLessThanOrEqualTo(1);
          assertThat(band.halfWidth()).isLessThanOrEqualTo(s.ceiling());
          assertThat(band.contains(s.target())).isTrue();
        });
  }

  @Test
  void a_larger_multiplier_never_narrows_the_band() {
    List<Widening> corners = combinations(new double[] {0, 1}, new double[] {0, 0.5}, new double[] {0.01, 5}, new double[] {0, 5})
        .stream().map(v -> new Widening(v[0], v[1], v[2], v[3])).toList();
    forAll(20261204_12L, 300, corners,
        r -> new Widening(r.nextDouble(0, 1), r.nextDouble(0, 0.5), r.nextDouble(0.01, 5), r.nextDouble(0, 5)),
        w -> {
          ScaledBand narrow = BandScaling.scale(w.target(), w.base(), w.multiplier(), 0.2);
          ScaledBand wide = BandScaling.scale(w.target(), w.base(), w.multiplier() + w.extra(), 0.2);

          assertThat(wide.lower()).isLessThanOrEqualTo(narrow.lower());
          assertThat(wide.upper()).isGreaterThanOrEqualTo(narrow.upper());
        });
  }
}
