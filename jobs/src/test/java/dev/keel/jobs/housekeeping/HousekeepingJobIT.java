package dev.keel.jobs.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** housekeepingJob: undecided proposals past their expiry become EXPIRED, once, and the investor is told once. */
class HousekeepingJobIT {

  private static AnnotationConfigApplicationContext ctx;
  private static CycleLauncher launcher;
  private final TestDatabase db = TestDatabase.get();

  @BeforeAll
  static void start() {
    ctx = JobsTestContext.start(HousekeepingJobConfig.class);
    launcher = ctx.getBean(CycleLauncher.class);
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @BeforeEach
  void proposals() {
    db.reset();
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (1, 'a', 'STANDARD', now())");
      h.execute("INSERT INTO portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at)"
          + " VALUES (1, 1, 'p', 'DEFI', 'BALANCED', 'USDT', now())");
      proposal(h, 1, "2026-11-24T08:00:00Z", "PROPOSED", "2026-11-24T09:00:00Z");   // expired before the cycle
      proposal(h, 2, "2026-11-24T08:01:00Z", "PROPOSED", "2026-11-24T11:00:00Z");   // still open
      proposal(h, 3, "2026-11-24T08:02:00Z", "APPROVED", "2026-11-24T09:00:00Z");   // decided: never expires
    });
  }

  private static void proposal(org.jdbi.v3.core.Handle h, long id, String cycle, String status, String expires) {
    boolean decided = !status.equals("PROPOSED");
    h.execute("INSERT INTO proposal (id, portfolio_id, cycle, status, tier_at_creation, portfolio_value, max_drift, drift_before,"
        + " regime, expected_cost, expected_cost_bps, tracking_error_before, tracking_error_after, created_at, expires_at,"
        + " decided_by, decided_at) VALUES (?, 1, ?::timestamptz, ?, 'STANDARD', 1000, 0.1, '{}', '{}', 1, 10, 0.02, 0.01,"
        + " ?::timestamptz, ?::timestamptz, ?, ?::timestamptz)", id, cycle, status, cycle, expires,
        decided ? "investor" : null, decided ? cycle : null);
  }

  private String status(long id) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM proposal WHERE id = :id").bind("id", id).mapTo(String.class).one());
  }

  private long notifications() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM notification WHERE kind = 'PROPOSAL_EXPIRED'")
        .mapTo(Long.class).one());
  }

  @Test
  void only_undecided_proposals_past_their_expiry_expire_and_the_investor_is_told_once() {
    assertThat(launcher.launch(HousekeepingJobConfig.JOB, Instant.parse("2026-11-24T10:00:00Z")).ranAndCompleted()).isTrue();
    assertThat(status(1)).isEqualTo("EXPIRED");
    assertThat(status(2)).isEqualTo("PROPOSED");
    assertThat(status(3)).isEqualTo("APPROVED");
    assertThat(notifications()).isEqualTo(1);

    assertThat(launcher.launch(HousekeepingJobConfig.JOB, Instant.parse("2026-11-24T10:05:00Z")).ranAndCompleted()).isTrue();
    assertThat(notifications()).as("a later cycle tells nobody twice").isEqualTo(1);

    launcher.launch(HousekeepingJobConfig.JOB, Instant.parse("2026-11-24T11:00:00Z"));
    assertThat(status(2)).isEqualTo("EXPIRED");
    assertThat(notifications()).isEqualTo(2);
  }

  @Test
  void the_cycle_time_not_the_wall_clock_decides_what_has_expired() {
    launcher.launch(HousekeepingJobConfig.JOB, Instant.parse("2026-11-24T08:30:00Z"));
    assertThat(status(1)).isEqualTo("PROPOSED");
    assertThat(notifications()).isZero();
  }
}
