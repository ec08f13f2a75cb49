package dev.keel.persistence.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.proposal.Decision;
import dev.keel.domain.proposal.DecisionOutcome;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.persistence.testing.Poll;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expiry racing a decision: the expiry's event is written for exactly the proposals it expired, never for one a
 * decision took first, however the two interleave.
 */
class ExpiryRaceIT {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant EXPIRES = T0.plusSeconds(3600);

  private final TestDatabase db = TestDatabase.get();
  private final ProposalDao dao = new ProposalDao(db.jdbi());
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @BeforeEach
  void two_waiting_proposals() {
    db.reset();
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (1, 'acc-1', 'STANDARD', now())");
      for (int p = 1; p <= 2; p++) {
        h.execute("INSERT INTO portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at)"
            + " VALUES (?, 1, 'p', 'BTC_ETH_60_40', 'BALANCED', 'USDT', now())", p);
        h.execute("INSERT INTO proposal (id, portfolio_id, cycle, status, tier_at_creation, portfolio_value, max_drift, drift_before,"
            + " regime, expected_cost, expected_cost_bps, tracking_error_before, tracking_error_after, created_at, expires_at)"
            + " VALUES (?, ?, ?, 'PROPOSED', 'STANDARD', 10000, 0.08, '{}', '{}', 5, 5, 0.02, 0.01, ?, ?)", p, p, T0, T0, EXPIRES);
      }
    });
  }

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private List<Long> ids(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).list());
  }

  @Test
  void an_expiry_that_meets_an_uncommitted_rejection_writes_no_event_for_the_rejected_proposal() throws Exception {
    CountDownLatch decided = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    CompletableFuture<Integer> rejecterPid = new CompletableFuture<>();
    // the investor's rejection, a second before the expiry, holds its transaction open after its UPDATE
    Future<DecisionOutcome> rejection = threads.submit(() -> new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()))
        .execute(tx -> {
          DecisionOutcome outcome = dao.decide(1, new Decision(false, "acc-1", "not now", EXPIRES.minusSeconds(1)));
          rejecterPid.complete(db.jdbi().withHandle(h -> h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one()));
          decided.countDown();
          try {
            assertThat(commit.await(60, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          return outcome;
        }));
    assertThat(decided.await(60, TimeUnit.SECONDS)).isTrue();
    int pid = rejecterPid.get();

    // housekeeping's expiry, a second after the expiry, meets the rejection's lock on proposal 1
    Future<Integer> expiry = threads.submit(() -> dao.expireLapsed(EXPIRES.plusSeconds(1)));
    Poll.until("the expiry to wait for the rejection's lock", Duration.ofSeconds(60), () -> count(
        "SELECT count(*) FROM pg_stat_activity WHERE " + pid + " = ANY(pg_blocking_pids(pid))") > 0);
    commit.countDown();

    assertThat(rejection.get(60, TimeUnit.SECONDS)).isInstanceOf(DecisionOutcome.Recorded.class);
    assertThat(expiry.get(60, TimeUnit.SECONDS)).as("only the undecided proposal expired").isEqualTo(1);
    assertThat(dao.find(1).orElseThrow().status()).isEqualTo(ProposalStatus.REJECTED);
    assertThat(dao.find(2).orElseThrow().status()).isEqualTo(ProposalStatus.EXPIRED);
    assertThat(ids("SELECT proposal_id FROM notification WHERE kind = 'PROPOSAL_EXPIRED' ORDER BY 1"))
        .as("an expiry event for exactly the proposals expired").containsExactly(2L)
        .isEqualTo(ids("SELECT id FROM proposal WHERE status = 'EXPIRED' ORDER BY 1"));
  }

  @Test
  void a_rejection_that_meets_an_uncommitted_expiry_is_refused_as_expired_and_the_expiry_keeps_its_event() throws Exception {
    CountDownLatch expired = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    CompletableFuture<Integer> expiryPid = new CompletableFuture<>();
    Future<Integer> expiry = threads.submit(() -> new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()))
        .execute(tx -> {
          int n = db.jdbi().withHandle(h -> ProposalDao.expireLapsed(h, EXPIRES.plusSeconds(1), null));
          expiryPid.complete(db.jdbi().withHandle(h -> h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one()));
          expired.countDown();
          try {
            assertThat(commit.await(60, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          return n;
        }));
    assertThat(expired.await(60, TimeUnit.SECONDS)).isTrue();
    int pid = expiryPid.get();

    Future<DecisionOutcome> rejection = threads.submit(() -> dao.decide(1, new Decision(false, "acc-1", "not now",
        EXPIRES.minusSeconds(1))));
    Poll.until("the rejection to wait for the expiry's lock", Duration.ofSeconds(60), () -> count(
        "SELECT count(*) FROM pg_stat_activity WHERE " + pid + " = ANY(pg_blocking_pids(pid))") > 0);
    commit.countDown();

    assertThat(expiry.get(60, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(rejection.get(60, TimeUnit.SECONDS)).isInstanceOf(DecisionOutcome.Expired.class);
    assertThat(ids("SELECT proposal_id FROM notification WHERE kind = 'PROPOSAL_EXPIRED' ORDER BY 1")).containsExactly(1L, 2L)
        .isEqualTo(ids("SELECT id FROM proposal WHERE status = 'EXPIRED' ORDER BY 1"));
  }
}
