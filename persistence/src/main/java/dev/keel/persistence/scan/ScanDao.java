package dev.keel.persistence.scan;

import dev.keel.domain.market.SnapshotStatus;
import dev.keel.domain.market.TimeOfWeekSlots;
import dev.keel.domain.market.VenueSnapshotSummary;
import dev.keel.domain.portfolio.PortfolioPosition;
import dev.keel.domain.portfolio.RiskProfile;
import dev.keel.domain.portfolio.ScanResult;
import dev.keel.domain.proposal.ProposalLifecycle;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.domain.portfolio.Tier;
import dev.keel.persistence.db.Columns;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The drift scan's reads and writes. */
public final class ScanDao {

  /**
   * Every active portfolio in an id range with its tier, targets and holdings, one row per
   * portfolio in id order, with its open proposal if it has one, whatever its cycle (waiting for a decision or approved,
   * before its expiry, or executing): a portfolio has at most one (a unique index says so), so a cycle restarted after
   * a later one ran sees the later cycle's proposal and records AWAITING_DECISION instead of a second proposal. The
   * partition reader streams it through a cursor. Parameters: min id, max id (targets), min id, max id (holdings),
   * min id, max id, the cycle (open proposals), min id, max id (portfolios).
   */
  public static final String PORTFOLIOS_SQL = "SELECT p.id, p.account_id, a.tier, p.risk_profile,"
      + " t.assets AS t_assets, t.weights AS t_weights, t.bands AS t_bands, h.assets AS h_assets, h.quantities AS h_quantities,"
      + " o.open_proposal"
      + " FROM portfolio p JOIN account a ON a.id = p.account_id"
      // Targets, holdings and open proposals of the whole id range, each read in one ordered pass and merged with the
      // portfolios: no lookup per portfolio, so no plan can turn into a scan per portfolio (a per-portfolio subquery on
      // proposal planned while the table was empty seq-scanned it for every portfolio: 391 s for a million).
      + " LEFT JOIN (SELECT portfolio_id, array_agg(asset) AS assets, array_agg(weight::float8) AS weights,"
      + "   array_agg(band::float8) AS bands FROM target_weight WHERE portfolio_id BETWEEN :minId AND :maxId GROUP BY portfolio_id) t"
      + "   ON t.portfolio_id = p.id"
      + " LEFT JOIN (SELECT portfolio_id, array_agg(asset) AS assets, array_agg(quantity::text) AS quantities"
      + "   FROM holding WHERE portfolio_id BETWEEN :minId AND :maxId GROUP BY portfolio_id) h ON h.portfolio_id = p.id"
      + " LEFT JOIN (SELECT DISTINCT ON (portfolio_id) portfolio_id, 'proposal ' || id || ' ' || status || ' of cycle '"
      + "   || to_char(cycle AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || ', expires '"
      + "   || to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS open_proposal"
      + "   FROM proposal WHERE portfolio_id BETWEEN :minId AND :maxId"
      + "   AND (status = 'EXECUTING' OR (status IN ('PROPOSED', 'APPROVED') AND expires_at > :cycle))"
      + "   ORDER BY portfolio_id, cycle DESC) o ON o.portfolio_id = p.id"
      + " WHERE p.active AND p.id BETWEEN :minId AND :maxId ORDER BY p.id";

  private final Jdbi jdbi;

  public ScanDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Active portfolios: those a cycle scans. */
  public long activePortfolios() {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM portfolio WHERE active").mapTo(Long.class).one());
  }

  /** Lowest and highest active portfolio id, or null when there is none. */
  public long[] idRange() {
    return jdbi.withHandle(h -> h.createQuery("SELECT min(id), max(id) FROM portfolio WHERE active")
        .map((rs, ctx) -> rs.getObject(1) == null ? null : new long[] {rs.getLong(1), rs.getLong(2)}).one());
  }

  /**
   * {@link #PORTFOLIOS_SQL} for a JDBC cursor: the statement with its named parameters turned into positional ones, and
   * their values in that order.
   */
  public record PortfolioQuery(String sql, Object[] arguments) {}

  /** The scan's read of one partition: active portfolios with ids from {@code minId} to {@code maxId}, in id order. */
  public static PortfolioQuery portfolios(long minId, long maxId, Instant cycle) {
    var values = new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
        .addValue("minId", minId).addValue("maxId", maxId).addValue("cycle", java.sql.Timestamp.from(cycle));
    var parsed = org.springframework.jdbc.core.namedparam.NamedParameterUtils.parseSqlStatement(PORTFOLIOS_SQL);
    return new PortfolioQuery(org.springframework.jdbc.core.namedparam.NamedParameterUtils.substituteNamedParameters(parsed, values),
        org.springframework.jdbc.core.namedparam.NamedParameterUtils.buildValueArray(parsed, values, null));
  }

