package dev.keel.domain.regime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The classifier on synthetic daily prices with the default configuration. */
class RegimeClassifierTest {

  private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");
  private static final int QUIET_DAYS = 500;
  private static final int STORM_DAYS = 60;

  /** 500 quiet days (2% daily moves, seeded noise), a 60-day storm of 8% moves, then quiet again. */
  private static final PriceSeries STEP_UP_AND_DOWN = prices(QUIET_DAYS + STORM_DAYS + 400, d ->
      d > QUIET_DAYS && d <= QUIET_DAYS + STORM_DAYS ? 0.08 : 0.02);

  private interface DailyMove {
    double of(int day);
  }

  private static Instant day(int d) {
    return T0.plus(Duration.ofDays(d));
  }

  /** Prices whose log return on day d is +-move(d), sign and size jittered by a seeded generator in quiet times. */
  private static PriceSeries prices(int days, DailyMove move) {
    Random random = new Random(42);
    List<ClosingPrice> closes = new ArrayList<>();
    double p = 100;
    closes.add(new ClosingPrice(day(0), p));
    for (int d = 1; d <= days; d++) {
      double size = move.of(d);
      double r = size >= 0.05 ? (d % 2 == 0 ? size : -size) : random.nextGaussian() * size;
      p *= Math.exp(r);
      closes.add(new ClosingPrice(day(d), p));
    }
    return new PriceSeries("SYN", PriceSeries.DAILY, closes);
  }

  @Test
  void bars_before_the_minimum_history_are_warming_up_and_normal() {
    RegimeTimeline timeline = RegimeClassifier.DEFAULT.classify(STEP_UP_AND_DOWN);

    RegimeAssessment early = timeline.at(day(100)).orElseThrow();
    assertThat(early.decision()).isEqualTo(Decision.WARMING_UP);
    assertThat(early.regime()).isEqualTo(Regime.NORMAL);
    assertThat(early.fastPercentile()).isNaN();
    assertThat(early.bandMultiplier()).isEqualTo(1.0);
    assertThat(timeline.at(day(180)).orElseThrow().established()).isTrue();
  }

  @Test
  void a_step_up_in_volatility_is_high_or_extreme_within_two_bars() {
    RegimeTimeline timeline = RegimeClassifier.DEFAULT.classify(STEP_UP_AND_DOWN);

    assertThat(timeline.at(day(QUIET_DAYS)).orElseThrow().regime()).isNotIn(Regime.HIGH, Regime.EXTREME);
    assertThat(timeline.at(day(QUIET_DAYS + 2)).orElseThrow().regime()).isIn(Regime.HIGH, Regime.EXTREME);
  }

  @Test
  void the_storm_stays_extreme_throughout() {
    RegimeTimeline timeline = RegimeClassifier.DEFAULT.classify(STEP_UP_AND_DOWN);

    for (int d = QUIET_DAYS + 2; d <= QUIET_DAYS + STORM_DAYS; d++) {
      assertThat(timeline.at(day(d)).orElseThrow().regime()).as("day %d", d).isEqualTo(Regime.EXTREME);
    }
  }

  @Test
  void after_a_step_down_extreme_steps_to_high_after_the_dwell_and_later_back_to_normal_or_calm() {
    RegimeTimeline timeline = RegimeClassifier.DEFAULT.classify(STEP_UP_AND_DOWN);

    List<RegimeSwitch> after = timeline.switches().stream()
        .filter(s -> s.at().isAfter(day(QUIET_DAYS + STORM_DAYS))).toList();
    assertThat(after).isNotEmpty();
    assertThat(after.get(0).from()).isEqualTo(Regime.EXTREME);
    assertThat(after.get(0).to()).isEqualTo(Regime.HIGH);
    assertThat(after).anySatisfy(s -> assertThat(s.to()).isIn(Regime.NORMAL, Regime.CALM));
  }

