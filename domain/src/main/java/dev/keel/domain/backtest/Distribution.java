package dev.keel.domain.backtest;

import dev.keel.domain.statistics.Quantiles;
import java.util.Arrays;

/**
 * A metric's distribution across portfolios, NaN values left out.
 *
 * @param count how many values, zero or more
 * @param mean  their mean, in the metric's unit; NaN when there is none
 * @param p5    5th percentile ({@link Quantiles}: linear between order statistics)
 * @param p25   25th percentile
 * @param p50   median
 * @param p75   75th percentile
 * @param p95   95th percentile
 */
public record Distribution(int count, double mean, double p5, double p25, double p50, double p75, double p95) {

  public Distribution {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + count);
    }
  }

  /** The distribution of {@code values}, NaN left out. */
  public static Distribution of(double[] values) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (v.length == 0) {
      return new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return new Distribution(v.length, sum / v.length, Quantiles.ofSorted(v, 0.05), Quantiles.ofSorted(v, 0.25),
        Quantiles.medianOfSorted(v), Quantiles.ofSorted(v, 0.75), Quantiles.ofSorted(v, 0.95));
  }
}