  /**
   * The last portfolio id a partition's committed chunks of the cycle account for, if any: a restarted partition reads
   * on from the id after it (by key, so a portfolio deactivated or added in between moves nothing), not by counting the
   * rows it read before.
   */
  public java.util.OptionalLong accountedUpTo(Instant cycle, String stepName) {
    Long last = jdbi.withHandle(h -> h.createQuery("SELECT max(last_id) FROM scan_tally WHERE cycle = :cycle AND step_name = :step")
        .bind("cycle", cycle).bind("step", stepName).mapTo(Long.class).one());
    return last == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(last);
  }

  /** Maps one row of {@link #PORTFOLIOS_SQL}. */
  public static PortfolioPosition position(ResultSet rs) throws SQLException {
    Map<String, PortfolioPosition.Target> targets = new HashMap<>();
    String[] ta = strings(rs.getArray("t_assets"));
    Double[] tw = doubles(rs.getArray("t_weights"));
    Double[] tb = doubles(rs.getArray("t_bands"));
    for (int i = 0; i < ta.length; i++) {
      targets.put(ta[i], new PortfolioPosition.Target(tw[i], tb[i]));
    }
    Map<String, BigDecimal> holdings = new HashMap<>();
    String[] ha = strings(rs.getArray("h_assets"));
    String[] hq = strings(rs.getArray("h_quantities"));
    for (int i = 0; i < ha.length; i++) {
      holdings.put(ha[i], new BigDecimal(hq[i]));
    }
    return new PortfolioPosition(rs.getLong("id"), rs.getLong("account_id"), Tier.valueOf(rs.getString("tier")),
        RiskProfile.valueOf(rs.getString("risk_profile")), targets, holdings, rs.getString("open_proposal"));
  }

  private static String[] strings(Array a) throws SQLException {
    return a == null ? new String[0] : (String[]) a.getArray();
  }

  private static Double[] doubles(Array a) throws SQLException {
    return a == null ? new Double[0] : (Double[]) a.getArray();
  }

  /**
   * The latest snapshot of every market taken in or before the cycle, with the market's rules and the medians of its
   * healthy snapshots over the cost window before the cycle (robust to one noisy book).
   */
  public List<VenueSnapshotSummary> latestSnapshots(Instant cycle, java.time.Duration costWindow) {
    return latestSnapshots(cycle, costWindow, TimeOfWeekSlots.NONE);
  }

