package dev.keel.ops.ops;

import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.ops.DatabaseOptions;
import dev.keel.ops.Keel;
import dev.keel.persistence.operations.OperationsDao;
import dev.keel.persistence.operations.OperationsDao.ExecutionRow;
import dev.keel.scheduler.KeelProperties;
import dev.keel.scheduler.status.ServiceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code keel ops status}: what an operator checks first. The last run of each job and its lag against the schedule,
 * executions still running (and whether their process is alive), market data freshness, paused venues, and the oldest
 * proposals waiting on an investor or on execution. Ends with an exit code a script can test: 0 all is well, 3 something
 * to look at (a warning), 4 something to act on now (critical); 1 when the status could not be read. What is wrong is
 * decided by {@link ServiceStatus}, as the service's health endpoint decides it.
 */
@Command(name = "status", description = "The service at a glance: last run and lag of each job, running and stuck executions,"
    + " stale market data, paused venues, the oldest undecided, approved-but-unexecuted and executing proposals, scheduler nodes down."
    + " Exit 0: all well; 3: a warning; 4: critical; 1: could not read it.")
class StatusCommand implements Callable<Integer> {

  static final int OK = 0;
  static final int WARNING = 3;
  static final int CRITICAL = 4;

  @Mixin
  DatabaseOptions db;

  @Override
  public Integer call() {
    try (ConfigurableApplicationContext ctx = Keel.start(db)) {
      Instant now = ctx.getBean(Clock.class).instant();
      ServiceStatus.Report r = new ServiceStatus(ctx.getBean(Jdbi.class), ctx.getBean(KeelProperties.class)).read(now);

      System.out.println("scheduler nodes (" + r.schedulerName() + ")");
      for (ServiceStatus.Node n : r.nodes()) {
        System.out.printf("  %-40s last check-in %s (%d s ago)%s%n", n.node().instance(), n.node().lastCheckin(),
            Duration.between(n.node().lastCheckin(), now).toSeconds(), n.down() ? "  DOWN" : "");
      }
      if (r.nodes().isEmpty()) {
        System.out.println("  (none has ever run)");
      }

      System.out.println();
      System.out.println("jobs");
      System.out.printf("  %-24s %-22s %-10s %-9s %-10s %s%n", "job", "last cycle", "status", "execution", "failed 24h", "behind schedule");
      for (ServiceStatus.JobLine j : r.jobs()) {
        if (j.run() == null) {
          System.out.printf("  %-24s %-22s %-10s %-9s %-10s %s%n", j.job(), "-", "-", "-", "0", j.lag());
        } else {
          ExecutionRow last = j.run().last();
          System.out.printf("  %-24s %-22s %-10s %-9s %-10s %s%n", j.job(), last.cycle(), last.status(), last.id(),
              j.run().failedSince(), j.lag());
        }
      }

      System.out.println();
      System.out.println("running executions");
      for (ServiceStatus.Running e : r.running()) {
        ExecutionRow x = e.execution();
        System.out.printf("  %-8s %-24s %-22s %-9s for %d s, %s%n", x.id(), x.job(), x.cycle(), x.status(), e.age().toSeconds(),
            e.lease().map(l -> "run by " + l.owner(now)).orElse("no lease"));
      }
      if (r.running().isEmpty()) {
        System.out.println("  (none)");
      }

      System.out.println();
      System.out.println("market data (stale after keel.snapshot.max-age-seconds = " + r.maxSnapshotAge().toSeconds() + " s)");
      for (ServiceStatus.VenueLine v : r.marketData()) {
        Instant lastOk = v.data().lastOk();
        System.out.printf("  %-12s %3d markets, last healthy snapshot %s%s%n", v.data().venue(), v.data().markets(),
            lastOk == null ? "never" : lastOk + " (" + Duration.between(lastOk, now).toSeconds() + " s ago)",
            v.stale() ? "  STALE" : "");
      }

      System.out.println();
      System.out.println("paused venues");
      for (OperationsDao.VenuePause p : r.pauses()) {
        System.out.printf("  %-12s %-12s until %s: %s%n", p.venue(), p.kind(), p.until(), p.reason());
      }
      if (r.pauses().isEmpty()) {
        System.out.println("  (none)");
      }

      System.out.println();
      System.out.println("proposals waiting");
      for (OperationsDao.Waiting w : r.waiting()) {
        String what = w.status() == ProposalStatus.PROPOSED ? "undecided (PROPOSED)" : w.status() == ProposalStatus.APPROVED
            ? "approved, not executed (APPROVED)" : "executing (EXECUTING)";
        if (w.count() == 0) {
          System.out.printf("  %-36s none%n", what);
          continue;
        }
        System.out.printf("  %-36s %d, oldest #%d since %s (%d min)%n", what, w.count(), w.oldestId(), w.since(),
            Duration.between(w.since(), now).toMinutes());
      }

      ServiceStatus.Level level = r.level();
      System.out.println();
      System.out.println("status at " + now + ": " + level);
      r.findings().stream().sorted(Comparator.comparing(ServiceStatus.Finding::level).reversed())
          .forEach(f -> System.out.println("  " + (f.level() == ServiceStatus.Level.CRITICAL ? "CRITICAL " : "WARNING  ") + f.text()));
      return level == ServiceStatus.Level.CRITICAL ? CRITICAL : level == ServiceStatus.Level.WARNING ? WARNING : OK;
    }
  }
}
