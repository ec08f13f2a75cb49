package dev.keel.domain.regime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether an episode counts as caught, on hand-made timelines. */
class ShockCatchTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private static Instant day(int d) {
    return T0.plus(Duration.ofDays(d));
  }

  /** A daily timeline of days 0 to 20: warming up before {@code established}, then the regime of each day. */
  private static RegimeTimeline timeline(int established, Regime... regimeFromDay10) {
    List<RegimeAssessment> out = new ArrayList<>();
    for (int d = 0; d <= 20; d++) {
      int k = d - 10;
      Regime r = k >= 0 && k < regimeFromDay10.length ? regimeFromDay10[k] : Regime.NORMAL;
      Decision decision = d < established ? Decision.WARMING_UP : Decision.HELD;
      out.add(new RegimeAssessment("TEST", day(d), 0.5, 0.5, Double.NaN, Double.NaN, r, day(0), decision, Double.NaN,
          SpreadRegime.UNOBSERVED, day(0), 1.0, "test"));
    }
    return new RegimeTimeline("TEST", out);
  }

  private static final ShockEpisode ON_DAY_10 = new ShockEpisode("TEST", List.of(new Shock(day(10), 70, 100)));

  private static List<ShockCatch> catches(RegimeTimeline timeline) {
    return ShockCatch.of(timeline, List.of(ON_DAY_10), ShockCatch.GRACE);
  }

  @Test
  void high_on_the_first_shock_day_is_caught_at_once() {
    List<ShockCatch> c = catches(timeline(0, Regime.HIGH));

    assertThat(c).hasSize(1);
    assertThat(c.get(0).caught()).isTrue();
    assertThat(c.get(0).delay()).contains(Duration.ZERO);
  }

  @Test
  void extreme_two_days_after_is_caught_late_but_in_time() {
    List<ShockCatch> c = catches(timeline(0, Regime.NORMAL, Regime.NORMAL, Regime.EXTREME));

    assertThat(c.get(0).caught()).isTrue();
    assertThat(c.get(0).delay()).contains(Duration.ofDays(2));
    assertThat(c.get(0).firstDay().regime()).isEqualTo(Regime.NORMAL);
  }

  @Test
  void high_three_days_after_is_a_miss() {
    List<ShockCatch> c = catches(timeline(0, Regime.CALM, Regime.NORMAL, Regime.NORMAL, Regime.HIGH));

    assertThat(c.get(0).caught()).isFalse();
    assertThat(c.get(0).delay()).isEmpty();
  }

  @Test
  void an_episode_starting_in_the_warm_up_is_not_counted() {
    assertThat(catches(timeline(11, Regime.NORMAL))).isEmpty();
  }

  @Test
  void an_episode_starting_on_the_first_established_day_is_counted() {
    assertThat(catches(timeline(10, Regime.NORMAL))).hasSize(1);
  }
}
