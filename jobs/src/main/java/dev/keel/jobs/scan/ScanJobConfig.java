package dev.keel.jobs.scan;

import dev.keel.domain.portfolio.CycleMarket;
import dev.keel.domain.portfolio.DriftScan;
import dev.keel.domain.portfolio.PortfolioPosition;
import dev.keel.domain.portfolio.ScanResult;
import dev.keel.jobs.batch.Cycle;
import dev.keel.jobs.metrics.KeelMeters;
import dev.keel.jobs.regime.RegimeSettings;
import dev.keel.jobs.snapshot.SnapshotSettings;
import dev.keel.persistence.scan.CycleMarketDao;
import dev.keel.persistence.scan.ScanDao;
import dev.keel.persistence.scan.ScanPortfolios;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * scanToleranceBandsJob. A partitioner splits the active portfolio ids into ranges; each worker
 * streams its range in id order through a named cursor reader (fetch size, one query per
 * partition), scans each portfolio against the cycle's market and writes, per chunk, the outcomes that decided
 * something, a tally accounting for every portfolio of the chunk, and the proposals. Partitions run in parallel; a
 * failed one restarts alone from its last commit, and a rerun chunk leaves out what a committed tally holds, so nothing
 * is written or counted twice.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.context.properties.EnableConfigurationProperties({ScanSettings.class, SnapshotSettings.class,
    RegimeSettings.class})
public class ScanJobConfig {

  public static final String JOB = "scanToleranceBandsJob";
  static final String MIN_ID = "minId";
  static final String MAX_ID = "maxId";
  private static final Logger log = LoggerFactory.getLogger(ScanJobConfig.class);

  @Bean
  public ScanDao scanDao(Jdbi jdbi) {
    return new ScanDao(jdbi);
  }

  @Bean
  public ScanPortfolios scanPortfolios(Jdbi jdbi) {
    return new ScanPortfolios(jdbi);
  }

  @Bean
  public CycleMarketDao cycleMarketDao(Jdbi jdbi) {
    return new CycleMarketDao(jdbi);
  }

  @Bean
  public CycleMarketLoader cycleMarketLoader(CycleMarketDao dao, ScanSettings scan, SnapshotSettings snapshot,
                                             RegimeSettings regime) {
    return new CycleMarketLoader(dao, snapshot.maxAge(), scan.proposalTtl(), scan.covarianceDays(), regime.maxBandHalfWidth(),
        scan.trackingHorizonYears(), scan.costWindow());
  }

  /** The cycle's market, built once per cycle and shared by its partitions. */
  @Bean
  public CycleMarkets cycleMarkets(CycleMarketLoader loader) {
    return new CycleMarkets(loader);
  }

  /** Holds the market of the cycles being scanned. */
  public static final class CycleMarkets {
    private final CycleMarketLoader loader;
    private final Map<Instant, CycleMarket> byCycle = new ConcurrentHashMap<>();

    CycleMarkets(CycleMarketLoader loader) {
      this.loader = loader;
    }

    public CycleMarket get(Instant cycle) {
      return byCycle.computeIfAbsent(cycle, loader::load);
    }

    void release(Instant cycle) {
      byCycle.remove(cycle);
    }
  }

  @Bean
  public Job scanToleranceBandsJob(JobRepository jobRepository, Step scanPartitionedStep, CycleMarkets markets, ScanDao dao) {
    return new JobBuilder(JOB, jobRepository)
        .listener(new JobExecutionListener() {
          @Override
          public void afterJob(JobExecution execution) {
            Instant cycle = Cycle.parse(execution.getJobParameters().getString(Cycle.PARAMETER));
            markets.release(cycle);
            Map<String, Long> counts = dao.outcomeCounts(cycle);
            log.info("{} cycle {}: {}", JOB, cycle, counts);
            execution.setExitStatus(execution.getExitStatus().addExitDescription("outcomes " + counts));
          }
        })
        .start(scanPartitionedStep)
        .build();
  }

  @Bean
  public Partitioner portfolioRangePartitioner(ScanPortfolios dao) {
    return gridSize -> {
      Map<String, ExecutionContext> partitions = new HashMap<>();
      long[] range = dao.idRange();
      if (range == null) {
        ExecutionContext empty = new ExecutionContext();
        empty.putLong(MIN_ID, 1);
        empty.putLong(MAX_ID, 0);
        partitions.put("partition0", empty);
        return partitions;
      }
      long span = range[1] - range[0] + 1;
      long size = Math.max(1, (span + gridSize - 1) / gridSize);
      int i = 0;
      for (long lo = range[0]; lo <= range[1]; lo += size, i++) {
        ExecutionContext ctx = new ExecutionContext();
        ctx.putLong(MIN_ID, lo);
        ctx.putLong(MAX_ID, Math.min(range[1], lo + size - 1));
        partitions.put("partition" + i, ctx);
      }
      return partitions;
    };
  }

  @Bean
  public Step scanPartitionedStep(JobRepository jobRepository, Partitioner portfolioRangePartitioner, Step scanWorkerStep,
                                  ScanSettings scan) {
    int cores = Runtime.getRuntime().availableProcessors();
    SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("scan-");
    executor.setConcurrencyLimit(scan.concurrency(cores));
    return new StepBuilder("scanToleranceBands", jobRepository)
        .partitioner("scanToleranceBands.worker", portfolioRangePartitioner)
        .step(scanWorkerStep)
        .gridSize(scan.partitions(cores))
        .taskExecutor(executor)
        .build();
  }

