package dev.keel.jobs.scan;

import static dev.keel.jobs.scan.ScanFixtures.CYCLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.portfolio.ScanResult;
import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The drift scan end to end on PostgreSQL: outcomes, proposals, faults and restarts (FAULTS B1, M1–M4). */
class ScanJobIT {

  static final AtomicBoolean FAIL_ONCE = new AtomicBoolean();
  static final AtomicBoolean DROP_CONNECTION_ONCE = new AtomicBoolean();
  static volatile boolean slow;
  static volatile String failPartition = "";
  private static AnnotationConfigApplicationContext ctx;
  private static CycleLauncher launcher;
  private final TestDatabase db = TestDatabase.get();

  @Configuration(proxyBeanMethods = false)
  static class FailingWrites {
    @Bean
    ScanWriteHook scanWriteHook(javax.sql.DataSource dataSource) {
      return (partition, results) -> {
        if (slow) {
          java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        if (partition.endsWith(failPartition) && FAIL_ONCE.compareAndSet(true, false)) {
          throw new IllegalStateException("injected write failure in " + partition);
        }
        if (partition.endsWith(failPartition) && DROP_CONNECTION_ONCE.compareAndSet(true, false)) {
          dropChunkConnection(dataSource);
        }
      };
    }

    /** Kills the PostgreSQL backend of this chunk's own transaction, as a network failure would (FAULTS B4). */
    static void dropChunkConnection(javax.sql.DataSource dataSource) {
      java.sql.Connection chunk = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource);
      try (java.sql.Statement s = chunk.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        int pid = rs.getInt(1);
        try (java.sql.Connection other = dataSource.getConnection(); java.sql.Statement k = other.createStatement()) {
          k.execute("SELECT pg_terminate_backend(" + pid + ")");
        }
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      } finally {
        org.springframework.jdbc.datasource.DataSourceUtils.releaseConnection(chunk, dataSource);
      }
    }
  }

  @BeforeAll
  static void start() {
    System.setProperty("keel.scan.chunk-size", "7");
    System.setProperty("keel.scan.grid-size", "3");
    ctx = JobsTestContext.start(ScanJobConfig.class, FailingWrites.class);
    launcher = ctx.getBean(CycleLauncher.class);
  }

  @AfterAll
  static void stop() {
    ctx.close();
    System.clearProperty("keel.scan.chunk-size");
    System.clearProperty("keel.scan.grid-size");
  }

