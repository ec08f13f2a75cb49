package dev.keel.jobs.regime;

import dev.keel.domain.portfolio.Basket;
import dev.keel.domain.regime.ClosingPrice;
import dev.keel.domain.regime.Decision;
import dev.keel.domain.regime.PriceSeries;
import dev.keel.domain.regime.Regime;
import dev.keel.domain.regime.RegimeAssessment;
import dev.keel.domain.regime.RegimeClassifier;
import dev.keel.domain.regime.SpreadRegime;
import dev.keel.domain.regime.ValueIndex;
import dev.keel.persistence.regime.BasketRegimeRow;
import dev.keel.persistence.regime.RegimeDao;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One basket's regime for one cycle: the basket's target-weighted value index ({@link ValueIndex}, rebalanced to
 * the targets every bar, cash at a constant price) built from the price bars of its assets, classified with the
 * same classifier, hysteresis and dwell as an asset, continuing from the row stored before the cycle. Every
 * portfolio of a basket shares its targets, so this is the regime of all of them at the cost of one series per
 * basket, whatever the number of portfolios. No spreads and no multiplier: bands stay per asset. A row is stored
 * when the index has a new bar, or for the basket's first cycle.
 */
public final class BasketRegimeUpdate {

  /**
   * A basket's regime as of a cycle.
   *
   * @param row     the regime that holds at the cycle
   * @param changed whether the cycle must store it: the basket's first row, or a new bar of its index
   */
  public record Result(BasketRegimeRow row, boolean changed) {
    public Result {
      Objects.requireNonNull(row, "row");
    }
  }

  private final RegimeDao dao;
  private final RegimeClassifier classifier;
  private final String intervalCode;
  private final Duration interval;

  public BasketRegimeUpdate(RegimeDao dao, RegimeClassifier classifier, String intervalCode) {
    this.dao = dao;
    this.classifier = classifier;
    this.intervalCode = intervalCode;
    this.interval = RegimeUpdate.interval(intervalCode);
  }

  /** The basket's regime as of the cycle, and whether the cycle must store it. */
  public Result update(Basket basket, Instant cycle) {
    Optional<BasketRegimeRow> last = dao.lastBasketBefore(basket.name(), cycle);
    Set<String> cash = dao.cashAssets();
    List<String> priced = basket.weights().keySet().stream().filter(a -> !cash.contains(a)).toList();
    if (last.isPresent() && !priced.isEmpty() && dao.latestCommonClose(priced, intervalCode, interval, cycle)
        .filter(close -> close.isAfter(last.get().asOf())).isEmpty()) {
      return new Result(last.get(), false); // no new bar of the index: nothing to assess
    }
    Map<String, List<ClosingPrice>> closes =
        dao.closes(priced, intervalCode, interval, cycle.minus(classifier.config().historyToRead()), cycle);
    PriceSeries index = ValueIndex.targetWeighted(basket.name(), interval, basket.weights(), cash, closes);
    Optional<RegimeAssessment> latest = (last.isPresent()
        ? classifier.continueFrom(last.get().state(), index, List.of())
        : classifier.classify(index, List.of())).latest();
    if (latest.isPresent()) {
      return new Result(BasketRegimeRow.of(latest.get()), true);
    }
    return last.map(row -> new Result(row, false)).orElseGet(() -> new Result(noHistory(basket, closes, cycle), true));
  }

  private BasketRegimeRow noHistory(Basket basket, Map<String, List<ClosingPrice>> closes, Instant cycle) {
    List<String> missing = new ArrayList<>();
    closes.forEach((asset, list) -> {
      if (list.isEmpty()) {
        missing.add(asset);
      }
    });
    String why = missing.isEmpty()
        ? "no " + intervalCode + " price bars common to " + String.join(", ", closes.keySet()) + " yet"
        : "no " + intervalCode + " price bars of " + String.join(", ", missing) + " yet";
    return BasketRegimeRow.of(new RegimeAssessment(basket.name(), cycle, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        Regime.NORMAL, cycle, Decision.WARMING_UP, Double.NaN, SpreadRegime.UNOBSERVED, cycle,
        classifier.config().multipliers().of(Regime.NORMAL), why + ": NORMAL until there is history"));
  }
}
