package dev.keel.ops.nodes;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * A job for the node tests, added to a {@code keel run} child JVM with {@code -Dspring.main.sources}: it writes items
 * 1..40 of its cycle, two per chunk, each chunk held for {@code slowjob.chunk-millis}, so a test can stop or kill a node
 * in the middle of it and then count each cycle's rows: exactly 40, none twice.
 */
@Configuration(proxyBeanMethods = false)
public class SlowTestJobConfig {

  public static final String JOB = "slowTestJob";
  public static final int ITEMS = 40;

  @Bean
  public Job slowTestJob(JobRepository repository, JdbcTransactionManager tm, JdbcCursorItemReader<Integer> slowTestItems,
                         ItemWriter<Integer> slowTestWriter, DataSource dataSource) {
    return new JobBuilder(JOB, repository)
        .start(new StepBuilder(JOB + ".table", repository).tasklet((contribution, chunk) -> {
          new JdbcTemplate(dataSource).execute("CREATE TABLE IF NOT EXISTS slow_test_item (cycle TEXT NOT NULL, item INT NOT NULL,"
              + " pid BIGINT NOT NULL)");
          return RepeatStatus.FINISHED;
        }, tm).build())
        .next(new StepBuilder(JOB + ".items", repository).<Integer, Integer>chunk(2)
            .transactionManager(tm).reader(slowTestItems).writer(slowTestWriter)
            .listener(dev.keel.jobs.batch.ChunkStateGuard.INSTANCE).build())
        .build();
  }

  @Bean
  @StepScope
  public JdbcCursorItemReader<Integer> slowTestItems(DataSource dataSource) {
    return new JdbcCursorItemReaderBuilder<Integer>().name("slowTestJob.items").dataSource(dataSource)
        .sql("SELECT i FROM generate_series(1, " + ITEMS + ") i ORDER BY i").rowMapper((rs, n) -> rs.getInt(1)).build();
  }

  @Bean
  @StepScope
  public ItemWriter<Integer> slowTestWriter(DataSource dataSource, @Value("#{jobParameters['cycle']}") String cycle,
                                            @Value("${slowjob.chunk-millis:300}") long chunkMillis) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    long pid = ProcessHandle.current().pid();
    return items -> {
      for (Integer i : items) {
        jdbc.update("INSERT INTO slow_test_item (cycle, item, pid) VALUES (?, ?, ?)", cycle, i, pid);
      }
      LockSupport.parkNanos(Duration.ofMillis(chunkMillis).toNanos());
    };
  }
}
