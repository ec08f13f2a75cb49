package dev.keel.jobs.launch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How executions are leased and watched ({@code keel.operations.*}), their defaults and their checks: the one place
 * they are stated. The leases are kept here ({@link ExecutionLeases}); the scheduler retries recoveries, and the health
 * checks and {@code keel ops status} judge what they read, by the rest.
 *
 * @param heartbeat       how often a running execution's lease row is refreshed
 * @param leaseStaleAfter a lease not refreshed for this long belongs to a process that is gone: a restart or a
 *                        recovery may take the execution over; at least twice the heartbeat
 * @param recoveryRetry   a recovery the scheduler could not take (the execution's lease still fresh) is tried again
 *                        after this long, until the execution ends or is taken over
 * @param stuckAfter      an execution still running this long after it started is reported stuck by
 *                        {@code keel ops status} and turns the health DOWN
 * @param missedSlots     a job whose last run is this many scheduled slots behind is reported lagging
 * @param backlogAfter    an approved proposal not executed this long after its approval is a backlog, reported by
 *                        {@code keel ops status} and turning the health DOWN
 * @param statusRefresh   the health endpoint and the metrics read from the database (proposals by status) read it
 *                        at most this often; 0s: on every request
 */
@ConfigurationProperties(prefix = "keel.operations")
public record OperationsSettings(@DefaultValue("5s") Duration heartbeat, @DefaultValue("30s") Duration leaseStaleAfter,
                                 @DefaultValue("15s") Duration recoveryRetry, @DefaultValue("15m") Duration stuckAfter,
                                 @DefaultValue("2") int missedSlots, @DefaultValue("15m") Duration backlogAfter,
                                 @DefaultValue("5s") Duration statusRefresh) {
  public OperationsSettings {
    positive("heartbeat", heartbeat);
    positive("lease-stale-after", leaseStaleAfter);
    positive("recovery-retry", recoveryRetry);
    positive("stuck-after", stuckAfter);
    positive("backlog-after", backlogAfter);
    if (statusRefresh.isNegative() || statusRefresh.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("keel.operations.status-refresh must be between 0s and 1m, was " + statusRefresh);
    }
    if (heartbeat.compareTo(Duration.ofMillis(200)) < 0 || heartbeat.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("keel.operations.heartbeat must be between 200ms and 5m, was " + heartbeat);
    }
    if (leaseStaleAfter.compareTo(heartbeat.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("keel.operations.lease-stale-after must be at least twice keel.operations.heartbeat ("
          + heartbeat + "), was " + leaseStaleAfter);
    }
    if (recoveryRetry.compareTo(Duration.ofMillis(500)) < 0 || recoveryRetry.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("keel.operations.recovery-retry must be between 500ms and 1h, was " + recoveryRetry);
    }
    if (stuckAfter.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new IllegalArgumentException("keel.operations.stuck-after must be at least 10s, was " + stuckAfter);
    }
    if (missedSlots < 1 || missedSlots > 1000) {
      throw new IllegalArgumentException("keel.operations.missed-slots must be between 1 and 1000, was " + missedSlots);
    }
  }

  private static void positive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("keel.operations." + key + " must be positive, was " + value);
    }
  }

  /** The lease rows' heartbeat and staleness. */
  public ExecutionLeases.Settings leases() {
    return new ExecutionLeases.Settings(heartbeat, leaseStaleAfter);
  }
}
