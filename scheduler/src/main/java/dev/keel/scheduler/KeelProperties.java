package dev.keel.scheduler;

import dev.keel.jobs.api.ApiSettings;
import dev.keel.jobs.execution.ExecutionSettings;
import dev.keel.jobs.housekeeping.RetentionSettings;
import dev.keel.jobs.launch.OperationsSettings;
import dev.keel.jobs.notification.DeliverySettings;
import dev.keel.jobs.regime.RegimeSettings;
import dev.keel.jobs.scan.ScanSettings;
import dev.keel.jobs.snapshot.SnapshotSettings;
import dev.keel.jobs.snapshot.VenueSettings;
import dev.keel.persistence.db.DatabaseSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.quartz.CronExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keel's configuration, every key under {@code keel.}. Unknown keys are refused at start-up, and every value is
 * checked, so a mistake fails with one line naming the key and the value. Each area's settings are one record with
 * its defaults and checks, beside the code that reads it; this one binds them together so start-up checks them all.
 *
 * @param db            where the database is
 * @param scheduler     the Quartz scheduler
 * @param schedule      one entry per job: its cron expression and whether it is enabled
 * @param regime        the regime detector
 * @param venues        the venues Keel reads and trades on
 * @param snapshot      what a market snapshot captures
 * @param scan          the drift scan
 * @param retention     how long per-cycle history is kept
 * @param execution     the execution router
 * @param api           the approval API and the investor's page
 * @param notifications delivery of the outbox's events: webhooks and investors' emails
 * @param operations    execution leases, recovery retries and what {@code keel ops status} and the health checks report
 */
@ConfigurationProperties(prefix = "keel", ignoreUnknownFields = false)
public record KeelProperties(@DefaultValue Db db, @DefaultValue Scheduler scheduler, Map<String, JobSchedule> schedule,
                             @DefaultValue RegimeSettings regime, @DefaultValue VenueSettings venues,
                             @DefaultValue SnapshotSettings snapshot, @DefaultValue ScanSettings scan,
                             @DefaultValue RetentionSettings retention, @DefaultValue ExecutionSettings execution,
                             @DefaultValue ApiSettings api, @DefaultValue DeliverySettings notifications,
                             @DefaultValue OperationsSettings operations) {

  public KeelProperties {
    schedule = schedule == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(schedule));
    for (Map.Entry<String, JobSchedule> e : schedule.entrySet()) {
      e.getValue().validate("keel.schedule." + e.getKey());
    }
  }

  /**
   * @param url            JDBC URL of a PostgreSQL server; empty for the embedded server
   * @param user           user for {@code url}
   * @param password       password for {@code url}
   * @param dataDir        the embedded server's data directory
   * @param name           the embedded server's database
   * @param poolSize       connection pool size
   * @param migrateOnStart apply the Liquibase changelog at start-up
   * @param readerPassword the password analysts log in with as keel_reader (report views only); none: it cannot log in
   */
  public record Db(String url, String user, String password, @DefaultValue("keel-data") Path dataDir,
                   @DefaultValue("keel") String name, @DefaultValue("24") int poolSize,
                   @DefaultValue("true") boolean migrateOnStart, String readerPassword) {

    /** Never shows the passwords: a record's own toString would, wherever the settings were logged. */
    @Override
    public String toString() {
      return "Db[url=" + dev.keel.persistence.db.Redact.url(url) + ", user=" + user + ", password=" + (password == null ? null
          : dev.keel.persistence.db.Redact.HIDDEN) + ", dataDir=" + dataDir + ", name=" + name + ", poolSize=" + poolSize
          + ", migrateOnStart=" + migrateOnStart + ", readerPassword=" + (readerPassword == null ? null
          : dev.keel.persistence.db.Redact.HIDDEN) + "]";
    }

    public DatabaseSettings settings() {
      String u = url == null || url.isBlank() ? null : url.trim();
      return new DatabaseSettings(u, user, password, dataDir, name, poolSize);
    }
  }

  /**
   * @param name               the Quartz scheduler name shared by the nodes of one cluster
   * @param instanceId         this node's id, AUTO for host name plus time
   * @param threadCount        Quartz worker threads: how many jobs may run at once on this node
   * @param misfireThresholdMs a trigger later than this is a misfire, handled without catch-up
   * @param clustered          whether nodes share triggers through the database
   * @param driverDelegate     the Quartz JDBC delegate; only PostgreSQLDelegate is accepted
   */
  public record Scheduler(@DefaultValue("keel") String name, @DefaultValue("AUTO") String instanceId,
                          @DefaultValue("4") int threadCount, @DefaultValue("60000") long misfireThresholdMs,
                          @DefaultValue("true") boolean clustered, String driverDelegate) {

    public static final String POSTGRES_DELEGATE = "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate";

    public Scheduler {
      if (threadCount < 1 || threadCount > 64) {
        throw new IllegalArgumentException("keel.scheduler.thread-count must be between 1 and 64, was " + threadCount);
      }
      if (misfireThresholdMs < 1_000) {
        throw new IllegalArgumentException("keel.scheduler.misfire-threshold-ms must be at least 1000, was " + misfireThresholdMs);
      }
      if (driverDelegate != null && !driverDelegate.isBlank() && !POSTGRES_DELEGATE.equals(driverDelegate.trim())) {
        throw new IllegalArgumentException("keel.scheduler.driver-delegate must be " + POSTGRES_DELEGATE
            + " (Keel's job store is PostgreSQL), was '" + driverDelegate + "'");
      }
    }
  }

  /**
   * @param cron    a Quartz cron expression, evaluated in UTC (seconds first: "0 * * * * ?" is every minute)
   * @param enabled whether the trigger is scheduled
   */
  public record JobSchedule(String cron, @DefaultValue("true") boolean enabled) {
    void validate(String key) {
      if (cron == null || cron.isBlank()) {
        throw new IllegalArgumentException(key + ".cron is missing");
      }
      try {
        CronExpression.validateExpression(cron);
      } catch (java.text.ParseException e) {
        throw new IllegalArgumentException(key + ".cron '" + cron + "' does not parse: " + e.getMessage());
      }
    }
  }
}
