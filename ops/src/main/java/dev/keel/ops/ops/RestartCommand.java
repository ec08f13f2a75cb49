package dev.keel.ops.ops;

import dev.keel.jobs.batch.Cycle;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.ops.DatabaseOptions;
import dev.keel.ops.Keel;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code keel ops restart EXECUTION_ID}: recovers an execution whose process died and restarts
 * its JobInstance from where it stopped. It refuses while the execution is alive: the launcher
 * that runs an execution holds its cycle's lock until it ends, so a lock that can be taken proves
 * no process anywhere is still running it.
 */
@Command(name = "restart", description = "Recover a failed or abandoned execution and restart it from its last commit.")
class RestartCommand implements Callable<Integer> {

  @Mixin
  DatabaseOptions db;

  @Parameters(paramLabel = "EXECUTION_ID", description = "the execution to restart (keel ops executions lists them)")
  long executionId;

  @Override
  public Integer call() {
    try (ConfigurableApplicationContext ctx = Keel.start(db)) {
      JobExecution execution;
      try {
        execution = ctx.getBean(JobRepository.class).getJobExecution(executionId);
      } catch (org.springframework.dao.EmptyResultDataAccessException e) {
        execution = null; // the JDBC repository answers an unknown id this way rather than with null
      }
      if (execution == null) {
        throw new IllegalArgumentException("EXECUTION_ID: no execution " + executionId + " (keel ops executions lists them)");
      }
      String job = execution.getJobInstance().getJobName();
      String cycleValue = execution.getJobParameters().getString(Cycle.PARAMETER);
      LaunchOutcome o = ctx.getBean(CycleLauncher.class).launch(job, Cycle.parse(cycleValue), true);
      switch (o.kind()) {
        case ALREADY_RUNNING -> System.out.println("refused: execution " + executionId + " is alive: " + o.message());
        case ALREADY_COMPLETE -> System.out.println("refused: " + o.message());
        default -> System.out.println(o.message());
      }
      return o.ranAndCompleted() ? 0 : 1;
    }
  }
}
