package dev.keel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.proposal.Decision;
import dev.keel.domain.proposal.DecisionOutcome;
import dev.keel.persistence.proposal.ProposalDao;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code keel ops proposals}: a standard-tier decision recorded with the approval rules (FAULTS.md A1, A2, A5): one
 * transition, refused after expiry, a repeat answers the first result, free text stored verbatim and shown escaped.
 */
class ProposalsCommandIT {

  private final TestDatabase db = TestDatabase.get();
  private String out;
  private String err;

  @BeforeEach
  void clean() {
    db.reset();
  }

  private int keel(String... args) {
    CliRun.Result r = CliRun.keel(args);
    out = r.out();
    err = r.err();
    return r.code();
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private String one(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }

  /** A proposal of a portfolio of its own, {@code status}, expiring {@code expiresIn} from now (negative: expired). */
  private long proposal(long id, String tier, String status, Duration expiresIn) {
    Instant now = Instant.now();
    Instant cycle = now.minus(Duration.ofMinutes(5));
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (?, ?, ?, now())", id, "acc-" + id, tier);
      h.execute("INSERT INTO portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at)"
          + " VALUES (?, ?, 'p', 'TEST', 'BALANCED', 'USDT', now())", id, id);
      h.execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('paper-a', 'PAPER', 'Paper A', 0.001, 0.001)"
          + " ON CONFLICT DO NOTHING");
      Instant expires = now.plus(expiresIn);
      h.execute("INSERT INTO proposal (id, portfolio_id, cycle, status, tier_at_creation, portfolio_value, max_drift, drift_before,"
          + " regime, expected_cost, expected_cost_bps, tracking_error_before, tracking_error_after, created_at, expires_at,"
          + " decided_by, decided_at) VALUES (?, ?, ?, ?, ?, 10000, 0.08, '{}', '{}', 3.5, 3.5, 0.02, 0.001, ?, ?, ?, ?)",
          id, id, cycle, status, tier, cycle, expires,
          status.equals("APPROVED") && tier.equals("PREMIUM") ? "keel:auto-premium" : null,
          status.equals("APPROVED") && tier.equals("PREMIUM") ? cycle : null);
      h.execute("INSERT INTO proposal_trade (proposal_id, asset, side, quantity, estimated_price, notional, estimated_cost, cost_bps,"
          + " venue_id) VALUES (?, 'BTC', 'BUY', 0.01, 90000, 900, 1.2, 13.3, 'paper-a')", id);
    });
    return id;
  }

  @Test
  void approve_records_one_transition_and_a_repeat_answers_the_first_result() {
    long id = proposal(1, "STANDARD", "PROPOSED", Duration.ofHours(1));
    assertThat(keel("ops", "proposals", "approve", String.valueOf(id), "--by", "investor:7", "--db-url", db.url())).as(err).isZero();
    assertThat(out).contains("proposal 1 APPROVED by investor:7");
    String decidedAt = one("SELECT decided_at::text FROM proposal WHERE id = 1");

    assertThat(keel("ops", "proposals", "approve", "1", "--by", "investor:7", "--db-url", db.url())).isZero();
    assertThat(out).contains("(already recorded)").contains("investor:7");
    assertThat(one("SELECT status || ' ' || decided_by || ' ' || decided_at::text FROM proposal WHERE id = 1"))
        .isEqualTo("APPROVED investor:7 " + decidedAt);
    assertThat(count("SELECT count(*) FROM audit_event WHERE subject = 'proposal 1'")).isEqualTo(2);
  }

  @Test
  void a_decision_after_expiry_is_refused_with_proposal_expired_and_changes_nothing() {
    proposal(2, "STANDARD", "PROPOSED", Duration.ofMinutes(-1));
    assertThat(keel("ops", "proposals", "approve", "2", "--db-url", db.url())).isEqualTo(3);
    assertThat(err).contains("PROPOSAL_EXPIRED").contains("proposal 2 expired at");
    assertThat(one("SELECT status FROM proposal WHERE id = 2")).isEqualTo("PROPOSED");
    assertThat(count("SELECT count(*) FROM proposal WHERE id = 2 AND decided_by IS NOT NULL")).isZero();
    assertThat(one("SELECT outcome FROM audit_event WHERE subject = 'proposal 2'")).isEqualTo("EXPIRED");
  }

  @Test
  void the_opposite_decision_after_one_was_recorded_is_a_conflict() {
    proposal(3, "STANDARD", "PROPOSED", Duration.ofHours(1));
    assertThat(keel("ops", "proposals", "reject", "3", "--by", "investor:3", "--reason", "too expensive", "--db-url", db.url())).isZero();
    assertThat(keel("ops", "proposals", "approve", "3", "--by", "investor:3", "--db-url", db.url())).isEqualTo(4);
    assertThat(err).contains("proposal 3 is REJECTED (decided by investor:3");
    assertThat(one("SELECT status FROM proposal WHERE id = 3")).isEqualTo("REJECTED");
  }

  @Test
  void a_premium_proposal_needs_no_decision_and_an_unknown_one_is_not_found() {
    proposal(4, "PREMIUM", "APPROVED", Duration.ofHours(1));
    assertThat(keel("ops", "proposals", "reject", "4", "--db-url", db.url())).isEqualTo(4);
    assertThat(err).contains("premium portfolio");
    assertThat(one("SELECT status FROM proposal WHERE id = 4")).isEqualTo("APPROVED");
    assertThat(keel("ops", "proposals", "approve", "999", "--db-url", db.url())).isEqualTo(5);
    assertThat(err.strip()).isEqualTo("keel ops proposals approve: no proposal 999");
  }

  @Test
  void a_reason_with_sql_and_script_is_stored_verbatim_and_shown_escaped() {
    proposal(5, "STANDARD", "PROPOSED", Duration.ofHours(1));
    String hostile = "'); DROP TABLE proposal; --\n<script>alert(\"x\")</script>\u0007";
    assertThat(keel("ops", "proposals", "reject", "5", "--reason", hostile, "--by", "investor:5", "--db-url", db.url())).isZero();
    assertThat(one("SELECT decision_reason FROM proposal WHERE id = 5")).isEqualTo(hostile);
    assertThat(count("SELECT count(*) FROM proposal")).isEqualTo(1);
    assertThat(keel("ops", "proposals", "show", "5", "--db-url", db.url())).isZero();
    assertThat(out).contains("reason \"'); DROP TABLE proposal; --\\n<script>alert(\\\"x\\\")</script>\\u0007\"")
        .doesNotContain("--\n<script>");
    assertThat(keel("ops", "proposals", "list", "--status", "REJECTED", "--db-url", db.url())).isZero();
    assertThat(out).contains("REJECTED");
  }

  @Test
  void two_approvals_at_once_make_one_transition_and_both_answer_it() throws Exception {
    proposal(6, "STANDARD", "PROPOSED", Duration.ofHours(1));
    ProposalDao dao = new ProposalDao(db.jdbi());
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<DecisionOutcome>> answers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Callable<DecisionOutcome> call = () -> {
          start.await();
          return dao.decide(6, new Decision(true, "investor:6", null, Instant.now()));
        };
        answers.add(pool.submit(call));
      }
      List<DecisionOutcome> outcomes = new ArrayList<>();
      for (Future<DecisionOutcome> f : answers) {
        outcomes.add(f.get());
      }
      assertThat(outcomes).filteredOn(o -> o instanceof DecisionOutcome.Recorded).hasSize(1);
      assertThat(outcomes).filteredOn(o -> o instanceof DecisionOutcome.Repeated).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(one("SELECT status FROM proposal WHERE id = 6")).isEqualTo("APPROVED");
  }
}
