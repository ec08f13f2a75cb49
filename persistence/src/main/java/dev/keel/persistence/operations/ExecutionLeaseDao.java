package dev.keel.persistence.operations;

import dev.keel.persistence.db.Columns;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The lease rows of running executions: who runs a job's cycle and when it last said so. Used on the pool's own
 * connections (never inside a batch transaction), so a heartbeat commits at once.
 */
public final class ExecutionLeaseDao {

  private final Jdbi jdbi;

  public ExecutionLeaseDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * One lease.
   *
   * @param executionId the Spring Batch execution, or null until the first heartbeat after it was created
   * @param node        the Quartz instance id of the node, or the command that launched it
   * @param pid         the operating-system process id on {@code host}
   */
  public record Lease(String jobName, Instant cycle, Long executionId, String node, String host, long pid, Instant acquiredAt,
                      Instant heartbeatAt) {

    /** How long ago the last heartbeat was, never negative. */
    public Duration age(Instant now) {
      Duration d = Duration.between(heartbeatAt, now);
      return d.isNegative() ? Duration.ZERO : d;
    }

    public boolean fresh(Instant now, Duration staleAfter) {
      return age(now).compareTo(staleAfter) < 0;
    }

    /** One line for an operator: node, host, pid and the heartbeat's age. */
    public String owner(Instant now) {
      return "node " + node + " (host " + host + ", pid " + pid + "), last heartbeat " + age(now).toSeconds() + " s ago";
    }
  }

  public Optional<Lease> find(String jobName, Instant cycle) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM execution_lease WHERE job_name = :job AND cycle = :cycle")
        .bind("job", jobName).bind("cycle", cycle).map((rs, ctx) -> lease(rs)).findOne());
  }

  /** Every lease, oldest heartbeat first. */
  public List<Lease> all() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM execution_lease ORDER BY heartbeat_at, job_name, cycle")
        .map((rs, ctx) -> lease(rs)).list());
  }

  /** Takes the lease of a job's cycle for this process, replacing a stale one left by a dead process. */
  public void acquire(String jobName, Instant cycle, String node, String host, long pid, Instant now) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO execution_lease (job_name, cycle, node, host, pid, acquired_at, heartbeat_at)"
            + " VALUES (:job, :cycle, :node, :host, :pid, :now, :now)"
            + " ON CONFLICT (job_name, cycle) DO UPDATE SET execution_id = NULL, node = :node, host = :host, pid = :pid,"
            + " acquired_at = :now, heartbeat_at = :now")
        .bind("job", jobName).bind("cycle", cycle).bind("node", node).bind("host", host).bind("pid", pid).bind("now", now)
        .execute());
  }

  /** Refreshes the heartbeat of every lease this process holds; returns how many were refreshed. */
  public int heartbeat(String node, long pid, Instant now) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE execution_lease SET heartbeat_at = greatest(:now, acquired_at)"
            + " WHERE node = :node AND pid = :pid")
        .bind("node", node).bind("pid", pid).bind("now", now).execute());
  }

  /** Records the execution a lease covers, once Spring Batch has created it. */
  public void executionStarted(String jobName, Instant cycle, long executionId, String node, long pid) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE execution_lease SET execution_id = :id"
            + " WHERE job_name = :job AND cycle = :cycle AND node = :node AND pid = :pid")
        .bind("id", executionId).bind("job", jobName).bind("cycle", cycle).bind("node", node).bind("pid", pid).execute());
  }

  /** Gives a lease up when its launch ends; only the holder's row is deleted. */
  public void release(String jobName, Instant cycle, String node, long pid) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM execution_lease WHERE job_name = :job AND cycle = :cycle AND node = :node AND pid = :pid")
        .bind("job", jobName).bind("cycle", cycle).bind("node", node).bind("pid", pid).execute());
  }

  /**
   * Ends the database sessions that hold an advisory lock: used only on the lock of a cycle whose lease is stale, whose
   * holder is a session of a dead process that the server has not noticed yet. Returns how many were ended.
   */
  public int terminateHoldersOf(long advisoryKey) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(l.pid)) FROM pg_locks l"
            + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
            + " AND ((l.classid::bigint << 32) | l.objid::bigint) = :key AND l.pid <> pg_backend_pid()")
        .bind("key", advisoryKey).mapTo(Integer.class).one());
  }

  private static Lease lease(java.sql.ResultSet rs) throws java.sql.SQLException {
    long id = rs.getLong("execution_id");
    Long executionId = rs.wasNull() ? null : id;
    return new Lease(rs.getString("job_name"), Columns.instant(rs, "cycle"), executionId, rs.getString("node"),
        rs.getString("host"), rs.getLong("pid"), Columns.instant(rs, "acquired_at"), Columns.instant(rs, "heartbeat_at"));
  }
}
