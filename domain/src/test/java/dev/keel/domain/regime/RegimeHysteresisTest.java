package dev.keel.domain.regime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Classification on a synthetic percentile signal, one step a day, with the default thresholds and dwell. */
class RegimeHysteresisTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration MATURE = Duration.ofDays(365);

  /** Feeds {@code days} values of the signal (used as both fast and slow rank) through the classifier. */
  private static RegimeTimeline drive(RegimeClassifier classifier, RegimeState start, int days, IntToDoubleFunction signal) {
    List<RegimeAssessment> out = new ArrayList<>();
    out.add(new RegimeAssessment("TEST", start.asOf(), 0.5, 0.5, Double.NaN, Double.NaN, start.regime(),
        start.regimeSince(), Decision.HELD, Double.NaN, start.spreadRegime(), start.spreadRegimeSince(), 1.0, "start"));
    RegimeState state = start;
    for (int d = 1; d <= days; d++) {
      Instant t = T0.plus(Duration.ofDays(d));
      double s = signal.applyAsDouble(d);
      RegimeAssessment a = classifier.assess("TEST", t, 0.5, 0.5, s, s, MATURE, state, Double.NaN);
      out.add(a);
      state = a.state();
    }
    return new RegimeTimeline("TEST", out);
  }

  private static RegimeState normal() {
    return RegimeState.initial(T0);
  }

  private static RegimeState in(Regime regime) {
    return new RegimeState(regime, T0, SpreadRegime.UNOBSERVED, T0, T0);
  }

  @Test
  void noise_around_the_high_entry_threshold_enters_high_once_and_stays() {
    RegimeTimeline timeline = drive(RegimeClassifier.DEFAULT, normal(), 200, d -> d % 2 == 0 ? 0.78 : 0.70);

    assertThat(timeline.switches()).hasSize(1);
    assertThat(timeline.switches().get(0).to()).isEqualTo(Regime.HIGH);
    assertThat(timeline.latest().orElseThrow().regime()).isEqualTo(Regime.HIGH);
  }

  @Test
  void the_same_noise_flaps_every_day_without_hysteresis_or_dwell() {
    RegimeClassifier bare = new RegimeClassifier(RegimeConfig.DEFAULT
        .withThresholds(new RegimeThresholds(0.20, 0.20, 0.75, 0.75, 0.95, 0.95))
        .withDwell(Duration.ZERO));

    RegimeTimeline timeline = drive(bare, normal(), 200, d -> d % 2 == 0 ? 0.78 : 0.70);

    assertThat(timeline.switches()).hasSizeGreaterThan(190);
  }

  @Test
  void noise_around_the_calm_entry_threshold_enters_calm_once_and_stays() {
    RegimeTimeline timeline = drive(RegimeClassifier.DEFAULT, normal(), 200, d -> d % 3 == 0 ? 0.18 : 0.26);

    assertThat(timeline.switches()).extracting(RegimeSwitch::to).containsExactly(Regime.CALM);
  }

  @Test
  void a_step_up_escalates_at_once_even_inside_the_dwell_time() {
    RegimeTimeline timeline = drive(RegimeClassifier.DEFAULT, in(Regime.CALM), 3, d -> 0.97);

    RegimeAssessment first = timeline.assessments().get(1);
    assertThat(first.regime()).isEqualTo(Regime.EXTREME);
    assertThat(first.decision()).isEqualTo(Decision.ESCALATED);
    assertThat(first.regimeSince()).isEqualTo(first.asOf());
    assertThat(first.bandMultiplier()).isEqualTo(2.0);
    assertThat(first.reason()).contains("CALM -> EXTREME");
  }

  @Test
  void a_step_down_waits_for_the_dwell_time_then_steps_to_the_signals_regime() {
    RegimeTimeline timeline = drive(RegimeClassifier.DEFAULT, normal(), 60, d -> d <= 5 ? 0.90 : 0.45);

    assertThat(timeline.switches()).hasSize(2);
    RegimeSwitch down = timeline.switches().get(1);
    assertThat(down.from()).isEqualTo(Regime.HIGH);
    assertThat(down.to()).isEqualTo(Regime.NORMAL);
    assertThat(down.at()).isEqualTo(T0.plus(Duration.ofDays(1 + 20)));
    assertThat(timeline.assessments().get(11).decision()).isEqualTo(Decision.HELD_BY_DWELL);
    assertThat(timeline.assessments().get(11).reason()).contains("held by dwell (10 d of 20 d)");
  }

  @Test
  void extreme_steps_down_to_high_while_the_signal_stays_above_the_high_hold() {
    RegimeTimeline timeline = drive(RegimeClassifier.DEFAULT, normal(), 60, d -> d <= 3 ? 0.99 : 0.65);

    assertThat(timeline.switches()).extracting(RegimeSwitch::to).containsExactly(Regime.EXTREME, Regime.HIGH);
  }

  @Test
  void a_signal_that_jumps_from_extreme_to_the_bottom_goes_straight_to_calm_after_the_dwell() {
    RegimeTimeline timeline = drive(RegimeClassifier.DEFAULT, normal(), 40, d -> d <= 1 ? 0.99 : 0.05);

    assertThat(timeline.switches()).extracting(RegimeSwitch::to).containsExactly(Regime.EXTREME, Regime.CALM);
  }

  @Test
  void calm_is_held_up_to_its_hold_threshold_and_left_above_it() {
    RegimeTimeline held = drive(RegimeClassifier.DEFAULT, in(Regime.CALM), 30, d -> 0.39);
    RegimeTimeline left = drive(RegimeClassifier.DEFAULT, in(Regime.CALM), 30, d -> 0.41);

    assertThat(held.switches()).isEmpty();
    assertThat(left.switches()).extracting(RegimeSwitch::to).containsExactly(Regime.NORMAL);
  }
}
