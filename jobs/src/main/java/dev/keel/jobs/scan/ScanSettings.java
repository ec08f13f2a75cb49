package dev.keel.jobs.scan;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The drift scan's settings ({@code keel.scan.*}), their defaults and their checks: the one place they are stated.
 *
 * @param gridSize            partitions of the portfolio id space; 0 for twice the cores
 * @param threads             partitions scanned at once; 0 for the number of cores
 * @param chunkSize           portfolios per transaction
 * @param fetchSize           rows the reader's cursor fetches at a time
 * @param proposalTtlHours    hours a standard-tier proposal waits for a decision before it expires
 * @param covarianceDays      days of daily bars behind the covariance estimate
 * @param trackingHorizonDays the horizon tracking error is weighed over against a one-off cost, days (docs/backtest.md)
 * @param costWindowMinutes   spreads and impact slopes are medians of the healthy snapshots over this window, minutes
 * @param actionableMinutes   a proposal written later than this after its cycle (a rerun of an old cycle) is kept
 *                            EXPIRED: its prices are too old to ask an investor or to auto-approve, minutes
 */
@ConfigurationProperties(prefix = "keel.scan")
public record ScanSettings(@DefaultValue("0") int gridSize, @DefaultValue("0") int threads, @DefaultValue("500") int chunkSize,
                           @DefaultValue("1000") int fetchSize, @DefaultValue("24") long proposalTtlHours,
                           @DefaultValue("365") int covarianceDays, @DefaultValue("30") int trackingHorizonDays,
                           @DefaultValue("60") long costWindowMinutes, @DefaultValue("15") long actionableMinutes) {
  public ScanSettings {
    if (actionableMinutes < 1 || actionableMinutes > 24 * 60) {
      throw new IllegalArgumentException("keel.scan.actionable-minutes must be between 1 and 1440, was " + actionableMinutes);
    }
    if (gridSize < 0 || gridSize > 1024) {
      throw new IllegalArgumentException("keel.scan.grid-size must be between 0 and 1024, was " + gridSize);
    }
    if (threads < 0 || threads > 256) {
      throw new IllegalArgumentException("keel.scan.threads must be between 0 and 256, was " + threads);
    }
    if (chunkSize < 1 || chunkSize > 100_000) {
      throw new IllegalArgumentException("keel.scan.chunk-size must be between 1 and 100000, was " + chunkSize);
    }
    if (fetchSize < 1) {
      throw new IllegalArgumentException("keel.scan.fetch-size must be positive, was " + fetchSize);
    }
    if (proposalTtlHours < 1) {
      throw new IllegalArgumentException("keel.scan.proposal-ttl-hours must be at least 1, was " + proposalTtlHours);
    }
    if (trackingHorizonDays < 1 || trackingHorizonDays > 365) {
      throw new IllegalArgumentException("keel.scan.tracking-horizon-days must be between 1 and 365, was " + trackingHorizonDays);
    }
    if (costWindowMinutes < 1 || costWindowMinutes > 7 * 24 * 60) {
      throw new IllegalArgumentException("keel.scan.cost-window-minutes must be between 1 and 10080, was " + costWindowMinutes);
    }
    if (covarianceDays < 30) {
      throw new IllegalArgumentException("keel.scan.covariance-days must be at least 30, was " + covarianceDays);
    }
  }

  public Duration proposalTtl() {
    return Duration.ofHours(proposalTtlHours);
  }

  public Duration costWindow() {
    return Duration.ofMinutes(costWindowMinutes);
  }

  public Duration actionable() {
    return Duration.ofMinutes(actionableMinutes);
  }

  /** The tracking horizon, years. */
  public double trackingHorizonYears() {
    return trackingHorizonDays / 365.0;
  }

  /** Partitions: the setting, or twice the cores. */
  public int partitions(int cores) {
    return gridSize > 0 ? gridSize : 2 * cores;
  }

  /** Partitions at once: the setting, or the cores. */
  public int concurrency(int cores) {
    return threads > 0 ? threads : cores;
  }
}
