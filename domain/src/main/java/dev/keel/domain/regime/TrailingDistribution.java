package dev.keel.domain.regime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A sliding window of values kept sorted, so the percentile rank of a new value costs a binary search and
 * moving the window costs one array shift. Mutable; lives inside one classification call only.
 */
final class TrailingDistribution {

  private final Duration lookBack;
  private final Duration step;
  private final ArrayDeque<Instant> times = new ArrayDeque<>();
  private final ArrayDeque<Double> values = new ArrayDeque<>();
  private double[] sorted = new double[64];
  private int size;
  private Instant lastSample;

  TrailingDistribution(Duration lookBack, Duration step) {
    this.lookBack = lookBack;
    this.step = step;
  }

  /** Drops samples older than the look-back as seen from {@code now}: those at or before {@code now - lookBack}. */
  void advanceTo(Instant now) {
    Instant cutoff = now.minus(lookBack);
    while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
      times.pollFirst();
      remove(values.pollFirst());
    }
  }

  /** Adds a sample unless the previous one is less than a step ago. */
  void offer(Instant time, double value) {
    if (Double.isNaN(value)) {
      return;
    }
    if (lastSample != null && Duration.between(lastSample, time).compareTo(step) < 0) {
      return;
    }
    lastSample = time;
    times.addLast(time);
    values.addLast(value);
    insert(value);
  }

  int size() {
    return size;
  }

  /** The fraction of samples strictly below {@code value}, in [0, 1]; NaN when empty. */
  double rankOf(double value) {
    if (size == 0 || Double.isNaN(value)) {
      return Double.NaN;
    }
    return (double) lowerBound(value) / size;
  }

  private void insert(double value) {
    if (size == sorted.length) {
      sorted = Arrays.copyOf(sorted, size * 2);
    }
    int at = lowerBound(value);
    System.arraycopy(sorted, at, sorted, at + 1, size - at);
    sorted[at] = value;
    size++;
  }

  private void remove(double value) {
    int at = lowerBound(value);
    System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
    size--;
  }

  private int lowerBound(double value) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
