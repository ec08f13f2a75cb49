package dev.keel.ops.ops;

import dev.keel.ops.DatabaseOptions;
import dev.keel.ops.Keel;
import dev.keel.persistence.operations.ExecutionLeaseDao;
import dev.keel.persistence.operations.OperationsDao;
import dev.keel.persistence.operations.OperationsDao.ExecutionRow;
import dev.keel.persistence.operations.OperationsDao.StepRow;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keel ops execution ID}: one execution in full: its steps and partitions with their counts, its lease, its exception. */
@Command(name = "execution", description = "Show one execution: its steps and partitions (status, items read, written, filtered,"
    + " skipped, commits, rollbacks), the process running it, and the exception it failed with.")
class ExecutionCommand implements Callable<Integer> {

  @Mixin
  DatabaseOptions db;

  @Parameters(paramLabel = "EXECUTION_ID", description = "the execution (keel ops executions lists them)")
  long executionId;

  @Option(names = "--trace-lines", defaultValue = "25", description = "lines of each exception shown (default ${DEFAULT-VALUE})")
  int traceLines;

  @Override
  public Integer call() {
    if (traceLines < 1 || traceLines > 10_000) {
      throw new IllegalArgumentException("--trace-lines must be between 1 and 10000, was " + traceLines);
    }
    try (ConfigurableApplicationContext ctx = Keel.start(db)) {
      Jdbi jdbi = ctx.getBean(Jdbi.class);
      OperationsDao dao = new OperationsDao(jdbi);
      ExecutionRow e = dao.execution(executionId).orElseThrow(() -> new IllegalArgumentException(
          "EXECUTION_ID: no execution " + executionId + " (keel ops executions lists them)"));
      System.out.printf("execution %d: %s cycle %s%n", e.id(), e.job(), e.cycle());
      System.out.printf("  status    %s (exit %s)%n", e.status(), e.exitCode());
      System.out.printf("  started   %s%n  ended     %s%n", ExecutionsCommand.time(ExecutionsCommand.STARTED, e.started()),
          ExecutionsCommand.time(ExecutionsCommand.STARTED, e.ended()));
      System.out.printf("  items     %d read, %d written, %d filtered, %d skipped%n", e.reads(), e.writes(), e.filtered(), e.skips());
      if (e.cycle() != null) {
        new ExecutionLeaseDao(jdbi).find(e.job(), java.time.Instant.parse(e.cycle())).ifPresent(l ->
            System.out.println("  run by    " + l.owner(ctx.getBean(Clock.class).instant())));
      }
      System.out.println();
      String format = "  %-44s %-10s %8s %8s %8s %6s %7s %9s%n";
      System.out.printf(format, "step", "status", "read", "written", "filtered", "skip", "commits", "rollbacks");
      for (StepRow s : dao.steps(executionId)) {
        System.out.printf(format, (s.partition() ? "  " : "") + s.name(), s.status(), s.reads(), s.writes(), s.filtered(), s.skips(),
            s.commits(), s.rollbacks());
      }
      for (StepRow s : dao.steps(executionId)) {
        if (s.exitMessage() != null && !s.exitMessage().isBlank() && "FAILED".equals(s.status())) {
          System.out.println();
          System.out.println("step " + s.name() + " failed:");
          s.exitMessage().lines().limit(traceLines).forEach(l -> System.out.println("  " + l));
        }
      }
      String message = dao.exitMessage(executionId);
      if ("FAILED".equals(e.status()) && !message.isBlank()) {
        System.out.println();
        System.out.println("execution failed:");
        message.lines().limit(traceLines).forEach(l -> System.out.println("  " + l));
      }
      return 0;
    }
  }
}
