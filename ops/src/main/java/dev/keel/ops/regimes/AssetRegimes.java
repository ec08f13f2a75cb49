package dev.keel.ops.regimes;

import dev.keel.domain.market.history.DailyBarSeries;
import dev.keel.domain.regime.PriceSeries;
import dev.keel.domain.regime.Regime;
import dev.keel.domain.regime.RegimeAssessment;
import dev.keel.domain.regime.RegimeClassifier;
import dev.keel.domain.regime.RegimeTimeline;
import dev.keel.domain.regime.ShockCatch;
import dev.keel.domain.regime.ShockEpisode;
import dev.keel.domain.regime.ShockEpisodes;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * One asset's daily history, its regime timeline and its crash episodes, with the summary figures the command prints.
 *
 * @param series   the daily bars read from the price file
 * @param timeline the classifier's assessments, one per bar
 * @param episodes the asset's crash episodes by the shared definition ({@link ShockEpisodes#DEFAULT}), warm-up included
 */
record AssetRegimes(DailyBarSeries series, RegimeTimeline timeline, List<ShockEpisode> episodes) {

  AssetRegimes {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(timeline, "timeline");
    episodes = List.copyOf(episodes);
  }

  /** Classifies a series from its first bar and finds its crash episodes, both over the same prices. */
  static AssetRegimes of(DailyBarSeries series, RegimeClassifier classifier) {
    PriceSeries prices = PriceSeries.ofDaily(series);
    return new AssetRegimes(series, classifier.classify(prices), ShockEpisodes.DEFAULT.episodes(prices));
  }

  String asset() {
    return series.baseAsset();
  }

  /**
   * A stretch of consecutive days in one regime.
   *
   * @param from       first day
   * @param to         last day
   * @param regime     the regime
   * @param multiplier the band multiplier in it, dimensionless
   * @param peakVolatility the highest fast volatility in the stretch, annualised fraction
   * @param reason     the reason recorded on the stretch's first day
   */
  record Stretch(LocalDate from, LocalDate to, Regime regime, double multiplier, double peakVolatility, String reason) {
    long days() {
      return to.toEpochDay() - from.toEpochDay() + 1;
    }
  }

  /** The established part of the timeline as stretches of one regime, oldest first. */
  List<Stretch> stretches() {
    List<Stretch> out = new ArrayList<>();
    RegimeAssessment start = null;
    RegimeAssessment previous = null;
    double peak = 0;
    for (RegimeAssessment a : timeline.assessments()) {
      if (!a.established()) {
        continue;
      }
      if (start != null && a.regime() != start.regime()) {
        out.add(new Stretch(day(start), day(previous), start.regime(), start.bandMultiplier(), peak, start.reason()));
        start = null;
      }
      if (start == null) {
        start = a;
        peak = 0;
      }
      peak = Math.max(peak, a.fastVolatility());
      previous = a;
    }
    if (start != null) {
      out.add(new Stretch(day(start), day(previous), start.regime(), start.bandMultiplier(), peak, start.reason()));
    }
    return out;
  }

  /** How the timeline answered each episode that starts after the warm-up: HIGH or EXTREME within {@link ShockCatch#GRACE}. */
  List<ShockCatch> catches() {
    return ShockCatch.of(timeline, episodes, ShockCatch.GRACE);
  }

  Map<Regime, Integer> daysByRegime() {
    return timeline.countByRegime();
  }

  SortedMap<Integer, Integer> switchesByYear() {
    return timeline.switchesByYear();
  }

  /** Mean switches per year over the classified span (established days / 365.25). */
  double switchesPerYear() {
    int days = timeline.establishedCount();
    return days == 0 ? 0 : timeline.switches().size() / (days / 365.25);
  }

  /** The most switches in one calendar year, ignoring the partial first and last years. */
  int maxSwitchesInAFullYear() {
    SortedMap<Integer, Integer> byYear = switchesByYear();
    if (byYear.size() <= 2) {
      return byYear.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
    return byYear.subMap(byYear.firstKey() + 1, byYear.lastKey()).values().stream()
        .mapToInt(Integer::intValue).max().orElse(0);
  }

  static LocalDate day(RegimeAssessment a) {
    return a.asOf().atZone(ZoneOffset.UTC).toLocalDate();
  }
}
