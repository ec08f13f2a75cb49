package dev.keel.ops.ops;

import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.ops.DatabaseOptions;
import dev.keel.ops.Keel;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keel ops run JOB}: runs a job now, for the current minute's cycle or a given one. */
@Command(name = "run", description = "Run a job now, for this minute's cycle or the one given with --cycle.")
class RunJobCommand implements Callable<Integer> {

  @Mixin
  DatabaseOptions db;

  @Parameters(paramLabel = "JOB", description = "the job's name (keel ops jobs lists them)")
  String job;

  @Option(names = "--cycle", paramLabel = "INSTANT", description = "the cycle, an ISO-8601 instant such as 2026-11-24T10:15:00Z")
  String cycle;

  @Override
  public Integer call() {
    Instant c = null;
    if (cycle != null) {
      try {
        c = Instant.parse(cycle);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--cycle must be an ISO-8601 instant such as 2026-11-24T10:15:00Z, was '" + cycle + "'");
      }
    }
    try (ConfigurableApplicationContext ctx = Keel.start(db)) {
      Instant at = c != null ? c : ctx.getBean(Clock.class).instant().truncatedTo(ChronoUnit.MINUTES);
      LaunchOutcome o = ctx.getBean(CycleLauncher.class).launch(job, at);
      System.out.println(o.message());
      return o.ranAndCompleted() || o.kind() == LaunchOutcome.Kind.ALREADY_COMPLETE ? 0 : 1;
    }
  }
}
