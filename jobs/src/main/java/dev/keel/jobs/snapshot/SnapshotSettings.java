package dev.keel.jobs.snapshot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The market snapshots' settings ({@code keel.snapshot.*}), their defaults and their checks: the one place they are
 * stated. The scan and the executor read the same maximum age.
 *
 * @param bookDepth     order-book levels requested per side, 5 to 5000
 * @param maxAgeSeconds a snapshot older than this is stale (FAULTS M1), seconds
 */
@ConfigurationProperties(prefix = "keel.snapshot")
public record SnapshotSettings(@DefaultValue("100") int bookDepth, @DefaultValue("180") long maxAgeSeconds) {
  public SnapshotSettings {
    if (bookDepth < 5 || bookDepth > 5000) {
      throw new IllegalArgumentException("keel.snapshot.book-depth must be between 5 and 5000, was " + bookDepth);
    }
    if (maxAgeSeconds < 5) {
      throw new IllegalArgumentException("keel.snapshot.max-age-seconds must be at least 5, was " + maxAgeSeconds);
    }
  }

  /** The settings with every key left out. */
  public static SnapshotSettings defaults() {
    return new Binder().bindOrCreate("keel.snapshot", SnapshotSettings.class);
  }

  public Duration maxAge() {
    return Duration.ofSeconds(maxAgeSeconds);
  }
}
