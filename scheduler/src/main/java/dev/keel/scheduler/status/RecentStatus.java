package dev.keel.scheduler.status;

import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.persistence.operations.OperationsDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;

/**
 * The service's status and its proposals by status, read from the database at most once per
 * {@code keel.operations.status-refresh}, however often health is asked or metrics scraped.
 */
public final class RecentStatus {

  private static final Logger log = LoggerFactory.getLogger(RecentStatus.class);

  private final ServiceStatus status;
  private final OperationsDao dao;
  private final Clock clock;

  private final Recent<ServiceStatus.Report> report;
  private final Recent<Map<ProposalStatus, Long>> proposals;

  public RecentStatus(ServiceStatus status, OperationsDao dao, Clock clock, Duration refresh) {
    this.status = status;
    this.dao = dao;
    this.clock = clock;
    this.report = new Recent<>(refresh);
    this.proposals = new Recent<>(refresh);
  }

  /** The status read at most {@code refresh} ago. */
  public ServiceStatus.Report report() {
    return report.get(clock.instant(), status::read);
  }

  /**
   * One check's health: DOWN when a finding of it turns the health down, with the first such finding as its cause;
   * every finding of the check, down or not, in its details.
   */
  public Health health(ServiceStatus.Check check) {
    ServiceStatus.Report r;
    try {
      r = report();
    } catch (RuntimeException e) {
      // the message may name the server; the log has it, the endpoint only says what failed
      log.warn("health of {}: the service's status could not be read: {}", check, e.toString());
      return Health.down().withDetail("cause", "the service's status could not be read from the database ("
          + e.getClass().getSimpleName() + "); see the service's log").build();
    }
    List<ServiceStatus.Finding> findings = r.findings(check);
    List<ServiceStatus.Finding> down = findings.stream().filter(ServiceStatus.Finding::down).toList();
    Health.Builder b = down.isEmpty() ? Health.up() : Health.down().withDetail("cause", down.get(0).text());
    if (!findings.isEmpty()) {
      b.withDetail("findings", findings.stream().map(ServiceStatus.Finding::text).toList());
    }
    return b.withDetail("checkedAt", r.at().toString()).build();
  }

  /** How many proposals are in {@code status}, read at most {@code refresh} ago; NaN when the database cannot be read. */
  public double proposals(ProposalStatus s) {
    Map<ProposalStatus, Long> byStatus;
    try {
      byStatus = proposals.get(clock.instant(), now -> dao.proposalsByStatus());
    } catch (RuntimeException e) {
      log.warn("proposals by status could not be read: {}", e.toString());
      return Double.NaN;
    }
    return byStatus.getOrDefault(s, 0L);
  }

  /**
   * A value read at most once per {@code refresh}: the last one read is served until {@code refresh} has passed since it
   * was read; a read that fails keeps nothing, so the next call reads again.
   */
  static final class Recent<T> {

    private final Duration refresh;
    private T value;
    private Instant readAt;

    Recent(Duration refresh) {
      this.refresh = refresh;
    }

    /** The value read at most {@code refresh} before {@code now}, else {@code read} applied to {@code now}. */
    synchronized T get(Instant now, Function<Instant, T> read) {
      if (readAt == null || !readAt.plus(refresh).isAfter(now)) {
        value = read.apply(now);
        readAt = now;
      }
      return value;
    }
  }
}
