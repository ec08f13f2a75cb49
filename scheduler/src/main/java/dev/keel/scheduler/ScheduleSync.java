package dev.keel.scheduler;

import dev.keel.jobs.launch.CycleLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes Quartz's triggers match {@code keel.schedule}: one cron trigger per enabled job, none for
 * disabled ones. Misfires are not caught up (FAULTS B9): a trigger that missed its time while the
 * scheduler was down fires next at its next regular slot. Jobs request recovery (B8): if a node
 * dies while running one, another node re-fires it for the same scheduled time.
 */
@Component
public class ScheduleSync {

  public static final String GROUP = "keel";
  private static final Logger log = LoggerFactory.getLogger(ScheduleSync.class);

  private final Scheduler scheduler;
  private final KeelProperties properties;
  private final CycleLauncher launcher;

  public ScheduleSync(Scheduler scheduler, KeelProperties properties, CycleLauncher launcher) {
    this.scheduler = scheduler;
    this.properties = properties;
    this.launcher = launcher;
  }

  /** A scheduled job as it now stands. */
  public record Entry(String job, String cron, boolean enabled) {}

  /** Writes the configured schedule into Quartz's tables; refuses a schedule naming an unknown job. */
  public List<Entry> sync() {
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, KeelProperties.JobSchedule> e : properties.schedule().entrySet()) {
      String job = e.getKey();
      if (!launcher.jobNames().contains(job)) {
        throw new IllegalArgumentException("keel.schedule." + job + ": no job named '" + job + "'; known jobs: " + launcher.jobNames());
      }
      KeelProperties.JobSchedule s = e.getValue();
      try {
        if (s.enabled()) {
          schedule(job, s.cron());
        } else {
          scheduler.deleteJob(JobKey.jobKey(job, GROUP));
        }
      } catch (SchedulerException ex) {
        throw new IllegalStateException("could not schedule " + job + ": " + ex.getMessage(), ex);
      }
      entries.add(new Entry(job, s.cron(), s.enabled()));
      log.info("schedule {}: {} ({})", job, s.cron(), s.enabled() ? "enabled" : "disabled");
    }
    return entries;
  }

  /**
   * The jobs a starting node runs once at once, before their first slot: executionJob, whose every run first settles
   * the orders a stopped or crashed node left NEW, SUBMITTED, UNKNOWN or OPEN (FAULTS E9). Only enabled jobs: a node on
   * which execution is disabled talks to no venue.
   */
  public static final List<String> AT_START = List.of(dev.keel.jobs.execution.ExecutionJobConfig.JOB);

  /**
   * Fires each enabled job of {@link #AT_START} once now, through the same Quartz job and launcher as its cron (so a
   * cycle already running elsewhere is refused as usual). Call after {@link #sync()}; returns the jobs fired.
   */
  public List<String> fireAtStart() {
    List<String> fired = new ArrayList<>();
    for (String job : AT_START) {
      KeelProperties.JobSchedule s = properties.schedule().get(job);
      if (s == null || !s.enabled()) {
        continue;
      }
      try {
        scheduler.triggerJob(JobKey.jobKey(job, GROUP));
      } catch (SchedulerException ex) {
        throw new IllegalStateException("could not fire " + job + " at start: " + ex.getMessage(), ex);
      }
      log.info("{} fired once at start: orders left live by a stopped node are settled before its first slot", job);
      fired.add(job);
    }
    return fired;
  }

  private void schedule(String job, String cron) throws SchedulerException {
    JobDetail detail = JobBuilder.newJob(LaunchBatchJob.class)
        .withIdentity(job, GROUP)
        .usingJobData(LaunchBatchJob.JOB_NAME, job)
        .storeDurably()
        .requestRecovery(true)
        .build();
    CronTrigger trigger = TriggerBuilder.newTrigger()
        .withIdentity(TriggerKey.triggerKey(job, GROUP))
        .forJob(detail)
        .withSchedule(CronScheduleBuilder.cronSchedule(cron)
            .inTimeZone(TimeZone.getTimeZone("UTC"))
            .withMisfireHandlingInstructionDoNothing())
        .build();
    CronTrigger existing = (CronTrigger) scheduler.getTrigger(trigger.getKey());
    if (existing != null && existing.getCronExpression().equals(cron)
        && existing.getMisfireInstruction() == trigger.getMisfireInstruction()) {
      return; // unchanged: keep its next fire time rather than resetting it
    }
    scheduler.scheduleJob(detail, java.util.Set.of(trigger), true);
  }
}
