package dev.keel.scheduler;

import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.persistence.db.KeelDatabase;
import java.util.List;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The service's stop (SIGTERM), in an order that leaves nothing half-done (FAULTS B3): Quartz fires nothing more on this
 * node; every running execution is asked to stop at its next chunk boundary and waited for, so each ends STOPPED and
 * restartable from its last commit; then, when the context's beans are destroyed, the connection pool closes and last
 * the embedded server stops. One log line per step. In a command that never started Quartz only the executions it runs
 * are asked to stop, silently.
 */
@Component
public class GracefulStop {

  private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);

  private final CycleLauncher launcher;
  private final Scheduler scheduler;
  private final JobRepository jobRepository;
  private final KeelDatabase database;
  private final ApplicationContext context;

  public GracefulStop(CycleLauncher launcher, Scheduler scheduler, JobRepository jobRepository, KeelDatabase database,
                      ApplicationContext context) {
    this.launcher = launcher;
    this.scheduler = scheduler;
    this.jobRepository = jobRepository;
    this.database = database;
    this.context = context;
  }

  @EventListener(ContextClosedEvent.class)
  public void stopRunningExecutions(ContextClosedEvent event) {
    if (event.getApplicationContext() != context) {
      return;
    }
    boolean service = started();
    if (!service) {
      launcher.stopAll();
      return;
    }
    try {
      scheduler.standby();
      log.info("stopping: Quartz fires no more jobs on this node");
      List<Long> asked = launcher.stopAll();
      log.info(asked.isEmpty() ? "stopping: no execution running" : "stopping: executions {} asked to stop at their next chunk boundary",
          asked);
      scheduler.shutdown(true); // returns once every running Quartz job, so every execution, has ended
      for (Long id : asked) {
        JobExecution e = jobRepository.getJobExecution(id);
        log.info("stopping: execution {} of {} ended {}", id, e == null ? "?" : e.getJobInstance().getJobName(),
            e == null ? "?" : e.getStatus());
      }
      log.info("stopping: Quartz stopped");
    } catch (SchedulerException e) {
      log.warn("stopping: Quartz did not stop cleanly: {}", e.getMessage());
    }
    database.logStops();
  }

  private boolean started() {
    try {
      return scheduler.isStarted() && !scheduler.isShutdown();
    } catch (SchedulerException e) {
      return false;
    }
  }
}
