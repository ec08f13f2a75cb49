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
 * execution is recovered before the instance restarts.
 */
@DisallowConcurrentExecution
public class LaunchBatchJob implements Job {

  /** The data-map key naming the Spring Batch job to launch. */
  public static final String JOB_NAME = "batchJob";

  private static final Logger log = LoggerFactory.getLogger(LaunchBatchJob.class);

  private final CycleLauncher launcher;

  public LaunchBatchJob(CycleLauncher launcher) {
    this.launcher = launcher;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    String jobName = context.getMergedJobDataMap().getString(JOB_NAME);
    Instant cycle = context.getScheduledFireTime().toInstant();
    boolean recovering = context.isRecovering();
    if (recovering) {
      String original = context.getMergedJobDataMap().getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_FIRETIME_IN_MILLISECONDS);
      if (original != null) {
        cycle = Instant.ofEpochMilli(Long.parseLong(original));
      }
    }
    LaunchOutcome outcome = launcher.launch(jobName, cycle, recovering);
    context.setResult(outcome);
    switch (outcome.kind()) {
      case RAN -> log.info(outcome.message());
      case ALREADY_RUNNING, ALREADY_COMPLETE -> log.info("skipped: {}", outcome.message());
      case UNKNOWN_JOB -> throw new JobExecutionException(outcome.message());
    }
  }
}
