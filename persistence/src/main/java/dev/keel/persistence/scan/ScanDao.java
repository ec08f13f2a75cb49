package dev.keel.persistence.scan;

import dev.keel.domain.portfolio.ScanResult;
import dev.keel.domain.proposal.ProposalLifecycle;
import dev.keel.domain.proposal.ProposalStatus;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The drift scan's writes: a chunk's outcome rows, proposals and tally, and the proofs read from them. What a partition
 * reads is {@link ScanPortfolios}; the cycle's market is {@link CycleMarketDao}.
 */
public final class ScanDao {

  private final Jdbi jdbi;

  public ScanDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Active portfolios: those a cycle scans. */
  public long activePortfolios() {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM portfolio WHERE active").mapTo(Long.class).one());
  }

  /**
   * Writes one chunk's outcomes, tally, proposals, trades and notifications in the caller's transaction, with COPY.
   * Portfolios a committed tally of the cycle already accounts for (a rerun of committed work) are left out first, so
   * nothing is written or counted twice; the primary keys stay as the last guard.
   */
  public void write(Instant cycle, Instant recordedAt, List<ScanResult> results) {
    write(cycle, recordedAt, Instant.MAX, DIRECT, Long.MIN_VALUE, results);
  }

  /** The step name recorded for chunks written other than by a partition's worker step. */
  public static final String DIRECT = "direct";

  /**
   * As {@link #write(Instant, Instant, List)}, for the partition worker step {@code stepName} whose id range starts at
   * {@code partitionFirstId} (partitions' ranges are disjoint, so only tallies from there up can hold the chunk's
   * portfolios; {@code Long.MIN_VALUE} looks at every tally of the cycle); proposals written after
   * {@code actionableUntil} (a rerun of a cycle whose prices are too old to act on) are kept for the record as EXPIRED:
   * nobody is asked, nothing is auto-approved.
   */
  public void write(Instant cycle, Instant recordedAt, Instant actionableUntil, String stepName, long partitionFirstId,
                    List<ScanResult> results) {
    jdbi.useHandle(h -> {
      try {
        write(h, cycle, recordedAt, actionableUntil, stepName, partitionFirstId, results);
      } catch (SQLException | java.io.IOException e) {
        throw new IllegalStateException("writing scan outcomes for cycle " + cycle + " failed: " + e.getMessage(), e);
      }
    });
  }

