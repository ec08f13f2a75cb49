package dev.keel.scheduler.status;

import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.persistence.operations.OperationsDao;
import dev.keel.scheduler.KeelProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the service ({@code keel run}) serves on its management port: four health indicators over
 * {@link ServiceStatus}, each DOWN with its cause (marketData, executions, venues, executionBacklog), and the gauge of
 * proposals by status. The jobs' own timers and counters are recorded where they work ({@code dev.keel.jobs.metrics}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class StatusConfig {

  public static final String PROPOSALS = "keel.proposals";

  @Bean
  public RecentStatus recentStatus(Jdbi jdbi, KeelProperties properties, Clock clock) {
    return new RecentStatus(new ServiceStatus(jdbi, properties), new OperationsDao(jdbi), clock,
        properties.operations().statusRefresh());
  }

  /** Stale market data: a venue with no healthy snapshot within keel.snapshot.max-age-seconds. */
  @Bean
  public HealthIndicator marketDataHealthIndicator(RecentStatus status) {
    return () -> status.health(ServiceStatus.Check.MARKET_DATA);
  }

  /** An execution running past keel.operations.stuck-after, or marked running with no live process behind it. */
  @Bean
  public HealthIndicator executionsHealthIndicator(RecentStatus status) {
    return () -> status.health(ServiceStatus.Check.EXECUTIONS);
  }

  /** A venue halted (BANNED, after HTTP 418); a rate-limited one is listed but leaves it UP. */
  @Bean
  public HealthIndicator venuesHealthIndicator(RecentStatus status) {
    return () -> status.health(ServiceStatus.Check.VENUES);
  }

  /** An approved proposal not executed within keel.operations.backlog-after. */
  @Bean
  public HealthIndicator executionBacklogHealthIndicator(RecentStatus status) {
    return () -> status.health(ServiceStatus.Check.BACKLOG);
  }

  /** {@code keel.proposals{status}}: how many proposals are in each status, read from the database. */
  @Bean
  public MeterBinder proposalGauges(RecentStatus status) {
    return registry -> {
      for (ProposalStatus s : ProposalStatus.values()) {
        Gauge.builder(PROPOSALS, status, r -> r.proposals(s)).description("proposals in each status")
            .tag("status", s.name()).register(registry);
      }
    };
  }
}
