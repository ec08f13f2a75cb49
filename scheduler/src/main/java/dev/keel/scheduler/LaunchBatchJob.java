package dev.keel.scheduler;

import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Quartz job Keel has: it launches the Spring Batch job named in its data map for the
 * trigger's scheduled fire time, so a re-fire of the same time lands on the same JobInstance.
 * When Quartz recovers a fire whose node died, the original scheduled time is used and the dead
 * execution is recovered before the instance restarts. A recovery that cannot be taken yet (the execution's lease is
 * still fresh: its process may be alive) is tried again after {@code keel.operations.recovery-retry} by a one-off
 * trigger carrying the same cycle, until the execution ends or is taken over.
 */
@DisallowConcurrentExecution
public class LaunchBatchJob implements Job {

  /** The data-map key naming the Spring Batch job to launch. */
  public static final String JOB_NAME = "batchJob";
  /** The data-map key of a retried recovery: the cycle, in epoch milliseconds, whose recovery is tried again. */
  public static final String RECOVER_CYCLE = "recoverCycle";
  /** The data-map key counting a recovery's attempts. */
  public static final String RECOVER_ATTEMPT = "recoverAttempt";

  private static final Logger log = LoggerFactory.getLogger(LaunchBatchJob.class);

  private final CycleLauncher launcher;
  private final java.time.Clock clock;
  private final KeelProperties properties;

  public LaunchBatchJob(CycleLauncher launcher, java.time.Clock clock, KeelProperties properties) {
    this.launcher = launcher;
    this.clock = clock;
    this.properties = properties;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    String jobName = context.getMergedJobDataMap().getString(JOB_NAME);
    Instant cycle = context.getScheduledFireTime().toInstant();
    boolean recovering = context.isRecovering();
    int attempt = 1;
    String retried = context.getTrigger().getJobDataMap().getString(RECOVER_CYCLE);
    if (retried != null) {
      cycle = Instant.ofEpochMilli(Long.parseLong(retried));
      recovering = true;
      attempt = Integer.parseInt(context.getTrigger().getJobDataMap().getString(RECOVER_ATTEMPT));
    } else if (recovering) {
      String original = context.getMergedJobDataMap().getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS);
      if (original != null) {
        cycle = Instant.ofEpochMilli(Long.parseLong(original));
      }
    }
    LaunchOutcome outcome = launcher.launch(jobName, cycle, recovering);
    context.setResult(outcome);
    switch (outcome.kind()) {
      case RAN -> log.info(outcome.message());
      case ALREADY_RUNNING -> {
        if (recovering) {
          retryRecovery(context, jobName, cycle, attempt, outcome);
        } else {
          log.info("skipped: {}", outcome.message());
        }
      }
      case ALREADY_COMPLETE -> log.info("skipped: {}", outcome.message());
      case UNKNOWN_JOB -> throw new JobExecutionException(outcome.message());
    }
  }

  /** Schedules the same recovery again: a one-off trigger on this job carrying the cycle and the attempt. */
  private void retryRecovery(JobExecutionContext context, String jobName, Instant cycle, int attempt, LaunchOutcome outcome)
      throws JobExecutionException {
    java.time.Duration after = properties.operations().recoveryRetry();
    org.quartz.Trigger retry = org.quartz.TriggerBuilder.newTrigger()
        .withIdentity("recover-" + jobName + "-" + cycle.toEpochMilli() + "-" + (attempt + 1), ScheduleSync.GROUP)
        .forJob(context.getJobDetail().getKey())
        .usingJobData(RECOVER_CYCLE, Long.toString(cycle.toEpochMilli()))
        .usingJobData(RECOVER_ATTEMPT, Integer.toString(attempt + 1))
        .startAt(java.util.Date.from(clock.instant().plus(after)))
        .withSchedule(org.quartz.SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
        .build();
    try {
      context.getScheduler().scheduleJob(retry);
      log.warn("recovery of {} cycle {} not taken (attempt {}): {}; trying again in {} s", jobName, cycle, attempt,
          outcome.message(), after.toSeconds());
    } catch (org.quartz.SchedulerException e) {
      throw new JobExecutionException("could not schedule the retry of the recovery of " + jobName + " cycle " + cycle
          + ": " + e.getMessage(), e);
    }
  }
}
