package dev.keel.ops.ops;

import dev.keel.ops.DatabaseOptions;
import dev.keel.ops.Keel;
import dev.keel.persistence.operations.OperationsDao;
import dev.keel.persistence.operations.OperationsDao.ExecutionRow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code keel ops executions}: the latest job executions with their cycle, status, timings and item counts. */
@Command(name = "executions", description = "List recent job executions: id, job, cycle, status, start, end, items read, written"
    + " and skipped (over the job's steps, partitions counted once), exit message. `keel ops execution ID` shows one in full.")
class ExecutionsCommand implements Callable<Integer> {

  static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  static final DateTimeFormatter ENDED = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  @Mixin
  DatabaseOptions db;

  @Option(names = "--job", description = "only this job")
  String job;

  @Mixin
  LimitOption limit;

  @Override
  public Integer call() {
    int max = limit.value();
    try (ConfigurableApplicationContext ctx = Keel.start(db)) {
      List<ExecutionRow> rows = new OperationsDao(ctx.getBean(Jdbi.class)).executions(job, max);
      String format = "%-8s %-24s %-22s %-10s %-19s %-8s %8s %8s %6s %s%n";
      System.out.printf(format, "id", "job", "cycle", "status", "started", "ended", "read", "written", "skip", "message");
      for (ExecutionRow r : rows) {
        System.out.printf(format, r.id(), r.job(), r.cycle(), r.status(), time(STARTED, r.started()), time(ENDED, r.ended()),
            r.reads(), r.writes(), r.skips(), r.message().replace('\n', ' '));
      }
      if (rows.isEmpty()) {
        System.out.println("(no executions)");
      }
      return 0;
    }
  }

  static String time(DateTimeFormatter f, Instant t) {
    return t == null ? "-" : f.format(t);
  }
}
