package dev.keel.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Quartz fires, Spring Batch runs: one JobInstance per job and cycle, one execution at a time (B5, B6). */
class LaunchIT {

  private static ConfigurableApplicationContext context;
  private static Scheduler scheduler;
  private static CycleLauncher launcher;
  private final TestDatabase db = TestDatabase.get();

  @BeforeAll
  static void start() throws Exception {
    context = SchedulerContext.start("--keel.schedule.housekeepingJob.enabled=false");
    scheduler = context.getBean(Scheduler.class);
    launcher = context.getBean(CycleLauncher.class);
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
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) {
    dev.keel.persistence.testing.Poll.until(what, Duration.ofSeconds(30), condition);
  }

  private static JobDetail detail(String name, String job) {
    return JobBuilder.newJob(LaunchBatchJob.class).withIdentity(name, "test")
        .usingJobData(LaunchBatchJob.JOB_NAME, job).storeDurably().build();
  }

  private static Trigger oneShot(String name, JobDetail detail, Date at) {
    return TriggerBuilder.newTrigger().withIdentity(name, "test").forJob(detail).startAt(at)
        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
  }

  @Test
  void a_quartz_fire_launches_exactly_one_job_instance_with_the_scheduled_time_as_cycle() throws Exception {
    Date at = Date.from(Instant.now().plusMillis(1_500).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    JobDetail d = detail("hk", "housekeepingJob");
    scheduler.addJob(d, true);
    scheduler.scheduleJob(oneShot("hk-1", d, at));
    scheduler.start();
    await("one completed execution", () -> count("SELECT count(*) FROM batch_job_execution WHERE status = 'COMPLETED'") == 1);
    assertThat(count("SELECT count(*) FROM batch_job_instance WHERE job_name = 'housekeepingJob'")).isEqualTo(1);
    String cycle = db.jdbi().withHandle(h -> h.createQuery("SELECT parameter_value FROM batch_job_execution_params"
        + " WHERE parameter_name = 'cycle' AND identifying = 'Y'").mapTo(String.class).one());
    assertThat(Instant.parse(cycle)).isEqualTo(at.toInstant());
  }

  @Test
  void firing_the_same_scheduled_time_twice_creates_no_second_instance() throws Exception {
    Date at = Date.from(Instant.now().plusMillis(1_500).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    JobDetail a = detail("hk-a", "housekeepingJob");
    JobDetail b = detail("hk-b", "housekeepingJob");
    scheduler.addJob(a, true);
    scheduler.addJob(b, true);
    scheduler.scheduleJob(oneShot("t-a", a, at));
    scheduler.scheduleJob(oneShot("t-b", b, at));
    java.util.List<LaunchOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
    scheduler.getListenerManager().addJobListener(new org.quartz.listeners.JobListenerSupport() {
      @Override
      public String getName() {
        return "outcomes";
      }

      @Override
      public void jobWasExecuted(org.quartz.JobExecutionContext context, org.quartz.JobExecutionException e) {
        outcomes.add((LaunchOutcome) context.getResult());
      }
    });
    scheduler.start();
    await("both triggers to finish", () -> {
      try {
        return scheduler.getTrigger(org.quartz.TriggerKey.triggerKey("t-a", "test")) == null
            && scheduler.getTrigger(org.quartz.TriggerKey.triggerKey("t-b", "test")) == null
            && scheduler.getCurrentlyExecutingJobs().isEmpty();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(count("SELECT count(*) FROM batch_job_instance WHERE job_name = 'housekeepingJob'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM batch_job_execution")).isEqualTo(1);
    // both fires reached the launcher: one ran the cycle, the other found it running or complete
    await("both fires to be reported", () -> outcomes.size() == 2);
    assertThat(outcomes).extracting(LaunchOutcome::kind).containsOnlyOnce(LaunchOutcome.Kind.RAN)
        .containsAnyOf(LaunchOutcome.Kind.ALREADY_RUNNING, LaunchOutcome.Kind.ALREADY_COMPLETE);
    assertThat(outcomes).extracting(LaunchOutcome::cycle).containsOnly(at.toInstant());
  }

  @Test
  void two_launches_of_one_cycle_at_once_run_one_execution() throws Exception {
    TestJobs.reset(true);
    Instant cycle = Instant.parse("2026-11-24T10:00:00Z");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CompletableFuture<LaunchOutcome> first = CompletableFuture.supplyAsync(() -> launcher.launch(TestJobs.HOLDING_JOB, cycle), pool);
      assertThat(TestJobs.started.await(30, TimeUnit.SECONDS)).isTrue();
      LaunchOutcome second = CompletableFuture.supplyAsync(() -> launcher.launch(TestJobs.HOLDING_JOB, cycle), pool).get(30, TimeUnit.SECONDS);
      TestJobs.release.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS).kind()).isEqualTo(LaunchOutcome.Kind.RAN);
      assertThat(second.kind()).isEqualTo(LaunchOutcome.Kind.ALREADY_RUNNING);
      assertThat(second.message()).contains("already running");
    } finally {
      TestJobs.release.countDown();
      pool.shutdownNow();
    }
    assertThat(TestJobs.RUNS.get()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM batch_job_execution")).isEqualTo(1);
  }

  @Test
  void a_completed_cycle_launched_again_is_refused_and_nothing_is_rewritten() {
    Instant cycle = Instant.parse("2026-11-24T10:05:00Z");
    LaunchOutcome first = launcher.launch("housekeepingJob", cycle);
    LaunchOutcome again = launcher.launch("housekeepingJob", cycle);
    assertThat(first.ranAndCompleted()).isTrue();
    assertThat(again.kind()).isEqualTo(LaunchOutcome.Kind.ALREADY_COMPLETE);
    assertThat(again.executionId()).isEqualTo(first.executionId());
    assertThat(count("SELECT count(*) FROM batch_job_execution")).isEqualTo(1);
  }

  @Test
  void an_unknown_job_is_named_in_the_outcome() {
    LaunchOutcome o = launcher.launch("noSuchJob", Instant.parse("2026-11-24T10:00:00Z"));
    assertThat(o.kind()).isEqualTo(LaunchOutcome.Kind.UNKNOWN_JOB);
    assertThat(o.message()).contains("noSuchJob").contains("housekeepingJob");
  }

  @Test
  void launches_of_different_cycles_are_different_instances() {
    launcher.launch("housekeepingJob", Instant.parse("2026-11-24T10:00:00Z"));
    launcher.launch("housekeepingJob", Instant.parse("2026-11-24T10:01:00Z"));
    assertThat(count("SELECT count(*) FROM batch_job_instance")).isEqualTo(2);
    assertThat(List.of(count("SELECT count(*) FROM batch_job_execution WHERE status = 'COMPLETED'"))).containsExactly(2L);
  }
}
