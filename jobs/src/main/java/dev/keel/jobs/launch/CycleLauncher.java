package dev.keel.jobs.launch;

import dev.keel.jobs.batch.Cycle;
import dev.keel.persistence.db.SessionLocks;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.DataAccessException;

/**
 * Launches a job for one cycle, at most once at a time across every thread and scheduler node.
 *
 * <p>Spring Batch alone refuses a second execution of a running or completed JobInstance, but
 * two launches that race each other can both pass its check. So the launch first takes a
 * PostgreSQL advisory lock named after job and cycle, on a connection of its own, held until the
 * execution ends: the loser of the race is told "already running" instead of failing on a
 * unique key.
 */
public final class CycleLauncher {

  private static final Logger log = LoggerFactory.getLogger(CycleLauncher.class);

  private final JobOperator jobOperator;
  private final JobRepository jobRepository;
  private final DataSource dataSource;
  private final Map<String, Job> jobs;
  /** The launches running in this JVM: job name and parameters, so a shutdown can stop them cleanly. */
  private final Map<Thread, Map.Entry<String, JobParameters>> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean stopping;
  /** The lease rows that say which process runs a cycle; null when leases are not kept (tests of the launcher alone). */
  private final ExecutionLeases leases;

  public CycleLauncher(JobOperator jobOperator, JobRepository jobRepository, DataSource dataSource, List<Job> jobs) {
    this(jobOperator, jobRepository, dataSource, jobs, null);
  }

  /** A launcher that also keeps a lease row with a heartbeat for every execution it runs. */
  public CycleLauncher(JobOperator jobOperator, JobRepository jobRepository, DataSource dataSource, List<Job> jobs,
                       ExecutionLeases leases) {
    this.leases = leases;
    this.jobOperator = jobOperator;
    this.jobRepository = jobRepository;
    this.dataSource = dataSource;
    this.jobs = jobs.stream().collect(Collectors.toUnmodifiableMap(Job::getName, Function.identity()));
  }

  /** The names of the jobs this launcher knows. */
  public java.util.Set<String> jobNames() {
    return new java.util.TreeSet<>(jobs.keySet());
  }

  /** Launches {@code jobName} for {@code cycle} and waits for it to end. */
  public LaunchOutcome launch(String jobName, Instant cycle) {
    return launch(jobName, cycle, false);
  }

  /**
   * Launches {@code jobName} for {@code cycle}.
   *
   * @param recoverAbandoned true when the scheduler re-fires a job whose node died: an execution of
   *                         this cycle still marked as running is then known to be dead, is marked
   *                         failed, and the instance is restarted from where it stopped
   */
  public LaunchOutcome launch(String jobName, Instant cycle, boolean recoverAbandoned) {
    Instant c = Cycle.normalise(cycle);
    Job job = jobs.get(jobName);
    if (job == null) {
      return new LaunchOutcome(jobName, c, LaunchOutcome.Kind.UNKNOWN_JOB, null, null,
          "no job named '" + jobName + "'; known jobs: " + jobNames());
    }
    JobParameters params = Cycle.parameters(c);
    if (stopping) {
      return new LaunchOutcome(jobName, c, LaunchOutcome.Kind.ALREADY_RUNNING, null, null,
          "this node is shutting down: " + jobName + " cycle " + c + " not started");
    }
    MDC.put("job", jobName);
    MDC.put("cycle", c.toString());
    try (Connection lockConnection = dataSource.getConnection()) {
      long key = lockKey(jobName, c);
      if (!SessionLocks.tryLock(lockConnection, key) && !(recoverAbandoned && takeOverStaleLock(jobName, c, key, lockConnection))) {
        return alreadyRunning(jobName, c, params);
      }
      try {
        return launchLocked(job, c, params, recoverAbandoned);
      } finally {
        SessionLocks.unlock(lockConnection, key);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not take the launch lock for " + jobName + " cycle " + c + ": " + e.getMessage(), e);
    } finally {
      MDC.remove("job");
      MDC.remove("cycle");
    }
  }

  private LaunchOutcome launchLocked(Job job, Instant cycle, JobParameters params, boolean recoverAbandoned) {
    String name = job.getName();
    JobExecution last = jobRepository.getLastJobExecution(name, params);
    if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
      return new LaunchOutcome(name, cycle, LaunchOutcome.Kind.ALREADY_COMPLETE, last.getId(), "COMPLETED",
          name + " cycle " + cycle + " already completed (execution " + last.getId() + "); nothing rewritten");
    }
    if (last != null && last.isRunning()) {
      var live = leases == null ? java.util.Optional.<dev.keel.persistence.operations.ExecutionLeaseDao.Lease>empty()
          : leases.freshLease(name, cycle);
      if (live.isPresent()) {
        // the lock was free, yet the process that runs it is alive: its lock's connection was lost
        return new LaunchOutcome(name, cycle, LaunchOutcome.Kind.ALREADY_RUNNING, last.getId(), null,
            name + " cycle " + cycle + " execution " + last.getId() + " is alive: its lease is held by "
                + live.get().owner(leases.now()));
      }
      if (!recoverAbandoned) {
        return new LaunchOutcome(name, cycle, LaunchOutcome.Kind.ALREADY_RUNNING, last.getId(), null,
            name + " cycle " + cycle + " has execution " + last.getId() + " marked " + last.getStatus()
                + "; if its process is gone, recover and restart it with `keel ops restart " + last.getId() + "`");
      }
      log.warn("recovering execution {} of {} cycle {}: its node stopped while running it", last.getId(), name, cycle);
      jobOperator.recover(last);
    }
    inFlight.put(Thread.currentThread(), Map.entry(name, params));
    if (leases != null) {
      leases.acquire(name, cycle, () -> {
        JobExecution current = jobRepository.getLastJobExecution(name, params);
        return current != null && current.isRunning() ? current.getId() : null;
      });
    }
    try {
      JobExecution execution = jobOperator.start(job, params);
      log.info("{} cycle {} ended {} (execution {})", name, cycle, execution.getStatus(), execution.getId());
      return new LaunchOutcome(name, cycle, LaunchOutcome.Kind.RAN, execution.getId(), execution.getStatus().name(),
          name + " cycle " + cycle + " ended " + execution.getStatus() + " (execution " + execution.getId() + ")");
    } catch (JobExecutionAlreadyRunningException e) {
      return alreadyRunning(name, cycle, params);
    } catch (JobInstanceAlreadyCompleteException e) {
      return new LaunchOutcome(name, cycle, LaunchOutcome.Kind.ALREADY_COMPLETE, null, "COMPLETED",
          name + " cycle " + cycle + " already completed; nothing rewritten");
    } catch (DataAccessException e) {
      JobInstance instance = jobRepository.getJobInstance(name, params);
      if (instance != null) {
        return alreadyRunning(name, cycle, params);
      }
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("launching " + name + " for cycle " + cycle + " failed: " + e.getMessage(), e);
    } finally {
      inFlight.remove(Thread.currentThread());
      if (leases != null) {
        leases.release(name, cycle);
      }
    }
  }

