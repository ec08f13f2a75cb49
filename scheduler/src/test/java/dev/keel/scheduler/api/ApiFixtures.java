package dev.keel.scheduler.api;

import dev.keel.persistence.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;

/** Accounts and proposals written straight to the test database. */
final class ApiFixtures {

  private ApiFixtures() {}

  /** An account {@code ref} with one portfolio of id {@code id}. */
  static void account(TestDatabase db, long id, String ref, String tier) {
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (?, ?, ?, now())", id, ref, tier);
      h.execute("INSERT INTO portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at)"
          + " VALUES (?, ?, 'p', 'TEST', 'BALANCED', 'USDT', now())", id, id);
      h.execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('paper-a', 'PAPER', 'Paper A', 0.001, 0.001)"
          + " ON CONFLICT DO NOTHING");
    });
  }

  /** A proposal of portfolio {@code portfolio}, in {@code status}, expiring {@code expiresIn} from now (negative: past). */
  static long proposal(TestDatabase db, long id, long portfolio, String tier, String status, Duration expiresIn) {
    Instant now = Instant.now();
    Instant cycle = now.minus(Duration.ofMinutes(5)).minusSeconds(id);
    boolean auto = status.equals("APPROVED") && tier.equals("PREMIUM");
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO proposal (id, portfolio_id, cycle, status, tier_at_creation, portfolio_value, max_drift, drift_before,"
              + " regime, expected_cost, expected_cost_bps, tracking_error_before, tracking_error_after, created_at, expires_at,"
              + " decided_by, decided_at, cost_to_target) VALUES (?, ?, ?, ?, ?, 10000, 0.08, CAST(? AS jsonb), CAST(? AS jsonb), 3.5,"
              + " 3.5, 0.02, 0.001, ?, ?, ?, ?, 9.1)",
          id, portfolio, cycle, status, tier,
          "{\"BTC\": {\"target\": 0.6, \"weight\": 0.68, \"drift\": 0.08, \"baseBand\": 0.05, \"band\": 0.0375},"
              + " \"USDT\": {\"target\": 0.4, \"weight\": 0.32, \"drift\": -0.08, \"baseBand\": 0.05, \"band\": 0.05}}",
          "{\"BTC\": {\"regime\": \"CALM\", \"multiplier\": 0.75}, \"USDT\": {\"regime\": \"NORMAL\", \"multiplier\": 1.0}}",
          cycle, now.plus(expiresIn), auto ? "keel:auto-premium" : null, auto ? cycle : null);
      h.execute("INSERT INTO proposal_trade (proposal_id, asset, side, quantity, estimated_price, notional, estimated_cost, cost_bps,"
          + " venue_id) VALUES (?, 'BTC', 'SELL', 0.01, 90000, 900, 1.2, 13.3, 'paper-a')", id);
    });
    return id;
  }
}
