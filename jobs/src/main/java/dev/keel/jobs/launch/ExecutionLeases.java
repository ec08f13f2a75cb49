package dev.keel.jobs.launch;

import dev.keel.persistence.operations.ExecutionLeaseDao;
import dev.keel.persistence.operations.ExecutionLeaseDao.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease rows of the executions this process runs, and their heartbeat. The launcher's advisory lock is the mutex;
 * a lease says which process holds it and that the process is alive, which a lock alone cannot: its connection can drop
 * while the process lives, and it can outlive a dead host until the server notices.
 */
public final class ExecutionLeases implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ExecutionLeases.class);

  /**
   * @param heartbeat  how often a running execution's lease is refreshed
   * @param staleAfter a lease not refreshed for this long belongs to a process that is gone
   */
  public record Settings(Duration heartbeat, Duration staleAfter) {
    public Settings {
      if (heartbeat.isNegative() || heartbeat.isZero() || staleAfter.compareTo(heartbeat.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException("a lease's stale-after must be at least twice its heartbeat, were " + staleAfter
            + " and " + heartbeat);
      }
    }
  }

  private record Key(String job, Instant cycle) {}

  private final ExecutionLeaseDao dao;
  private final Clock clock;
  private final Settings settings;
  private final Supplier<String> nodeName;
  private volatile String node;
  private final String host;
  private final long pid;
  /** Leases held by this process, with how to find the execution each covers once it exists. */
  private final Map<Key, Supplier<Long>> held = new ConcurrentHashMap<>();
  private final Map<Key, Long> known = new ConcurrentHashMap<>();
  private final ScheduledExecutorService beat;

  /**
   * @param node this node's name (the Quartz instance id), asked once, when the first lease is taken
   */
  public ExecutionLeases(ExecutionLeaseDao dao, Clock clock, Settings settings, Supplier<String> node) {
    this.dao = dao;
    this.clock = clock;
    this.settings = settings;
    this.nodeName = node;
    this.host = hostName();
    this.pid = ProcessHandle.current().pid();
    this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "keel-lease-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long ms = settings.heartbeat().toMillis();
    beat.scheduleWithFixedDelay(this::beat, ms, ms, TimeUnit.MILLISECONDS);
  }

  public Settings settings() {
    return settings;
  }

  public Instant now() {
    return clock.instant();
  }

  /** Takes the lease of a cycle whose advisory lock this process holds. */
  void acquire(String job, Instant cycle, Supplier<Long> execution) {
    if (node == null) {
      node = nodeName.get();
    }
    dao.acquire(job, cycle, node, host, pid, clock.instant());
    held.put(new Key(job, cycle), execution);
  }

  void release(String job, Instant cycle) {
    Key k = new Key(job, cycle);
    held.remove(k);
    known.remove(k);
    try {
      dao.release(job, cycle, node, pid);
    } catch (RuntimeException e) {
      // the row goes stale on its own and the next launch of the cycle replaces it
      log.warn("could not release the lease of {} cycle {}: {}", job, cycle, e.getMessage());
    }
  }

  /** The lease of a cycle held by a live process other than this launch, if any. */
  Optional<Lease> freshLease(String job, Instant cycle) {
    return dao.find(job, cycle).filter(l -> l.fresh(clock.instant(), settings.staleAfter()));
  }

  Optional<Lease> lease(String job, Instant cycle) {
    return dao.find(job, cycle);
  }

  /** Ends the sessions holding a cycle's lock once its lease is stale: they belong to a process that is gone. */
  int terminateStaleHolders(long key) {
    return dao.terminateHoldersOf(key);
  }

  private void beat() {
    try {
      if (held.isEmpty()) {
        return;
      }
      dao.heartbeat(node, pid, clock.instant());
      for (Map.Entry<Key, Supplier<Long>> e : held.entrySet()) {
        if (!known.containsKey(e.getKey())) {
          Long id = e.getValue().get();
          if (id != null) {
            dao.executionStarted(e.getKey().job(), e.getKey().cycle(), id, node, pid);
            known.put(e.getKey(), id);
          }
        }
      }
    } catch (RuntimeException e) {
      log.warn("lease heartbeat failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    beat.shutdownNow();
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }
}
