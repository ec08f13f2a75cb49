package dev.keel.persistence.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.domain.execution.TradeResult;
import dev.keel.domain.notification.NotificationKind;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.persistence.db.Jdbis;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The executor's ends write their event in the transaction of the status change: a transaction that fails after the
 * event is written leaves neither, and a repeat writes one of each. Checked on the Jdbi production gives ExecutionDao
 * (standalone: each call commits on its own), with the failure raised by the database right after the event's insert.
 */
class ExecutionOutboxIT {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private final TestDatabase db = TestDatabase.get();
  private final ExecutionDao dao = new ExecutionDao(Jdbis.standalone(db.dataSource()));

  @BeforeEach
  void two_executing_proposals() {
    db.reset();
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('paper-a', 'PAPER', 'Paper A', 0.001, 0.001)");
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (1, 'acc-1', 'STANDARD', now())");
      for (int p = 1; p <= 2; p++) {
        h.execute("INSERT INTO portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at)"
            + " VALUES (?, 1, 'p', 'BTC_ETH_60_40', 'BALANCED', 'USDT', now())", p);
        h.execute("INSERT INTO proposal (id, portfolio_id, cycle, status, tier_at_creation, portfolio_value, max_drift, drift_before,"
            + " regime, expected_cost, expected_cost_bps, tracking_error_before, tracking_error_after, created_at, expires_at,"
            + " decided_by, decided_at, claimed_by, claimed_at)"
            + " VALUES (?, ?, ?, 'EXECUTING', 'STANDARD', 10000, 0.08, '{}', '{}', 5, 5, 0.02, 0.01, ?, ?, 'acc-1', ?, 'executor-1', ?)",
            p, p, T0, T0, T0.plusSeconds(3600), T0, T0);
        h.execute("INSERT INTO proposal_trade (proposal_id, asset, side, quantity, estimated_price, notional, estimated_cost, cost_bps,"
            + " venue_id) VALUES (?, 'BTC', 'BUY', 0.1, 70000, 7000, 7, 10, 'paper-a')", p);
      }
    });
  }

  @AfterEach
  void no_refusal_left_behind() {
    db.jdbi().useHandle(h -> h.execute("DROP TRIGGER IF EXISTS notification_refused_tg ON notification"));
    db.jdbi().useHandle(h -> h.execute("DROP FUNCTION IF EXISTS notification_refused()"));
  }

  /** From now on the database fails a transaction right after it writes an event of {@code kind}. */
  private void failAfterInserting(NotificationKind kind) {
    db.jdbi().useHandle(h -> {
      h.execute("CREATE FUNCTION notification_refused() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
          + " RAISE EXCEPTION 'the transaction fails after writing event % of proposal %', NEW.kind, NEW.proposal_id; END $$");
      h.execute("CREATE TRIGGER notification_refused_tg AFTER INSERT ON notification FOR EACH ROW WHEN (NEW.kind = '" + kind.name()
          + "') EXECUTE FUNCTION notification_refused()");
    });
  }

  private void failNoMore() {
    no_refusal_left_behind();
  }

  private String status(long id) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM proposal WHERE id = :id").bind("id", id).mapTo(String.class).one());
  }

  private String tradeStatus(long proposalId) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM proposal_trade WHERE proposal_id = :id").bind("id", proposalId)
        .mapTo(String.class).one());
  }

  private List<String> events(long id) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT kind FROM notification WHERE proposal_id = :id ORDER BY id").bind("id", id)
        .mapTo(String.class).list());
  }

  private List<String> history(long id) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM proposal_status_history WHERE proposal_id = :id ORDER BY id")
        .bind("id", id).mapTo(String.class).list());
  }

  @Test
  void a_hold_whose_transaction_fails_after_its_event_leaves_neither_the_hold_nor_the_event() {
    failAfterInserting(NotificationKind.PROPOSAL_HELD);
    assertThatThrownBy(() -> dao.hold(1, "BTC mid moved +30.00 % since the proposal", T0.plusSeconds(5)))
        .hasMessageContaining("the transaction fails after writing event PROPOSAL_HELD of proposal 1");
    assertThat(status(1)).isEqualTo("EXECUTING");
    assertThat(events(1)).isEmpty();
    assertThat(history(1)).as("no HELD in its history").containsExactly("EXECUTING");
    assertThat(tradeStatus(1)).as("its trade not held either").isEqualTo("PENDING");

    failNoMore();
    assertThat(dao.hold(1, "BTC mid moved +30.00 % since the proposal", T0.plusSeconds(6))).isTrue();
    assertThat(status(1)).isEqualTo("HELD");
    assertThat(events(1)).containsExactly(NotificationKind.PROPOSAL_HELD.name());
  }

  @Test
  void a_finish_whose_transaction_fails_after_its_events_leaves_no_end_and_no_event_for_any_proposal_of_the_batch() {
    List<ExecutionDao.Finish> finishes = List.of(
        new ExecutionDao.Finish(1, ProposalStatus.EXECUTED, null, Map.of("proposal", 1)),
        new ExecutionDao.Finish(2, ProposalStatus.FAILED, "no venue filled BTC", Map.of("proposal", 2)));
    failAfterInserting(NotificationKind.PROPOSAL_FAILED);
    assertThatThrownBy(() -> dao.finishAll(List.of(), List.of(new ExecutionDao.TradeEnd(1, TradeResult.Status.FILLED, null)), finishes,
        T0.plusSeconds(5)))
        .hasMessageContaining("the transaction fails after writing event PROPOSAL_FAILED of proposal 2");
    assertThat(List.of(status(1), status(2))).containsExactly("EXECUTING", "EXECUTING");
    assertThat(events(1)).as("proposal 1's event, written before proposal 2's failed, rolled back too").isEmpty();
    assertThat(events(2)).isEmpty();
    assertThat(tradeStatus(1)).as("nor the trade's end").isEqualTo("PENDING");

    failNoMore();
    assertThat(dao.finishAll(List.of(), List.of(new ExecutionDao.TradeEnd(1, TradeResult.Status.FILLED, null)), finishes, T0.plusSeconds(6)))
        .isEqualTo(Set.of(1L, 2L));
    assertThat(List.of(status(1), status(2))).containsExactly("EXECUTED", "FAILED");
    assertThat(events(1)).containsExactly(NotificationKind.PROPOSAL_EXECUTED.name());
    assertThat(events(2)).containsExactly(NotificationKind.PROPOSAL_FAILED.name());
    assertThat(dao.finishAll(List.of(), List.of(), finishes, T0.plusSeconds(7))).as("a repeat ends nothing").isEmpty();
    assertThat(events(1)).hasSize(1);
  }
}
