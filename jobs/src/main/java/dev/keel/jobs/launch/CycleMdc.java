package dev.keel.jobs.launch;

import java.util.Map;
import org.slf4j.MDC;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Tags log lines with the job, the cycle and the partition they belong to (the MDC keys {@code job}, {@code cycle},
 * {@code partition}), which the log pattern prints and structured logs carry. {@link CycleLauncher} tags its own
 * thread, on which every job's steps run; a step that runs on other threads (the scan's partitions) tags them
 * with {@link #forStep}.
 */
public final class CycleMdc {

  public static final String JOB = "job";
  public static final String CYCLE = "cycle";
  public static final String PARTITION = "partition";

  private CycleMdc() {}

  /**
   * A listener that tags the step's thread with its job and cycle, and with the step's name as the partition when
   * asked, and restores what the thread had before when the step ends.
   */
  public static StepExecutionListener forStep(boolean partition) {
    ThreadLocal<Map<String, String>> before = new ThreadLocal<>();
    return new StepExecutionListener() {
      @Override
      public void beforeStep(StepExecution step) {
        before.set(MDC.getCopyOfContextMap());
        MDC.put(JOB, step.getJobExecution().getJobInstance().getJobName());
        String cycle = step.getJobExecution().getJobParameters().getString("cycle");
        if (cycle != null) {
          MDC.put(CYCLE, cycle);
        }
        if (partition) {
          MDC.put(PARTITION, "/" + step.getStepName());
        }
      }

      @Override
      public ExitStatus afterStep(StepExecution step) {
        Map<String, String> previous = before.get();
        before.remove();
        if (previous == null) {
          MDC.clear();
        } else {
          MDC.setContextMap(previous);
        }
        return step.getExitStatus();
      }
    };
  }
}
