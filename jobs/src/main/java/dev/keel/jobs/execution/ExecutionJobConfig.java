package dev.keel.jobs.execution;

import dev.keel.domain.execution.ExecutionPolicy;
import dev.keel.jobs.snapshot.RegisteredVenue;
import dev.keel.persistence.db.Jdbis;
import dev.keel.persistence.execution.ExecutionDao;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;
import dev.keel.jobs.metrics.KeelMeters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * executionJob: every 15 seconds by default, one run of the {@link ProposalExecutor}: claims approved proposals, drives
 * every executing one a step further, reconciles every order whose fate is unknown. Its writes commit in transactions
 * of their own (a round's intents before its venue calls), never in the step's transaction; a rerun of a cycle simply
 * runs again from what the database says.
 */
@Configuration(proxyBeanMethods = false)
public class ExecutionJobConfig {

  public static final String JOB = "executionJob";
  private static final Logger log = LoggerFactory.getLogger(ExecutionJobConfig.class);

  /** Proposals one run claims at most, by default. */
  public static final int DEFAULT_CLAIM_BATCH = 500;
  /** Groups of proposals driven at once, by default. */
  public static final int DEFAULT_THREADS = 4;
  /** Proposals driven together by one thread, by default: each step's writes for the group in one transaction. */
  public static final int DEFAULT_GROUP = 50;
  /** The naive yardstick's venue, by default. */
  public static final String DEFAULT_NAIVE_VENUE = "paper-a";
  /** Back-off after HTTP 429 without Retry-After, by default. */
  public static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(60);
  /** Halt after HTTP 418 without Retry-After, by default. */
  public static final Duration DEFAULT_BAN_HALT = Duration.ofMinutes(10);

  /** Internal crossing, by default: on. */
  public static final boolean DEFAULT_CROSSING = true;

  /** The executor's settings when the application gives none: the defaults above and {@link ExecutionPolicy#DEFAULT}. */
  public static ProposalExecutor.Settings defaults() {
    return new ProposalExecutor.Settings(ExecutionPolicy.DEFAULT, DEFAULT_CLAIM_BATCH, DEFAULT_THREADS, Duration.ofSeconds(180), 100,
        DEFAULT_NAIVE_VENUE, executorName(), DEFAULT_RATE_LIMIT_WAIT, DEFAULT_BAN_HALT, DEFAULT_GROUP, DEFAULT_CROSSING);
  }

  /** host:pid, recorded on the proposals this process claims. */
  public static String executorName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "unknown-host";
    }
    return host + ":" + ProcessHandle.current().pid();
  }

  @Bean
  public ExecutionDao executionDao(DataSource dataSource) {
    return new ExecutionDao(Jdbis.standalone(dataSource));
  }

  @Bean
  public ProposalExecutor proposalExecutor(ExecutionDao dao, List<RegisteredVenue> venues, Clock clock,
                                           ObjectProvider<ProposalExecutor.Settings> settings, ObjectProvider<KeelMeters> meters) {
    return new ProposalExecutor(dao, () -> venues.stream().map(RegisteredVenue::venue).toList(), clock,
        settings.getIfAvailable(ExecutionJobConfig::defaults), meters.getIfAvailable(KeelMeters::global));
  }

  @Bean
  public Job executionJob(JobRepository jobRepository, Step executeProposalsStep) {
    return new JobBuilder(JOB, jobRepository).start(executeProposalsStep).build();
  }

  @Bean
  public Step executeProposalsStep(JobRepository jobRepository, JdbcTransactionManager transactionManager, ProposalExecutor executor) {
    return new StepBuilder("execution.run", jobRepository)
        .tasklet((contribution, chunk) -> {
          MDC.put("job", JOB);
          try {
            ProposalExecutor.RunSummary s = executor.run();
            contribution.incrementWriteCount(s.ordersPlaced());
            contribution.getStepExecution().getExecutionContext().putString("summary", s.describe());
            contribution.setExitStatus(contribution.getExitStatus().addExitDescription(s.describe()));
            if (s.claimed() + s.driven() > 0) {
              log.info("{}: {}", JOB, s.describe());
            }
            return RepeatStatus.FINISHED;
          } finally {
            MDC.remove("job");
          }
        }, transactionManager)
        .build();
  }
}