  @Bean
  public Step scanWorkerStep(JobRepository jobRepository, JdbcTransactionManager transactionManager,
                             JdbcCursorItemReader<PortfolioPosition> scanReader, ScanProcessor scanProcessor,
                             ScanWriter scanWriter, ScanSettings scan) {
    return new StepBuilder("scanToleranceBands.worker", jobRepository)
        .<PortfolioPosition, ScanResult>chunk(scan.chunkSize())
        .transactionManager(transactionManager)
        .reader(scanReader)
        .processor(scanProcessor)
        .writer(scanWriter)
        .listener(dev.keel.jobs.launch.CycleMdc.forStep(true))
        .listener(dev.keel.jobs.batch.ChunkStateGuard.INSTANCE)
        .build();
  }

  @Bean
  @StepScope
  public JdbcCursorItemReader<PortfolioPosition> scanReader(DataSource dataSource, ScanPortfolios dao,
                                                            @Value("#{stepExecutionContext['minId']}") Long minId,
                                                            @Value("#{stepExecutionContext['maxId']}") Long maxId,
                                                            ScanSettings scan,
                                                            @Value("#{jobParameters['cycle']}") String cycle,
                                                            @Value("#{stepExecution.stepName}") String stepName) {
    Instant at = Cycle.parse(cycle);
    // a restarted partition reads on after what its committed chunks account for, by portfolio id: nothing is skipped
    // or read twice when a portfolio was deactivated or added in between (a reader restarting by its row count would)
    long from = dao.accountedUpTo(at, stepName).stream().map(last -> Math.max(minId, last + 1)).findFirst().orElse(minId);
    ScanPortfolios.PortfolioQuery query = ScanPortfolios.portfolios(from, maxId, at);
    return new JdbcCursorItemReaderBuilder<PortfolioPosition>()
        .name("scanToleranceBands.reader")
        .dataSource(dataSource)
        .sql(query.sql())
        .preparedStatementSetter(new org.springframework.jdbc.core.ArgumentPreparedStatementSetter(query.arguments()))
        .rowMapper((rs, n) -> ScanPortfolios.position(rs))
        .fetchSize(scan.fetchSize())
        .connectionAutoCommit(false)
        .verifyCursorPosition(false)
        .saveState(false)
        .build();
  }

  @Bean
  @StepScope
  public ScanProcessor scanProcessor(CycleMarkets markets, ObjectProvider<KeelMeters> meters,
                                     @Value("#{jobParameters['cycle']}") String cycle) {
    return new ScanProcessor(DriftScan.DEFAULT, markets.get(Cycle.parse(cycle)), meters.getIfAvailable(KeelMeters::global));
  }

  @Bean
  @StepScope
  public ScanWriter scanWriter(ScanDao dao, Clock clock, ObjectProvider<ScanWriteHook> hook,
                               @Value("#{jobParameters['cycle']}") String cycle,
                               @Value("#{stepExecution.stepName}") String stepName,
                               @Value("#{stepExecutionContext['minId']}") Long minId, ScanSettings scan) {
    return new ScanWriter(dao, clock, Cycle.parse(cycle), stepName, minId, hook.getIfAvailable(() -> (p, r) -> { }),
        scan.actionable());
  }

  /**
   * Scans one portfolio against the cycle's market, counted by outcome; the scan of a breached portfolio that reached
   * the optimiser is timed as its solve. A chunk rolled back and processed again is counted again.
   */
  public static class ScanProcessor implements ItemProcessor<PortfolioPosition, ScanResult> {
    private final DriftScan scan;
    private final CycleMarket market;
    private final KeelMeters meters;

    ScanProcessor(DriftScan scan, CycleMarket market, KeelMeters meters) {
      this.scan = scan;
      this.market = market;
      this.meters = meters;
    }

    @Override
    public ScanResult process(PortfolioPosition position) {
      long t0 = System.nanoTime();
      ScanResult result = scan.scan(position, market);
      boolean solved = result instanceof ScanResult.Proposal || result instanceof ScanResult.NoTrade
          || result instanceof ScanResult.Skipped s && s.reason() == ScanResult.Reason.OPTIMIZATION_FAILED;
      if (solved) {
        meters.solved(Duration.ofNanos(System.nanoTime() - t0));
      }
      meters.scanned(result.outcome(), solved || result instanceof ScanResult.AwaitingDecision);
      return result;
    }
  }

  /** Writes one chunk's outcomes, tally, proposals, trades and notifications in the chunk's transaction. */
  public static class ScanWriter implements ItemWriter<ScanResult> {
    private final ScanDao dao;
    private final Clock clock;
    private final Instant cycle;
    private final String partition;
    private final long partitionFirstId;
    private final ScanWriteHook hook;
    private final Duration actionableFor;

    ScanWriter(ScanDao dao, Clock clock, Instant cycle, String partition, long partitionFirstId, ScanWriteHook hook,
               Duration actionableFor) {
      this.dao = dao;
      this.partitionFirstId = partitionFirstId;
      this.clock = clock;
      this.cycle = cycle;
      this.partition = partition;
      this.hook = hook;
      this.actionableFor = actionableFor;
    }

    @Override
    public void write(Chunk<? extends ScanResult> chunk) {
      var results = new ArrayList<ScanResult>(chunk.getItems());
      hook.beforeWrite(partition, results);
      dao.write(cycle, clock.instant(), cycle.plus(actionableFor), partition, partitionFirstId, results);
    }
  }
}
