package dev.keel.scheduler;

import dev.keel.jobs.launch.CycleLauncher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On SIGTERM the application context closes; before Quartz waits for its running jobs, this asks
 * every running execution to stop at its next chunk boundary, so the node ends quickly with each
 * execution STOPPED and restartable from its last commit (FAULTS B3).
 */
@Component
public class GracefulStop {

  private final CycleLauncher launcher;

  public GracefulStop(CycleLauncher launcher) {
    this.launcher = launcher;
  }

  @EventListener(ContextClosedEvent.class)
  public void stopRunningExecutions() {
    launcher.stopAll();
  }
}
