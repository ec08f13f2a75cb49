package dev.keel.jobs;

import dev.keel.jobs.batch.BatchInfrastructureConfig;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;

/** A Spring context with the batch infrastructure and the given job configurations, on the test database. */
public final class JobsTestContext {

  /** The clock every job sees in tests. */
  public static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  private JobsTestContext() {}

  /** The job configurations with every keel.* setting left out: each settings record binds its defaults. */
  public static AnnotationConfigApplicationContext start(Class<?>... jobConfigs) {
    return start(Map.of(), jobConfigs);
  }

  /** The job configurations with these keel.* settings, written as the command line or application.yml write them. */
  public static AnnotationConfigApplicationContext start(Map<String, Object> settings, Class<?>... jobConfigs) {
    AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext();
    ctx.getEnvironment().getPropertySources().addFirst(new MapPropertySource("settings", settings));
    ctx.register(Infrastructure.class);
    ctx.register(jobConfigs);
    ctx.refresh();
    return ctx;
  }

  @Configuration(proxyBeanMethods = false)
  @Import(BatchInfrastructureConfig.class)
  static class Infrastructure {
    /** The shared test pool: not closed with this context, other test classes in the JVM use it too. */
    @Bean(destroyMethod = "")
    DataSource dataSource() {
      return TestDatabase.get().dataSource();
    }

    @Bean
    Clock clock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Bean
    CycleLauncher cycleLauncher(JobOperator operator, JobRepository repository, DataSource dataSource, List<Job> jobs) {
      return new CycleLauncher(operator, repository, dataSource, jobs);
    }
  }
}
