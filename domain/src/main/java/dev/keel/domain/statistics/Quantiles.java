package dev.keel.domain.statistics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Collection;

/**
 * Medians and percentiles of samples, one definition for all of Keel: the q-quantile lies at position
 * {@code q (n - 1)} of the values sorted ascending, linear between the two order statistics around it (Hyndman and
 * Fan's type 7, PostgreSQL's {@code percentile_cont}). The median is the 0.5-quantile: the middle value, or the mean of
 * the middle two.
 */
public final class Quantiles {

  private Quantiles() {}

  /**
   * The q-quantile of values sorted ascending, in their unit.
   *
   * @param sorted at least one value, ascending, none NaN
   * @param q      the quantile's rank, in [0, 1] (0.95 is the 95th percentile)
   */
  public static double ofSorted(double[] sorted, double q) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("a quantile needs at least one value");
    }
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("a quantile's rank must be in [0, 1], was " + q);
    }
    double position = q * (sorted.length - 1);
    int lo = (int) Math.floor(position);
    double fraction = position - lo;
    if (fraction == 0) {
      return sorted[lo];
    }
    // (1 - f) a + f b: at f = 0.5 exactly the mean of the two, (a + b) / 2
    return (1 - fraction) * sorted[lo] + fraction * sorted[lo + 1];
  }

  /** The median of values sorted ascending: the middle one, or the mean of the middle two. */
  public static double medianOfSorted(double[] sorted) {
    return ofSorted(sorted, 0.5);
  }

  /** The median of values in any order (a sorted copy is taken; the array is left as it is). */
  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return medianOfSorted(sorted);
  }

  /** The median of values {@code from} (inclusive) to {@code to} (exclusive) of an array, left as it is. */
  public static double median(double[] values, int from, int to) {
    double[] sorted = Arrays.copyOfRange(values, from, to);
    Arrays.sort(sorted);
    return medianOfSorted(sorted);
  }

  /**
   * The median of decimals, exact for an odd count; for an even count the mean of the middle two to 16 digits
   * ({@link MathContext#DECIMAL64}).
   */
  public static BigDecimal median(Collection<BigDecimal> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a median needs at least one value");
    }
    BigDecimal[] sorted = values.stream().sorted().toArray(BigDecimal[]::new);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2]
        : sorted[n / 2 - 1].add(sorted[n / 2]).divide(BigDecimal.valueOf(2), MathContext.DECIMAL64);
  }
}
