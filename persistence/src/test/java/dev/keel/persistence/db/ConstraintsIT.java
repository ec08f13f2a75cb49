package dev.keel.persistence.db;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.persistence.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schema's constraints reject what Keel must never store. */
class ConstraintsIT {

  private final TestDatabase db = TestDatabase.get();

  @BeforeEach
  void population_of_one_portfolio() {
    db.reset();
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('paper-a', 'PAPER', 'Paper A', 0.001, 0.001)");
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (1, 'acc-1', 'STANDARD', now())");
      h.execute("INSERT INTO portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at)"
          + " VALUES (1, 1, 'p', 'BTC_ETH_60_40', 'BALANCED', 'USDT', now())");
    });
  }

  /** The statement fails on exactly the named constraint (PostgreSQL reports which one). */
  private void rejects(String sql, String constraint) {
    assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute(sql)))
        .isInstanceOf(UnableToExecuteStatementException.class)
        .satisfies(e -> assertThat(((org.postgresql.util.PSQLException) e.getCause()).getServerErrorMessage().getConstraint())
            .as(e.getMessage()).isEqualTo(constraint));
  }

  @Test
  void target_weight_above_one_is_rejected() {
    rejects("INSERT INTO target_weight VALUES (1, 'BTC', 1.2, 0.05)", "target_weight_weight_check");
  }

  @Test
  void negative_target_weight_is_rejected() {
    rejects("INSERT INTO target_weight VALUES (1, 'BTC', -0.1, 0.05)", "target_weight_weight_check");
  }

  @Test
  void zero_or_oversized_band_is_rejected() {
    rejects("INSERT INTO target_weight VALUES (1, 'BTC', 0.6, 0)", "target_weight_band_check");
    rejects("INSERT INTO target_weight VALUES (1, 'BTC', 0.6, 0.7)", "target_weight_band_check");
  }

  @Test
  void target_for_an_unknown_asset_is_rejected() {
    rejects("INSERT INTO target_weight VALUES (1, 'NOPE', 0.6, 0.05)", "target_weight_asset_fkey");
  }

  @Test
  void negative_holding_quantity_is_rejected() {
    rejects("INSERT INTO holding VALUES (1, 'BTC', -0.5, now())", "holding_quantity_check");
  }

  @Test
  void unknown_tier_and_profile_are_rejected() {
    rejects("INSERT INTO account (external_ref, tier, created_at) VALUES ('x', 'GOLD', now())", "account_tier_check");
    rejects("INSERT INTO portfolio (account_id, name, basket, risk_profile, base_currency, created_at)"
        + " VALUES (1, 'q', 'DEFI', 'RECKLESS', 'USDT', now())", "portfolio_risk_profile_check");
  }

  @Test
  void unknown_proposal_status_is_rejected() {
    rejects(proposal("'MAYBE'", "'2026-11-24T10:00Z'"), "proposal_status_check");
  }

  @Test
  void second_proposal_for_the_same_portfolio_and_cycle_is_rejected_and_so_is_a_second_open_one() {
    db.jdbi().useHandle(h -> h.execute(proposal("'PROPOSED'", "'2026-11-24T10:00Z'")));
    rejects(proposal("'PROPOSED'", "'2026-11-24T10:00Z'"), "proposal_portfolio_cycle_uk");
    rejects(proposal("'PROPOSED'", "'2026-11-24T10:01Z'"), "proposal_one_open_uk");
    rejects(proposal("'APPROVED'", "'2026-11-24T10:01Z'"), "proposal_one_open_uk");
    db.jdbi().useHandle(h -> h.execute("UPDATE proposal SET status = 'EXPIRED'"));
    assertThatCode(() -> db.jdbi().useHandle(h -> h.execute(proposal("'PROPOSED'", "'2026-11-24T10:01Z'"))))
        .as("a new proposal once the open one is closed").doesNotThrowAnyException();
    rejects(proposal("'EXECUTING'", "'2026-11-24T10:02Z'"), "proposal_one_open_uk");
    assertThatCode(() -> db.jdbi().useHandle(h -> h.execute(proposal("'HELD'", "'2026-11-24T10:03Z'"))))
        .as("closed proposals do not count").doesNotThrowAnyException();
  }

  @Test
  void duplicate_client_order_id_and_venue_trade_id_are_rejected() {
    db.jdbi().useHandle(h -> {
      long p = h.createUpdate(proposal("'APPROVED'", "'2026-11-24T10:00Z'")).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      long t = trade(h, p);
      h.execute("INSERT INTO venue_order (proposal_trade_id, venue_id, client_order_id, side, status, requested_qty,"
          + " created_at, updated_at) VALUES (?, 'paper-a', 'keel-1-1', 'BUY', 'NEW', 0.1, now(), now())", t);
      h.execute("INSERT INTO fill (venue_order_id, venue_id, venue_trade_id, quantity, price, fee, filled_at, booked_at)"
          + " VALUES (1, 'paper-a', 'T-1', 0.05, 70000, 0.1, now(), now())");
    });
    rejects("INSERT INTO venue_order (proposal_trade_id, venue_id, client_order_id, side, status, requested_qty, created_at,"
        + " updated_at) VALUES (1, 'paper-a', 'keel-1-1', 'BUY', 'NEW', 0.1, now(), now())", "venue_order_client_order_id_uk");
    rejects("INSERT INTO fill (venue_order_id, venue_id, venue_trade_id, quantity, price, fee, filled_at, booked_at)"
        + " VALUES (1, 'paper-a', 'T-1', 0.05, 70000, 0.1, now(), now())", "fill_venue_trade_uk");
  }

  @Test
  void order_filled_beyond_its_requested_quantity_is_rejected() {
    db.jdbi().useHandle(h -> {
      long p = h.createUpdate(proposal("'APPROVED'", "'2026-11-24T10:00Z'")).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      trade(h, p);
    });
    rejects("INSERT INTO venue_order (proposal_trade_id, venue_id, client_order_id, side, status, requested_qty, filled_qty,"
        + " created_at, updated_at) VALUES (1, 'paper-a', 'keel-1-2', 'BUY', 'FILLED', 0.1, 0.2, now(), now())",
        "venue_order_check");
  }

  @Test
  void skipped_scan_outcome_needs_a_known_reason() {
    rejects("INSERT INTO scan_outcome (cycle, portfolio_id, outcome, recorded_at) VALUES (now(), 1, 'SKIPPED', now())",
        "scan_outcome_check");
    rejects("INSERT INTO scan_outcome (cycle, portfolio_id, outcome, reason, recorded_at)"
        + " VALUES (now(), 1, 'SKIPPED', 'BECAUSE', now())", "scan_outcome_reason_check");
  }

  @Test
  void a_scan_tally_whose_counts_disagree_with_its_outcomes_is_rejected() {
    String columns = "INSERT INTO scan_tally (cycle, first_id, last_id, outcomes, portfolios, no_breach, awaiting_decision,"
        + " proposal, no_trade, skipped, drift_count, drift_sum, drift_histogram, step_name, recorded_at) VALUES (now(), ";
    String rest = ", 0, 0, array_fill(0, ARRAY[100]), 'w', now())";
    rejects(columns + "1, 3, 'N.P', 2, 2, 0, 0, 0, 0" + rest, "scan_tally_counts_ck");
    rejects(columns + "1, 3, 'N.P', 3, 1, 0, 1, 0, 0" + rest, "scan_tally_counts_ck");
    rejects(columns + "1, 4, 'N.P', 2, 1, 0, 1, 0, 0" + rest, "scan_tally_range_ck");
    rejects(columns + "1, 3, 'NP.', 2, 1, 0, 1, 0, 0" + rest, "scan_tally_codes_ck");
    rejects(columns + "1, 3, 'NXP', 3, 1, 0, 1, 0, 0" + rest, "scan_tally_codes_ck");
    db.jdbi().useHandle(h -> h.execute(columns + "1, 3, 'N.P', 2, 1, 0, 1, 0, 0" + rest));
  }

  @Test
  void crossed_snapshot_cannot_be_stored_as_ok() {
    db.jdbi().useHandle(h -> h.execute("INSERT INTO market (id, venue_id, base_asset, quote_asset, venue_symbol, tick_size,"
        + " lot_size, min_notional) VALUES (1, 'paper-a', 'BTC', 'USDT', 'BTCUSDT', 0.01, 0.00001, 5)"));
    rejects("INSERT INTO market_snapshot (cycle, market_id, taken_at, outcome, best_bid, best_ask, mid, taker_fee)"
        + " VALUES (now(), 1, now(), 'OK', 70010, 70000, 70005, 0.001)", "market_snapshot_check1");
  }

  private static long trade(Handle h, long proposalId) {
    return h.createUpdate("INSERT INTO proposal_trade (proposal_id, asset, side, quantity, estimated_price, notional,"
            + " estimated_cost, cost_bps, venue_id) VALUES (?, 'BTC', 'BUY', 0.1, 70000, 7000, 7, 10, 'paper-a')")
        .bind(0, proposalId).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
  }

  private static String proposal(String status, String cycle) {
    return "INSERT INTO proposal (portfolio_id, cycle, status, tier_at_creation, portfolio_value, max_drift, drift_before,"
        + " regime, expected_cost, expected_cost_bps, tracking_error_before, tracking_error_after, created_at, expires_at)"
        + " VALUES (1, " + cycle + ", " + status + ", 'STANDARD', 10000, 0.08, '{}', '{}', 5, 5, 0.02, 0.01,"
        + " '2026-11-24T10:00Z', '2026-11-24T11:00Z')";
  }
}
