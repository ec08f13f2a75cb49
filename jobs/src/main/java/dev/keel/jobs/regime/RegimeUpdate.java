package dev.keel.jobs.regime;

import dev.keel.domain.regime.Decision;
import dev.keel.domain.regime.Regime;
import dev.keel.domain.regime.RegimeAssessment;
import dev.keel.domain.regime.RegimeClassifier;
import dev.keel.domain.regime.RegimeTimeline;
import dev.keel.domain.regime.PriceSeries;
import dev.keel.domain.regime.SpreadObservation;
import dev.keel.domain.regime.SpreadRegime;
import dev.keel.persistence.regime.RegimeDao;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One asset's regime for one cycle: continues the classification from the assessment stored for
 * the previous cycle (so hysteresis and dwell carry over between runs) over the bars completed by
 * the cycle's time. Only data up to the cycle is read, so a rerun of a cycle computes the same row.
 */
public final class RegimeUpdate {

  /** Bar intervals the job understands, by their price_bar code. */
  public static final Map<String, Duration> INTERVALS = Map.of(
      "1m", Duration.ofMinutes(1), "5m", Duration.ofMinutes(5), "1h", Duration.ofHours(1), "1d", Duration.ofDays(1));

  private final RegimeDao dao;
  private final RegimeClassifier classifier;
  private final String intervalCode;
  private final Duration interval;

  public RegimeUpdate(RegimeDao dao, RegimeClassifier classifier, String intervalCode) {
    Duration d = INTERVALS.get(intervalCode);
    if (d == null) {
      throw new IllegalArgumentException("keel.regime.bar-interval must be one of " + INTERVALS.keySet() + ", was '" + intervalCode + "'");
    }
    this.dao = dao;
    this.classifier = classifier;
    this.intervalCode = intervalCode;
    this.interval = d;
  }

  public RegimeAssessment assess(String asset, Instant cycle) {
    Instant from = cycle.minus(classifier.config().historyToRead());
    PriceSeries prices = new PriceSeries(asset, interval, dao.closes(asset, intervalCode, interval, from, cycle));
    Duration spreadHistory = classifier.config().spread().baseline().plus(classifier.config().spread().window());
    List<SpreadObservation> spreads = dao.spreads(asset, cycle.minus(spreadHistory), cycle);
    Optional<RegimeAssessment> last = dao.lastBefore(asset, cycle);
    RegimeTimeline timeline = last.isPresent()
        ? classifier.continueFrom(last.get().state(), prices, spreads)
        : classifier.classify(prices, spreads);
    return timeline.latest().or(() -> last).orElseGet(() -> noHistory(asset, cycle));
  }

  private RegimeAssessment noHistory(String asset, Instant cycle) {
    return new RegimeAssessment(asset, cycle, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Regime.NORMAL, cycle,
        Decision.WARMING_UP, Double.NaN, SpreadRegime.UNOBSERVED, cycle,
        classifier.config().multipliers().of(Regime.NORMAL),
        "no " + intervalCode + " price bars yet: NORMAL until there is history");
  }
}
