package dev.keel.scheduler.status;

import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.persistence.operations.OperationsDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
  private final Duration refresh;

  private ServiceStatus.Report report;
  private Instant proposalsAt;
  private Map<String, Long> proposals = Map.of();

  public RecentStatus(ServiceStatus status, OperationsDao dao, Clock clock, Duration refresh) {
    this.status = status;
    this.dao = dao;
    this.clock = clock;
    this.refresh = refresh;
  }

  /** The status read at most {@code refresh} ago. */
  public synchronized ServiceStatus.Report report() {
    Instant now = clock.instant();
    if (report == null || !report.at().plus(refresh).isAfter(now)) {
      report = status.read(now);
    }
    return report;
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
  public synchronized double proposals(ProposalStatus s) {
    Instant now = clock.instant();
    if (proposalsAt == null || !proposalsAt.plus(refresh).isAfter(now)) {
      try {
        proposals = dao.proposalsByStatus();
        proposalsAt = now;
      } catch (RuntimeException e) {
        log.warn("proposals by status could not be read: {}", e.toString());
        return Double.NaN;
      }
    }
    return proposals.getOrDefault(s.name(), 0L);
  }
}
