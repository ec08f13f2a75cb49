package dev.keel.domain.regime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Spreads checked again between bars ({@link RegimeClassifier#recheckSpreads}): with daily bars a widening spread
 * must raise the band multiplier within the day, not at the next close.
 */
class SpreadRecheckTest {

  private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");
  private static final RegimeClassifier CLASSIFIER = RegimeClassifier.DEFAULT;
  /** The close of the last daily bar. */
  private static final Instant LAST_BAR = day(400);
  /** When the spreads widen: half a day after the last close. */
  private static final Instant NOON = LAST_BAR.plus(Duration.ofHours(12));

  private static Instant day(int d) {
    return T0.plus(Duration.ofDays(d));
  }

  /** 400 daily closes, turbulent (3% moves) and then quiet for the last 60 days (0.4%): CALM at the end. */
  private static PriceSeries quieting(int days) {
    Random random = new Random(42);
    List<ClosingPrice> closes = new ArrayList<>();
    double p = 100;
    closes.add(new ClosingPrice(day(0), p));
    for (int d = 1; d <= days; d++) {
      p *= Math.exp(random.nextGaussian() * (d > 340 ? 0.004 : 0.03));
      closes.add(new ClosingPrice(day(d), p));
    }
    return new PriceSeries("SYN", PriceSeries.DAILY, closes);
  }

  /** A spread reading every 10 minutes from eight days before the last bar to {@code until}: 5 bps, {@code wide} from {@code from} on. */
  private static List<SpreadObservation> spreads(Instant from, double wide, Instant to, Instant until) {
    List<SpreadObservation> out = new ArrayList<>();
    for (Instant t = LAST_BAR.minus(Duration.ofDays(8)); !t.isAfter(until); t = t.plus(Duration.ofMinutes(10))) {
      boolean widened = !t.isBefore(from) && t.isBefore(to);
      out.add(new SpreadObservation(t, widened ? wide : 0.0005));
    }
    return out;
  }

  private static RegimeAssessment lastBar(List<SpreadObservation> spreads) {
    RegimeAssessment a = CLASSIFIER.classify(quieting(400), spreads).latest().orElseThrow();
    assertThat(a.asOf()).isEqualTo(LAST_BAR);
    return a;
  }

  @Test
  void spreads_that_widen_after_the_close_raise_a_calm_assets_multiplier_at_the_next_check() {
    List<SpreadObservation> spreads = spreads(NOON.minus(Duration.ofMinutes(25)), 0.0015, day(500), NOON);
    RegimeAssessment bar = lastBar(spreads);

    RegimeAssessment noon = CLASSIFIER.recheckSpreads(bar, spreads, NOON);

    assertThat(bar.regime()).isEqualTo(Regime.CALM);
    assertThat(bar.spreadRegime()).isEqualTo(SpreadRegime.NORMAL);
    assertThat(bar.bandMultiplier()).isEqualTo(0.75);
    assertThat(noon.spreadRatio()).isCloseTo(3.0, within(1e-9));
    assertThat(noon.spreadRegime()).isEqualTo(SpreadRegime.WIDE);
    assertThat(noon.spreadRegimeSince()).isEqualTo(NOON);
    assertThat(noon.bandMultiplier()).isEqualTo(1.25);
    assertThat(noon.reason()).isEqualTo(bar.reason() + "; spread x3.00 of baseline (WIDE) raises the multiplier from 0.75 to 1.25");
    // what the bar decided stays as it was
    assertThat(noon.asOf()).isEqualTo(LAST_BAR);
    assertThat(noon.regime()).isEqualTo(bar.regime());
    assertThat(noon.regimeSince()).isEqualTo(bar.regimeSince());
    assertThat(noon.decision()).isEqualTo(bar.decision());
    assertThat(noon.fastVolatility()).isEqualTo(bar.fastVolatility());
    assertThat(noon.slowPercentile()).isEqualTo(bar.slowPercentile());
  }

  @Test
  void stressed_spreads_after_the_close_set_the_higher_floor() {
    List<SpreadObservation> spreads = spreads(NOON.minus(Duration.ofMinutes(25)), 0.0025, day(500), NOON);

    RegimeAssessment noon = CLASSIFIER.recheckSpreads(lastBar(spreads), spreads, NOON);

    assertThat(noon.spreadRegime()).isEqualTo(SpreadRegime.STRESSED);
    assertThat(noon.bandMultiplier()).isEqualTo(1.6);
  }

  @Test
  void a_check_at_the_bars_own_time_gives_the_bars_assessment() {
    List<SpreadObservation> spreads = spreads(LAST_BAR.minus(Duration.ofMinutes(25)), 0.0015, day(500), LAST_BAR);
    RegimeAssessment bar = lastBar(spreads);

    assertThat(bar.spreadRegime()).isEqualTo(SpreadRegime.WIDE);
    assertThat(CLASSIFIER.recheckSpreads(bar, spreads, LAST_BAR)).isEqualTo(bar);
  }

  @Test
  void narrowing_spreads_keep_the_floor_for_the_spread_dwell_then_release_it() {
    Instant narrowAt = NOON.plus(Duration.ofHours(2));
    Instant end = NOON.plus(Duration.ofDays(2));
    List<SpreadObservation> spreads = spreads(NOON.minus(Duration.ofMinutes(25)), 0.0015, narrowAt, end);
    RegimeAssessment noon = CLASSIFIER.recheckSpreads(lastBar(spreads), spreads, NOON);

    RegimeAssessment evening = CLASSIFIER.recheckSpreads(noon, spreads, NOON.plus(Duration.ofHours(6)));
    RegimeAssessment nextDay = CLASSIFIER.recheckSpreads(evening, spreads, NOON.plus(Duration.ofHours(25)));

    assertThat(evening.spreadRatio()).isLessThan(1.5);
    assertThat(evening.spreadRegime()).isEqualTo(SpreadRegime.WIDE);
    assertThat(evening.spreadRegimeSince()).isEqualTo(NOON);
    assertThat(evening.bandMultiplier()).isEqualTo(1.25);
    assertThat(evening.reason()).contains("(WIDE, held by dwell) raises the multiplier from 0.75 to 1.25");
    assertThat(evening.reason().split("; spread ", -1)).as("one spread clause, not one per check").hasSize(2);
    assertThat(nextDay.spreadRegime()).isEqualTo(SpreadRegime.NORMAL);
    assertThat(nextDay.bandMultiplier()).isEqualTo(0.75);
    assertThat(nextDay.reason()).endsWith(": WIDE -> NORMAL").doesNotContain("raises");
  }

  @Test
  void the_next_bar_continues_from_a_rechecked_state() {
    List<SpreadObservation> spreads = spreads(NOON.minus(Duration.ofMinutes(25)), 0.0015, day(500), day(401));
    RegimeAssessment noon = CLASSIFIER.recheckSpreads(lastBar(spreads), spreads, NOON);

    RegimeAssessment next = CLASSIFIER.continueFrom(noon.state(), quieting(401), spreads).latest().orElseThrow();

    assertThat(noon.state().spreadRegimeSince()).isAfter(noon.state().asOf());
    assertThat(next.asOf()).isEqualTo(day(401));
    assertThat(next.spreadRegime()).isEqualTo(SpreadRegime.WIDE);
    assertThat(next.spreadRegimeSince()).isEqualTo(NOON);
    assertThat(next.bandMultiplier()).isEqualTo(1.25);
  }

  @Test
  void a_check_before_the_bar_is_refused() {
    List<SpreadObservation> spreads = spreads(day(500), 0.0015, day(500), LAST_BAR);
    RegimeAssessment bar = lastBar(spreads);

    assertThatThrownBy(() -> CLASSIFIER.recheckSpreads(bar, spreads, LAST_BAR.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the assessment's bar");
  }
}
