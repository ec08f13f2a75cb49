package dev.keel.scheduler;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

/** A job for launch tests: it counts its runs and holds until the test releases it. */
@Configuration(proxyBeanMethods = false)
public class TestJobs {

  public static final String HOLDING_JOB = "holdingTestJob";
  public static final AtomicInteger RUNS = new AtomicInteger();
  public static volatile CountDownLatch started = new CountDownLatch(1);
  public static volatile CountDownLatch release = new CountDownLatch(0);

  public static void reset(boolean hold) {
    RUNS.set(0);
    started = new CountDownLatch(1);
    release = new CountDownLatch(hold ? 1 : 0);
  }

  @Bean
  public Job holdingTestJob(JobRepository repository, JdbcTransactionManager tm) {
    return new JobBuilder(HOLDING_JOB, repository)
        .start(new StepBuilder("holdingTestJob.hold", repository).tasklet((contribution, chunk) -> {
          RUNS.incrementAndGet();
          started.countDown();
          if (!release.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released the holding job");
          }
          return RepeatStatus.FINISHED;
        }, tm).build())
        .build();
  }
}
