package dev.keel.jobs.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.market.ReferencePrices;
import dev.keel.domain.portfolio.PopulationGenerator;
import dev.keel.domain.portfolio.PopulationSpec;
import dev.keel.persistence.population.PopulationWriter;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Instant;

/** Populations for execution tests, and the invariants every execution test ends with, checked in SQL. */
public final class ExecutionFixtures {

  /** Replaces what {@code registered} holds (the venues a test's snapshot job reads) with {@code paper}, as paper venues. */
  public static void registerPaper(java.util.List<dev.keel.jobs.snapshot.RegisteredVenue> registered,
                                   java.util.List<dev.keel.jobs.venue.XChangeVenue> paper) {
    registered.clear();
    paper.forEach(v -> registered.add(new dev.keel.jobs.snapshot.RegisteredVenue(v, "PAPER", "Paper " + v.id())));
  }

  private ExecutionFixtures() {}

  /** Snapshot, a generated population (seed 7) and a scan at {@code at}: proposals, premium ones approved on creation. */
  public static void scanned(dev.keel.jobs.launch.CycleLauncher launcher, TestDatabase db, int accounts, double premiumShare,
                             Instant at) {
    assertThat(launcher.launch(dev.keel.jobs.snapshot.MarketSnapshotJobConfig.JOB, at).ranAndCompleted()).isTrue();
    population(db, accounts, 7, premiumShare, at);
    assertThat(launcher.launch(dev.keel.jobs.scan.ScanJobConfig.JOB, at).ranAndCompleted()).isTrue();
  }

  /** A generated population with wide drift, so a scan proposes for many portfolios; {@code premiumShare} of accounts premium. */
  public static void population(TestDatabase db, int accounts, long seed, double premiumShare, Instant at) {
    PopulationSpec d = PopulationSpec.defaults(accounts, seed);
    PopulationSpec spec = new PopulationSpec(accounts, seed, premiumShare, d.medianValue(), d.valueSigma(), d.minValue(), d.maxValue(),
        0.25);
    new PopulationWriter(db.dataSource()).write(new PopulationGenerator(spec, ReferencePrices.all()), at,
        PopulationWriter.Existing.REPLACE, n -> { });
  }

  public static long count(TestDatabase db, String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  /**
   * "Nothing doubled, nothing lost" after execution (FAULTS.md): at most one live order per trade, no trade executed
   * beyond its quantity, every fill allocated exactly once up to its quantity (a fill of a net allocated once its cross
   * is, late ones included), every holding the sum of its entries, at most one open proposal per portfolio.
   */
  public static void assertInvariants(TestDatabase db) {
    assertThat(count(db, "SELECT count(*) FROM (SELECT proposal_trade_id FROM venue_order WHERE status IN"
        + " ('NEW', 'SUBMITTED', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED') GROUP BY 1 HAVING count(*) > 1) x"))
        .as("at most one live order per trade").isZero();
    assertThat(count(db, "SELECT count(*) FROM proposal_trade WHERE executed_qty > quantity"))
        .as("executed never beyond the trade").isZero();
    assertThat(count(db, "SELECT count(*) FROM proposal_trade t WHERE executed_qty <>"
        + " coalesce((SELECT sum(quantity) FROM allocation a WHERE a.proposal_trade_id = t.id), 0)"))
        .as("a trade's executed quantity is the sum of its allocations").isZero();
    assertThat(count(db, "SELECT count(*) FROM fill f WHERE f.quantity < coalesce((SELECT sum(quantity) FROM allocation a"
        + " WHERE a.fill_id = f.id), 0)"))
        .as("no fill allocated beyond its quantity").isZero();
    // a fill of a cross's net is allocated once the net is final, so not yet while its cross is open
    assertThat(count(db, "SELECT count(*) FROM fill f WHERE f.quantity <> coalesce((SELECT sum(quantity) FROM allocation a"
        + " WHERE a.fill_id = f.id), 0) + coalesce((SELECT abs(sum(e.delta)) FROM holding_entry e JOIN venue_order o"
        + " ON o.id = f.venue_order_id JOIN proposal_trade t ON t.id = o.proposal_trade_id"
        + " WHERE e.fill_id = f.id AND e.kind = 'ADJUSTMENT' AND e.asset = t.asset), 0)"
        + " AND NOT EXISTS (SELECT 1 FROM venue_order o JOIN internal_cross c ON c.id = o.internal_cross_id"
        + " WHERE o.id = f.venue_order_id AND c.status = 'NET_OPEN')"))
        .as("every fill booked whole: allocated, or adjusted beyond its trade").isZero();
    assertThat(count(db, "SELECT count(*) FROM fill f WHERE NOT EXISTS (SELECT 1 FROM allocation a WHERE a.fill_id = f.id)"
        + " AND NOT EXISTS (SELECT 1 FROM holding_entry e WHERE e.fill_id = f.id AND e.kind = 'ADJUSTMENT')"
        + " AND NOT EXISTS (SELECT 1 FROM venue_order o JOIN internal_cross c ON c.id = o.internal_cross_id"
        + " WHERE o.id = f.venue_order_id AND c.status = 'NET_OPEN')"))
        .as("no fill without allocation: every fill of a proposal trade is allocated, or booked as an over-fill beyond it").isZero();
    assertThat(count(db, "SELECT count(*) FROM internal_cross c WHERE c.status = 'DONE' AND (coalesce(c.venue_filled, 0)"
        + " <> coalesce((SELECT sum(l.venue_filled) FROM cross_leg l WHERE l.internal_cross_id = c.id), 0)"
        + " OR coalesce(c.venue_filled, 0) <> coalesce((SELECT sum(a.quantity) FROM allocation a JOIN fill f ON f.id = a.fill_id"
        + " JOIN venue_order o ON o.id = f.venue_order_id WHERE o.internal_cross_id = c.id), 0))"))
        .as("an allocated net's venue fill is its legs' shares and its fills' allocations").isZero();
    assertThat(count(db, "SELECT count(*) FROM internal_cross c WHERE c.crossed_qty <> (SELECT sum(l.crossed) FROM cross_leg l"
        + " WHERE l.internal_cross_id = c.id AND l.side = 'BUY') OR c.crossed_qty <> (SELECT sum(l.crossed) FROM cross_leg l"
        + " WHERE l.internal_cross_id = c.id AND l.side = 'SELL')")).as("every cross crossed the same quantity on both sides").isZero();
    assertThat(count(db, "SELECT count(*) FROM report_ledger_mismatch")).as("report_ledger_mismatch is empty").isZero();
    assertThat(count(db, "SELECT count(*) FROM (SELECT venue_id, venue_trade_id FROM fill GROUP BY 1, 2 HAVING count(*) > 1) x"))
        .as("fills unique by venue trade id").isZero();
    assertThat(count(db, "SELECT count(*) FROM (SELECT portfolio_id FROM proposal WHERE status IN ('PROPOSED', 'APPROVED', 'EXECUTING')"
        + " GROUP BY 1 HAVING count(*) > 1) x")).as("one open proposal per portfolio").isZero();
  }
}
