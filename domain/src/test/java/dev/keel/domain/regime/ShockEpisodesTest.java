package dev.keel.domain.regime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The shock and episode definition on small hand-made daily series. */
class ShockEpisodesTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private static Instant day(int d) {
    return T0.plus(Duration.ofDays(d));
  }

  /** A daily series at 100 on days 0 to {@code days}, except the given closes; days listed as missing have no bar. */
  private static PriceSeries series(int days, Map<Integer, Double> closes, int... missing) {
    List<ClosingPrice> out = new ArrayList<>();
    Map<Integer, Double> sorted = new TreeMap<>(closes);
    outer:
    for (int d = 0; d <= days; d++) {
      for (int m : missing) {
        if (m == d) {
          continue outer;
        }
      }
      out.add(new ClosingPrice(day(d), sorted.getOrDefault(d, 100.0)));
    }
    return new PriceSeries("TEST", PriceSeries.DAILY, out);
  }

  private static List<Instant> shockDays(PriceSeries prices) {
    return ShockEpisodes.DEFAULT.shocks(prices).stream().map(Shock::time).toList();
  }

  @Test
  void a_close_exactly_twenty_percent_below_the_prior_high_is_a_shock() {
    List<Shock> shocks = ShockEpisodes.DEFAULT.shocks(series(20, Map.of(10, 80.0, 11, 100.0)));

    assertThat(shocks).extracting(Shock::time).containsExactly(day(10));
    assertThat(shocks.get(0).priorHigh()).isEqualTo(100.0);
    assertThat(shocks.get(0).drop()).isCloseTo(0.20, within(1e-12));
  }

  @Test
  void a_close_just_less_than_twenty_percent_below_is_not() {
    assertThat(shockDays(series(20, Map.of(10, 80.01, 11, 100.0)))).isEmpty();
  }

  @Test
  void the_prior_high_is_the_highest_close_of_the_seven_days_before_not_the_latest() {
    // a peak of 124 on day 3 (100 is 19.4 % below it), then 100: day 10 at 99 is 20.2 % below day 3, 7 days before
    PriceSeries prices = series(20, Map.of(3, 124.0, 10, 99.0));

    List<Shock> shocks = ShockEpisodes.DEFAULT.shocks(prices);

    assertThat(shocks).extracting(Shock::time).containsExactly(day(10));
    assertThat(shocks.get(0).priorHigh()).isEqualTo(124.0);
  }

  @Test
  void a_high_eight_days_before_is_outside_the_window() {
    assertThat(shockDays(series(20, Map.of(2, 124.0, 10, 99.0)))).isEmpty();
  }

  @Test
  void the_bars_own_close_is_not_part_of_its_window() {
    // an intraday-like single bar cannot be a shock against itself: a lone 60 after a run of 100s is one shock
    assertThat(shockDays(series(20, Map.of(10, 60.0, 11, 60.0, 12, 100.0)))).containsExactly(day(10), day(11));
  }

  @Test
  void the_first_bar_has_no_window_and_is_never_a_shock() {
    assertThat(shockDays(series(3, Map.of(0, 1.0)))).isEmpty();
  }

  @Test
  void missing_days_are_not_replaced_by_older_closes() {
    // the high of day 3 is 8 days before day 11; days 5 to 10 are missing, so day 11's window holds day 4 only
    // (seven bars back would reach day 3 and make day 11 a shock)
    PriceSeries prices = series(20, Map.of(3, 124.0, 11, 99.0), 5, 6, 7, 8, 9, 10);

    assertThat(shockDays(prices)).isEmpty();
  }

  @Test
  void a_window_emptied_by_a_gap_longer_than_seven_days_gives_no_shock() {
    PriceSeries prices = series(20, Map.of(11, 50.0), 3, 4, 5, 6, 7, 8, 9, 10);

    assertThat(shockDays(prices)).isEmpty();
  }

  @Test
  void shocks_twenty_nine_days_apart_are_one_episode() {
    List<ShockEpisode> episodes = ShockEpisodes.DEFAULT.episodes(series(80, Map.of(10, 70.0, 39, 70.0)));

    assertThat(episodes).hasSize(1);
    assertThat(episodes.get(0).start()).isEqualTo(day(10));
    assertThat(episodes.get(0).end()).isEqualTo(day(39));
    assertThat(episodes.get(0).shocks()).hasSize(2);
  }

  @Test
  void shocks_thirty_days_apart_are_two_episodes() {
    List<ShockEpisode> episodes = ShockEpisodes.DEFAULT.episodes(series(80, Map.of(10, 70.0, 40, 70.0)));

    assertThat(episodes).extracting(ShockEpisode::start).containsExactly(day(10), day(40));
  }

  @Test
  void an_episode_chains_shocks_each_less_than_thirty_days_after_the_previous_one() {
    List<ShockEpisode> episodes = ShockEpisodes.DEFAULT.episodes(series(120, Map.of(10, 70.0, 35, 70.0, 60, 70.0, 95, 70.0)));

    assertThat(episodes).extracting(ShockEpisode::start).containsExactly(day(10), day(95));
    assertThat(episodes.get(0).end()).isEqualTo(day(60));
  }

  @Test
  void a_crash_of_several_days_is_one_episode_with_its_deepest_fall() {
    // 100 -> 85 -> 75 -> 60 -> 65: days 2 to 4 are 25 %, 40 % and 35 % below the prior high of 100
    List<ShockEpisode> episodes = ShockEpisodes.DEFAULT.episodes(series(10, Map.of(1, 85.0, 2, 75.0, 3, 60.0, 4, 65.0)));

    assertThat(episodes).hasSize(1);
    assertThat(episodes.get(0).shocks()).extracting(Shock::time).containsExactly(day(2), day(3), day(4));
    assertThat(episodes.get(0).deepestDrop()).isCloseTo(0.40, within(1e-12));
  }

  @Test
  void no_shock_no_episode() {
    assertThat(ShockEpisodes.DEFAULT.episodes(series(100, Map.of()))).isEmpty();
  }

  @Test
  void invalid_definitions_are_refused_naming_the_key() {
    assertThatThrownBy(() -> new ShockEpisodes(0, Duration.ofDays(7), Duration.ofDays(30)))
        .hasMessageContaining("drop").hasMessageContaining("0.0");
    assertThatThrownBy(() -> new ShockEpisodes(1.0, Duration.ofDays(7), Duration.ofDays(30))).hasMessageContaining("drop");
    assertThatThrownBy(() -> new ShockEpisodes(0.2, Duration.ZERO, Duration.ofDays(30))).hasMessageContaining("window");
    assertThatThrownBy(() -> new ShockEpisodes(0.2, Duration.ofDays(7), Duration.ofDays(-1))).hasMessageContaining("episodeGap");
  }
}
