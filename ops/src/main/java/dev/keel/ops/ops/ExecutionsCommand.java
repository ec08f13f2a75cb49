package dev.keel.ops.ops;

import dev.keel.ops.DatabaseOptions;
import dev.keel.ops.Keel;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code keel ops executions}: the latest job executions with their cycle, status and timings. */
@Command(name = "executions", description = "List recent job executions: id, job, cycle, status, start, end, exit message.")
class ExecutionsCommand implements Callable<Integer> {

  @Mixin
  DatabaseOptions db;

  @Option(names = "--job", description = "only this job")
  String job;

  @Option(names = "--limit", defaultValue = "20", description = "how many (default ${DEFAULT-VALUE})")
  int limit;

  @Override
  public Integer call() {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("--limit must be between 1 and 10000, was " + limit);
    }
    try (ConfigurableApplicationContext ctx = Keel.start(db)) {
      var rows = ctx.getBean(Jdbi.class).withHandle(h -> h.createQuery(
              "SELECT e.job_execution_id, i.job_name, p.parameter_value AS cycle, e.status, e.exit_code,"
                  + " to_char(e.start_time, 'YYYY-MM-DD HH24:MI:SS') AS started, to_char(e.end_time, 'HH24:MI:SS') AS ended,"
                  // the first line whole (a job's summary: the scan's outcome counts), not a failure's stack trace
                  + " split_part(coalesce(e.exit_message, ''), E'\\n', 1) AS message"
                  + " FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
                  + " LEFT JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'cycle'"
                  + " WHERE (CAST(:job AS text) IS NULL OR i.job_name = :job)"
                  + " ORDER BY e.job_execution_id DESC LIMIT :limit")
          .bind("job", job).bind("limit", limit).mapToMap().list());
      System.out.printf("%-8s %-24s %-22s %-10s %-19s %-8s %s%n", "id", "job", "cycle", "status", "started", "ended", "message");
      for (var r : rows) {
        System.out.printf("%-8s %-24s %-22s %-10s %-19s %-8s %s%n", r.get("job_execution_id"), r.get("job_name"), r.get("cycle"),
            r.get("status"), r.get("started"), r.get("ended") == null ? "-" : r.get("ended"),
            ((String) r.get("message")).replace('\n', ' '));
      }
      if (rows.isEmpty()) {
        System.out.println("(no executions)");
      }
      return 0;
    }
  }
}
