package dev.keel.jobs.housekeeping;

import dev.keel.jobs.api.ApiSettings;
import dev.keel.jobs.batch.Cycle;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * housekeepingJob: proposals still waiting for a decision, or approved and not taken by an executor, when their
 * expiry passes become EXPIRED, and each expiry queues one notification to the investor; then the per-cycle history
 * that grows with every minute (scan outcomes, market and venue snapshots) is pruned past its
 * retention. The cycle's time, not the wall clock, decides what has expired, so a rerun of a
 * cycle does exactly the same work. Proposals, their trades, orders and fills are never pruned.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.context.properties.EnableConfigurationProperties({RetentionSettings.class, ApiSettings.class})
public class HousekeepingJobConfig {

  public static final String JOB = "housekeepingJob";

  @Bean
  public Job housekeepingJob(JobRepository jobRepository, Step expireProposalsStep, Step pruneHistoryStep,
                             Step pruneIdempotencyStep) {
    return new JobBuilder(JOB, jobRepository).start(expireProposalsStep).next(pruneHistoryStep).next(pruneIdempotencyStep).build();
  }

  @Bean
  public Step pruneIdempotencyStep(JobRepository jobRepository, JdbcTransactionManager transactionManager, Tasklet pruneIdempotency) {
    return new StepBuilder("housekeeping.pruneIdempotency", jobRepository)
        .tasklet(pruneIdempotency, transactionManager)
        .build();
  }

  /**
   * The approval API's Idempotency-Keys and their stored responses older than {@code keel.api.idempotency-retention}:
   * a repeat later than that is a new request (and a repeated decision still answers the first result).
   */
  @Bean
  @StepScope
  public Tasklet pruneIdempotency(Jdbi jdbi, @Value("#{jobParameters['cycle']}") String cycle, ApiSettings api) {
    Instant before = Cycle.parse(cycle).minus(api.idempotencyRetention());
    return (contribution, chunk) -> {
      contribution.incrementWriteCount(jdbi.withHandle(h -> dev.keel.persistence.api.IdempotencyDao.prune(h, before)));
      return RepeatStatus.FINISHED;
    };
  }

  @Bean
  public Step pruneHistoryStep(JobRepository jobRepository, JdbcTransactionManager transactionManager, Tasklet pruneHistory) {
    return new StepBuilder("housekeeping.pruneHistory", jobRepository)
        .tasklet(pruneHistory, transactionManager)
        .build();
  }

  /**
   * Scan outcomes and tallies older than {@code keel.retention.scan-outcome-hours}, market and venue snapshots older
   * than {@code keel.retention.snapshot-days} (the scan's usual-cost rule looks four weeks back). In batches, one transaction each, so the first prune of a database with
   * weeks of history neither holds one enormous transaction nor blocks the next cycle's writes for long.
   */
  @Bean
  @StepScope
  public Tasklet pruneHistory(Jdbi jdbi, @Value("#{jobParameters['cycle']}") String cycle, RetentionSettings retention) {
    HistoryPruner pruner = new HistoryPruner(jdbi, retention.scanOutcomes(), retention.snapshots());
    Instant now = Cycle.parse(cycle);
    return (contribution, chunk) -> {
      HistoryPruner.Batch batch = pruner.pruneBatch(now, HistoryPruner.BATCH_ROWS);
      contribution.incrementWriteCount(batch.deleted());
      return batch.more() ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
    };
  }

  @Bean
  public Step expireProposalsStep(JobRepository jobRepository, JdbcTransactionManager transactionManager, Tasklet expireProposals) {
    return new StepBuilder("housekeeping.expireProposals", jobRepository)
        .tasklet(expireProposals, transactionManager)
        .build();
  }

  @Bean
  @StepScope
  public Tasklet expireProposals(Jdbi jdbi, @Value("#{jobParameters['cycle']}") String cycle) {
    Instant now = Cycle.parse(cycle);
    dev.keel.persistence.proposal.ProposalDao proposals = new dev.keel.persistence.proposal.ProposalDao(jdbi);
    return (contribution, chunk) -> {
      int expired = proposals.expireLapsed(now);
      contribution.incrementWriteCount(expired);
      return RepeatStatus.FINISHED;
    };
  }
}
