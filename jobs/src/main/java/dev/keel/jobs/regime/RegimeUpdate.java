package dev.keel.jobs.regime;

import dev.keel.domain.regime.ClosingPrice;
import dev.keel.domain.regime.Decision;
import dev.keel.domain.regime.PriceSeries;
import dev.keel.domain.regime.Regime;
import dev.keel.domain.regime.RegimeAssessment;
import dev.keel.domain.regime.RegimeClassifier;
import dev.keel.domain.regime.RegimeTimeline;
import dev.keel.domain.regime.SpreadObservation;
import dev.keel.domain.regime.SpreadRegime;
import dev.keel.persistence.regime.RegimeDao;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One asset's regime for one cycle. Continues the classification from the row stored before the cycle (so
 * hysteresis and dwell carry over between runs) over the bars completed by the cycle, each timed at its close;
 * then checks the spreads again at the cycle itself, so a widening spread raises the band multiplier at the
 * next cycle, not at the next bar's close (with daily bars, within the day). Only data up to the cycle is read,
 * so a rerun of a cycle computes the same assessment.
 *
 * <p>What is stored: a row when the cycle changed something, i.e. a new bar was assessed, the spread regime
 * or the band multiplier moved, or the asset has no row yet ({@link Result#changed()}); otherwise nothing, and
 * the latest row stays the asset's current regime. So asset_regime is a history of decisions (one row per bar
 * plus one per spread change), not one copy per five-minute cycle.
 */
public final class RegimeUpdate {

  /** Bar intervals the job understands, by their price_bar code. */
  public static final Map<String, Duration> INTERVALS = Map.of(
      "1m", Duration.ofMinutes(1), "5m", Duration.ofMinutes(5), "1h", Duration.ofHours(1), "1d", Duration.ofDays(1));

  /**
   * An asset's assessment as of a cycle.
   *
   * @param assessment the regime, multiplier and figures that hold at the cycle
   * @param changed    whether the cycle must store it: true for the asset's first row, a new bar, or a move of the
   *                   spread regime or the band multiplier since the row stored before the cycle
   */
  public record Result(RegimeAssessment assessment, boolean changed) {
    public Result {
      Objects.requireNonNull(assessment, "assessment");
    }
  }

  private final RegimeDao dao;
  private final RegimeClassifier classifier;
  private final String intervalCode;
  private final Duration interval;

  public RegimeUpdate(RegimeDao dao, RegimeClassifier classifier, String intervalCode) {
    this.dao = dao;
    this.classifier = classifier;
    this.intervalCode = intervalCode;
    this.interval = interval(intervalCode);
  }

  /** The duration of a price_bar interval code; the message names the setting. */
  static Duration interval(String code) {
    Duration d = INTERVALS.get(code);
    if (d == null) {
      throw new IllegalArgumentException("keel.regime.bar-interval must be one of " + INTERVALS.keySet() + ", was '" + code + "'");
    }
    return d;
  }

  /** The asset's regime as of the cycle (what the cycle stores when it changed something). */
  public RegimeAssessment assess(String asset, Instant cycle) {
    return update(asset, cycle).assessment();
  }

  /** The asset's regime as of the cycle, and whether the cycle must store it. */
  public Result update(String asset, Instant cycle) {
    Optional<RegimeAssessment> last = dao.lastBefore(asset, cycle);
    Duration spreadHistory = classifier.config().spread().baseline().plus(classifier.config().spread().window());
    // reaches back one bar further, so a bar that closed since the last cycle sees its full spread baseline too
    List<SpreadObservation> spreads = dao.spreads(asset, cycle.minus(interval).minus(spreadHistory), cycle);
    Optional<RegimeAssessment> lastBar = newBar(asset, cycle, last)
        ? classifyBars(asset, cycle, last, spreads).latest()
        : Optional.empty();
    RegimeAssessment latest = lastBar.or(() -> last).orElseGet(() -> noHistory(asset, cycle));
    RegimeAssessment now = classifier.recheckSpreads(latest, spreads, cycle);
    boolean changed = last.isEmpty() || !now.asOf().equals(last.get().asOf())
        || now.spreadRegime() != last.get().spreadRegime()
        || storedMultiplier(now.bandMultiplier()) != storedMultiplier(last.get().bandMultiplier());
    return new Result(now, changed);
  }

  /** A multiplier as asset_regime keeps it (NUMERIC(8, 4)), in ten-thousandths. */
  private static long storedMultiplier(double multiplier) {
    return Math.round(multiplier * 10_000);
  }

  /** Whether a bar closed after the stored row's bar (a cheap probe; the history is read only then). */
  private boolean newBar(String asset, Instant cycle, Optional<RegimeAssessment> last) {
    if (last.isEmpty()) {
      return true;
    }
    return dao.latestCommonClose(List.of(asset), intervalCode, interval, cycle)
        .filter(close -> close.isAfter(last.get().asOf())).isPresent();
  }

  private RegimeTimeline classifyBars(String asset, Instant cycle, Optional<RegimeAssessment> last,
      List<SpreadObservation> spreads) {
    Instant from = cycle.minus(classifier.config().historyToRead());
    List<ClosingPrice> closes = dao.closes(asset, intervalCode, interval, from, cycle);
    PriceSeries prices = new PriceSeries(asset, interval, closes);
    return last.isPresent()
        ? classifier.continueFrom(last.get().state(), prices, spreads)
        : classifier.classify(prices, spreads);
  }

  private RegimeAssessment noHistory(String asset, Instant cycle) {
    return new RegimeAssessment(asset, cycle, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Regime.NORMAL, cycle,
        Decision.WARMING_UP, Double.NaN, SpreadRegime.UNOBSERVED, cycle,
        classifier.config().multipliers().of(Regime.NORMAL),
        "no " + intervalCode + " price bars yet: NORMAL until there is history");
  }
}
