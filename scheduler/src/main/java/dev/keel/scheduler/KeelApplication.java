package dev.keel.scheduler;

import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.persistence.db.KeelDatabase;
import dev.keel.persistence.db.Migrations;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Primary;

/**
 * The Keel service. Jobs are found by scanning {@code dev.keel.jobs}; the database is the
 * configured server or the embedded one, migrated before anything else touches it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(KeelProperties.class)
@ComponentScan(basePackages = {"dev.keel.jobs", "dev.keel.scheduler"})
public class KeelApplication {

  @Bean(destroyMethod = "close")
  public KeelDatabase keelDatabase(KeelProperties properties) {
    KeelDatabase db = KeelDatabase.open(properties.db().settings());
    if (properties.db().migrateOnStart()) {
      Migrations.migrate(db.dataSource());
      Migrations.readerPassword(db.dataSource(), properties.db().readerPassword());
    }
    return db;
  }

  @Bean
  @Primary
  public DataSource dataSource(KeelDatabase keelDatabase) {
    return keelDatabase.dataSource();
  }

  /** The regime detector's configuration from keel.regime.*; the jobs fall back to the defaults without it. */
  @Bean
  public dev.keel.domain.regime.RegimeConfig regimeConfig(KeelProperties properties) {
    return properties.regime().config();
  }

  /** The paper venues' injected faults, from keel.venues.paper.faults.* (none by default). */
  @Bean
  public dev.keel.jobs.venue.PaperFaults paperFaults(KeelProperties properties) {
    return properties.venues().paper() == null ? dev.keel.jobs.venue.PaperFaults.NONE : properties.venues().paper().faults().paperFaults();
  }

  /** The execution router's settings from keel.execution.* and keel.snapshot.*. */
  @Bean
  public dev.keel.jobs.execution.ProposalExecutor.Settings executionSettings(KeelProperties properties) {
    return properties.execution().settings(properties.snapshot());
  }

  /** notificationJob's settings from keel.notifications.* and keel.api.public-url. */
  @Bean
  public dev.keel.jobs.notification.NotificationSettings notificationSettings(KeelProperties properties) {
    return properties.notifications().settings(properties.api());
  }

  @Bean
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  public CycleLauncher cycleLauncher(JobOperator jobOperator, JobRepository jobRepository, DataSource dataSource, List<Job> jobs) {
    return new CycleLauncher(jobOperator, jobRepository, dataSource, jobs);
  }
}
