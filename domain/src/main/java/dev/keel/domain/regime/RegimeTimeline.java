package dev.keel.domain.regime;

import dev.keel.domain.statistics.SortedByKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The assessments of one asset, one per bar evaluated, oldest first.
 *
 * @param asset       the asset (or portfolio) assessed
 * @param assessments in strictly increasing time order; empty when there was nothing new to assess
 */
public record RegimeTimeline(String asset, List<RegimeAssessment> assessments) {

  public RegimeTimeline {
    Objects.requireNonNull(asset, "asset");
    assessments = List.copyOf(assessments);
    for (int i = 1; i < assessments.size(); i++) {
      if (!assessments.get(i).asOf().isAfter(assessments.get(i - 1).asOf())) {
        throw new IllegalArgumentException("assessments must be in strictly increasing time order");
      }
    }
  }

  public Optional<RegimeAssessment> latest() {
    return assessments.isEmpty() ? Optional.empty() : Optional.of(assessments.get(assessments.size() - 1));
  }

  /** The assessment of the bar at {@code time}, if there is one. */
  public Optional<RegimeAssessment> at(Instant time) {
    int i = SortedByKey.indexOf(assessments, RegimeAssessment::asOf, time);
    return i >= 0 ? Optional.of(assessments.get(i)) : Optional.empty();
  }

  /** The assessment of the daily bar of {@code date} (labelled with the start of the UTC day), if there is one. */
  public Optional<RegimeAssessment> onDay(LocalDate date) {
    return at(date.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** Every change of volatility regime after the first assessment, in order. */
  public List<RegimeSwitch> switches() {
    List<RegimeSwitch> switches = new ArrayList<>();
    for (int i = 1; i < assessments.size(); i++) {
      Regime before = assessments.get(i - 1).regime();
      Regime after = assessments.get(i).regime();
      if (before != after) {
        switches.add(new RegimeSwitch(assessments.get(i).asOf(), before, after));
      }
    }
    return Collections.unmodifiableList(switches);
  }

  /** Switches counted by UTC calendar year, every year from the first to the last assessment (zero counts included). */
  public SortedMap<Integer, Integer> switchesByYear() {
    SortedMap<Integer, Integer> byYear = new TreeMap<>();
    if (assessments.isEmpty()) {
      return byYear;
    }
    int first = year(assessments.get(0).asOf());
    int last = year(assessments.get(assessments.size() - 1).asOf());
    for (int y = first; y <= last; y++) {
      byYear.put(y, 0);
    }
    for (RegimeSwitch s : switches()) {
      byYear.merge(year(s.at()), 1, Integer::sum);
    }
    return byYear;
  }

  /** How many established (not warming-up) assessments fall in each regime; for daily bars, days. */
  public Map<Regime, Integer> countByRegime() {
    Map<Regime, Integer> counts = new EnumMap<>(Regime.class);
    for (Regime r : Regime.values()) {
      counts.put(r, 0);
    }
    for (RegimeAssessment a : assessments) {
      if (a.established()) {
        counts.merge(a.regime(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** The number of established assessments. */
  public int establishedCount() {
    int n = 0;
    for (RegimeAssessment a : assessments) {
      if (a.established()) {
        n++;
      }
    }
    return n;
  }

  private static int year(Instant t) {
    return t.atZone(ZoneOffset.UTC).getYear();
  }
}
