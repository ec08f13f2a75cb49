package dev.keel.jobs.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * A chunk whose transaction fails after its items were written (the connection dropped before the job repository's
 * update and the commit, as in a database failover): the chunk rolls back, and a restart begins at that chunk, so every
 * item is written once (FAULTS B4).
 */
class ChunkStateGuardIT {

  private static final Instant CYCLE = Instant.parse("2026-11-24T10:00:00Z");
  /** The chunk, counted from 1, whose connection is dropped after its writes; 0: none. */
  static final AtomicInteger DROP_AFTER_CHUNK = new AtomicInteger();

  private static AnnotationConfigApplicationContext ctx;
  private final TestDatabase db = TestDatabase.get();

  @Configuration(proxyBeanMethods = false)
  static class TenItems {
    @Bean
    Job guardedJob(JobRepository repository, JdbcTransactionManager tm, JdbcCursorItemReader<Integer> guardedItems,
                   ItemWriter<Integer> guardedWriter) {
      return new JobBuilder("guardedJob", repository)
          .start(new StepBuilder("guardedJob.items", repository).<Integer, Integer>chunk(2).transactionManager(tm)
              .reader(guardedItems).writer(guardedWriter).listener(ChunkStateGuard.INSTANCE).build())
          .build();
    }

    @Bean
    @StepScope
    JdbcCursorItemReader<Integer> guardedItems(DataSource dataSource) {
      return new JdbcCursorItemReaderBuilder<Integer>().name("guardedJob.items").dataSource(dataSource)
          .sql("SELECT i FROM generate_series(1, 10) i ORDER BY i").rowMapper((rs, n) -> rs.getInt(1)).build();
    }

    @Bean
    ItemWriter<Integer> guardedWriter(DataSource dataSource) {
      JdbcTemplate jdbc = new JdbcTemplate(dataSource);
      AtomicInteger chunks = new AtomicInteger();
      return items -> {
        for (Integer i : items) {
          jdbc.update("INSERT INTO guarded_item (item) VALUES (?)", i);
        }
        if (chunks.incrementAndGet() == DROP_AFTER_CHUNK.get()) {
          java.sql.Connection chunk = DataSourceUtils.getConnection(dataSource);
          try (java.sql.Statement s = chunk.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            int pid = rs.getInt(1);
            try (java.sql.Connection other = dataSource.getConnection(); java.sql.Statement k = other.createStatement()) {
              k.execute("SELECT pg_terminate_backend(" + pid + ")");
            }
          } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
          } finally {
            DataSourceUtils.releaseConnection(chunk, dataSource);
          }
        }
      };
    }
  }

  @BeforeAll
  static void start() {
    ctx = JobsTestContext.start(TenItems.class);
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @BeforeEach
  void clean() {
    db.reset();
    db.jdbi().useHandle(h -> h.execute("DROP TABLE IF EXISTS guarded_item; CREATE TABLE guarded_item (item INT NOT NULL)"));
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void a_chunk_whose_connection_drops_after_its_writes_rolls_back_and_a_restart_writes_it_once() {
    CycleLauncher launcher = ctx.getBean(CycleLauncher.class);
    DROP_AFTER_CHUNK.set(3);
    LaunchOutcome failed = launcher.launch("guardedJob", CYCLE);
    assertThat(failed.status()).as(failed.message()).isEqualTo("FAILED");
    assertThat(count("SELECT count(*) FROM guarded_item")).as("chunks 1 and 2 committed, 3 rolled back").isEqualTo(4);

    DROP_AFTER_CHUNK.set(0);
    LaunchOutcome restarted = launcher.launch("guardedJob", CYCLE, true);
    assertThat(restarted.ranAndCompleted()).as(restarted.message()).isTrue();
    assertThat(count("SELECT count(*) FROM guarded_item")).isEqualTo(10);
    assertThat(count("SELECT count(DISTINCT item) FROM guarded_item")).as("none lost, none twice").isEqualTo(10);
  }
}