  private static void write(Handle h, Instant cycle, Instant recordedAt, Instant actionableUntil, String stepName,
                            long partitionFirstId, List<ScanResult> all) throws SQLException, java.io.IOException {
    if (all.isEmpty()) {
      return;
    }
    List<ScanResult> results = unaccounted(h, cycle, partitionFirstId, all);
    if (results.isEmpty()) {
      return;
    }
    String c = cycle.toString();
    String at = recordedAt.toString();
    ScanTally tally = ScanTally.of(results);
    CopyText outcomes = new CopyText();
    List<ScanResult.Proposal> proposals = new ArrayList<>();
    for (ScanResult r : results) {
      // calm portfolios and those still awaiting a decision are only counted, in the tally: rows only for what decided
      if (!ScanTally.written(r)) {
        continue;
      }
      String reason = null;
      String detail;
      if (r instanceof ScanResult.NoTrade nt) {
        detail = nt.detail();
      } else if (r instanceof ScanResult.Skipped sk) {
        reason = sk.reason().name();
        detail = sk.detail();
      } else {
        ScanResult.Proposal p = (ScanResult.Proposal) r;
        detail = p.trades().size() + " trades, expected cost " + p.expectedCost().toPlainString() + " USDT"
            + (birth(p, cycle, recordedAt, actionableUntil).status() == ProposalStatus.EXPIRED
                ? "; written EXPIRED (a rerun of an old cycle), not actionable" : "");
        proposals.add(p);
      }
      outcomes.row(c, r.portfolioId(), r.outcome(), reason, detail, Double.isNaN(r.maxDrift()) ? null : r.maxDrift(), at);
    }
    org.postgresql.copy.CopyManager copy = h.getConnection().unwrap(org.postgresql.PGConnection.class).getCopyAPI();
    outcomes.copy(copy, "COPY scan_outcome (cycle, portfolio_id, outcome, reason, detail, max_drift, recorded_at) FROM STDIN");
    h.createUpdate("INSERT INTO scan_tally (cycle, first_id, last_id, outcomes, portfolios, no_breach, awaiting_decision,"
            + " proposal, no_trade, skipped, max_drift, drift_count, drift_sum, drift_histogram, step_name, recorded_at)"
            + " VALUES (:cycle, :firstId, :lastId, :outcomes, :portfolios, :noBreach, :awaitingDecision, :proposal, :noTrade,"
            + " :skipped, :maxDrift, :driftCount, :driftSum, :driftHistogram, :stepName, :recordedAt)")
        .bind("cycle", cycle).bind("firstId", tally.firstId()).bind("lastId", tally.lastId()).bind("outcomes", tally.outcomes())
        .bind("portfolios", tally.portfolios()).bind("noBreach", tally.noBreach())
        .bind("awaitingDecision", tally.awaitingDecision()).bind("proposal", tally.proposal()).bind("noTrade", tally.noTrade())
        .bind("skipped", tally.skipped()).bind("maxDrift", tally.maxDrift()).bind("driftCount", tally.driftCount())
        .bind("driftSum", tally.driftSum()).bind("driftHistogram", tally.driftHistogram()).bind("stepName", stepName)
        .bind("recordedAt", recordedAt)
        .execute();
    if (proposals.isEmpty()) {
      return;
    }
    // A lapsed open proposal of the same portfolio (its expiry passed before housekeeping saw it) is expired first:
    // the unique index allows one open proposal per portfolio, and the lapsed one can no longer be decided or executed.
    // Lapsed at the cycle, as the reader judged it: a proposal open at the cycle made this one AWAITING_DECISION.
    dev.keel.persistence.proposal.ProposalDao.expireLapsed(h, cycle,
        proposals.stream().mapToLong(ScanResult::portfolioId).toArray());
    List<Long> proposalIds = h.createQuery("SELECT nextval(pg_get_serial_sequence('proposal', 'id')) FROM generate_series(1, :n)")
        .bind("n", proposals.size()).mapTo(Long.class).list();
    CopyText proposalRows = new CopyText();
    CopyText tradeRows = new CopyText();
    CopyText notifyRows = new CopyText();
    for (int i = 0; i < proposals.size(); i++) {
      ScanResult.Proposal p = proposals.get(i);
      long id = proposalIds.get(i);
      // A rerun of a cycle older than the proposals' lifetime is kept for the record, born EXPIRED, so nobody approves
      // it and nothing executes on that cycle's prices; the lifecycle decides.
      ProposalLifecycle.Birth birth = birth(p, cycle, recordedAt, actionableUntil);
      boolean auto = birth.approvedOnCreation();
      proposalRows.row(id, p.portfolioId(), c, birth.status().name(), p.tier().name(), p.portfolioValue(), p.maxDrift(), Json.of(drift(p)),
          Json.of(regimes(p)), p.expectedCost(), p.expectedCostBps(), p.trackingErrorBefore(), p.trackingErrorAfter(),
          p.costVenue(), p.dust().isEmpty() ? null : Json.of(p.dust()), at, p.expiresAt().toString(),
          birth.decidedBy(), auto ? at : null, birth.reason(), p.costToTarget());
      for (ScanResult.ProposedTrade t : p.trades()) {
        tradeRows.row(id, t.asset(), t.side(), t.quantity(), t.estimatedPrice(), t.notional(), t.estimatedCost(), t.costBps(),
            t.venue());
      }
      if (birth.asksInvestor()) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("proposal", id);
        payload.put("expiresAt", p.expiresAt().toString());
        payload.put("expectedCost", p.expectedCost().toPlainString());
        notifyRows.row(p.accountId(), id, dev.keel.domain.notification.NotificationKind.PROPOSAL_READY.name(), Json.of(payload), at);
      }
    }
    proposalRows.copy(copy, "COPY proposal (id, portfolio_id, cycle, status, tier_at_creation, portfolio_value, max_drift,"
        + " drift_before, regime, expected_cost, expected_cost_bps, tracking_error_before, tracking_error_after, cost_venue, dust,"
        + " created_at, expires_at, decided_by, decided_at, decision_reason, cost_to_target) FROM STDIN");
    tradeRows.copy(copy, "COPY proposal_trade (proposal_id, asset, side, quantity, estimated_price, notional, estimated_cost,"
        + " cost_bps, venue_id) FROM STDIN");
    notifyRows.copy(copy, "COPY notification (account_id, proposal_id, kind, payload, created_at) FROM STDIN");
  }

  /**
   * The results whose portfolios no committed tally of the cycle accounts for yet. The partition's tallies that overlap
   * the chunk's id range are read (normally none: its earlier chunks end below it); the index on (cycle, first_id)
   * visits only the partition's tallies below the chunk's highest id.
   */
  private static List<ScanResult> unaccounted(Handle h, Instant cycle, long partitionFirstId, List<ScanResult> all) {
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    for (ScanResult r : all) {
      lo = Math.min(lo, r.portfolioId());
      hi = Math.max(hi, r.portfolioId());
    }
    List<Map.Entry<Long, String>> tallies = h.createQuery("SELECT first_id, outcomes FROM scan_tally WHERE cycle = :cycle"
            + " AND first_id BETWEEN :from AND :hi AND last_id >= :lo")
        .bind("cycle", cycle).bind("from", Math.min(partitionFirstId, lo)).bind("lo", lo).bind("hi", hi)
        .map((rs, ctx) -> Map.entry(rs.getLong("first_id"), rs.getString("outcomes"))).list();
    if (tallies.isEmpty()) {
      return all;
    }
    return all.stream().filter(r -> tallies.stream()
        .noneMatch(t -> ScanTally.accounts(t.getKey(), t.getValue(), r.portfolioId()))).toList();
  }

  private static ProposalLifecycle.Birth birth(ScanResult.Proposal p, Instant cycle, Instant recordedAt, Instant actionableUntil) {
    return ProposalLifecycle.born(p.tier(), cycle, p.expiresAt(), recordedAt, actionableUntil);
  }

  private static Map<String, Object> drift(ScanResult.Proposal p) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (ScanResult.Line l : p.lines()) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("target", l.target());
      line.put("weight", l.weight());
      line.put("drift", l.weight() - l.target());
      line.put("baseBand", l.baseBand());
      line.put("band", l.band());
      m.put(l.asset(), line);
    }
    return m;
  }

  private static Map<String, Object> regimes(ScanResult.Proposal p) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (ScanResult.Line l : p.lines()) {
      m.put(l.asset(), Map.of("regime", l.regime().name(), "multiplier", l.multiplier()));
    }
    return m;
  }

  /**
   * Outcome counts of one cycle, by outcome and reason, e.g. "SKIPPED/STALE_MARKET" → 12: the rows of scan_outcome and
   * the calm and awaiting portfolios of the cycle's tallies, as report_scan_outcomes counts them.
   */
  public Map<String, Long> outcomeCounts(Instant cycle) {
    Map<String, Long> out = new java.util.TreeMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT outcome || coalesce('/' || reason, '') AS k, portfolios AS n"
            + " FROM report_scan_outcomes WHERE cycle = :cycle")
        .bind("cycle", cycle).map((rs, ctx) -> out.put(rs.getString("k"), rs.getLong("n"))).list());
    return out;
  }

  /**
   * A cycle's proof of completeness, from report_scan_completeness.
   *
   * @param chunks            tallies written (committed chunks)
   * @param portfolios        portfolios they account for
   * @param countedTwice      portfolios accounted for by more than one tally (0 when nothing was doubled)
   * @param outcomeRows       rows of scan_outcome
   * @param rowsWithoutTally  rows whose portfolio no tally accounts for as a proposal, no trade or skip (0)
   * @param talliedWithoutRow proposals, no-trade decisions and skips in the tallies without their row (0)
   */
  public record Completeness(long chunks, long portfolios, long countedTwice, long outcomeRows, long rowsWithoutTally,
                             long talliedWithoutRow) {
    /** Whether every one of {@code inScope} portfolios has exactly one outcome. */
    public boolean proves(long inScope) {
      return portfolios == inScope && countedTwice == 0 && rowsWithoutTally == 0 && talliedWithoutRow == 0;
    }
  }

  /** The completeness proof of a cycle; all zero when nothing of it was written. */
  public Completeness completeness(Instant cycle) {
    return jdbi.withHandle(h -> h.createQuery("SELECT chunks, portfolios, counted_twice, outcome_rows, rows_without_tally,"
            + " tallied_without_row FROM report_scan_completeness WHERE cycle = :cycle")
        .bind("cycle", cycle)
        .map((rs, ctx) -> new Completeness(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
            rs.getLong(6)))
        .findOne().orElse(new Completeness(0, 0, 0, 0, 0, 0)));
  }

}
