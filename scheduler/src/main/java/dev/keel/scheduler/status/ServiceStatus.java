package dev.keel.scheduler.status;

import dev.keel.domain.market.VenueFaultKind;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.jobs.launch.OperationsSettings;
import dev.keel.persistence.operations.ExecutionLeaseDao;
import dev.keel.persistence.operations.ExecutionLeaseDao.Lease;
import dev.keel.persistence.operations.OperationsDao;
import dev.keel.persistence.operations.OperationsDao.ExecutionRow;
import dev.keel.persistence.operations.OperationsDao.JobRun;
import dev.keel.persistence.operations.OperationsDao.SchedulerNode;
import dev.keel.persistence.operations.OperationsDao.VenueData;
import dev.keel.persistence.operations.OperationsDao.VenuePause;
import dev.keel.persistence.operations.OperationsDao.Waiting;
import dev.keel.scheduler.KeelProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;
import org.quartz.CronExpression;

/**
 * The service's state and what is wrong with it, decided in one place: {@code keel ops status} prints it and the health
 * endpoint turns DOWN on it, so the two never disagree. Every finding has a level (a warning, or critical: act now),
 * whether it turns the service's health DOWN, and one line saying what it is and what to run.
 */
public final class ServiceStatus {

  /** How bad a finding is; {@code keel ops status} exits 0, 3 or 4. */
  public enum Level { OK, WARNING, CRITICAL }

  /** What a finding is about: one health indicator each for the last four. */
  public enum Check { SCHEDULER, JOBS, EXECUTIONS, MARKET_DATA, VENUES, BACKLOG }

  /**
   * One thing to look at.
   *
   * @param down whether it turns the health of its check DOWN: a stuck or orphaned execution, stale market data, a
   *             halted venue, a backlog of approved proposals not executed; not a rate-limited venue
   */
  public record Finding(Check check, Level level, boolean down, String text) {}

  /** A scheduler node and whether it stopped checking in. */
  public record Node(SchedulerNode node, boolean down) {}

  /**
   * A job: its last run (null when it has none) and its lag against its schedule.
   *
   * @param lag "-" when it is not scheduled, "never ran", "0", or the seconds behind since the first missed slot
   */
  public record JobLine(String job, JobRun run, String lag) {}

  /** An execution marked running, its lease (empty when none) and how long it has run. */
  public record Running(ExecutionRow execution, Optional<Lease> lease, Duration age) {}

  /** A venue's market data and whether it is stale. */
  public record VenueLine(VenueData data, boolean stale) {}

  /** Everything read at {@code at}, and the findings. */
  public record Report(Instant at, String schedulerName, List<Node> nodes, List<JobLine> jobs, List<Running> running,
                       Duration maxSnapshotAge, List<VenueLine> marketData, List<VenuePause> pauses, List<Waiting> waiting,
                       List<Finding> findings) {

    /** The worst level found. */
    public Level level() {
      return findings.stream().map(Finding::level).max(Comparator.naturalOrder()).orElse(Level.OK);
    }

    /** The findings of one check, the worst first. */
    public List<Finding> findings(Check check) {
      return findings.stream().filter(f -> f.check() == check)
          .sorted(Comparator.comparing(Finding::level).reversed()).toList();
    }
  }

  private final OperationsDao dao;
  private final ExecutionLeaseDao leases;
  private final KeelProperties properties;

  public ServiceStatus(Jdbi jdbi, KeelProperties properties) {
    this.dao = new OperationsDao(jdbi);
    this.leases = new ExecutionLeaseDao(jdbi);
    this.properties = properties;
  }

