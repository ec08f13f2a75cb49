package dev.keel.persistence.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.portfolio.Tier;
import dev.keel.domain.proposal.Decision;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.persistence.marketdata.MarketDataDao;
import dev.keel.persistence.proposal.ProposalDao;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the bench commands read and reset, on the real schema: three approved proposals and one waiting for its investor. */
class BenchDaoIT {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private final TestDatabase db = TestDatabase.get();
  private final BenchDao dao = new BenchDao(db.jdbi());
  private final ProposalDao proposals = new ProposalDao(db.jdbi());

  @BeforeEach
  void population() {
    db.reset();
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('binance', 'PAPER', 'Binance', 0.001, 0.001)");
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (1, 'gen-3-0', 'STANDARD', now())");
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (2, 'gen-3-1', 'PREMIUM', now())");
      for (int p = 1; p <= 4; p++) { // the standard account's portfolio 1, the premium account's 2 to 4
        h.execute("INSERT INTO portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at)"
            + " VALUES (?, ?, 'p', 'DEFI', 'BALANCED', 'USDT', now())", p, p == 1 ? 1 : 2);
      }
      String[][] rows = {{"1", "2", "APPROVED", "PREMIUM"}, {"2", "3", "APPROVED", "PREMIUM"}, {"3", "4", "APPROVED", "PREMIUM"},
          {"4", "1", "PROPOSED", "STANDARD"}};
      for (String[] r : rows) {
        h.execute("INSERT INTO proposal (id, portfolio_id, cycle, status, tier_at_creation, portfolio_value, max_drift, drift_before,"
                + " regime, expected_cost, expected_cost_bps, tracking_error_before, tracking_error_after, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, 1000, 0.1, '{}', '{}', 1, 10, 0.02, 0.01, ?, ?)", Long.parseLong(r[0]), Long.parseLong(r[1]),
            T0, r[2], r[3], T0, T0.plusSeconds(3600));
      }
      h.execute("INSERT INTO notification (account_id, proposal_id, kind, payload, created_at) VALUES (1, 4, 'PROPOSAL_READY', '{}', ?)",
          T0);
      h.execute("INSERT INTO notification (venue_id, kind, payload, created_at) VALUES ('binance', 'VENUE_ALERT', '{}', ?)", T0);
    });
  }

  private long scalar(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void a_population_is_reused_only_when_its_size_and_last_account_match() {
    assertThat(dao.populationIs(2, "gen-3-1")).isTrue();
    assertThat(dao.populationIs(3, "gen-3-1")).as("another size").isFalse();
    assertThat(dao.populationIs(2, "gen-4-1")).as("another seed").isFalse();
    assertThat(dao.portfolios()).isEqualTo(4);
  }

  @Test
  void approved_proposals_beyond_the_bench_size_expire_and_the_first_by_id_stay() {
    assertThat(dao.expireApprovedBeyond(2)).isEqualTo(1);
    assertThat(scalar("SELECT id FROM proposal WHERE status = 'EXPIRED' AND outcome_reason = 'beyond the bench size'")).isEqualTo(3);
    assertThat(dao.executed()).isEqualTo(new BenchDao.Executed(0, 0, dao.executed().statuses()));
    assertThat(dao.executed().statuses().split(", ")).containsExactlyInAnyOrder("APPROVED 2", "PROPOSED 1");
  }

  @Test
  void the_waiting_proposals_come_with_the_account_that_decides_them_and_one_approval_is_one_transition() {
    assertThat(dao.waitingProposals()).containsExactly(new BenchDao.Waiting("gen-3-0", 4));
    assertThat(proposals.ids(ProposalStatus.PROPOSED, Tier.STANDARD)).containsExactly(4L);
    assertThat(proposals.ids(ProposalStatus.APPROVED, Tier.PREMIUM)).containsExactly(1L, 2L, 3L);
    proposals.decide(4, new Decision(true, "bench", "approved", T0.plusSeconds(1)));
    proposals.decide(4, new Decision(true, "bench", "approved", T0.plusSeconds(1)));
    dao.analyzeApiBenchTables();
    // the three written as approved have their transition too, and the repeated decision adds none
    assertThat(dao.approvals()).isEqualTo(new BenchDao.Approvals(4, 4, 0, 4));
  }

  @Test
  void clearing_scan_results_removes_proposals_and_their_notifications_and_keeps_the_rest() {
    dao.clearScanResults();
    assertThat(scalar("SELECT count(*) FROM proposal")).isZero();
    assertThat(scalar("SELECT count(*) FROM notification")).as("the venue alert").isEqualTo(1);
    assertThat(dao.portfolios()).isEqualTo(4);
  }

  @Test
  void enabled_venues_and_markets_are_counted() {
    MarketDataDao marketData = new MarketDataDao(db.jdbi());
    assertThat(marketData.enabledVenues()).isEqualTo(1);
    assertThat(marketData.enabledMarkets()).isZero();
  }
}
