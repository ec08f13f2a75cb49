package dev.keel.domain.regime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** The crash rule: a fall from the recent high enters HIGH at once and holds it; default configuration otherwise. */
class ShockRuleTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration MATURE = Duration.ofDays(365);
  /** A signal deep in CALM territory: only the shock rule can make the asset HIGH. */
  private static final double QUIET = 0.10;

  private static Instant day(int d) {
    return T0.plus(Duration.ofDays(d));
  }

  private static RegimeState in(Regime regime) {
    return new RegimeState(regime, T0, SpreadRegime.UNOBSERVED, T0, T0);
  }

  private static RegimeAssessment step(RegimeClassifier c, RegimeState state, int d, double signal, double fall) {
    Instant lastShock = c.config().shock().firesAt(fall) ? day(d) : null;
    return c.assess("TEST", day(d), 0.5, 0.5, signal, signal, fall, lastShock, MATURE, state, Double.NaN);
  }

  /** Days 1 to {@code days} at a quiet signal, shocks on the days {@code shockDay} accepts, from CALM. */
  private static List<RegimeAssessment> drive(RegimeClassifier c, int days, IntPredicate shockDay) {
    List<RegimeAssessment> out = new ArrayList<>();
    RegimeState state = in(Regime.CALM);
    Instant lastShock = null;
    for (int d = 1; d <= days; d++) {
      double fall = shockDay.test(d) ? 0.25 : 0.0;
      if (c.config().shock().firesAt(fall)) {
        lastShock = day(d);
      }
      RegimeAssessment a = c.assess("TEST", day(d), 0.5, 0.5, QUIET, QUIET, fall, lastShock, MATURE, state, Double.NaN);
      out.add(a);
      state = a.state();
    }
    return out;
  }

  @Test
  void a_close_twenty_percent_below_the_weeks_high_enters_high_at_once_from_calm() {
    RegimeAssessment a = step(RegimeClassifier.DEFAULT, in(Regime.CALM), 1, QUIET, 0.21);

    assertThat(a.regime()).isEqualTo(Regime.HIGH);
    assertThat(a.decision()).isEqualTo(Decision.ESCALATED);
    assertThat(a.regimeSince()).isEqualTo(day(1));
    assertThat(a.bandMultiplier()).isEqualTo(1.5);
    assertThat(a.reason()).contains("close 21% below the 7-day high >= shock drop 20%: CALM -> HIGH");
  }

  @Test
  void a_fall_just_short_of_the_drop_leaves_the_signal_in_charge() {
    RegimeAssessment a = step(RegimeClassifier.DEFAULT, in(Regime.CALM), 1, QUIET, 0.199);

    assertThat(a.regime()).isEqualTo(Regime.CALM);
    assertThat(a.reason()).doesNotContain("shock");
  }

  @Test
  void an_extreme_asset_stays_extreme_on_a_shock() {
    RegimeAssessment a = step(RegimeClassifier.DEFAULT, in(Regime.EXTREME), 1, 0.97, 0.30);

    assertThat(a.regime()).isEqualTo(Regime.EXTREME);
    assertThat(a.decision()).isEqualTo(Decision.HELD);
  }

  @Test
  void the_asset_stays_high_for_the_hold_after_its_last_shock_then_steps_down_where_the_signal_points() {
    List<RegimeAssessment> days = drive(RegimeClassifier.DEFAULT, 40, d -> d == 1);

    // shock on day 1, hold 20 days: HIGH through day 21; the dwell (20 days from day 1) has passed by then
    assertThat(days.subList(0, 21)).allSatisfy(a -> assertThat(a.regime()).isEqualTo(Regime.HIGH));
    assertThat(days.get(1).reason()).contains("shock 1 d ago (shock hold 20 d)");
    assertThat(days.get(21).regime()).isEqualTo(Regime.CALM);
    assertThat(days.get(21).decision()).isEqualTo(Decision.DEESCALATED);
  }

  @Test
  void a_later_shock_renews_the_hold() {
    List<RegimeAssessment> days = drive(RegimeClassifier.DEFAULT, 60, d -> d == 1 || d == 15);

    assertThat(days.subList(0, 35)).allSatisfy(a -> assertThat(a.regime()).isEqualTo(Regime.HIGH));
    assertThat(days.get(35).regime()).isEqualTo(Regime.CALM);
    // entered HIGH on day 1 (the first assessment), left it once, after the renewed hold
    assertThat(new RegimeTimeline("TEST", days).switches()).containsExactly(new RegimeSwitch(day(36), Regime.HIGH, Regime.CALM));
  }

  @Test
  void without_a_hold_the_usual_dwell_still_keeps_a_shock_high_for_twenty_days() {
    RegimeClassifier noHold = new RegimeClassifier(RegimeConfig.DEFAULT
        .withShock(new ShockRule(true, 0.20, Duration.ofDays(7), Duration.ZERO)));

    List<RegimeAssessment> days = drive(noHold, 40, d -> d == 1);

    assertThat(days.get(1).decision()).isEqualTo(Decision.HELD_BY_DWELL);
    assertThat(days.get(19).regime()).isEqualTo(Regime.HIGH);
    assertThat(days.get(20).regime()).isEqualTo(Regime.CALM);
  }

  @Test
  void switched_off_the_rule_leaves_the_regime_to_the_signal() {
    RegimeClassifier off = new RegimeClassifier(RegimeConfig.DEFAULT.withShock(ShockRule.OFF));

    assertThat(drive(off, 10, d -> true)).allSatisfy(a -> assertThat(a.regime()).isEqualTo(Regime.CALM));
  }

  @Test
  void a_crash_of_several_moderate_days_out_of_a_long_quiet_stretch_is_high_on_its_first_shock_day() {
    // 2 % noise for 600 days, then five days of -5 %: the close of the fifth is 22 % below the week's high
    Random random = new Random(7);
    List<ClosingPrice> closes = new ArrayList<>();
    double p = 100;
    for (int d = 0; d <= 620; d++) {
      p *= Math.exp(d > 600 && d <= 605 ? -0.05 : random.nextGaussian() * 0.02);
      closes.add(new ClosingPrice(day(d), p));
    }
    PriceSeries prices = new PriceSeries("SYN", PriceSeries.DAILY, closes);
    RegimeTimeline timeline = RegimeClassifier.DEFAULT.classify(prices);
    List<ShockEpisode> episodes = ShockEpisodes.DEFAULT.episodes(prices);

    List<ShockCatch> catches = ShockCatch.of(timeline, episodes, ShockCatch.GRACE);

    assertThat(catches).isNotEmpty();
    assertThat(catches).allSatisfy(c -> assertThat(c.delay()).contains(Duration.ZERO));
  }

  @Test
  void continuing_from_a_stored_state_inside_a_shock_hold_gives_the_same_regimes_as_one_run() {
    List<ClosingPrice> closes = new ArrayList<>();
    Random random = new Random(11);
    double p = 100;
    for (int d = 0; d <= 500; d++) {
      p *= Math.exp(d == 400 ? -0.3 : random.nextGaussian() * 0.02);
      closes.add(new ClosingPrice(day(d), p));
    }
    PriceSeries prices = new PriceSeries("SYN", PriceSeries.DAILY, closes);
    RegimeTimeline full = RegimeClassifier.DEFAULT.classify(prices);
    RegimeState stored = full.at(day(405)).orElseThrow().state();

    RegimeTimeline continued = RegimeClassifier.DEFAULT.continueFrom(stored, prices, List.of());

    assertThat(continued.assessments()).isEqualTo(full.assessments().subList(406, full.assessments().size()));
  }

  @Test
  void invalid_shock_settings_are_refused_naming_the_key() {
    assertThatThrownBy(() -> new ShockRule(true, 0, Duration.ofDays(7), Duration.ofDays(20))).hasMessageContaining("shock.drop");
    assertThatThrownBy(() -> new ShockRule(true, 0.2, Duration.ZERO, Duration.ofDays(20))).hasMessageContaining("shock.window");
    assertThatThrownBy(() -> new ShockRule(true, 0.2, Duration.ofDays(7), Duration.ofDays(-1))).hasMessageContaining("shock.hold");
  }
}
