package dev.keel.jobs.scan;

import static dev.keel.jobs.scan.ScanFixtures.CYCLE;
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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * FAULTS B2: a JVM killed with SIGKILL in the middle of the partitioned scan. The execution stays
 * marked as running; a restart is refused while the process lives, and once it is gone the
 * operator's recover-then-restart completes the cycle with the same tables as an uninterrupted run.
 */
class ScanKillIT {

  private final TestDatabase db = TestDatabase.get();

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void a_scan_killed_mid_step_is_refused_while_alive_then_recovered_and_completed_once() throws Exception {
    db.reset();
    Instant killed = CYCLE.plus(Duration.ofMinutes(1));
    try (AnnotationConfigApplicationContext ctx = JobsTestContext.start(ScanJobConfig.class)) {
      CycleLauncher launcher = ctx.getBean(CycleLauncher.class);
      List<String> expected = ScanFixtures.uninterruptedRun(db, launcher, 600, 21, CYCLE, killed);
      long portfolios = count("SELECT count(*) FROM portfolio");

      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), ScanChild.class.getName(), killed.toString());
      pb.environment().put("KEEL_TEST_DB_URL", db.url());
      pb.redirectErrorStream(true);
      pb.redirectOutput(new File(System.getProperty("java.io.tmpdir"), "keel-scan-child.log"));
      Process child = pb.start();
      try {
        Poll.until("the child to commit some chunks", Duration.ofSeconds(60), () -> ScanFixtures.accounted(db, killed) >= 100);

        LaunchOutcome whileAlive = launcher.launch(ScanJobConfig.JOB, killed, true);
        assertThat(whileAlive.kind()).as("restart refused while the execution is alive").isEqualTo(LaunchOutcome.Kind.ALREADY_RUNNING);

        child.destroyForcibly();
        assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      } finally {
        child.destroyForcibly();
      }
      long before = ScanFixtures.accounted(db, killed);
      assertThat(before).as("killed mid-step").isLessThan(portfolios);
      assertThat(count("SELECT count(*) FROM batch_job_execution WHERE status IN ('STARTED', 'STARTING')")).isEqualTo(1);

      // The server ends the dead process's session (and its lock) once it notices the closed socket; until then the
      // cycle is, as far as anyone can tell, still running and the plain launch says only that.
      Poll.until("the dead session's lock to be released", Duration.ofSeconds(30),
          () -> count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == 0);
      LaunchOutcome plain = launcher.launch(ScanJobConfig.JOB, killed);
      assertThat(plain.kind()).isEqualTo(LaunchOutcome.Kind.ALREADY_RUNNING);
      assertThat(plain.message()).contains("keel ops restart " + plain.executionId());

      LaunchOutcome recovered = launcher.launch(ScanJobConfig.JOB, killed, true);
      assertThat(recovered.ranAndCompleted()).as(recovered.message()).isTrue();
      assertThat(ScanFixtures.accounted(db, killed)).isEqualTo(portfolios);
      ScanFixtures.assertWrittenOnce(db, killed);
      assertThat(ScanFixtures.comparable(db, killed)).isEqualTo(expected);
    }
    assertThat(count("SELECT count(*) FROM batch_job_instance WHERE job_name = 'scanToleranceBandsJob'")).isEqualTo(2);
  }
}
