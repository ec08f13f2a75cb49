package dev.keel.domain.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.TestReporter;

/**
 * Seeded property checks: a fixed seed, a fixed number of cases, the edge cases first, and on failure an
 * {@link AssertionError} that names the seed, the case and its input, so that the failure reproduces on any machine.
 * Case {@code i} draws from {@link #random(long, int)}, so one case can be replayed without the others.
 */
public final class Properties {

  /** More discarded cases than this per checked case means the property has quietly become vacuous. */
  static final int MAX_DISCARDED_PER_CHECKED = 5;

  private Properties() {
  }

  /** Draws one case's input from that case's own random source. */
  @FunctionalInterface
  public interface Generator<T> {
    T draw(SplittableRandom random);
  }

  /** {@link #forAll(long, int, List, Generator, Consumer)} without edge cases. */
  public static <T> int forAll(long seed, int cases, Generator<? extends T> generator, Consumer<? super T> check) {
    return forAll(seed, cases, List.of(), generator, check);
  }

  /**
   * Checks {@code cases} inputs: the edge cases in order, then inputs drawn by the generator. A case whose
   * check calls {@link #assume} with {@code false} is discarded and counted.
   *
   * @return how many cases were checked, not discarded
   */
  public static <T> int forAll(long seed, int cases, List<? extends T> edgeCases, Generator<? extends T> generator,
      Consumer<? super T> check) {
    if (edgeCases.size() > cases) {
      throw new IllegalArgumentException(edgeCases.size() + " edge cases, more than the " + cases + " cases");
    }
    int checked = 0;
    int discarded = 0;
    for (int i = 0; i < cases; i++) {
      boolean edge = i < edgeCases.size();
      T input = null;
      try {
        input = edge ? edgeCases.get(i) : generator.draw(random(seed, i));
        check.accept(input);
        checked++;
      } catch (Discarded d) {
        discarded++;
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(String.format(Locale.ROOT, "property failed at seed %d, case %d of %d (%s)%n  input: %s%n  %s",
            seed, i, cases, edge ? "edge case" : "drawn from Properties.random(" + seed + ", " + i + ")", input, e.getMessage()), e);
      }
    }
    if (discarded > MAX_DISCARDED_PER_CHECKED * checked) {
      throw new AssertionError(String.format(Locale.ROOT, "seed %d: %d of %d cases discarded, only %d checked",
          seed, discarded, cases, checked));
    }
    return checked;
  }

  /** The random source of case {@code index} of a property run with {@code seed}. */
  public static SplittableRandom random(long seed, int index) {
    return new SplittableRandom(new SplittableRandom(seed + index).nextLong());
  }

  /**
   * Every combination of one value from each array, the first array's value varying slowest: with each parameter's
   * range endpoints, the corners of a property's domain, to run as its first cases.
   */
  public static List<double[]> combinations(double[]... values) {
    List<double[]> out = new ArrayList<>();
    out.add(new double[0]);
    for (double[] choices : values) {
      List<double[]> next = new ArrayList<>();
      for (double[] prefix : out) {
        for (double v : choices) {
          double[] longer = Arrays.copyOf(prefix, prefix.length + 1);
          longer[prefix.length] = v;
          next.add(longer);
        }
      }
      out = next;
    }
    return out;
  }

  /** Discards the current case unless {@code condition} holds: the property does not speak about it. */
  public static void assume(boolean condition) {
    if (!condition) {
      throw new Discarded();
    }
  }

  private static final class Discarded extends RuntimeException {
    Discarded() {
      super("case discarded", null, false, false);
    }
  }

  /**
   * Counts of a label's values over a property's cases, for coverage checks (a share that must stay within bounds,
   * so that a generator cannot drift away from what the property is meant to exercise) and for the test report.
   */
  public static final class Tally {
    private final String label;
    private final long seed;
    private final Map<String, Integer> counts = new TreeMap<>();
    private int total;

    /** A tally of the property run with {@code seed}, which its coverage failures name. */
    public Tally(String label, long seed) {
      this.label = label;
      this.seed = seed;
    }

    public void collect(Object value) {
      counts.merge(String.valueOf(value), 1, Integer::sum);
      total++;
    }

    /** Share of the collected values equal to {@code value}, in percent (0 when nothing was collected). */
    public double percent(Object value) {
      return total == 0 ? 0 : 100.0 * counts.getOrDefault(String.valueOf(value), 0) / total;
    }

    /** Fails unless {@code value}'s share is within [atLeast, atMost] percent; the message lists every count. */
    public Tally requirePercent(Object value, double atLeast, double atMost) {
      double pct = percent(value);
      if (!(pct >= atLeast && pct <= atMost)) {
        throw new AssertionError(String.format(Locale.ROOT, "coverage at seed %d: %s = %s is %.2f%%, outside [%s, %s]%%; %s",
            seed, label, value, pct, atLeast, atMost, this));
      }
      return this;
    }

    /** Publishes the counts as a report entry of the running test (not to standard output). */
    public void publish(TestReporter reporter) {
      reporter.publishEntry(label, toString());
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder(label).append(" over ").append(total).append(':');
      counts.forEach((value, count) -> out.append(String.format(Locale.ROOT, " %s %d (%.1f%%);", value, count, 100.0 * count / total)));
      return out.toString();
    }
  }
}
