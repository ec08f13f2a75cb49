package dev.keel.jobs.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.persistence.testing.Poll;
import dev.keel.persistence.testing.TestDatabase;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * At most one open proposal per portfolio, always. The operator's sequence that used to give thousands of portfolios
 * two open proposals: a scan cycle killed with SIGKILL part-way, the next minute's cycle run to completion, then the
 * killed cycle restarted. The restarted cycle sees the later cycle's proposals and records AWAITING_DECISION for their
 * portfolios instead of a second proposal.
 */
class OneOpenProposalIT {

  private final TestDatabase db = TestDatabase.get();

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void a_killed_cycle_restarted_after_a_later_one_gives_no_portfolio_a_second_open_proposal() throws Exception {
    db.reset();
    Instant killed = ScanFixtures.CYCLE.plus(Duration.ofMinutes(1));
    Instant later = killed.plus(Duration.ofMinutes(1));
    try (AnnotationConfigApplicationContext ctx = JobsTestContext.start(ScanJobConfig.class)) {
      CycleLauncher launcher = ctx.getBean(CycleLauncher.class);
      ScanFixtures.freshMarket(db, killed);
      ScanFixtures.freshMarket(db, later);
      ScanFixtures.population(db, 600, 21);
      long portfolios = count("SELECT count(*) FROM portfolio WHERE active");

      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), ScanChild.class.getName(), killed.toString());
      pb.environment().put("KEEL_TEST_DB_URL", db.url());
      pb.redirectErrorStream(true);
      pb.redirectOutput(new File(System.getProperty("java.io.tmpdir"), "keel-one-open-child.log"));
      Process child = pb.start();
      try {
        Poll.until("the child to commit some chunks", Duration.ofSeconds(60),
            () -> ScanFixtures.accounted(db, killed) >= 80);
        child.destroyForcibly();
        assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      } finally {
        child.destroyForcibly();
      }
      assertThat(ScanFixtures.accounted(db, killed)).as("killed part-way").isLessThan(portfolios);

      assertThat(launcher.launch(ScanJobConfig.JOB, later).ranAndCompleted()).as("the next minute's cycle").isTrue();
      long proposedLater = count("SELECT count(*) FROM proposal WHERE cycle = '" + later + "'");
      assertThat(proposedLater).as("the later cycle proposed for portfolios the killed one had not reached").isPositive();

      Poll.until("the dead session's lock to be released", Duration.ofSeconds(30),
          () -> count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == 0);
      LaunchOutcome restarted = launcher.launch(ScanJobConfig.JOB, killed, true);
      assertThat(restarted.ranAndCompleted()).as(restarted.message()).isTrue();

      assertThat(count("SELECT count(*) FROM (SELECT portfolio_id FROM proposal WHERE status IN ('PROPOSED', 'APPROVED', 'EXECUTING')"
          + " GROUP BY portfolio_id HAVING count(*) > 1) x")).as("portfolios with two open proposals").isZero();
      assertThat(ScanFixtures.accounted(db, killed)).as("nothing lost").isEqualTo(portfolios);
      ScanFixtures.assertWrittenOnce(db, killed);
      assertThat(count("SELECT count(*) FROM report_scan_portfolio o WHERE o.cycle = '" + killed + "'"
          + " AND o.outcome = 'AWAITING_DECISION' AND o.detail LIKE '%of cycle " + later + "%'"))
          .as("the restarted cycle's portfolios that the later cycle proposed for are recorded as awaiting that proposal")
          .isEqualTo(count("SELECT count(*) FROM proposal p WHERE p.cycle = '" + later + "' AND EXISTS (SELECT 1"
              + " FROM report_scan_portfolio o WHERE o.portfolio_id = p.portfolio_id AND o.cycle = '" + killed + "'"
              + " AND o.outcome <> 'PROPOSAL')"))
          .isPositive();
      assertThat(count("SELECT count(*) FROM proposal p JOIN proposal q ON q.portfolio_id = p.portfolio_id AND q.id <> p.id"
          + " WHERE p.cycle = '" + killed + "' AND q.cycle = '" + later + "'")).as("no portfolio proposed in both cycles").isZero();
    }
  }
}