  /**
   * As {@link #latestSnapshots(Instant, java.time.Duration)}, with each market's medians over the same time-of-week
   * slot in earlier weeks, so the cost of a weekend or night-time cycle is known before the recent window shows it.
   */
  public List<VenueSnapshotSummary> latestSnapshots(Instant cycle, java.time.Duration costWindow, TimeOfWeekSlots slots) {
    // The latest snapshot per market is one backward step on (market_id, cycle) for each market: the table keeps
    // weeks of minutes (2.5 million rows at 35 days), which a DISTINCT ON over all of it would sort every cycle.
    return jdbi.withHandle(h -> h.createQuery("WITH latest AS (SELECT s.market_id, m.venue_id, m.base_asset,"
            + " s.cycle, s.taken_at, s.outcome, s.reason, s.mid, s.spread_bps, s.taker_fee::float8 AS taker_fee, s.buy_impact_slope,"
            + " s.sell_impact_slope, m.lot_size, m.min_notional FROM market m CROSS JOIN LATERAL (SELECT * FROM market_snapshot x"
            + " WHERE x.market_id = m.id AND x.cycle <= :cycle ORDER BY x.cycle DESC LIMIT 1) s WHERE m.enabled),"
            + " win AS (SELECT market_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY spread_bps) AS med_spread,"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY buy_impact_slope) AS med_buy,"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY sell_impact_slope) AS med_sell FROM market_snapshot"
            + " WHERE outcome = 'OK' AND cycle <= :cycle AND cycle > :from GROUP BY market_id),"
            + " usual AS (SELECT s.market_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY s.spread_bps) AS usual_spread,"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY s.buy_impact_slope) AS usual_buy,"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY s.sell_impact_slope) AS usual_sell FROM market_snapshot s"
            + " JOIN unnest(CAST(:slots AS timestamptz[])) AS slot(start) ON s.cycle >= slot.start"
            + " AND s.cycle < slot.start + make_interval(secs => :slotSeconds)"
            + " WHERE s.outcome = 'OK' GROUP BY s.market_id HAVING count(*) >= :minSamples)"
            + " SELECT latest.*, win.med_spread, win.med_buy, win.med_sell, usual.usual_spread, usual.usual_buy,"
            + " usual.usual_sell FROM latest LEFT JOIN win USING (market_id) LEFT JOIN usual USING (market_id)")
        .bind("cycle", cycle).bind("from", cycle.minus(costWindow))
        .bind("slots", slots.slotStarts().stream().map(Instant::toString).toArray(String[]::new))
        .bind("slotSeconds", (double) slots.slotWidth().toSeconds()).bind("minSamples", slots.minSamples())
        .map((rs, ctx) -> new VenueSnapshotSummary(rs.getString("venue_id"), rs.getString("base_asset"), Columns.instant(rs, "cycle"),
            Columns.instant(rs, "taken_at"), SnapshotStatus.valueOf(rs.getString("outcome")), rs.getString("reason"), rs.getBigDecimal("mid"),
            nan(rs, "spread_bps"), nan(rs, "taker_fee"), nan(rs, "buy_impact_slope"), nan(rs, "sell_impact_slope"),
            rs.getBigDecimal("lot_size"), rs.getBigDecimal("min_notional"), nan(rs, "med_spread"), nan(rs, "med_buy"),
            nan(rs, "med_sell"), nan(rs, "usual_spread"), nan(rs, "usual_buy"), nan(rs, "usual_sell")))
        .list());
  }

  /** The latest regime row per asset stored in or before the cycle: asset → (regime, multiplier). */
  public Map<String, Map.Entry<String, Double>> latestRegimes(Instant cycle) {
    Map<String, Map.Entry<String, Double>> out = new HashMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT DISTINCT ON (asset) asset, regime, band_multiplier::float8 AS m FROM asset_regime"
            + " WHERE cycle <= :cycle ORDER BY asset, cycle DESC")
        .bind("cycle", cycle)
        .map((rs, ctx) -> out.put(rs.getString("asset"), Map.entry(rs.getString("regime"), rs.getDouble("m")))).list());
    return out;
  }

  /** Daily closes per asset between two days (inclusive), by day. */
  public Map<String, Map<LocalDate, Double>> dailyCloses(LocalDate from, LocalDate to) {
    Map<String, Map<LocalDate, Double>> out = new HashMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT asset, bar_start, close::float8 AS c FROM price_bar WHERE bar_interval = '1d'"
            + " AND bar_start >= :from AND bar_start <= :to ORDER BY asset, bar_start")
        .bind("from", from.atStartOfDay().toInstant(ZoneOffset.UTC)).bind("to", to.atStartOfDay().toInstant(ZoneOffset.UTC))
        .map((rs, ctx) -> out.computeIfAbsent(rs.getString("asset"), k -> new HashMap<>())
            .put(Columns.instant(rs, "bar_start").atZone(ZoneOffset.UTC).toLocalDate(), rs.getDouble("c"))).list());
    return out;
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
      String outcome;
      String reason = null;
      String detail;
      if (r instanceof ScanResult.NoTrade nt) {
        outcome = "NO_TRADE";
        detail = nt.detail();
      } else if (r instanceof ScanResult.Skipped sk) {
        outcome = "SKIPPED";
        reason = sk.reason().name();
        detail = sk.detail();
      } else {
        ScanResult.Proposal p = (ScanResult.Proposal) r;
        outcome = "PROPOSAL";
        detail = p.trades().size() + " trades, expected cost " + p.expectedCost().toPlainString() + " USDT"
            + (birth(p, cycle, recordedAt, actionableUntil).status() == ProposalStatus.EXPIRED
                ? "; written EXPIRED (a rerun of an old cycle), not actionable" : "");
        proposals.add(p);
      }
      outcomes.row(c, r.portfolioId(), outcome, reason, detail, Double.isNaN(r.maxDrift()) ? null : r.maxDrift(), at);
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
        notifyRows.row(p.accountId(), id, "PROPOSAL_READY", Json.of(payload), at);
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
      m.put(l.asset(), Map.of("regime", l.regime(), "multiplier", l.multiplier()));
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

  private static double nan(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? Double.NaN : v;
  }
}
