package dev.keel.jobs.execution;

import dev.keel.jobs.snapshot.RegisteredVenue;
import dev.keel.jobs.snapshot.SnapshotSettings;
import dev.keel.persistence.db.Jdbis;
import dev.keel.persistence.execution.ExecutionDao;
import java.time.Clock;
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
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
@EnableConfigurationProperties({ExecutionSettings.class, SnapshotSettings.class})
public class ExecutionJobConfig {

  public static final String JOB = "executionJob";
  private static final Logger log = LoggerFactory.getLogger(ExecutionJobConfig.class);

  /** The executor's settings when every keel.execution.* and keel.snapshot.* key is left out. */
  public static ProposalExecutor.Settings defaults() {
    return ExecutionSettings.defaults().settings(SnapshotSettings.defaults());
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

  /** The executor's settings from keel.execution.* and keel.snapshot.*. */
  @Bean
  public ProposalExecutor.Settings proposalExecutorSettings(ExecutionSettings execution, SnapshotSettings snapshot) {
    return execution.settings(snapshot);
  }

  @Bean
  public ProposalExecutor proposalExecutor(ExecutionDao dao, List<RegisteredVenue> venues, Clock clock,
                                           ProposalExecutor.Settings settings, ObjectProvider<KeelMeters> meters) {
    return new ProposalExecutor(dao, () -> venues.stream().map(RegisteredVenue::venue).toList(), clock, settings,
        meters.getIfAvailable(KeelMeters::global));
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
