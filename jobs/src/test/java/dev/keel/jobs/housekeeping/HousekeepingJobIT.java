package dev.keel.jobs.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Instant;
import java.util.Map;
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
      for (int p = 1; p <= 5; p++) { // one portfolio per proposal: a portfolio has at most one open proposal
        h.execute("INSERT INTO portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at)"
            + " VALUES (?, 1, 'p', 'DEFI', 'BALANCED', 'USDT', now())", p);
      }
      proposal(h, 1, "2026-11-24T08:00:00Z", "PROPOSED", "2026-11-24T09:00:00Z");   // expired before the cycle
      proposal(h, 2, "2026-11-24T08:01:00Z", "PROPOSED", "2026-11-24T11:00:00Z");   // still open
      proposal(h, 3, "2026-11-24T08:02:00Z", "APPROVED", "2026-11-24T09:00:00Z");   // approved, no executor took it in time
      proposal(h, 4, "2026-11-24T08:03:00Z", "REJECTED", "2026-11-24T09:00:00Z");   // decided: never expires
      proposal(h, 5, "2026-11-24T08:04:00Z", "EXECUTING", "2026-11-24T09:00:00Z");  // an executor has it: never expires
    });
  }

  private static void proposal(org.jdbi.v3.core.Handle h, long id, String cycle, String status, String expires) {
    boolean decided = !status.equals("PROPOSED");
    h.execute("INSERT INTO proposal (id, portfolio_id, cycle, status, tier_at_creation, portfolio_value, max_drift, drift_before,"
        + " regime, expected_cost, expected_cost_bps, tracking_error_before, tracking_error_after, created_at, expires_at,"
        + " decided_by, decided_at) VALUES (?, ?, ?::timestamptz, ?, 'STANDARD', 1000, 0.1, '{}', '{}', 1, 10, 0.02, 0.01,"
        + " ?::timestamptz, ?::timestamptz, ?, ?::timestamptz)", id, id, cycle, status, cycle, expires,
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
  void waiting_and_approved_proposals_past_their_expiry_expire_and_the_investor_is_told_once() {
    assertThat(launcher.launch(HousekeepingJobConfig.JOB, Instant.parse("2026-11-24T10:00:00Z")).ranAndCompleted()).isTrue();
    assertThat(status(1)).isEqualTo("EXPIRED");
    assertThat(status(2)).isEqualTo("PROPOSED");
    assertThat(status(3)).as("an approval no executor took before its expiry never trades on old prices").isEqualTo("EXPIRED");
    assertThat(status(4)).isEqualTo("REJECTED");
    assertThat(status(5)).isEqualTo("EXECUTING");
    assertThat(notifications()).isEqualTo(2);

    assertThat(launcher.launch(HousekeepingJobConfig.JOB, Instant.parse("2026-11-24T10:05:00Z")).ranAndCompleted()).isTrue();
    assertThat(notifications()).as("a later cycle tells nobody twice").isEqualTo(2);

    launcher.launch(HousekeepingJobConfig.JOB, Instant.parse("2026-11-24T11:00:00Z"));
    assertThat(status(2)).isEqualTo("EXPIRED");
    assertThat(notifications()).isEqualTo(3);
  }

  @Test
  void the_cycle_time_not_the_wall_clock_decides_what_has_expired() {
    launcher.launch(HousekeepingJobConfig.JOB, Instant.parse("2026-11-24T08:30:00Z"));
    assertThat(status(1)).isEqualTo("PROPOSED");
    assertThat(notifications()).isZero();
  }

  @Test
  void history_past_its_retention_is_pruned_and_proposals_are_kept() {
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('paper-a', 'PAPER', 'Paper A', 0.001, 0.001)");
      h.execute("INSERT INTO market (id, venue_id, base_asset, quote_asset, venue_symbol, tick_size, lot_size, min_notional)"
          + " VALUES (1, 'paper-a', 'BTC', 'USDT', 'BTCUSDT', 0.01, 0.00001, 5)");
      for (String cycle : new String[] {"2026-10-01T10:00:00Z", "2026-10-25T10:00:00Z", "2026-11-22T09:59:00Z",
          "2026-11-22T10:00:00Z", "2026-11-24T09:59:00Z"}) {
        h.execute("INSERT INTO scan_outcome (cycle, portfolio_id, outcome, recorded_at) VALUES (?::timestamptz, 1, 'NO_TRADE', now())",
            cycle);
        h.execute("INSERT INTO scan_tally (cycle, first_id, last_id, outcomes, portfolios, no_breach, awaiting_decision,"
            + " proposal, no_trade, skipped, drift_count, drift_sum, drift_histogram, step_name, recorded_at)"
            + " VALUES (?::timestamptz, 1, 2, 'TN', 2, 1, 0, 0, 1, 0, 0, 0, array_fill(0, ARRAY[100]), 'w', now())", cycle);
        h.execute("INSERT INTO venue_snapshot (cycle, venue_id, outcome, reason, taken_at) VALUES (?::timestamptz, 'paper-a',"
            + " 'FAILED', 'timeout', now())", cycle);
        h.execute("INSERT INTO market_snapshot (cycle, market_id, taken_at, outcome, reason) VALUES (?::timestamptz, 1, now(),"
            + " 'VENUE_FAILED', 'timeout')", cycle);
      }
    });
    // defaults: scan outcomes 48 hours, snapshots 35 days, before the cycle 2026-11-24T10:00:00Z
    assertThat(launcher.launch(HousekeepingJobConfig.JOB, Instant.parse("2026-11-24T10:00:00Z")).ranAndCompleted()).isTrue();
    assertThat(cycles("scan_outcome")).containsExactly("2026-11-22T10:00:00Z", "2026-11-24T09:59:00Z");
    assertThat(cycles("scan_tally")).as("the tallies with their outcomes").isEqualTo(cycles("scan_outcome"));
    assertThat(cycles("market_snapshot")).containsExactly("2026-10-25T10:00:00Z", "2026-11-22T09:59:00Z",
        "2026-11-22T10:00:00Z", "2026-11-24T09:59:00Z");
    assertThat(cycles("venue_snapshot")).isEqualTo(cycles("market_snapshot"));
    long proposals = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM proposal").mapTo(Long.class).one());
    assertThat(proposals).isEqualTo(5);
  }

  @Test
  void a_long_history_is_pruned_in_bounded_batches_until_none_is_left() {
    db.jdbi().useHandle(h -> {
      for (int m = 0; m < 7; m++) {
        h.execute("INSERT INTO scan_outcome (cycle, portfolio_id, outcome, recorded_at) VALUES (?::timestamptz, 1, 'NO_TRADE',"
            + " now())", "2026-11-01T10:0" + m + ":00Z");
      }
    });
    HistoryPruner pruner = new HistoryPruner(db.jdbi(), java.time.Duration.ofHours(48), java.time.Duration.ofDays(35));
    Instant now = Instant.parse("2026-11-24T10:00:00Z");
    assertThat(pruner.pruneBatch(now, 3)).isEqualTo(new HistoryPruner.Batch(3, true));
    assertThat(pruner.pruneBatch(now, 3)).isEqualTo(new HistoryPruner.Batch(3, true));
    assertThat(pruner.pruneBatch(now, 3)).isEqualTo(new HistoryPruner.Batch(1, false));
    assertThat(cycles("scan_outcome")).isEmpty();
  }

  private java.util.List<String> cycles(String table) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT to_char(cycle AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        + " FROM " + table + " ORDER BY cycle").mapTo(String.class).list());
  }

  @Test
  void idempotency_records_older_than_their_retention_are_removed_and_newer_ones_kept() {
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO api_idempotency (client, idempotency_key, fingerprint, state, created_at, completed_at, response_status,"
          + " response_body) VALUES ('platform', 'old', sha256('a'::bytea), 'DONE', '2026-11-23T09:59:00Z', '2026-11-23T09:59:00Z',"
          + " 200, '{}')");
      h.execute("INSERT INTO api_idempotency (client, idempotency_key, fingerprint, state, created_at) VALUES ('platform', 'new',"
          + " sha256('b'::bytea), 'IN_FLIGHT', '2026-11-23T10:01:00Z')");
    });
    assertThat(launcher.launch(HousekeepingJobConfig.JOB, Instant.parse("2026-11-24T10:00:00Z")).ranAndCompleted()).isTrue();
    String kept = db.jdbi().withHandle(h -> h.createQuery("SELECT string_agg(idempotency_key, ',') FROM api_idempotency")
        .mapTo(String.class).one());
    assertThat(kept).isEqualTo("new");
  }

  @Test
  void the_idempotency_retention_is_the_setting_as_written() {
    db.jdbi().useHandle(h -> h.execute("INSERT INTO api_idempotency (client, idempotency_key, fingerprint, state, created_at,"
        + " completed_at, response_status, response_body) VALUES ('platform', 'day-old', sha256('a'::bytea), 'DONE',"
        + " '2026-11-23T09:59:00Z', '2026-11-23T09:59:00Z', 200, '{}')"));
    try (AnnotationConfigApplicationContext twoDays = JobsTestContext.start(Map.of("keel.api.idempotency-retention", "2d"),
        HousekeepingJobConfig.class)) {
      assertThat(twoDays.getBean(CycleLauncher.class).launch(HousekeepingJobConfig.JOB, Instant.parse("2026-11-24T10:00:00Z"))
          .ranAndCompleted()).isTrue();
    }
    long kept = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM api_idempotency").mapTo(Long.class).one());
    assertThat(kept).as("kept two days, not the default 24 hours").isEqualTo(1);
  }

  @Test
  void an_idempotency_retention_that_is_not_a_duration_stops_the_job_naming_the_setting_and_the_value() {
    assertThatThrownBy(() -> JobsTestContext.start(Map.of("keel.api.idempotency-retention", "a day"), HousekeepingJobConfig.class))
        .satisfies(e -> assertThat(messages(e)).contains("keel.api.idempotency-retention").contains("a day"));
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }
}
