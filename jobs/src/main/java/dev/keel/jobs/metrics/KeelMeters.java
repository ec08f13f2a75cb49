package dev.keel.jobs.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The meters the jobs record, by name, on one registry: the service's (served on /actuator/prometheus) or, where no
 * registry is given (a test, a command), Micrometer's global one. Names are dotted here; Prometheus shows them with
 * underscores and unit suffixes ({@code keel.job.cycle} is {@code keel_job_cycle_seconds}).
 */
public final class KeelMeters {

  public static final String JOB_CYCLE = "keel.job.cycle";
  public static final String SCAN_PORTFOLIOS = "keel.scan.portfolios";
  public static final String SCAN_BREACHES = "keel.scan.breaches";
  public static final String SCAN_SOLVE = "keel.scan.solve";
  public static final String ORDERS = "keel.orders";
  public static final String FILLS = "keel.fills";
  public static final String EXECUTION_NOTIONAL = "keel.execution.notional";
  public static final String EXECUTION_COST = "keel.execution.cost";
  public static final String EXECUTION_IMPROVEMENT = "keel.execution.improvement";
  public static final String EXECUTION_DRAG = "keel.execution.drag";

  private final MeterRegistry registry;
  /** Meters built once, on first use, by name and tag: the scan records one per portfolio, 70,000 a minute. */
  private final java.util.concurrent.ConcurrentMap<String, io.micrometer.core.instrument.Meter> built =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentMap<String, Pooled> drag = new java.util.concurrent.ConcurrentHashMap<>();

  /** Notional and cost added up, for a drag pooled over every fill (a summary would drop the negative ones). */
  private static final class Pooled {
    private final java.util.concurrent.atomic.DoubleAdder notional = new java.util.concurrent.atomic.DoubleAdder();
    private final java.util.concurrent.atomic.DoubleAdder cost = new java.util.concurrent.atomic.DoubleAdder();

    void add(double n, double c) {
      notional.add(n);
      cost.add(c);
    }

    double bps() {
      double n = notional.sum();
      return n > 0 ? 1e4 * cost.sum() / n : Double.NaN;
    }
  }

  public KeelMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The meters on Micrometer's global registry: where nothing else was given. */
  public static KeelMeters global() {
    return new KeelMeters(Metrics.globalRegistry);
  }

  /** One execution of a job ended: how long it ran, from start to end, with its final status. */
  public void cycle(String job, String status, Duration took) {
    Timer.builder(JOB_CYCLE).description("time of one execution of a job, start to end, by job and final status")
        .tag("job", job).tag("status", status).register(registry).record(took);
  }

  private <M extends io.micrometer.core.instrument.Meter> M once(String key, java.util.function.Supplier<M> build) {
    @SuppressWarnings("unchecked")
    M meter = (M) built.computeIfAbsent(key, k -> build.get());
    return meter;
  }

  /** One portfolio scanned, with its outcome (NO_BREACH, NO_TRADE, AWAITING_DECISION, PROPOSAL or SKIPPED). */
  public void scanned(String outcome, boolean breach) {
    this.<Counter>once(SCAN_PORTFOLIOS + "|" + outcome, () -> Counter.builder(SCAN_PORTFOLIOS)
        .description("portfolios scanned by scanToleranceBandsJob, by outcome").tag("outcome", outcome).register(registry))
        .increment();
    if (breach) {
      this.<Counter>once(SCAN_BREACHES, () -> Counter.builder(SCAN_BREACHES)
          .description("portfolios scanned with a weight outside its band").register(registry)).increment();
    }
  }

  /** The scan of one breached portfolio: the optimiser's solve and its re-solves, with the drift check before them. */
  public void solved(Duration took) {
    this.<Timer>once(SCAN_SOLVE, () -> Timer.builder(SCAN_SOLVE)
        .description("time to scan a breached portfolio: the optimiser's solve and re-solves")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)).record(took);
  }

  /** One order sent to a venue. */
  public void orderSent(String venue) {
    Counter.builder(ORDERS).description("orders sent to a venue").tag("venue", venue).register(registry).increment();
  }

  /**
   * One fill a venue reported, with what it cost against the mid its proposal was priced at (positive: a cost).
   *
   * @param notional quantity times price, cash asset (USDT)
   * @param cost     price against the proposal's mid, signed by side, times quantity, plus the fee; cash asset (USDT)
   */
  public void fill(String venue, double notional, double cost) {
    Counter.builder(FILLS).description("fills reported by a venue and booked").tag("venue", venue).register(registry).increment();
    Counter.builder(EXECUTION_NOTIONAL).description("traded notional of the fills, cash asset").baseUnit("usdt").tag("venue", venue)
        .register(registry).increment(notional);
    // a counter only rises: a fill better than the mid (a negative cost) is counted apart, as an improvement
    if (cost >= 0) {
      Counter.builder(EXECUTION_COST).description("realised cost of the fills dearer than the proposals' mid, fee included, cash asset")
          .baseUnit("usdt").tag("venue", venue).register(registry).increment(cost);
    } else {
      Counter.builder(EXECUTION_IMPROVEMENT).description("what the fills cheaper than the proposals' mid saved, fee included, cash asset")
          .baseUnit("usdt").tag("venue", venue).register(registry).increment(-cost);
    }
    drag.computeIfAbsent(venue, v -> {
      Pooled pooled = new Pooled();
      Gauge.builder(EXECUTION_DRAG, pooled, Pooled::bps)
          .description("realised execution drag of the fills booked by this process: cost over notional, basis points")
          .baseUnit("bps").tag("venue", v).register(registry);
      return pooled;
    }).add(notional, cost);
  }
}
