package dev.keel.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.persistence.testing.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.quartz.spi.OperableTrigger;
import org.springframework.context.ConfigurableApplicationContext;

/** Triggers come from configuration, with one enabled flag per job and no catch-up after downtime. */
class ScheduleSyncIT {

  private final TestDatabase db = TestDatabase.get();

  @Test
  void configured_jobs_get_cron_triggers_in_the_job_store() throws Exception {
    db.reset();
    try (ConfigurableApplicationContext ctx = SchedulerContext.start(
        "--keel.schedule.housekeepingJob.cron=0 */5 * * * ?", "--keel.schedule.holdingTestJob.cron=0 0 * * * ?",
        "--keel.schedule.holdingTestJob.enabled=false")) {
      ctx.getBean(ScheduleSync.class).sync();
      Scheduler scheduler = ctx.getBean(Scheduler.class);
      CronTrigger t = (CronTrigger) scheduler.getTrigger(TriggerKey.triggerKey("housekeepingJob", ScheduleSync.GROUP));
      assertThat(t.getCronExpression()).isEqualTo("0 */5 * * * ?");
      CronTrigger execution = (CronTrigger) scheduler.getTrigger(TriggerKey.triggerKey("executionJob", ScheduleSync.GROUP));
      assertThat(execution.getCronExpression()).as("executionJob by default every 15 s").isEqualTo("*/15 * * * * ?");
      assertThat(t.getTimeZone().getID()).isEqualTo("UTC");
      assertThat(t.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING);
      assertThat(scheduler.getJobDetail(JobKey.jobKey("housekeepingJob", ScheduleSync.GROUP)).requestsRecovery()).isTrue();
      assertThat(scheduler.getJobDetail(JobKey.jobKey("holdingTestJob", ScheduleSync.GROUP))).as("disabled job").isNull();
      long rows = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM qrtz_cron_triggers"
          + " WHERE trigger_name = 'housekeepingJob'").mapTo(Long.class).one());
      assertThat(rows).isEqualTo(1);
      long enabled = ctx.getBean(KeelProperties.class).schedule().values().stream().filter(KeelProperties.JobSchedule::enabled).count();
      assertThat(scheduler.getTriggerKeys(org.quartz.impl.matchers.GroupMatcher.anyGroup())).hasSize((int) enabled);
      assertThat(scheduler.getMetaData().getJobStoreClass().getSimpleName()).isEqualTo("LocalDataSourceJobStore");
      assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
    }
  }

  @Test
  void a_trigger_that_missed_ten_minutes_fires_once_at_its_next_slot_without_catch_up() throws Exception {
    db.reset();
    try (ConfigurableApplicationContext ctx = SchedulerContext.start("--keel.schedule.housekeepingJob.cron=0 * * * * ?")) {
      ctx.getBean(ScheduleSync.class).sync();
      OperableTrigger t = (OperableTrigger) ctx.getBean(Scheduler.class)
          .getTrigger(TriggerKey.triggerKey("housekeepingJob", ScheduleSync.GROUP));
      Instant now = Instant.now();
      t.setNextFireTime(Date.from(now.minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES)));
      t.updateAfterMisfire(null);
      assertThat(t.getNextFireTime().toInstant()).isAfter(now).isBefore(now.plus(61, ChronoUnit.SECONDS));
    }
  }

  @Test
  void schedule_naming_an_unknown_job_is_refused_with_its_key() {
    db.reset();
    try (ConfigurableApplicationContext ctx = SchedulerContext.start("--keel.schedule.noSuchJob.cron=0 * * * * ?")) {
      assertThatThrownBy(() -> ctx.getBean(ScheduleSync.class).sync())
          .hasMessageContaining("keel.schedule.noSuchJob").hasMessageContaining("housekeepingJob");
    }
  }

  @Test
  void a_resync_keeps_an_unchanged_trigger_and_replaces_a_changed_one() throws Exception {
    db.reset();
    try (ConfigurableApplicationContext ctx = SchedulerContext.start("--keel.schedule.housekeepingJob.cron=0 0 * * * ?")) {
      ScheduleSync sync = ctx.getBean(ScheduleSync.class);
      Scheduler scheduler = ctx.getBean(Scheduler.class);
      sync.sync();
      java.util.Date next = scheduler.getTrigger(TriggerKey.triggerKey("housekeepingJob", ScheduleSync.GROUP)).getNextFireTime();
      int triggers = scheduler.getTriggerKeys(org.quartz.impl.matchers.GroupMatcher.anyGroup()).size();
      sync.sync();
      assertThat(scheduler.getTriggerKeys(org.quartz.impl.matchers.GroupMatcher.anyGroup())).hasSize(triggers);
      assertThat(scheduler.getTrigger(TriggerKey.triggerKey("housekeepingJob", ScheduleSync.GROUP)).getNextFireTime()).isEqualTo(next);
    }
  }

  @Test
  void quartz_delegate_other_than_postgresql_fails_fast() {
    assertThatThrownBy(() -> SchedulerContext.start("--keel.scheduler.driver-delegate=org.quartz.impl.jdbcjobstore.StdJDBCDelegate"))
        .rootCause().hasMessageContaining("keel.scheduler.driver-delegate must be org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
  }

  @Test
  void schema_auto_initialisation_is_refused() {
    assertThatThrownBy(() -> SchedulerContext.start("--spring.quartz.jdbc.initialize-schema=always"))
        .rootCause().hasMessageContaining("spring.quartz.jdbc.initialize-schema must be 'never'");
  }

  /** Keel wires its database, migrations, Quartz and Batch itself: their Spring Boot settings would do nothing. */
  @Test
  void spring_settings_keel_does_not_read_are_refused_naming_the_keel_setting_and_not_the_value() {
    assertThatThrownBy(() -> SchedulerContext.start("--spring.datasource.password=hunter2-secret", "--spring.datasource.url=jdbc:x"))
        .rootCause()
        .hasMessageContaining("spring.datasource.password is not read by Keel")
        .hasMessageContaining("use keel.db.*")
        .hasMessageContaining("also not read: spring.datasource.url")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("jdbc:x"));
    assertThatThrownBy(() -> SchedulerContext.start("--spring.quartz.properties.org.quartz.threadPool.threadCount=9"))
        .rootCause().hasMessageContaining("spring.quartz.properties.org.quartz.threadpool.threadcount is not read by Keel")
        .hasMessageContaining("keel.scheduler.*");
  }
  /** FAULTS E9: a starting node settles what a stopped one left live before the first slot of executionJob. */
  @Test
  void a_starting_node_fires_the_execution_job_once_at_once_unless_it_is_disabled() throws Exception {
    db.reset();
    String yearly = "0 0 0 1 1 ?";
    try (ConfigurableApplicationContext ctx = SchedulerContext.start("--keel.schedule.executionJob.cron=" + yearly)) {
      ScheduleSync sync = ctx.getBean(ScheduleSync.class);
      sync.sync();
      assertThat(sync.fireAtStart()).containsExactly("executionJob");
      long now = System.currentTimeMillis();
      java.util.List<Long> oneOff = db.jdbi().withHandle(h -> h.createQuery("SELECT next_fire_time FROM qrtz_triggers"
          + " WHERE job_name = 'executionJob' AND trigger_type = 'SIMPLE'").mapTo(Long.class).list());
      assertThat(oneOff).as("one trigger firing now, beside the yearly cron").singleElement()
          .satisfies(next -> assertThat(next).isLessThanOrEqualTo(now));
    }
    db.reset();
    try (ConfigurableApplicationContext ctx = SchedulerContext.start("--keel.schedule.executionJob.cron=" + yearly,
        "--keel.schedule.executionJob.enabled=false")) {
      ScheduleSync sync = ctx.getBean(ScheduleSync.class);
      sync.sync();
      assertThat(sync.fireAtStart()).as("execution disabled on this node: no venue is called").isEmpty();
      long triggers = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM qrtz_triggers WHERE job_name = 'executionJob'")
          .mapTo(Long.class).one());
      assertThat(triggers).isZero();
    }
  }
}
