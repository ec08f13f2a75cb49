package dev.keel.jobs.housekeeping;

import dev.keel.domain.portfolio.CyclePricing;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the per-cycle history is kept ({@code keel.retention.*}); housekeepingJob prunes what is older. Proposals,
 * orders and fills are kept. The one place these defaults and checks are stated.
 *
 * @param scanOutcomeHours scan outcomes and tallies, hours
 * @param snapshotDays     market and venue snapshots, days; at least {@link CyclePricing#minimumSnapshotRetentionDays()}
 *                         (the scan compares costs with the same slot of the week in earlier weeks)
 */
@ConfigurationProperties(prefix = "keel.retention")
public record RetentionSettings(@DefaultValue("48") long scanOutcomeHours, @DefaultValue("35") long snapshotDays) {
  public RetentionSettings {
    if (scanOutcomeHours < 1 || scanOutcomeHours > 87_600) {
      throw new IllegalArgumentException("keel.retention.scan-outcome-hours must be between 1 and 87600, was " + scanOutcomeHours);
    }
    int minimum = CyclePricing.minimumSnapshotRetentionDays();
    if (snapshotDays < minimum || snapshotDays > 3650) {
      throw new IllegalArgumentException("keel.retention.snapshot-days must be between " + minimum + " and 3650, was " + snapshotDays);
    }
  }

  public Duration scanOutcomes() {
    return Duration.ofHours(scanOutcomeHours);
  }

  public Duration snapshots() {
    return Duration.ofDays(snapshotDays);
  }
}
