package dev.keel.scheduler;

import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.ExecutionLeases;
import dev.keel.persistence.db.Jdbis;
import dev.keel.persistence.operations.ExecutionLeaseDao;
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

  /**
   * The database. A command uses the embedded server another Keel process runs in the same data directory; the
   * service (the one context with a web server) always runs its own, and refuses a data directory whose server another
   * process runs.
   */
  @Bean(destroyMethod = "close")
  public KeelDatabase keelDatabase(KeelProperties properties, org.springframework.context.ApplicationContext context) {
    boolean service = context instanceof org.springframework.web.context.WebApplicationContext;
    KeelDatabase db = KeelDatabase.open(properties.db().settings(), !service);
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

  @Bean
  public Clock clock() {
    return Clock.systemUTC();
  }

  /** The lease rows and heartbeat of the executions this process runs; the node is named by its Quartz instance id. */
  @Bean(destroyMethod = "close")
  public ExecutionLeases executionLeases(DataSource dataSource, Clock clock, KeelProperties properties,
                                         org.springframework.beans.factory.ObjectProvider<org.quartz.Scheduler> scheduler) {
    return new ExecutionLeases(new ExecutionLeaseDao(Jdbis.standalone(dataSource)), clock,
        properties.operations().leases(), () -> {
          try {
            return scheduler.getObject().getSchedulerInstanceId();
          } catch (org.quartz.SchedulerException e) {
            return properties.scheduler().instanceId();
          }
        });
  }

  @Bean
  public CycleLauncher cycleLauncher(JobOperator jobOperator, JobRepository jobRepository, DataSource dataSource, List<Job> jobs,
                                     ExecutionLeases leases) {
    return new CycleLauncher(jobOperator, jobRepository, dataSource, jobs, leases);
  }
}
