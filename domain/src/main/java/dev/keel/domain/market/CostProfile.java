package dev.keel.domain.market;

import dev.keel.domain.statistics.Quantiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The typical cost of one market on one venue over a recent window, robust to outliers (component-wise medians of
 * half spread, taker fee and impact slope over the OK snapshots) and by time of week, so a weekend's thinner books
 * price weekend trades. A bucket with fewer than the minimum samples falls back to the whole window.
 *
 * @param venue        the venue
 * @param market       the market
 * @param timeOfWeek   the bucketing
 * @param overall      medians over the whole window, per side; absent when the window held no OK snapshot
 * @param byBucket     medians per time-of-week bucket, per side; a null entry is a bucket with too few samples
 */
public record CostProfile(VenueId venue, Market market, TimeOfWeek timeOfWeek, Map<Side, Cell> overall, Map<Side, List<Cell>> byBucket) {

  /**
   * Medians of one side over some snapshots.
   *
   * @param halfSpread  median half spread, fraction of traded notional
   * @param fee         median taker fee, fraction of traded notional
   * @param impactSlope median impact slope, fraction of traded notional per unit of quote currency
   * @param samples     number of snapshots behind the medians
   */
  public record Cell(double halfSpread, double fee, double impactSlope, int samples) {}

  public CostProfile {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(timeOfWeek, "timeOfWeek");
    overall = Map.copyOf(overall);
    byBucket = Map.copyOf(byBucket);
  }

  /**
   * Builds a profile from stored snapshots of one market on one venue.
   *
   * @param snapshots      any order; those not OK, of another venue or market, or outside (now - window, now] are ignored
   * @param now            the end of the window (the injected clock)
   * @param window         how far back to look, e.g. 14 days
   * @param minPerBucket   fewest samples a bucket needs before its own medians are used, at least 1
   */
  public static CostProfile of(VenueId venue, Market market, List<MarketSnapshot> snapshots, Instant now, Duration window,
      TimeOfWeek timeOfWeek, int minPerBucket) {
    if (minPerBucket < 1) {
      throw new IllegalArgumentException("minPerBucket must be at least 1, was " + minPerBucket);
    }
    Instant from = now.minus(window);
    Map<Side, Cell> overall = new EnumMap<>(Side.class);
    Map<Side, List<Cell>> byBucket = new EnumMap<>(Side.class);
    for (Side side : Side.values()) {
      List<List<double[]>> buckets = new ArrayList<>();
      for (int b = 0; b < timeOfWeek.buckets(); b++) {
        buckets.add(new ArrayList<>());
      }
      List<double[]> all = new ArrayList<>();
      for (MarketSnapshot s : snapshots) {
        if (!s.venue().equals(venue) || !s.market().equals(market) || !s.outcome().isOk()
            || !s.observedAt().isAfter(from) || s.observedAt().isAfter(now)) {
          continue;
        }
        CostCoefficients c = CostModel.coefficients(s, side).orElseThrow();
        double[] row = {c.halfSpread(), c.fee(), c.impactSlope()};
        all.add(row);
        buckets.get(timeOfWeek.bucketOf(s.observedAt())).add(row);
      }
      if (all.isEmpty()) {
        continue;
      }
      overall.put(side, median(all));
      List<Cell> cells = new ArrayList<>();
      for (List<double[]> rows : buckets) {
        cells.add(rows.size() >= minPerBucket ? median(rows) : null);
      }
      byBucket.put(side, java.util.Collections.unmodifiableList(cells));
    }
    return new CostProfile(venue, market, timeOfWeek, overall, byBucket);
  }

  /** The coefficients for a trade at {@code when}: its time-of-week bucket's medians, or the window's. */
  public Optional<CostCoefficients> coefficients(Side side, Instant when) {
    Cell cell = overall.get(side);
    if (cell == null) {
      return Optional.empty();
    }
    List<Cell> cells = byBucket.get(side);
    Cell bucket = cells == null ? null : cells.get(timeOfWeek.bucketOf(when));
    Cell use = bucket != null ? bucket : cell;
    return Optional.of(new CostCoefficients(market, side, venue, use.halfSpread(), use.fee(), use.impactSlope()));
  }

  private static Cell median(List<double[]> rows) {
    double[] out = new double[3];
    double[] column = new double[rows.size()];
    for (int j = 0; j < 3; j++) {
      for (int i = 0; i < rows.size(); i++) {
        column[i] = rows.get(i)[j];
      }
      out[j] = Quantiles.median(column);
    }
    return new Cell(out[0], out[1], out[2], rows.size());
  }
}
