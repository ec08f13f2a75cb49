package dev.keel.jobs.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.market.ReferencePrices;
import dev.keel.domain.portfolio.PopulationGenerator;
import dev.keel.domain.portfolio.PopulationSpec;
import dev.keel.persistence.population.PopulationWriter;
import dev.keel.persistence.testing.TestDatabase;
import dev.keel.persistence.scan.ScanDao;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/** Named market and portfolio fixtures for the drift-scan tests, written with SQL. */
final class ScanFixtures {

  static final Instant CYCLE = Instant.parse("2026-11-24T10:00:00Z");

  private ScanFixtures() {}

  /** One paper venue quoting every catalogue asset at its reference price, fresh at the cycle. */
  static void freshMarket(TestDatabase db, Instant cycle) {
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('paper-a', 'PAPER', 'Paper A', 0.001, 0.001)"
          + " ON CONFLICT DO NOTHING");
      for (Map.Entry<String, java.math.BigDecimal> e : ReferencePrices.all().entrySet()) {
        if (e.getKey().equals("USDT")) {
          continue;
        }
        h.execute("INSERT INTO market (venue_id, base_asset, quote_asset, venue_symbol, tick_size, lot_size, min_notional)"
            + " VALUES ('paper-a', ?, 'USDT', ?, 0.00000001, 0.00000001, 5) ON CONFLICT DO NOTHING", e.getKey(), e.getKey() + "USDT");
        snapshot(h, e.getKey(), cycle, cycle, "OK", e.getValue().doubleValue(), null);
      }
    });
  }

  static void snapshot(Handle h, String asset, Instant cycle, Instant takenAt, String outcome, double mid, String reason) {
    snapshot(h, asset, cycle, takenAt, outcome, mid, reason, 4);
  }

  static void snapshot(Handle h, String asset, Instant cycle, Instant takenAt, String outcome, double mid, String reason,
                       double spreadBps) {
    long market = h.createQuery("SELECT id FROM market WHERE venue_id = 'paper-a' AND base_asset = ?").bind(0, asset)
        .mapTo(Long.class).one();
    h.execute("DELETE FROM market_snapshot WHERE market_id = ? AND cycle = ?", market, cycle);
    if (outcome.equals("OK")) {
      double half = mid * spreadBps / 2 / 1e4;
      h.execute("INSERT INTO market_snapshot (cycle, market_id, taken_at, outcome, best_bid, best_ask, mid, spread_bps,"
              + " maker_fee, taker_fee, buy_impact_slope, sell_impact_slope) VALUES (?, ?, ?, 'OK', ?, ?, ?, ?, 0.001, 0.001, 1e-9, 1e-9)",
          cycle, market, takenAt, mid - half, mid + half, mid, spreadBps);
    } else {
      h.execute("INSERT INTO market_snapshot (cycle, market_id, taken_at, outcome, reason_code, reason) VALUES (?, ?, ?, ?, 'X', ?)",
          cycle, market, takenAt, outcome, reason);
    }
  }

  /**
   * An asset's regime as regimeJob stores it: {@code regime} with band multiplier {@code multiplier} from {@code cycle}
   * on (the scan reads the latest row in or before its cycle).
   */
  static void regime(Handle h, String asset, Instant cycle, String regime, double multiplier) {
    h.execute("INSERT INTO asset_regime (asset, cycle, as_of, computed_at, regime, regime_since, decision, spread_regime,"
        + " spread_regime_since, band_multiplier, reason) VALUES (?, ?, ?, ?, ?, ?, 'ESCALATED', 'NORMAL', ?, ?, 'test fixture')",
        asset, cycle, cycle, cycle, regime, cycle, cycle, multiplier);
  }

  /** A portfolio of the named weights (fractions) at reference prices, with 60/40-style targets. */
  static void portfolio(TestDatabase db, long id, String tier, Map<String, Double> targets, Map<String, Double> weights, double value) {
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (?, ?, ?, now())", id, "acc-" + id, tier);
      h.execute("INSERT INTO portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at)"
          + " VALUES (?, ?, 'p', 'TEST', 'BALANCED', 'USDT', now())", id, id);
      targets.forEach((a, w) -> h.execute("INSERT INTO target_weight VALUES (?, ?, ?, 0.05)", id, a, w));
      weights.forEach((a, w) -> h.execute("INSERT INTO holding VALUES (?, ?, ?, now())", id, a,
          value * w / ReferencePrices.of(a).doubleValue()));
    });
  }

  /** A generated population of {@code accounts} accounts. */
  static void population(TestDatabase db, int accounts, long seed) {
    new PopulationWriter(db.dataSource()).write(new PopulationGenerator(PopulationSpec.defaults(accounts, seed), ReferencePrices.all()),
        CYCLE, PopulationWriter.Existing.REPLACE, n -> { });
  }

  /**
   * The cycle's outcomes, proposals (the columns a person reads, with the number of notifications each) and trades,
   * without the cycle itself or generated ids, for comparing two cycles of the same market and population. Doubles
   * computed by the optimiser are rounded well below anything a person reads; money columns are compared exactly.
   */
  static java.util.List<String> comparable(TestDatabase db, Instant cycle) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT portfolio_id || ' o ' || outcome || ' ' || coalesce(reason, '')"
        + "   || ' ' || coalesce(round(max_drift::numeric, 10)::text, '-') FROM report_scan_portfolio WHERE cycle = :c"
        + " UNION ALL SELECT p.portfolio_id || ' p ' || p.status || ' ' || p.tier_at_creation || ' ' || coalesce(p.decided_by, '-')"
        + "   || ' value ' || p.portfolio_value || ' cost ' || p.expected_cost || ' ' || round(p.expected_cost_bps::numeric, 9) || ' bps'"
        + "   || ' te ' || round(p.tracking_error_before::numeric, 10) || ' -> ' || round(p.tracking_error_after::numeric, 10)"
        + "   || ' ttl ' || extract(epoch FROM p.expires_at - p.cycle) || ' s venue ' || coalesce(p.cost_venue, '-')"
        + "   || ' notified ' || (SELECT count(*) FROM notification n WHERE n.proposal_id = p.id)"
        + "   FROM proposal p WHERE p.cycle = :c"
        + " UNION ALL SELECT p.portfolio_id || ' t ' || t.side || ' ' || t.asset || ' ' || t.quantity || ' ' || t.notional"
        + "   || ' ' || t.estimated_cost FROM proposal_trade t JOIN proposal p ON p.id = t.proposal_id WHERE p.cycle = :c ORDER BY 1")
        .bind("c", cycle).mapTo(String.class).list());
  }

  /**
   * What "nothing written twice, nothing left out" means for a finished cycle, as checks that a duplicate or a gap
   * would break (the tables' unique keys already forbid the same row twice, so grouping by them proves nothing):
   * the cycle's tallies account for every active portfolio once, and each outcome row agrees with its tally (the
   * completeness proof); one outcome per active portfolio in the per-portfolio view; a proposal exactly for the
   * portfolios whose outcome says PROPOSAL, each with trades; a PROPOSAL_READY notification exactly for the proposals
   * waiting for the investor, none for the others.
   */
  static void assertWrittenOnce(TestDatabase db, Instant cycle) {
    Function<String, Long> count = sql -> db.jdbi().withHandle(h -> {
      var q = h.createQuery(sql);
      return (sql.contains(":c") ? q.bind("c", cycle) : q).mapTo(Long.class).one();
    });
    long active = count.apply("SELECT count(*) FROM portfolio WHERE active");
    ScanDao.Completeness proof = new ScanDao(db.jdbi()).completeness(cycle);
    assertThat(proof.countedTwice()).as("portfolios counted twice").isZero();
    assertThat(proof.rowsWithoutTally()).as("outcome rows without their tally").isZero();
    assertThat(proof.talliedWithoutRow()).as("tallied decisions without their row").isZero();
    assertThat(proof.portfolios()).as("one outcome per active portfolio").isEqualTo(active);
    assertThat(proof.proves(active)).isTrue();
    assertThat(count.apply("SELECT count(DISTINCT portfolio_id) FROM report_scan_portfolio WHERE cycle = :c"))
        .as("the per-portfolio view: every active portfolio").isEqualTo(active);
    assertThat(count.apply("SELECT count(*) FROM report_scan_portfolio WHERE cycle = :c"))
        .as("the per-portfolio view: once").isEqualTo(active);
    assertThat(count.apply("SELECT count(*) FROM scan_outcome o WHERE cycle = :c"
            + " AND (outcome = 'PROPOSAL') <> EXISTS (SELECT 1 FROM proposal p WHERE p.portfolio_id = o.portfolio_id AND p.cycle = :c)"))
        .as("a proposal exactly where the outcome says PROPOSAL").isZero();
    assertThat(count.apply("SELECT count(*) FROM proposal WHERE cycle = :c"))
        .as("no proposal without its outcome")
        .isEqualTo(count.apply("SELECT count(*) FROM scan_outcome WHERE cycle = :c AND outcome = 'PROPOSAL'"));
    assertThat(count.apply("SELECT count(*) FROM proposal p WHERE cycle = :c"
            + " AND NOT EXISTS (SELECT 1 FROM proposal_trade t WHERE t.proposal_id = p.id)"))
        .as("no proposal without its trades").isZero();
    assertThat(count.apply("SELECT count(*) FROM proposal p WHERE cycle = :c"
            + " AND (SELECT count(*) FROM notification n WHERE n.proposal_id = p.id)"
            + " <> CASE WHEN p.status = 'PROPOSED' THEN 1 ELSE 0 END"))
        .as("one notification per proposal waiting for the investor, none for the others").isZero();
  }

  /**
   * A fresh market at both cycles and a generated population; scans {@code reference} uninterrupted and returns what it
   * wrote, then forgets its proposals so that a scan of {@code later} starts from the same state.
   */
  static java.util.List<String> uninterruptedRun(TestDatabase db, dev.keel.jobs.launch.CycleLauncher launcher, int accounts,
                                                 long seed, Instant reference, Instant later) {
    freshMarket(db, reference);
    freshMarket(db, later);
    population(db, accounts, seed);
    if (!launcher.launch(ScanJobConfig.JOB, reference).ranAndCompleted()) {
      throw new AssertionError("the reference run did not complete");
    }
    return forgetProposals(db, comparable(db, reference));
  }

  /**
   * Removes every proposal, outcome and notification, so a later cycle over the same population starts from the same
   * state as the first (no open proposal), and returns {@code captured} for comparison.
   */
  static java.util.List<String> forgetProposals(TestDatabase db, java.util.List<String> captured) {
    db.jdbi().useHandle(h -> {
      h.execute("DELETE FROM notification");
      h.execute("DELETE FROM proposal_trade");
      h.execute("DELETE FROM proposal");
      h.execute("DELETE FROM scan_outcome");
      h.execute("DELETE FROM scan_tally");
    });
    return captured;
  }

  /** Portfolios the committed chunks of a cycle account for so far (its tallies). */
  static long accounted(TestDatabase db, Instant cycle) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT coalesce(sum(portfolios), 0) FROM scan_tally WHERE cycle = :c")
        .bind("c", cycle).mapTo(Long.class).one());
  }

  /** Everything the scan wrote for a cycle, as one comparable string (ids of proposals excluded). */
  static String scanFingerprint(TestDatabase db, Instant cycle) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM ("
        + " SELECT 'o' || portfolio_id || outcome || coalesce(reason, '') || coalesce(detail, '') AS x FROM report_scan_portfolio"
        + "   WHERE cycle = :c"
        + " UNION ALL SELECT 'p' || portfolio_id || status || expected_cost || expires_at FROM proposal WHERE cycle = :c"
        + " UNION ALL SELECT 't' || p.portfolio_id || t.asset || t.side || t.quantity || t.notional FROM proposal_trade t"
        + "   JOIN proposal p ON p.id = t.proposal_id WHERE p.cycle = :c) s")
        .bind("c", cycle).mapTo(String.class).one());
  }
}
