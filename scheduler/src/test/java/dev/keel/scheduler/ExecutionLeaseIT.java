package dev.keel.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.persistence.testing.Poll;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Executions that know their owner: a lease row per running execution with a heartbeat; restart and recovery refuse a
 * fresh lease even when the lock is free, take over a stale one even when a dead session still holds the lock, and the
 * scheduler retries a recovery it could not take.
 */
class ExecutionLeaseIT {

  private static final Instant CYCLE = Instant.parse("2026-11-24T10:00:00Z");
  private static ConfigurableApplicationContext context;
  private static CycleLauncher launcher;
  private static Scheduler scheduler;
  private final TestDatabase db = TestDatabase.get();

  @BeforeAll
  static void start() {
    context = SchedulerContext.start("--keel.schedule.housekeepingJob.enabled=false", "--keel.operations.heartbeat=300ms",
        "--keel.operations.lease-stale-after=2s", "--keel.operations.recovery-retry=1s");
    launcher = context.getBean(CycleLauncher.class);
    scheduler = context.getBean(Scheduler.class);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @BeforeEach
  void clean() throws Exception {
    scheduler.standby();
    scheduler.clear();
    db.reset();
    TestJobs.reset(false);
    launcher.resume();
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  /** A completed housekeeping cycle made to look as if its process had died mid-run. */
  private long deadExecution() {
    assertThat(launcher.launch("housekeepingJob", CYCLE).ranAndCompleted()).isTrue();
    db.jdbi().useHandle(h -> {
      h.execute("UPDATE batch_job_execution SET status = 'STARTED', exit_code = 'UNKNOWN', end_time = NULL");
      h.execute("UPDATE batch_step_execution SET status = 'STARTED', exit_code = 'EXECUTING', end_time = NULL");
    });
    return count("SELECT max(job_execution_id) FROM batch_job_execution");
  }

  private void lease(long executionId, Instant heartbeat) {
    db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO execution_lease (job_name, cycle, execution_id, node, host, pid, acquired_at,"
            + " heartbeat_at) VALUES ('housekeepingJob', :cycle, :id, 'node-gone', 'host-gone', 4242, :at, :at)")
        .bind("cycle", CYCLE).bind("id", executionId).bind("at", heartbeat).execute());
  }

  @Test
  void a_running_execution_holds_a_lease_naming_its_node_host_and_pid_refreshed_by_a_heartbeat_and_released_at_the_end()
      throws Exception {
    TestJobs.reset(true);
    CompletableFuture<LaunchOutcome> run = CompletableFuture.supplyAsync(() -> launcher.launch(TestJobs.HOLDING_JOB, CYCLE));
    assertThat(TestJobs.started.await(30, TimeUnit.SECONDS)).isTrue();
    Poll.until("a heartbeat after the execution started", Duration.ofSeconds(30), () -> count("SELECT count(*) FROM execution_lease"
        + " WHERE execution_id IS NOT NULL AND heartbeat_at > acquired_at") == 1);
    assertThat(count("SELECT pid FROM execution_lease")).isEqualTo(ProcessHandle.current().pid());
    assertThat(count("SELECT count(*) FROM execution_lease WHERE node = '" + scheduler.getSchedulerInstanceId() + "'")).isEqualTo(1);
    assertThat(count("SELECT execution_id FROM execution_lease")).isEqualTo(count("SELECT max(job_execution_id) FROM batch_job_execution"));
    TestJobs.release.countDown();
    assertThat(run.get(30, TimeUnit.SECONDS).ranAndCompleted()).isTrue();
    assertThat(count("SELECT count(*) FROM execution_lease")).isZero();
  }

  @Test
  void a_restart_is_refused_while_the_lease_is_fresh_even_when_the_lock_is_free_and_taken_once_it_is_stale() {
    long id = deadExecution();
    lease(id, Instant.now());
    LaunchOutcome refused = launcher.launch("housekeepingJob", CYCLE, true);
    assertThat(refused.kind()).isEqualTo(LaunchOutcome.Kind.ALREADY_RUNNING);
    assertThat(refused.message()).contains("execution " + id + " is alive: its lease is held by node node-gone (host host-gone,"
        + " pid 4242)");
    assertThat(count("SELECT count(*) FROM batch_job_execution")).as("nothing started").isEqualTo(1);

    db.jdbi().useHandle(h -> h.execute("UPDATE execution_lease SET heartbeat_at = heartbeat_at - interval '1 minute',"
        + " acquired_at = acquired_at - interval '1 minute'"));
    LaunchOutcome taken = launcher.launch("housekeepingJob", CYCLE, true);
    assertThat(taken.ranAndCompleted()).as(taken.message()).isTrue();
    assertThat(count("SELECT count(*) FROM batch_job_execution WHERE status = 'FAILED'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM execution_lease")).isZero();
  }

  @Test
  void a_lock_still_held_by_the_session_of_a_process_whose_lease_is_stale_is_taken_over() throws Exception {
    long id = deadExecution();
    lease(id, Instant.now().minus(Duration.ofMinutes(5)));
    long key = CycleLauncher.lockKey("housekeepingJob", CYCLE);
    // a connection of its own, outside the test pool: the takeover ends its session
    String user = System.getenv().getOrDefault("KEEL_TEST_DB_USER", "postgres");
    try (Handle deadHost = org.jdbi.v3.core.Jdbi.create(db.url(), user, System.getenv().getOrDefault("KEEL_TEST_DB_PASSWORD", "")).open()) {
      // the dead host's session, which the server has not noticed yet, still holds the cycle's lock
      deadHost.createQuery("SELECT pg_advisory_lock(:k)").bind("k", key).mapTo(String.class).one();
      assertThat(launcher.launch("housekeepingJob", CYCLE).kind()).as("a plain launch leaves it alone")
          .isEqualTo(LaunchOutcome.Kind.ALREADY_RUNNING);
      LaunchOutcome taken = launcher.launch("housekeepingJob", CYCLE, true);
      assertThat(taken.ranAndCompleted()).as(taken.message()).isTrue();
    }
    assertThat(count("SELECT count(*) FROM batch_job_execution WHERE status = 'COMPLETED'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM batch_job_instance")).isEqualTo(1);
  }

  @Test
  void the_scheduler_retries_a_recovery_refused_by_a_fresh_lease_until_the_lease_is_stale() throws Exception {
    long id = deadExecution();
    lease(id, Instant.now());
    List<LaunchOutcome> outcomes = new CopyOnWriteArrayList<>();
    scheduler.getListenerManager().addJobListener(new org.quartz.listeners.JobListenerSupport() {
      @Override
      public String getName() {
        return "lease-outcomes";
      }

      @Override
      public void jobWasExecuted(org.quartz.JobExecutionContext c, org.quartz.JobExecutionException e) {
        outcomes.add((LaunchOutcome) c.getResult());
      }
    });
    JobDetail detail = JobBuilder.newJob(LaunchBatchJob.class).withIdentity("hk-recover", "test")
        .usingJobData(LaunchBatchJob.JOB_NAME, "housekeepingJob").storeDurably().build();
    scheduler.addJob(detail, true);
    // the recovery fire another node's death causes, as the scheduler sees it
    scheduler.scheduleJob(TriggerBuilder.newTrigger().withIdentity("recover-1", "test").forJob(detail)
        .usingJobData(LaunchBatchJob.RECOVER_CYCLE, Long.toString(CYCLE.toEpochMilli()))
        .usingJobData(LaunchBatchJob.RECOVER_ATTEMPT, "1")
        .startAt(Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS)))
        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build());
    scheduler.start();
    try {
      Poll.until("the recovery to be taken once the lease is stale", Duration.ofSeconds(60),
          () -> outcomes.stream().anyMatch(LaunchOutcome::ranAndCompleted));
    } finally {
      scheduler.getListenerManager().removeJobListener("lease-outcomes");
    }
    assertThat(outcomes.get(0).kind()).isEqualTo(LaunchOutcome.Kind.ALREADY_RUNNING);
    assertThat(outcomes.get(0).message()).contains("its lease is held by node node-gone");
    assertThat(outcomes.get(outcomes.size() - 1).ranAndCompleted()).isTrue();
    assertThat(outcomes.stream().filter(LaunchOutcome::ranAndCompleted)).hasSize(1);
    assertThat(count("SELECT count(*) FROM batch_job_execution WHERE status = 'FAILED' AND job_execution_id = " + id)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM batch_job_execution WHERE status = 'COMPLETED'")).isEqualTo(1);
  }
}