  /**
   * The lock of a cycle is held, yet its lease is stale: the holder is a session of a process that is gone (a dead
   * host, whose connection the server has not noticed yet). Ends that session and takes the lock. Without a lease row
   * nothing tells a dead holder from a live one, and the lock is left alone.
   */
  private boolean takeOverStaleLock(String jobName, Instant cycle, long key, Connection lockConnection) throws SQLException {
    if (leases == null) {
      return false;
    }
    var lease = leases.lease(jobName, cycle);
    if (lease.isEmpty() || lease.get().fresh(leases.now(), leases.settings().staleAfter())) {
      return false;
    }
    log.warn("{} cycle {}: its lock is held but its lease is stale ({}); ending the holder's session", jobName, cycle,
        lease.get().owner(leases.now()));
    leases.terminateStaleHolders(key);
    for (int attempt = 0; attempt < 50; attempt++) {
      if (SessionLocks.tryLock(lockConnection, key)) {
        return true;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(100).toNanos());
    }
    return false;
  }

  /**
   * Asks every execution this JVM is running to stop at its next chunk boundary (FAULTS B3): each
   * ends STOPPED with its committed work kept, and a later launch of the same cycle restarts it from
   * there. New launches are refused from now on. Returns the executions asked to stop.
   */
  public List<Long> stopAll() {
    stopping = true;
    List<Long> asked = new java.util.ArrayList<>();
    for (Map.Entry<String, JobParameters> e : inFlight.values()) {
      JobExecution running = jobRepository.getLastJobExecution(e.getKey(), e.getValue());
      if (running != null && running.isRunning()) {
        try {
          // Marked STOPPING in the repository, which the running steps read at each chunk commit. Not
          // JobOperator.stop: in Spring Batch 6.0 it also stops each running step through a copy of its step
          // execution, which closes the step-scoped reader of the step still running, so the position saved
          // at the stop is 0 and a restart rereads everything.
          running.setStatus(BatchStatus.STOPPING);
          jobRepository.update(running);
          asked.add(running.getId());
          log.info("asked {} execution {} to stop", e.getKey(), running.getId());
        } catch (Exception ex) {
          log.warn("could not stop {} execution {}: {}", e.getKey(), running.getId(), ex.getMessage());
        }
      }
    }
    return asked;
  }

  /** Accepts launches again after {@link #stopAll()} (tests, and a node that stays up). */
  public void resume() {
    stopping = false;
  }

  private LaunchOutcome alreadyRunning(String name, Instant cycle, JobParameters params) {
    JobExecution running = jobRepository.getLastJobExecution(name, params);
    Long id = running == null ? null : running.getId();
    return new LaunchOutcome(name, cycle, LaunchOutcome.Kind.ALREADY_RUNNING, id, null,
        name + " cycle " + cycle + " is already running" + (id == null ? "" : " (execution " + id + ")"));
  }

  /** The PostgreSQL advisory lock a launch of this job and cycle holds while its process lives. */
  public static long lockKey(String jobName, Instant cycle) {
    return UUID.nameUUIDFromBytes(("keel-launch|" + jobName + "|" + cycle).getBytes(StandardCharsets.UTF_8))
        .getMostSignificantBits();
  }
}
