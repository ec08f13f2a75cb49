package dev.keel.persistence.bench;

import dev.keel.persistence.operations.HistoryDao;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The bench commands' own reads and writes: population checks, resets between runs, seeded history and the counts a bench
 * prints as its evidence. For benches only.
 */
public final class BenchDao {

  /** Tables the scan bench clears between runs on a reused population: the scan's results and the proposals they made. */
  static final List<String> SCAN_BENCH_CLEARED;

  static {
    List<String> tables = new ArrayList<>(HistoryDao.SCAN_RESULTS);
    tables.addAll(List.of("notification", "proposal_trade", "proposal"));
    SCAN_BENCH_CLEARED = List.copyOf(tables);
  }

  /** Tables the API bench reads: analysed once its population is written, as a running database has them analysed. */
  static final List<String> API_BENCH_READS = List.of("account", "portfolio", "proposal", "proposal_trade", "proposal_status_history");

  private final Jdbi jdbi;

  public BenchDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Whether the population is exactly {@code accounts} accounts and holds the account {@code lastRef} (the generator's last). */
  public boolean populationIs(long accounts, String lastRef) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM account").mapTo(Long.class).one() == accounts
        && h.createQuery("SELECT count(*) FROM account WHERE external_ref = :ref").bind("ref", lastRef).mapTo(Long.class).one() == 1);
  }

  public long portfolios() {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM portfolio").mapTo(Long.class).one());
  }

  /**
   * Removes earlier runs' scan outcomes, tallies and proposals (with their notifications) and vacuums those tables. Only
   * these: a cascade would follow venue_order, fill and allocation into the holdings ledger.
   */
  public void clearScanResults() {
    jdbi.useHandle(h -> {
      h.execute("TRUNCATE " + String.join(", ", HistoryDao.SCAN_RESULTS));
      h.execute("DELETE FROM notification WHERE proposal_id IS NOT NULL");
      h.execute("DELETE FROM proposal_trade");
      h.execute("DELETE FROM proposal");
    });
    // the deletes leave dead rows and stale statistics that the next cycle's writes would trip over
    jdbi.useHandle(h -> h.execute("VACUUM ANALYZE " + String.join(", ", SCAN_BENCH_CLEARED)));
  }

  /**
   * Replaces earlier market history with a copy of {@code cycle}'s successful snapshot of each market at every minute of the
   * {@code days} before it.
   *
   * @return the snapshot rows written
   */
  public long seedSnapshotHistory(Instant cycle, int days) {
    return jdbi.withHandle(h -> {
      h.createUpdate("DELETE FROM market_snapshot WHERE cycle < :cycle").bind("cycle", cycle).execute();
      int inserted = h.createUpdate("INSERT INTO market_snapshot (cycle, market_id, taken_at, outcome, best_bid, best_ask, mid,"
              + " spread_bps, buy_impact_slope, sell_impact_slope, maker_fee, taker_fee, fee_source)"
              + " SELECT t, s.market_id, t, s.outcome, s.best_bid, s.best_ask, s.mid, s.spread_bps, s.buy_impact_slope,"
              + " s.sell_impact_slope, s.maker_fee, s.taker_fee, s.fee_source FROM market_snapshot s,"
              + " generate_series(CAST(:cycle AS timestamptz) - make_interval(days => :days), CAST(:cycle AS timestamptz)"
              + " - interval '1 minute', interval '1 minute') AS t WHERE s.cycle = :cycle AND s.outcome = 'OK'")
          .bind("cycle", cycle).bind("days", days).execute();
      h.execute("ANALYZE market_snapshot");
      return (long) inserted;
    });
  }

  /**
   * Expires the approved proposals after the first {@code keep} by id, so a bench executes the number it was asked for.
   *
   * <p>Not through {@code ProposalDao.expireLapsed}: that expires by time, and these proposals' expiry has not passed.
   * The bench may close them early because they live only in the bench's own population, emptied before each run and
   * shown to no investor: no event is owed to anyone, so none is written. The change itself is one the lifecycle allows
   * (APPROVED to EXPIRED), and the database's transition check holds it to that like every other.
   */
  public int expireApprovedBeyond(int keep) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE proposal SET status = 'EXPIRED', outcome_reason = 'beyond the bench size'"
            + " WHERE status = 'APPROVED' AND id NOT IN (SELECT id FROM proposal WHERE status = 'APPROVED' ORDER BY id LIMIT :keep)")
        .bind("keep", keep).execute());
  }

  /**
   * What an execution bench ended with.
   *
   * @param statuses proposals by status, expired ones left out ("EXECUTED 812, PARTIAL 3"); null when there are none
   */
  public record Executed(long fills, long ledgerMismatches, String statuses) {}

  public Executed executed() {
    return jdbi.withHandle(h -> h.createQuery("SELECT (SELECT count(*) FROM fill) AS fills, (SELECT count(*) FROM"
        + " report_ledger_mismatch) AS mismatches, (SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) AS n"
        + " FROM proposal WHERE status NOT IN ('EXPIRED') GROUP BY 1) s) AS statuses")
        .map((rs, ctx) -> new Executed(rs.getLong("fills"), rs.getLong("mismatches"), rs.getString("statuses"))).one());
  }

  /** A proposal waiting for its investor's decision, with the account that decides it. */
  public record Waiting(String accountRef, long proposalId) {}

  /** Every proposal waiting for a decision, by id. */
  public List<Waiting> waitingProposals() {
    return jdbi.withHandle(h -> h.createQuery("SELECT a.external_ref, p.id FROM proposal p JOIN portfolio pf"
            + " ON pf.id = p.portfolio_id JOIN account a ON a.id = pf.account_id WHERE p.status = 'PROPOSED' ORDER BY p.id")
        .map((rs, c) -> new Waiting(rs.getString(1), rs.getLong(2))).list());
  }

  /** Gives freshly copied tables the statistics a running database has. */
  public void analyzeApiBenchTables() {
    jdbi.useHandle(h -> h.execute("ANALYZE " + String.join(", ", API_BENCH_READS)));
  }

  /**
   * How the API bench's approvals landed.
   *
   * @param transitions APPROVED transitions recorded
   * @param proposals   proposals with at least one
   * @param doubled     proposals with more than one
   * @param approvedNow proposals approved now
   */
  public record Approvals(long transitions, long proposals, long doubled, long approvedNow) {}

  public Approvals approvals() {
    Map<String, Object> check = jdbi.withHandle(h -> h.createQuery("SELECT (SELECT count(*) FROM proposal_status_history WHERE"
            + " status = 'APPROVED') AS transitions, (SELECT count(DISTINCT proposal_id) FROM proposal_status_history WHERE"
            + " status = 'APPROVED') AS proposals, (SELECT count(*) FROM (SELECT proposal_id FROM proposal_status_history WHERE"
            + " status = 'APPROVED' GROUP BY proposal_id HAVING count(*) > 1) x) AS doubled, (SELECT count(*) FROM proposal WHERE"
            + " status = 'APPROVED') AS approved_now")
        .mapToMap().one());
    return new Approvals(((Number) check.get("transitions")).longValue(), ((Number) check.get("proposals")).longValue(),
        ((Number) check.get("doubled")).longValue(), ((Number) check.get("approved_now")).longValue());
  }
}
