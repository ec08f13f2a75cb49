package dev.keel.domain.regime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The highest close of a trailing time window before each bar, the bar's own close excluded. Stateless. */
final class RecentHigh {

  /** Decimal prices rarely give a binary fraction of exactly a round drop; a fall this close to it counts. */
  static final double TOLERANCE = 1e-9;

  private RecentHigh() {}

  /**
   * For each close, how far it is below the highest close at times in {@code [t - window, t)}: a fraction of that
   * high, negative when the close is above it, NaN when the window holds no close (the first bar, or after a gap
   * longer than the window). Missing bars are not replaced by older ones.
   */
  static double[] fallBelow(List<ClosingPrice> closes, Duration window) {
    double[] fall = new double[closes.size()];
    double[] high = highBefore(closes, window);
    for (int i = 0; i < fall.length; i++) {
      fall[i] = Double.isNaN(high[i]) ? Double.NaN : 1 - closes.get(i).price() / high[i];
    }
    return fall;
  }

  /** For each close, the highest close at times in {@code [t - window, t)}; NaN when there is none. */
  static double[] highBefore(List<ClosingPrice> closes, Duration window) {
    double[] out = new double[closes.size()];
    // indices of the window's closes with prices decreasing from the front: the front is the window's high
    Deque<Integer> highs = new ArrayDeque<>();
    for (int i = 0; i < closes.size(); i++) {
      Instant from = closes.get(i).time().minus(window);
      while (!highs.isEmpty() && closes.get(highs.peekFirst()).time().isBefore(from)) {
        highs.pollFirst();
      }
      out[i] = highs.isEmpty() ? Double.NaN : closes.get(highs.peekFirst()).price();
      double close = closes.get(i).price();
      while (!highs.isEmpty() && closes.get(highs.peekLast()).price() <= close) {
        highs.pollLast();
      }
      highs.addLast(i);
    }
    return out;
  }
}
