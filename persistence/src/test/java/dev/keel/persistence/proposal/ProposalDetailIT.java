package dev.keel.persistence.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.execution.TradeStatus;
import dev.keel.domain.market.Side;
import dev.keel.domain.portfolio.Tier;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.domain.regime.Regime;
import dev.keel.persistence.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ProposalDao#detail}: one query whose trades, lines and history come back as one JSON object per row. A NUMERIC
 * keeps its exact value and scale, a timestamp its microseconds, and each child row stays whole.
 */
class ProposalDetailIT {

  private static final Instant CREATED = Instant.parse("2026-11-24T10:00:00.123456Z");

  private final TestDatabase db = TestDatabase.get();
  private final ProposalDao dao = new ProposalDao(db.jdbi());

  @BeforeEach
  void one_portfolio() {
    db.reset();
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('paper-a', 'PAPER', 'Paper A', 0.001, 0.001)");
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (1, 'acc-1', 'STANDARD', now())");
      h.execute("INSERT INTO portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at)"
          + " VALUES (1, 1, 'p', 'BTC_ETH_60_40', 'BALANCED', 'USDT', now())");
    });
  }

  private long proposal(String driftBefore, String regime) {
    return db.jdbi().withHandle(h -> h.createUpdate("INSERT INTO proposal (portfolio_id, cycle, status, tier_at_creation,"
            + " portfolio_value, max_drift, drift_before, regime, expected_cost, expected_cost_bps, tracking_error_before,"
            + " tracking_error_after, created_at, expires_at) VALUES (1, '2026-11-24T10:00Z', 'PROPOSED', 'STANDARD', 10000.5,"
            + " 0.08, CAST(:drift AS jsonb), CAST(:regime AS jsonb), 5, 5, 0.02, 0.01, :created, '2026-11-24T11:00Z')")
        .bind("drift", driftBefore).bind("regime", regime).bind("created", CREATED)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  @Test
  void trades_lines_and_history_come_back_whole_with_exact_numbers_and_instants() {
    long id = proposal("{\"BTC\": {\"target\": 0.6, \"weight\": 0.7, \"band\": 0.075, \"baseBand\": 0.05},"
        + " \"USDT\": {\"target\": 0.4, \"weight\": 0.3, \"drift\": -0.1, \"band\": 0.05}}",
        "{\"BTC\": {\"regime\": \"HIGH\", \"multiplier\": 1.5}}");
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO proposal_trade (proposal_id, asset, side, quantity, estimated_price, notional, estimated_cost, cost_bps,"
          + " venue_id) VALUES (?, 'ETH', 'BUY', 0.4, 2500.123456789012345678, 1000.04938272, 1.82, 18.2, 'paper-a')", id);
      h.execute("INSERT INTO proposal_trade (proposal_id, asset, side, quantity, estimated_price, notional, estimated_cost, cost_bps,"
          + " venue_id, reason) VALUES (?, 'BTC', 'SELL', 0.0125, 80000, 1000, 1.7, 17, 'paper-a', 'a \"quoted\" reason')", id);
    });

    ProposalDao.Detail d = dao.detail(id).orElseThrow();

    assertThat(d.trades()).as("the same rows, field for field, as read one row at a time").isEqualTo(dao.trades(id));
    ProposalDao.TradeLine sell = d.trades().get(0);
    assertThat(sell.side()).as("sells first").isEqualTo(Side.SELL);
    assertThat(sell.quantity()).as("NUMERIC(38, 18) keeps its scale").isEqualTo(new BigDecimal("0.012500000000000000"));
    assertThat(sell.reason()).isEqualTo("a \"quoted\" reason");
    assertThat(sell.status()).isEqualTo(TradeStatus.PENDING);
    assertThat(d.trades().get(1).estimatedPrice()).isEqualTo(new BigDecimal("2500.123456789012345678"));
    assertThat(d.trades().get(1).notional()).isEqualTo(new BigDecimal("1000.04938272"));
    assertThat(d.summary().trades()).isEqualTo(2);
    assertThat(d.summary().tier()).isEqualTo(Tier.STANDARD);

    assertThat(d.lines()).containsExactly(
        new ProposalDao.DriftLine("BTC", 0.6, 0.7, 0.7 - 0.6, 0.05, 0.075, Regime.HIGH, 1.5),
        new ProposalDao.DriftLine("USDT", 0.4, 0.3, -0.1, null, 0.05, null, null));
    assertThat(d.history()).containsExactly(new ProposalDao.StatusChange(ProposalStatus.PROPOSED, CREATED, null, null));
    assertThat(d.createdAt()).isEqualTo(CREATED);
  }

  @Test
  void a_proposal_without_trades_or_lines_has_empty_lists() {
    long id = proposal("{}", "{}");

    ProposalDao.Detail d = dao.detail(id).orElseThrow();

    assertThat(d.trades()).isEmpty();
    assertThat(d.lines()).isEmpty();
    assertThat(d.summary().trades()).isZero();
    assertThat(d.history()).hasSize(1);
    assertThat(dao.detail(id + 1)).isEmpty();
  }
}