  @Test
  void continuing_from_a_stored_state_gives_the_same_assessments_as_one_run() {
    RegimeTimeline whole = RegimeClassifier.DEFAULT.classify(STEP_UP_AND_DOWN);

    for (int split : new int[] {150, 503, 530, 700}) {
      PriceSeries upToSplit = new PriceSeries("SYN", PriceSeries.DAILY, STEP_UP_AND_DOWN.closes().subList(0, split + 1));
      RegimeState stored = RegimeClassifier.DEFAULT.classify(upToSplit).latest().orElseThrow().state();

      RegimeTimeline next = RegimeClassifier.DEFAULT.continueFrom(stored, STEP_UP_AND_DOWN, List.of());

      assertThat(next.assessments()).as("split at day %d", split)
          .isEqualTo(whole.assessments().subList(split + 1, whole.assessments().size()));
    }
  }

  @Test
  void continuing_when_no_bar_is_newer_than_the_stored_state_assesses_nothing() {
    RegimeState stored = RegimeClassifier.DEFAULT.classify(STEP_UP_AND_DOWN).latest().orElseThrow().state();

    assertThat(RegimeClassifier.DEFAULT.continueFrom(stored, STEP_UP_AND_DOWN, List.of()).assessments()).isEmpty();
  }

  @Test
  void wide_spreads_raise_a_calm_assets_multiplier_before_volatility_moves() {
    PriceSeries quieting = prices(400, d -> d > 340 ? 0.004 : 0.03);
    Instant last = day(400);
    List<SpreadObservation> spreads = hourlySpreads(last, 0.0005, 0.0015);

    RegimeAssessment withSpreads = RegimeClassifier.DEFAULT.classify(quieting, spreads).latest().orElseThrow();
    RegimeAssessment without = RegimeClassifier.DEFAULT.classify(quieting).latest().orElseThrow();

    assertThat(without.regime()).isEqualTo(Regime.CALM);
    assertThat(without.bandMultiplier()).isEqualTo(0.75);
    assertThat(without.spreadRegime()).isEqualTo(SpreadRegime.UNOBSERVED);
    assertThat(withSpreads.regime()).isEqualTo(Regime.CALM);
    assertThat(withSpreads.spreadRatio()).isCloseTo(3.0, within(1e-9));
    assertThat(withSpreads.spreadRegime()).isEqualTo(SpreadRegime.WIDE);
    assertThat(withSpreads.bandMultiplier()).isEqualTo(1.25);
    assertThat(withSpreads.reason()).contains("spread x3.00 of baseline (WIDE) raises the multiplier from 0.75 to 1.25");
  }

  @Test
  void a_spread_floor_never_lowers_the_multiplier_of_a_turbulent_regime() {
    List<SpreadObservation> spreads = hourlySpreads(day(QUIET_DAYS + 10), 0.0005, 0.0015);
    PriceSeries toStorm = new PriceSeries("SYN", PriceSeries.DAILY, STEP_UP_AND_DOWN.closes().subList(0, QUIET_DAYS + 11));

    RegimeAssessment a = RegimeClassifier.DEFAULT.classify(toStorm, spreads).latest().orElseThrow();

    assertThat(a.regime()).isEqualTo(Regime.EXTREME);
    assertThat(a.spreadRegime()).isEqualTo(SpreadRegime.WIDE);
    assertThat(a.bandMultiplier()).isEqualTo(2.0);
  }

  @Test
  void stressed_spreads_set_the_higher_floor() {
    PriceSeries quieting = prices(400, d -> d > 340 ? 0.004 : 0.03);

    RegimeAssessment a = RegimeClassifier.DEFAULT.classify(quieting, hourlySpreads(day(400), 0.0005, 0.0025))
        .latest().orElseThrow();

    assertThat(a.spreadRegime()).isEqualTo(SpreadRegime.STRESSED);
    assertThat(a.bandMultiplier()).isEqualTo(1.6);
  }

  /** Eight days of hourly spreads at {@code baseline} up to the last day, then {@code current} during its final hours. */
  private static List<SpreadObservation> hourlySpreads(Instant last, double baseline, double current) {
    List<SpreadObservation> out = new ArrayList<>();
    for (int h = 8 * 24; h >= 0; h--) {
      Instant t = last.minus(Duration.ofHours(h));
      out.add(new SpreadObservation(t, h < 6 ? current : baseline));
    }
    return out;
  }
}