  @BeforeEach
  void clean() {
    db.reset();
    FAIL_ONCE.set(false);
    DROP_CONNECTION_ONCE.set(false);
    slow = false;
    launcher.resume();
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private Map<String, Object> outcome(long portfolio) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT outcome, reason, detail FROM scan_outcome WHERE portfolio_id = :p")
        .bind("p", portfolio).mapToMap().one());
  }

  private static final Map<String, Double> T6040 = Map.of("BTC", 0.6, "ETH", 0.4);

  @Test
  void golden_cycle_gives_exactly_the_expected_outcomes_and_proposals() {
    ScanFixtures.freshMarket(db, CYCLE);
    ScanFixtures.portfolio(db, 1, "STANDARD", T6040, Map.of("BTC", 0.61, "ETH", 0.39), 20_000);       // inside the band
    ScanFixtures.portfolio(db, 2, "STANDARD", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 20_000); // breach
    ScanFixtures.portfolio(db, 3, "PREMIUM", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 20_000);  // breach, premium
    ScanFixtures.portfolio(db, 4, "STANDARD", Map.of("BTC", 0.6, "ETH", 0.3), Map.of("BTC", 0.6, "ETH", 0.4), 20_000); // sum 0.9
    ScanFixtures.portfolio(db, 5, "STANDARD", Map.of("SOL", 0.5, "ETH", 0.5), Map.of("SOL", 0.5, "ETH", 0.5), 20_000);
    ScanFixtures.portfolio(db, 6, "STANDARD", Map.of("DOGE", 0.5, "ETH", 0.5), Map.of("DOGE", 0.5, "ETH", 0.5), 20_000);
    db.jdbi().useHandle(h -> {
      ScanFixtures.snapshot(h, "SOL", CYCLE, CYCLE.minus(Duration.ofMinutes(20)), "OK", 86.93, null);        // stale (M1)
      ScanFixtures.snapshot(h, "DOGE", CYCLE, CYCLE, "QUARANTINED", 0, "CROSSED_BOOK: bid above ask");      // bad price (M2)
    });

    LaunchOutcome run = launcher.launch(ScanJobConfig.JOB, CYCLE);
    assertThat(run.ranAndCompleted()).as(run.message()).isTrue();

    assertThat(count("SELECT count(*) FROM scan_outcome")).isEqualTo(6);
    assertThat(outcome(1).get("outcome")).isEqualTo("NO_BREACH");
    assertThat(outcome(2).get("outcome")).isEqualTo("PROPOSAL");
    assertThat(outcome(3).get("outcome")).isEqualTo("PROPOSAL");
    assertThat(outcome(4)).containsEntry("outcome", "SKIPPED").containsEntry("reason", "INVALID_TARGET");
    assertThat(outcome(5)).containsEntry("outcome", "SKIPPED").containsEntry("reason", "STALE_MARKET");
    assertThat((String) outcome(5).get("detail")).contains("2026-11-24T09:40:00Z");
    assertThat(outcome(6)).containsEntry("outcome", "SKIPPED").containsEntry("reason", "BAD_PRICE");
    assertThat((String) outcome(6).get("detail")).contains("bid above ask");

    assertThat(count("SELECT count(*) FROM proposal")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM proposal WHERE portfolio_id IN (4, 5, 6)")).as("no proposal for a skipped portfolio").isZero();
    Map<String, Object> standard = db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM proposal WHERE portfolio_id = 2").mapToMap().one());
    assertThat(standard.get("status")).isEqualTo("PROPOSED");
    assertThat(standard.get("tier_at_creation")).isEqualTo("STANDARD");
    assertThat(standard.get("cost_venue")).isEqualTo("paper-a");
    assertThat(standard.get("drift_before").toString()).contains("\"BTC\"").contains("band");
    assertThat(standard.get("regime").toString()).contains("NORMAL");
    assertThat(((Number) standard.get("tracking_error_after")).doubleValue())
        .isLessThan(((Number) standard.get("tracking_error_before")).doubleValue());
    Map<String, Object> premium = db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM proposal WHERE portfolio_id = 3").mapToMap().one());
    assertThat(premium.get("status")).isEqualTo("APPROVED");
    assertThat(premium.get("decided_by")).isEqualTo("keel:auto-premium");
    List<String> trades = db.jdbi().withHandle(h -> h.createQuery("SELECT t.side || ' ' || t.asset FROM proposal_trade t"
        + " JOIN proposal p ON p.id = t.proposal_id WHERE p.portfolio_id = 2 ORDER BY t.id").mapTo(String.class).list());
    assertThat(trades).first().isEqualTo("SELL BTC");
    assertThat(trades).contains("BUY ETH");
    assertThat(count("SELECT count(*) FROM notification WHERE kind = 'PROPOSAL_READY'")).as("standard tier is told").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM proposal_trade WHERE notional < 5")).as("nothing below the venue minimum").isZero();

    // the analysts' views read the same cycle
    assertThat(count("SELECT count(*) FROM report_latest_proposals")).isEqualTo(count("SELECT count(*) FROM proposal_trade"));
    assertThat(count("SELECT count(DISTINCT proposal_id) FROM report_latest_proposals WHERE status = 'APPROVED'")).isEqualTo(1);
    assertThat(count("SELECT round(sum(percent)) FROM report_scan_outcomes")).isEqualTo(100);
    assertThat(count("SELECT portfolios FROM report_scan_outcomes WHERE outcome = 'SKIPPED' AND reason = 'STALE_MARKET'")).isEqualTo(1);
    assertThat(count("SELECT portfolios FROM report_drift_distribution"))
        .isEqualTo(count("SELECT count(*) FROM scan_outcome WHERE max_drift IS NOT NULL"));
  }

  @Test
  void a_breached_portfolio_with_an_open_proposal_gets_no_second_one_until_that_one_expires() {
    Instant next = CYCLE.plus(Duration.ofMinutes(1));
    Instant dayLater = CYCLE.plus(Duration.ofHours(25));
    for (Instant c : List.of(CYCLE, next, dayLater)) {
      ScanFixtures.freshMarket(db, c);
    }
    ScanFixtures.portfolio(db, 1, "STANDARD", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 20_000);
    ScanFixtures.portfolio(db, 2, "PREMIUM", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 20_000);
    launcher.launch(ScanJobConfig.JOB, CYCLE);
    launcher.launch(ScanJobConfig.JOB, next);
    Map<String, Object> waiting = db.jdbi().withHandle(h -> h.createQuery("SELECT outcome, detail FROM scan_outcome"
        + " WHERE portfolio_id = 1 AND cycle = :c").bind("c", next).mapToMap().one());
    assertThat(waiting.get("outcome")).isEqualTo("AWAITING_DECISION");
    assertThat((String) waiting.get("detail")).contains("PROPOSED").contains("expires 2026-11-25T10:00:00Z");
    assertThat(count("SELECT count(*) FROM scan_outcome WHERE portfolio_id = 2 AND outcome = 'AWAITING_DECISION'"))
        .as("an approved proposal not yet executed is open too").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM proposal")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM notification")).as("the investor is told once").isEqualTo(1);

    launcher.launch(ScanJobConfig.JOB, dayLater); // the standard proposal expired after 24 hours; the premium one stays open
    assertThat(count("SELECT count(*) FROM proposal WHERE portfolio_id = 1")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM proposal WHERE portfolio_id = 2")).isEqualTo(1);
  }

  @Test
  void one_noisy_book_does_not_move_a_proposals_cost_the_median_of_the_window_does() {
    for (int m = 3; m >= 1; m--) {
      ScanFixtures.freshMarket(db, CYCLE.minus(Duration.ofMinutes(m)));
    }
    ScanFixtures.freshMarket(db, CYCLE);
    db.jdbi().useHandle(h -> ScanFixtures.snapshot(h, "BTC", CYCLE, CYCLE, "OK", 78657.55, null, 400)); // one wild book
    ScanFixtures.portfolio(db, 1, "STANDARD", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 20_000);
    assertThat(launcher.launch(ScanJobConfig.JOB, CYCLE).ranAndCompleted()).isTrue();
    double btcCostBps = db.jdbi().withHandle(h -> h.createQuery("SELECT cost_bps FROM proposal_trade WHERE asset = 'BTC'")
        .mapTo(Double.class).one());
    assertThat(btcCostBps).as("half of the 4 bps median spread plus the 10 bps fee, not half of 400 bps").isLessThan(15);
  }

  @Test
  void every_portfolio_gets_exactly_one_outcome_and_a_rerun_writes_nothing_twice() {
    ScanFixtures.freshMarket(db, CYCLE);
    ScanFixtures.population(db, 300, 5);
    assertThat(launcher.launch(ScanJobConfig.JOB, CYCLE).ranAndCompleted()).isTrue();
    long portfolios = count("SELECT count(*) FROM portfolio");
    assertThat(count("SELECT count(*) FROM scan_outcome")).isEqualTo(portfolios);
    assertThat(count("SELECT count(*) FROM scan_outcome WHERE outcome = 'PROPOSAL'")).isEqualTo(count("SELECT count(*) FROM proposal"));
    String first = ScanFixtures.scanFingerprint(db, CYCLE);
    assertThat(launcher.launch(ScanJobConfig.JOB, CYCLE).kind()).isEqualTo(LaunchOutcome.Kind.ALREADY_COMPLETE);
    // the same work done again by hand (as a crashed writer's retry would) changes nothing
    ScanJobConfig.CycleMarkets markets = ctx.getBean(ScanJobConfig.CycleMarkets.class);
    List<ScanResult> again = db.jdbi().withHandle(h -> h.createQuery(dev.keel.persistence.scan.ScanDao.PORTFOLIOS_SQL
            .replaceFirst("\\?", "'" + CYCLE + "'").replaceFirst("\\?", "'" + CYCLE + "'").replace("?", "%d")
            .formatted(0L, Long.MAX_VALUE)).map((rs, c) -> dev.keel.persistence.scan.ScanDao.position(rs)).list())
        .stream().map(p -> dev.keel.domain.portfolio.DriftScan.DEFAULT.scan(p, markets.get(CYCLE))).toList();
    ctx.getBean(dev.keel.persistence.scan.ScanDao.class).write(CYCLE, CYCLE, again);
    assertThat(ScanFixtures.scanFingerprint(db, CYCLE)).isEqualTo(first);
  }

  @Test
  void a_writer_failing_once_in_one_partition_fails_it_alone_and_a_restart_completes_it_without_duplicates() {
    Instant faulty = CYCLE.plus(Duration.ofMinutes(1));
    List<String> expected = ScanFixtures.uninterruptedRun(db, launcher, 200, 11, CYCLE, faulty);

    failPartition = "partition1";
    FAIL_ONCE.set(true);
    LaunchOutcome failed = launcher.launch(ScanJobConfig.JOB, faulty);
    assertThat(failed.status()).isEqualTo("FAILED");
    List<Map<String, Object>> steps = db.jdbi().withHandle(h -> h.createQuery("SELECT step_name, status FROM batch_step_execution"
        + " WHERE job_execution_id = :e AND step_name LIKE '%partition%' ORDER BY step_name").bind("e", failed.executionId()).mapToMap().list());
    assertThat(steps).filteredOn(s -> "FAILED".equals(s.get("status"))).hasSize(1)
        .first().satisfies(s -> assertThat((String) s.get("step_name")).endsWith("partition1"));
    assertThat(steps).filteredOn(s -> "COMPLETED".equals(s.get("status"))).hasSize(2);
    long partial = count("SELECT count(*) FROM scan_outcome WHERE cycle = '" + faulty + "'");
    assertThat(partial).isLessThan(count("SELECT count(*) FROM portfolio"));

    LaunchOutcome restarted = launcher.launch(ScanJobConfig.JOB, faulty);
    assertThat(restarted.ranAndCompleted()).as(restarted.message()).isTrue();
    List<String> rerunSteps = db.jdbi().withHandle(h -> h.createQuery("SELECT step_name FROM batch_step_execution"
        + " WHERE job_execution_id = :e AND step_name LIKE '%partition%'").bind("e", restarted.executionId()).mapTo(String.class).list());
    assertThat(rerunSteps).as("only the failed partition reruns").hasSize(1).allSatisfy(s -> assertThat(s).endsWith("partition1"));
    assertThat(count("SELECT count(*) FROM scan_outcome WHERE cycle = '" + faulty + "'")).isEqualTo(count("SELECT count(*) FROM portfolio"));
    assertThat(count("SELECT count(*) FROM (SELECT portfolio_id FROM scan_outcome GROUP BY cycle, portfolio_id HAVING count(*) > 1) d"))
        .isZero();
    assertThat(ScanFixtures.comparable(db, faulty)).isEqualTo(expected);
  }

  @Test
  void a_dropped_database_connection_mid_chunk_rolls_the_chunk_back_and_a_restart_completes_the_cycle() {
    Instant faulty = CYCLE.plus(Duration.ofMinutes(1));
    List<String> expected = ScanFixtures.uninterruptedRun(db, launcher, 200, 13, CYCLE, faulty);

    failPartition = "partition2";
    DROP_CONNECTION_ONCE.set(true);
    LaunchOutcome failed = launcher.launch(ScanJobConfig.JOB, faulty);
    assertThat(failed.status()).isEqualTo("FAILED");
    assertThat(count("SELECT count(*) FROM proposal p WHERE cycle = '" + faulty + "' AND NOT EXISTS"
        + " (SELECT 1 FROM proposal_trade t WHERE t.proposal_id = p.id)")).as("no proposal without its trades").isZero();
    assertThat(count("SELECT count(*) FROM scan_outcome o WHERE cycle = '" + faulty + "' AND outcome = 'PROPOSAL' AND NOT EXISTS"
        + " (SELECT 1 FROM proposal p WHERE p.portfolio_id = o.portfolio_id AND p.cycle = o.cycle)")).as("no half-written chunk").isZero();

    LaunchOutcome restarted = launcher.launch(ScanJobConfig.JOB, faulty);
    assertThat(restarted.ranAndCompleted()).as(restarted.message()).isTrue();
    assertThat(ScanFixtures.comparable(db, faulty)).isEqualTo(expected);
  }

  @Test
  void a_stop_request_ends_the_run_stopped_at_a_chunk_boundary_and_a_restart_completes_it() throws Exception {
    Instant stopped = CYCLE.plus(Duration.ofMinutes(1));
    List<String> expected = ScanFixtures.uninterruptedRun(db, launcher, 300, 17, CYCLE, stopped);

    slow = true;
    java.util.concurrent.CompletableFuture<LaunchOutcome> run =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> launcher.launch(ScanJobConfig.JOB, stopped));
    dev.keel.persistence.testing.Poll.until("a few committed chunks", Duration.ofSeconds(30),
        () -> count("SELECT count(*) FROM scan_outcome WHERE cycle = '" + stopped + "'") >= 20);
    assertThat(launcher.stopAll()).hasSize(1);
    LaunchOutcome outcome = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(outcome.status()).isEqualTo("STOPPED");
    assertThat(count("SELECT count(*) FROM scan_outcome WHERE cycle = '" + stopped + "'"))
        .isLessThan(count("SELECT count(*) FROM portfolio"));
    assertThat(launcher.launch(ScanJobConfig.JOB, stopped).message()).as("a stopping node starts nothing").contains("shutting down");

    launcher.resume();
    slow = false;
    LaunchOutcome restarted = launcher.launch(ScanJobConfig.JOB, stopped);
    assertThat(restarted.ranAndCompleted()).as(restarted.message()).isTrue();
    assertThat(ScanFixtures.comparable(db, stopped)).isEqualTo(expected);
  }

}
