package dev.keel.jobs.scan;

import dev.keel.domain.portfolio.CycleMarket;
import dev.keel.domain.portfolio.DriftScan;
import dev.keel.domain.portfolio.PortfolioPosition;
import dev.keel.domain.portfolio.ScanResult;
import dev.keel.domain.regime.RegimeConfig;
import dev.keel.jobs.batch.Cycle;
import dev.keel.persistence.scan.ScanDao;
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
import org.slf4j.MDC;
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
 * partition), scans each portfolio against the cycle's market and writes outcomes and proposals
 * in chunks. Partitions run in parallel; a failed one restarts alone from its last commit, and
 * every write is keyed by (cycle, portfolio), so nothing is written twice.
 */
@Configuration(proxyBeanMethods = false)
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
  public CycleMarketLoader cycleMarketLoader(ScanDao dao,
                                             @Value("${keel.snapshot.max-age-seconds:180}") long maxAgeSeconds,
                                             @Value("${keel.scan.proposal-ttl-hours:24}") long ttlHours,
                                             @Value("${keel.scan.covariance-days:365}") int covarianceDays,
                                             @Value("${keel.scan.tracking-horizon-days:30}") int horizonDays,
                                             @Value("${keel.scan.cost-window-minutes:60}") long costWindowMinutes,
                                             ObjectProvider<RegimeConfig> regimeConfig) {
    return new CycleMarketLoader(dao, Duration.ofSeconds(maxAgeSeconds), Duration.ofHours(ttlHours), covarianceDays,
        regimeConfig.getIfAvailable(() -> RegimeConfig.DEFAULT).maxBandHalfWidth(), horizonDays / 365.0,
        Duration.ofMinutes(costWindowMinutes));
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
  public Partitioner portfolioRangePartitioner(ScanDao dao) {
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
                                  @Value("${keel.scan.grid-size:0}") int gridSize,
                                  @Value("${keel.scan.threads:0}") int threads) {
    int cores = Runtime.getRuntime().availableProcessors();
    SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("scan-");
    executor.setConcurrencyLimit(threads > 0 ? threads : cores);
    return new StepBuilder("scanToleranceBands", jobRepository)
        .partitioner("scanToleranceBands.worker", portfolioRangePartitioner)
        .step(scanWorkerStep)
        .gridSize(gridSize > 0 ? gridSize : 2 * cores)
        .taskExecutor(executor)
        .build();
  }

  @Bean
  public Step scanWorkerStep(JobRepository jobRepository, JdbcTransactionManager transactionManager,
                             JdbcCursorItemReader<PortfolioPosition> scanReader, ScanProcessor scanProcessor,
                             ScanWriter scanWriter, @Value("${keel.scan.chunk-size:500}") int chunkSize) {
    return new StepBuilder("scanToleranceBands.worker", jobRepository)
        .<PortfolioPosition, ScanResult>chunk(chunkSize)
        .transactionManager(transactionManager)
        .reader(scanReader)
        .processor(scanProcessor)
        .writer(scanWriter)
        .listener(dev.keel.jobs.batch.ChunkStateGuard.INSTANCE)
        .listener(new StepExecutionListener() {
          @Override
          public void beforeStep(StepExecution stepExecution) {
            MDC.put("job", JOB);
            MDC.put("partition", "/" + stepExecution.getStepName());
          }

          @Override
          public ExitStatus afterStep(StepExecution stepExecution) {
            MDC.remove("partition");
            return stepExecution.getExitStatus();
          }
        })
        .build();
  }

  @Bean
  @StepScope
  public JdbcCursorItemReader<PortfolioPosition> scanReader(DataSource dataSource,
                                                            @Value("#{stepExecutionContext['minId']}") Long minId,
                                                            @Value("#{stepExecutionContext['maxId']}") Long maxId,
                                                            @Value("${keel.scan.fetch-size:1000}") int fetchSize,
                                                            @Value("#{jobParameters['cycle']}") String cycle) {
    java.sql.Timestamp at = java.sql.Timestamp.from(Cycle.parse(cycle));
    JdbcCursorItemReader<PortfolioPosition> reader = new JdbcCursorItemReaderBuilder<PortfolioPosition>()
        .name("scanToleranceBands.reader")
        .dataSource(dataSource)
        .sql(ScanDao.PORTFOLIOS_SQL)
        .preparedStatementSetter(ps -> {
          ps.setLong(1, minId); // targets
          ps.setLong(2, maxId);
          ps.setLong(3, minId); // holdings
          ps.setLong(4, maxId);
          ps.setLong(5, minId); // the open proposal, of any cycle: waiting or approved before its expiry, or executing
          ps.setLong(6, maxId);
          ps.setTimestamp(7, at);
          ps.setLong(8, minId); // portfolios
          ps.setLong(9, maxId);
        })
        .rowMapper((rs, n) -> ScanDao.position(rs))
        .fetchSize(fetchSize)
        .connectionAutoCommit(false)
        .verifyCursorPosition(false)
        .saveState(true)
        .build();
    return reader;
  }

  @Bean
  @StepScope
  public ScanProcessor scanProcessor(CycleMarkets markets, @Value("#{jobParameters['cycle']}") String cycle) {
    return new ScanProcessor(DriftScan.DEFAULT, markets.get(Cycle.parse(cycle)));
  }

  @Bean
  @StepScope
  public ScanWriter scanWriter(ScanDao dao, Clock clock, ObjectProvider<ScanWriteHook> hook,
                               @Value("#{jobParameters['cycle']}") String cycle,
                               @Value("#{stepExecution.stepName}") String stepName,
                               @Value("${keel.scan.actionable-minutes:15}") long actionableMinutes) {
    return new ScanWriter(dao, clock, Cycle.parse(cycle), stepName, hook.getIfAvailable(() -> (p, r) -> { }),
        Duration.ofMinutes(actionableMinutes));
  }

  /** Scans one portfolio against the cycle's market. */
  public static class ScanProcessor implements ItemProcessor<PortfolioPosition, ScanResult> {
    private final DriftScan scan;
    private final CycleMarket market;

    ScanProcessor(DriftScan scan, CycleMarket market) {
      this.scan = scan;
      this.market = market;
    }

    @Override
    public ScanResult process(PortfolioPosition position) {
      return scan.scan(position, market);
    }
  }

  /** Writes one chunk's outcomes, proposals, trades and notifications in the chunk's transaction. */
  public static class ScanWriter implements ItemWriter<ScanResult> {
    private final ScanDao dao;
    private final Clock clock;
    private final Instant cycle;
    private final String partition;
    private final ScanWriteHook hook;
    private final Duration actionableFor;

    ScanWriter(ScanDao dao, Clock clock, Instant cycle, String partition, ScanWriteHook hook, Duration actionableFor) {
      this.dao = dao;
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
      dao.write(cycle, clock.instant(), cycle.plus(actionableFor), results);
    }
  }
}
