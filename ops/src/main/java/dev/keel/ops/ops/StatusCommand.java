package dev.keel.ops.ops;

import dev.keel.ops.DatabaseOptions;
import dev.keel.ops.Keel;
import dev.keel.persistence.operations.ExecutionLeaseDao;
import dev.keel.persistence.operations.ExecutionLeaseDao.Lease;
import dev.keel.persistence.operations.OperationsDao;
import dev.keel.persistence.operations.OperationsDao.ExecutionRow;
import dev.keel.persistence.operations.OperationsDao.JobRun;
import dev.keel.scheduler.KeelProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import org.quartz.CronExpression;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code keel ops status}: what an operator checks first. The last run of each job and its lag against the schedule,
 * executions still running (and whether their process is alive), market data freshness, paused venues, and the oldest
 * proposals waiting on an investor or on execution. Ends with an exit code a script can test: 0 all is well, 3 something
 * to look at (a warning), 4 something to act on now (critical); 1 when the status could not be read.
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

  /** A finding: its level and one line saying what it is and what to run. */
  record Finding(int level, String text) {}

  @Override
  public Integer call() {
    try (ConfigurableApplicationContext ctx = Keel.start(db)) {
      Jdbi jdbi = ctx.getBean(Jdbi.class);
      KeelProperties properties = ctx.getBean(KeelProperties.class);
      KeelProperties.Operations settings = properties.operationsOrFail();
      Instant now = ctx.getBean(Clock.class).instant();
      OperationsDao dao = new OperationsDao(jdbi);
      List<Finding> findings = new ArrayList<>();

      System.out.println("scheduler nodes (" + properties.scheduler().name() + ")");
      List<OperationsDao.SchedulerNode> nodes = dao.schedulerNodes(properties.scheduler().name());
      boolean anyUp = false;
      for (OperationsDao.SchedulerNode n : nodes) {
        boolean down = n.down(now);
        anyUp |= !down;
        System.out.printf("  %-40s last check-in %s (%d s ago)%s%n", n.instance(), n.lastCheckin(),
            Duration.between(n.lastCheckin(), now).toSeconds(), down ? "  DOWN" : "");
      }
      if (nodes.isEmpty()) {
        System.out.println("  (none has ever run)");
      }
      for (OperationsDao.SchedulerNode n : nodes) {
        if (n.down(now) && anyUp) {
          findings.add(new Finding(WARNING, "scheduler node " + n.instance() + " stopped checking in at " + n.lastCheckin()
              + ": it is down, and a live node recovers its jobs; see ops/RUNBOOK.md section 6"));
        }
      }
      if (!nodes.isEmpty() && !anyUp) {
        findings.add(new Finding(CRITICAL, "no scheduler node has checked in since " + nodes.get(0).lastCheckin()
            + ": no job runs; start `keel run`, see ops/RUNBOOK.md section 6"));
      }

      System.out.println();
      System.out.println("jobs");
      System.out.printf("  %-24s %-22s %-10s %-9s %-10s %s%n", "job", "last cycle", "status", "execution", "failed 24h", "behind schedule");
      Map<String, JobRun> runs = new java.util.TreeMap<>();
      dao.lastRuns(now.minus(Duration.ofHours(24))).forEach(r -> runs.put(r.job(), r));
      java.util.Set<String> jobs = new java.util.TreeSet<>(runs.keySet());
      properties.schedule().forEach((job, s) -> {
        if (s.enabled()) {
          jobs.add(job);
        }
      });
      for (String job : jobs) {
        JobRun run = runs.get(job);
        KeelProperties.JobSchedule schedule = properties.schedule().get(job);
        String lag = "-";
        if (schedule != null && schedule.enabled()) {
          Instant lastCycle = run == null || run.last().cycle() == null ? null : Instant.parse(run.last().cycle());
          Optional<Instant> firstMissed = lastCycle == null ? Optional.empty() : firstMissed(schedule.cron(), lastCycle, now, settings.missedSlots());
          if (lastCycle == null) {
            lag = "never ran";
            findings.add(new Finding(WARNING, job + " has never run; is a `keel run` node up?"));
          } else if (firstMissed.isPresent()) {
            Duration behind = Duration.between(firstMissed.get(), now);
            lag = behind.toSeconds() + " s";
            findings.add(new Finding(CRITICAL, job + " is " + settings.missedSlots() + " or more slots behind its schedule ("
                + schedule.cron() + "), last cycle " + lastCycle + ": no node is running it; start `keel run`, see ops/RUNBOOK.md"));
          } else {
            lag = "0";
          }
        }
        if (run == null) {
          System.out.printf("  %-24s %-22s %-10s %-9s %-10s %s%n", job, "-", "-", "-", "0", lag);
          continue;
        }
        ExecutionRow last = run.last();
        System.out.printf("  %-24s %-22s %-10s %-9s %-10s %s%n", job, last.cycle(), last.status(), last.id(), run.failedSince(), lag);
        if ("FAILED".equals(last.status())) {
          findings.add(new Finding(CRITICAL, job + " last run FAILED (execution " + last.id() + "): see `keel ops execution "
              + last.id() + "`, then `keel ops restart " + last.id() + "`"));
        } else if ("STOPPED".equals(last.status())) {
          findings.add(new Finding(WARNING, job + " last run was STOPPED by a node's shutdown (execution " + last.id()
              + "): `keel ops restart " + last.id() + "` completes it from where it stopped"));
        } else if (run.failedSince() > 0) {
          findings.add(new Finding(WARNING, job + " failed " + run.failedSince() + " time(s) in the last 24 h (its last run is "
              + last.status() + "): `keel ops executions --job " + job + "`"));
        }
      }

      System.out.println();
      System.out.println("running executions");
      ExecutionLeaseDao leases = new ExecutionLeaseDao(jdbi);
      List<ExecutionRow> running = dao.running();
      for (ExecutionRow e : running) {
        Optional<Lease> lease = e.cycle() == null ? Optional.empty() : leases.find(e.job(), Instant.parse(e.cycle()));
        Duration age = e.started() == null ? Duration.ZERO : Duration.between(e.started(), now);
        System.out.printf("  %-8s %-24s %-22s %-9s for %d s, %s%n", e.id(), e.job(), e.cycle(), e.status(), age.toSeconds(),
            lease.map(l -> "run by " + l.owner(now)).orElse("no lease"));
        boolean alive = lease.isPresent() && lease.get().fresh(now, settings.leaseStaleAfter());
        if (!alive) {
          findings.add(new Finding(CRITICAL, "execution " + e.id() + " (" + e.job() + " cycle " + e.cycle() + ") is marked "
              + e.status() + " but " + (lease.isPresent() ? "its process stopped refreshing its lease" : "no process holds its lease")
              + ": `keel ops restart " + e.id() + "`"));
        } else if (age.compareTo(settings.stuckAfter()) > 0) {
          findings.add(new Finding(CRITICAL, "execution " + e.id() + " (" + e.job() + " cycle " + e.cycle() + ") has run for "
              + age.toMinutes() + " min, longer than keel.operations.stuck-after (" + settings.stuckAfter().toMinutes()
              + " min): `keel ops execution " + e.id() + "`; see ops/RUNBOOK.md"));
        }
      }
      if (running.isEmpty()) {
        System.out.println("  (none)");
      }

      System.out.println();
      Duration maxAge = Duration.ofSeconds(properties.snapshot().maxAgeSeconds());
      System.out.println("market data (stale after keel.snapshot.max-age-seconds = " + maxAge.toSeconds() + " s)");
      boolean snapshotsScheduled = Optional.ofNullable(properties.schedule().get("marketSnapshotJob"))
          .map(KeelProperties.JobSchedule::enabled).orElse(false);
      for (OperationsDao.VenueData v : dao.marketData()) {
        boolean stale = v.lastOk() == null || Duration.between(v.lastOk(), now).compareTo(maxAge) > 0;
        System.out.printf("  %-12s %3d markets, last healthy snapshot %s%s%n", v.venue(), v.markets(),
            v.lastOk() == null ? "never" : v.lastOk() + " (" + Duration.between(v.lastOk(), now).toSeconds() + " s ago)",
            stale ? "  STALE" : "");
        if (stale && snapshotsScheduled) {
          findings.add(new Finding(CRITICAL, "market data of " + v.venue() + " is stale (last healthy snapshot "
              + (v.lastOk() == null ? "never" : v.lastOk().toString()) + "): the scan skips portfolios holding its assets;"
              + " `keel ops executions --job marketSnapshotJob`, see ops/RUNBOOK.md"));
        }
      }

      System.out.println();
      System.out.println("paused venues");
      List<OperationsDao.VenuePause> pauses = dao.pausedVenues(now);
      for (OperationsDao.VenuePause p : pauses) {
        System.out.printf("  %-12s %-12s until %s: %s%n", p.venue(), p.kind(), p.until(), p.reason());
        boolean halted = "BANNED".equals(p.kind());
        findings.add(new Finding(halted ? CRITICAL : WARNING, "venue " + p.venue() + " is " + (halted ? "halted (BANNED)" : "rate-limited")
            + " until " + p.until() + ": " + p.reason() + "; see ops/RUNBOOK.md"));
      }
      if (pauses.isEmpty()) {
        System.out.println("  (none)");
      }

      System.out.println();
      System.out.println("proposals waiting");
      for (OperationsDao.Waiting w : dao.waitingProposals()) {
        String what = "PROPOSED".equals(w.status()) ? "undecided (PROPOSED)" : "APPROVED".equals(w.status())
            ? "approved, not executed (APPROVED)" : "executing (EXECUTING)";
        if (w.count() == 0) {
          System.out.printf("  %-36s none%n", what);
          continue;
        }
        Duration age = Duration.between(w.since(), now);
        System.out.printf("  %-36s %d, oldest #%d since %s (%d min)%n", what, w.count(), w.oldestId(), w.since(), age.toMinutes());
        if ("APPROVED".equals(w.status()) && age.compareTo(settings.stuckAfter()) > 0) {
          findings.add(new Finding(WARNING, "proposal #" + w.oldestId() + " was approved " + age.toMinutes()
              + " min ago and is not executed: `keel ops executions --job executionJob`, `keel ops proposals show " + w.oldestId() + "`"));
        }
        if ("EXECUTING".equals(w.status()) && age.compareTo(settings.stuckAfter()) > 0) {
          findings.add(new Finding(WARNING, "proposal #" + w.oldestId() + " has been EXECUTING for " + age.toMinutes()
              + " min: `keel ops proposals show " + w.oldestId() + "` names the order or venue it waits for; see ops/RUNBOOK.md section 8"));
        }
      }

      int level = findings.stream().mapToInt(Finding::level).max().orElse(OK);
      System.out.println();
      System.out.println("status at " + now + ": " + (level == CRITICAL ? "CRITICAL" : level == WARNING ? "WARNING" : "OK"));
      findings.stream().sorted(java.util.Comparator.comparingInt(Finding::level).reversed())
          .forEach(f -> System.out.println("  " + (f.level() == CRITICAL ? "CRITICAL " : "WARNING  ") + f.text()));
      return level;
    }
  }

  /**
   * The first slot after {@code lastCycle} when at least {@code missed} slots have passed since it, up to {@code now}; empty
   * when fewer have (one slot may be due or running right now).
   */
  static Optional<Instant> firstMissed(String cron, Instant lastCycle, Instant now, int missed) {
    try {
      CronExpression e = new CronExpression(cron);
      e.setTimeZone(TimeZone.getTimeZone("UTC"));
      Date next = e.getNextValidTimeAfter(Date.from(lastCycle));
      Instant first = next == null ? null : next.toInstant();
      int passed = 0;
      while (next != null && !next.toInstant().isAfter(now) && passed < missed) {
        passed++;
        next = e.getNextValidTimeAfter(next);
      }
      return passed >= missed ? Optional.of(first) : Optional.empty();
    } catch (java.text.ParseException ex) {
      throw new IllegalArgumentException("keel.schedule cron '" + cron + "' does not parse: " + ex.getMessage());
    }
  }
}
