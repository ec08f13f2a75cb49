package dev.keel.jobs.execution;

import dev.keel.domain.execution.ExecutionPolicy;
import dev.keel.jobs.snapshot.SnapshotSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The execution router's settings ({@code keel.execution.*}, docs/execution.md), their defaults and their checks: the
 * one place they are stated. The router's rules (the first seven) are calibrated in the domain: each left out takes
 * its value from {@link ExecutionPolicy#DEFAULT}, which also checks them; the rest have their defaults here.
 *
 * @param costRiseTolerance   HELD when re-pricing raises the expected cost by more than this fraction
 * @param midMoveBandFraction HELD when a mid moved by more than this fraction of the asset's band
 * @param capCostMultiple     an order's price cap sits this many times the trade's expected cost from mid
 * @param minCapSlippage      and never closer than this fraction of mid
 * @param notFoundChecks      "no such order" answers needed before an order whose reply was lost counts as not placed
 * @param notFoundWindow      over at least this long
 * @param maxOrdersPerTrade   orders one trade may send in all
 * @param claimBatch          proposals one run claims at most
 * @param threads             groups of proposals driven at once
 * @param group               proposals driven together by one thread, each step's writes for the group in one transaction
 * @param naiveVenue          the single venue the naive yardstick trades on
 * @param rateLimitWait       back-off after HTTP 429 without Retry-After
 * @param banHalt             halt after HTTP 418 without Retry-After
 * @param crossing            a group's opposite trades of one asset cross inside Keel at the fair mid, and only the net
 *                            goes to the venues
 */
@ConfigurationProperties(prefix = "keel.execution")
public record ExecutionSettings(Double costRiseTolerance, Double midMoveBandFraction, Double capCostMultiple, Double minCapSlippage,
                                Integer notFoundChecks, Duration notFoundWindow, Integer maxOrdersPerTrade,
                                @DefaultValue("500") int claimBatch, @DefaultValue("4") int threads, @DefaultValue("50") int group,
                                @DefaultValue(ExecutionSettings.NAIVE_VENUE) String naiveVenue,
                                @DefaultValue("60s") Duration rateLimitWait, @DefaultValue("10m") Duration banHalt,
                                @DefaultValue("true") boolean crossing) {

  /** The naive yardstick's venue when {@code keel.execution.naive-venue} is left out or blank. */
  public static final String NAIVE_VENUE = "paper-a";

  public ExecutionSettings {
    ExecutionPolicy d = ExecutionPolicy.DEFAULT;
    costRiseTolerance = costRiseTolerance == null ? d.costRiseTolerance() : costRiseTolerance;
    midMoveBandFraction = midMoveBandFraction == null ? d.midMoveBandFraction() : midMoveBandFraction;
    capCostMultiple = capCostMultiple == null ? d.capCostMultiple() : capCostMultiple;
    minCapSlippage = minCapSlippage == null ? d.minCapSlippage() : minCapSlippage;
    notFoundChecks = notFoundChecks == null ? d.notFoundChecks() : notFoundChecks;
    notFoundWindow = notFoundWindow == null ? d.notFoundWindow() : notFoundWindow;
    maxOrdersPerTrade = maxOrdersPerTrade == null ? d.maxOrdersPerTrade() : maxOrdersPerTrade;
    naiveVenue = naiveVenue == null || naiveVenue.isBlank() ? NAIVE_VENUE : naiveVenue.trim();
    if (claimBatch < 1 || claimBatch > 100_000) {
      throw new IllegalArgumentException("keel.execution.claim-batch must be between 1 and 100000, was " + claimBatch);
    }
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("keel.execution.threads must be between 1 and 64, was " + threads);
    }
    if (group < 1 || group > 1000) {
      throw new IllegalArgumentException("keel.execution.group must be between 1 and 1000, was " + group);
    }
    if (rateLimitWait.isNegative() || rateLimitWait.isZero() || banHalt.isNegative() || banHalt.isZero()) {
      throw new IllegalArgumentException("keel.execution.rate-limit-wait and ban-halt must be positive, were " + rateLimitWait
          + " and " + banHalt);
    }
    // the router's rules check themselves
    new ExecutionPolicy(costRiseTolerance, midMoveBandFraction, capCostMultiple, minCapSlippage, notFoundChecks, notFoundWindow,
        maxOrdersPerTrade);
  }

  /** The settings with every key left out. */
  public static ExecutionSettings defaults() {
    return new Binder().bindOrCreate("keel.execution", ExecutionSettings.class);
  }

  /** The router's rules these give. */
  public ExecutionPolicy policy() {
    return new ExecutionPolicy(costRiseTolerance, midMoveBandFraction, capCostMultiple, minCapSlippage, notFoundChecks, notFoundWindow,
        maxOrdersPerTrade);
  }

  /** The executor's settings these give, with the snapshot rules, for this process's executor. */
  public ProposalExecutor.Settings settings(SnapshotSettings snapshot) {
    return new ProposalExecutor.Settings(policy(), claimBatch, threads, snapshot.maxAge(), snapshot.bookDepth(), naiveVenue,
        ExecutionJobConfig.executorName(), rateLimitWait, banHalt, group, crossing);
  }
}