  /** Reads the state as of {@code now} and decides what is wrong with it. */
  public Report read(Instant now) {
    OperationsSettings settings = properties.operations();
    List<Finding> findings = new ArrayList<>();

    List<Node> nodes = new ArrayList<>();
    boolean anyUp = false;
    for (SchedulerNode n : dao.schedulerNodes(properties.scheduler().name())) {
      boolean down = n.down(now);
      anyUp |= !down;
      nodes.add(new Node(n, down));
    }
    for (Node n : nodes) {
      if (n.down() && anyUp) {
        findings.add(new Finding(Check.SCHEDULER, Level.WARNING, false, "scheduler node " + n.node().instance()
            + " stopped checking in at " + n.node().lastCheckin() + ": it is down, and a live node recovers its jobs;"
            + " see ops/RUNBOOK.md section 6"));
      }
    }
    if (!nodes.isEmpty() && !anyUp) {
      findings.add(new Finding(Check.SCHEDULER, Level.CRITICAL, false, "no scheduler node has checked in since "
          + nodes.get(0).node().lastCheckin() + ": no job runs; start `keel run`, see ops/RUNBOOK.md section 6"));
    }

    Map<String, JobRun> runs = new TreeMap<>();
    dao.lastRuns(now.minus(Duration.ofHours(24))).forEach(r -> runs.put(r.job(), r));
    Set<String> jobNames = new TreeSet<>(runs.keySet());
    properties.schedule().forEach((job, s) -> {
      if (s.enabled()) {
        jobNames.add(job);
      }
    });
    List<JobLine> jobs = new ArrayList<>();
    for (String job : jobNames) {
      JobRun run = runs.get(job);
      KeelProperties.JobSchedule schedule = properties.schedule().get(job);
      String lag = "-";
      if (schedule != null && schedule.enabled()) {
        Instant lastCycle = run == null || run.last().cycle() == null ? null : Instant.parse(run.last().cycle());
        Optional<Instant> firstMissed = lastCycle == null ? Optional.empty()
            : firstMissed(schedule.cron(), lastCycle, now, settings.missedSlots());
        if (lastCycle == null) {
          lag = "never ran";
          findings.add(new Finding(Check.JOBS, Level.WARNING, false, job + " has never run; is a `keel run` node up?"));
        } else if (firstMissed.isPresent()) {
          lag = Duration.between(firstMissed.get(), now).toSeconds() + " s";
          findings.add(new Finding(Check.JOBS, Level.CRITICAL, false, job + " is " + settings.missedSlots()
              + " or more slots behind its schedule (" + schedule.cron() + "), last cycle " + lastCycle
              + ": no node is running it; start `keel run`, see ops/RUNBOOK.md"));
        } else {
          lag = "0";
        }
      }
      jobs.add(new JobLine(job, run, lag));
      if (run == null) {
        continue;
      }
      ExecutionRow last = run.last();
      if ("FAILED".equals(last.status())) {
        findings.add(new Finding(Check.JOBS, Level.CRITICAL, false, job + " last run FAILED (execution " + last.id()
            + "): see `keel ops execution " + last.id() + "`, then `keel ops restart " + last.id() + "`"));
      } else if ("STOPPED".equals(last.status())) {
        findings.add(new Finding(Check.JOBS, Level.WARNING, false, job + " last run was STOPPED by a node's shutdown (execution "
            + last.id() + "): `keel ops restart " + last.id() + "` completes it from where it stopped"));
      } else if (run.failedSince() > 0) {
        findings.add(new Finding(Check.JOBS, Level.WARNING, false, job + " failed " + run.failedSince()
            + " time(s) in the last 24 h (its last run is " + last.status() + "): `keel ops executions --job " + job + "`"));
      }
    }

    List<Running> running = new ArrayList<>();
    for (ExecutionRow e : dao.running()) {
      Optional<Lease> lease = e.cycle() == null ? Optional.empty() : leases.find(e.job(), Instant.parse(e.cycle()));
      Duration age = e.started() == null ? Duration.ZERO : Duration.between(e.started(), now);
      running.add(new Running(e, lease, age));
      boolean alive = lease.isPresent() && lease.get().fresh(now, settings.leaseStaleAfter());
      if (!alive) {
        findings.add(new Finding(Check.EXECUTIONS, Level.CRITICAL, true, "execution " + e.id() + " (" + e.job() + " cycle "
            + e.cycle() + ") is marked " + e.status() + " but " + (lease.isPresent() ? "its process stopped refreshing its lease"
            : "no process holds its lease") + ": `keel ops restart " + e.id() + "`"));
      } else if (age.compareTo(settings.stuckAfter()) > 0) {
        findings.add(new Finding(Check.EXECUTIONS, Level.CRITICAL, true, "execution " + e.id() + " (" + e.job() + " cycle "
            + e.cycle() + ") has run for " + age.toMinutes() + " min, longer than keel.operations.stuck-after ("
            + settings.stuckAfter().toMinutes() + " min): `keel ops execution " + e.id() + "`; see ops/RUNBOOK.md"));
      }
    }

    Duration maxAge = Duration.ofSeconds(properties.snapshot().maxAgeSeconds());
    boolean snapshotsScheduled = Optional.ofNullable(properties.schedule().get("marketSnapshotJob"))
        .map(KeelProperties.JobSchedule::enabled).orElse(false);
    List<VenueLine> marketData = new ArrayList<>();
    for (VenueData v : dao.marketData()) {
      boolean stale = v.lastOk() == null || Duration.between(v.lastOk(), now).compareTo(maxAge) > 0;
      marketData.add(new VenueLine(v, stale));
      if (stale && snapshotsScheduled) {
        findings.add(new Finding(Check.MARKET_DATA, Level.CRITICAL, true, "market data of " + v.venue()
            + " is stale (last healthy snapshot " + (v.lastOk() == null ? "never" : v.lastOk().toString())
            + "): the scan skips portfolios holding its assets; `keel ops executions --job marketSnapshotJob`,"
            + " see ops/RUNBOOK.md"));
      }
    }

    List<VenuePause> pauses = dao.pausedVenues(now);
    for (VenuePause p : pauses) {
      boolean halted = p.kind() == VenueFaultKind.BANNED;
      findings.add(new Finding(Check.VENUES, halted ? Level.CRITICAL : Level.WARNING, halted, "venue " + p.venue() + " is "
          + (halted ? "halted (BANNED)" : "rate-limited") + " until " + p.until() + ": " + p.reason() + "; see ops/RUNBOOK.md"));
    }

    List<Waiting> waiting = dao.waitingProposals();
    for (Waiting w : waiting) {
      if (w.status() == ProposalStatus.APPROVED && w.count() > 0 && Duration.between(w.since(), now).compareTo(settings.backlogAfter()) > 0) {
        findings.add(new Finding(Check.BACKLOG, Level.WARNING, true, "proposal #" + w.oldestId() + " was approved "
            + Duration.between(w.since(), now).toMinutes() + " min ago and is not executed (" + w.count()
            + " approved in all, keel.operations.backlog-after " + settings.backlogAfter().toMinutes() + " min):"
            + " `keel ops executions --job executionJob`, `keel ops proposals show " + w.oldestId() + "`"));
      }
      if (w.status() == ProposalStatus.EXECUTING && w.count() > 0 && Duration.between(w.since(), now).compareTo(settings.stuckAfter()) > 0) {
        findings.add(new Finding(Check.BACKLOG, Level.WARNING, false, "proposal #" + w.oldestId() + " has been EXECUTING for "
            + Duration.between(w.since(), now).toMinutes() + " min: `keel ops proposals show " + w.oldestId()
            + "` names the order or venue it waits for; see ops/RUNBOOK.md section 8"));
      }
    }
    for (OperationsDao.Unbooked u : dao.unbookedFills()) {
      findings.add(new Finding(Check.BACKLOG, Level.CRITICAL, true, "order " + u.clientOrderId() + " on " + u.venue()
          + " (proposal #" + u.proposalId() + ") holds fills the venue traded that are not booked, since " + u.since()
          + ": " + u.reason() + "; every executionJob run tries again, see docs/execution.md (Reconciliation)"));
    }
    return new Report(now, properties.scheduler().name(), List.copyOf(nodes), List.copyOf(jobs), List.copyOf(running), maxAge,
        List.copyOf(marketData), pauses, waiting, List.copyOf(findings));
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
