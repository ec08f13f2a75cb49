package dev.keel.persistence.operations;

import dev.keel.domain.market.VenueFaultKind;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.persistence.db.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * What an operator reads about the running system: executions and their steps from Spring Batch's tables, the last run
 * of each job, market data freshness, paused venues and the oldest proposals waiting on someone.
 */
public final class OperationsDao {

  /** A step whose name has a colon is a partition's worker step; its counts are already in its manager step's. */
  private static final String TOP_LEVEL_STEP = "position(':' in s.step_name) = 0";

  private final Jdbi jdbi;

  public OperationsDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * One execution with the counts of its top-level steps (partitions are counted once, in their manager step).
   *
   * @param message the first line of the exit message: a job's summary, not a failure's stack trace
   * @param skips   items skipped on read, process and write
   */
  public record ExecutionRow(long id, String job, String cycle, String status, String exitCode, Instant started, Instant ended,
                             String message, long reads, long writes, long filtered, long skips) {}

  /**
   * One step execution.
   *
   * @param partition whether this is a partition's worker step
   * @param exitMessage the whole exit message: a failed step's exception and stack trace
   */
  public record StepRow(long id, String name, boolean partition, String status, String exitCode, long reads, long writes,
                        long filtered, long skips, long commits, long rollbacks, Instant started, Instant ended,
                        String exitMessage) {}

  /** The recent executions, newest first; {@code job} null for every job. */
  public List<ExecutionRow> executions(String job, int limit) {
    return jdbi.withHandle(h -> h.createQuery(EXECUTIONS + " WHERE (CAST(:job AS text) IS NULL OR i.job_name = :job)"
            + " ORDER BY e.job_execution_id DESC LIMIT :limit")
        .bind("job", job).bind("limit", limit).map((rs, ctx) -> execution(rs)).list());
  }

  public Optional<ExecutionRow> execution(long id) {
    return jdbi.withHandle(h -> h.createQuery(EXECUTIONS + " WHERE e.job_execution_id = :id").bind("id", id)
        .map((rs, ctx) -> execution(rs)).findOne());
  }

  /** The whole exit message of an execution: its exception when it failed. */
  public String exitMessage(long id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(exit_message, '') FROM batch_job_execution WHERE job_execution_id = :id")
        .bind("id", id).mapTo(String.class).findOne().orElse(""));
  }

  /** An execution's steps, managers before their partitions, in the order they started. */
  public List<StepRow> steps(long executionId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT s.*, position(':' in s.step_name) > 0 AS partition FROM batch_step_execution s"
            + " WHERE s.job_execution_id = :id ORDER BY s.start_time NULLS LAST, partition, s.step_name")
        .bind("id", executionId).map((rs, ctx) -> new StepRow(rs.getLong("step_execution_id"), rs.getString("step_name"),
            rs.getBoolean("partition"), rs.getString("status"), rs.getString("exit_code"), rs.getLong("read_count"),
            rs.getLong("write_count"), rs.getLong("filter_count"),
            rs.getLong("read_skip_count") + rs.getLong("process_skip_count") + rs.getLong("write_skip_count"),
            rs.getLong("commit_count"), rs.getLong("rollback_count"), Columns.instant(rs, "start_time"),
            Columns.instant(rs, "end_time"), rs.getString("exit_message"))).list());
  }

  /**
   * The last run of a job.
   *
   * @param lastCompletedCycle the cycle of its newest COMPLETED execution, or null
   * @param failedSince        its executions that ended FAILED since the time asked about
   */
  public record JobRun(String job, ExecutionRow last, Instant lastCompletedCycle, long failedSince) {}

  /** Each job's last execution, newest cycle completed, and failures since {@code since}. */
  public List<JobRun> lastRuns(Instant since) {
    return jdbi.withHandle(h -> h.createQuery("SELECT i.job_name, max(e.job_execution_id) AS last_id,"
            + " max(p.parameter_value) FILTER (WHERE e.status = 'COMPLETED') AS last_completed,"
            + " count(*) FILTER (WHERE e.status = 'FAILED' AND e.end_time >= :since) AS failed"
            + " FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
            + " LEFT JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'cycle'"
            + " GROUP BY i.job_name ORDER BY i.job_name")
        .bind("since", since)
        .map((rs, ctx) -> new Object[] {rs.getString("job_name"), rs.getLong("last_id"), rs.getString("last_completed"), rs.getLong("failed")})
        .list()).stream()
        .map(r -> new JobRun((String) r[0], execution((Long) r[1]).orElseThrow(),
            r[2] == null ? null : Instant.parse((String) r[2]), (Long) r[3]))
        .toList();
  }

  /** Executions still marked running, oldest first. */
  public List<ExecutionRow> running() {
    return jdbi.withHandle(h -> h.createQuery(EXECUTIONS + " WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING')"
            + " ORDER BY e.start_time NULLS FIRST, e.job_execution_id")
        .map((rs, ctx) -> execution(rs)).list());
  }

  /**
   * A venue's market data: the newest healthy snapshot over its enabled markets.
   *
   * @param lastOk the newest snapshot with outcome OK, or null when there is none
   */
  public record VenueData(String venue, Instant lastOk, long markets) {}

  /** The newest healthy snapshot of each enabled venue that has enabled markets. */
  public List<VenueData> marketData() {
    return jdbi.withHandle(h -> h.createQuery("SELECT v.id, count(DISTINCT m.id) AS markets,"
            + " (SELECT max(s.taken_at) FROM market_snapshot s JOIN market sm ON sm.id = s.market_id"
            + "   WHERE sm.venue_id = v.id AND s.outcome = 'OK') AS last_ok"
            + " FROM venue v JOIN market m ON m.venue_id = v.id AND m.enabled WHERE v.enabled GROUP BY v.id ORDER BY v.id")
        .map((rs, ctx) -> new VenueData(rs.getString("id"), Columns.instant(rs, "last_ok"), rs.getLong("markets"))).list());
  }

  /** A venue no order is sent to until {@code until}: RATE_LIMITED after HTTP 429, BANNED (halted) after 418. */
  public record VenuePause(String venue, VenueFaultKind kind, Instant from, Instant until, String reason) {}

  public List<VenuePause> pausedVenues(Instant now) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM venue_pause WHERE paused_until > :now ORDER BY venue_id")
        .bind("now", now)
        .map((rs, ctx) -> new VenuePause(rs.getString("venue_id"), VenueFaultKind.valueOf(rs.getString("kind")), Columns.instant(rs, "paused_from"),
            Columns.instant(rs, "paused_until"), rs.getString("reason"))).list());
  }

  /**
   * The oldest proposal in a state, and how many are in it.
   *
   * @param since when it entered the state: created for PROPOSED, decided (or created, when approved on creation) for
   *              APPROVED, claimed for EXECUTING
   */
  public record Waiting(ProposalStatus status, long count, Long oldestId, Instant since) {}

  /**
   * Orders given up as never placed that turned up at their venue with fills the ledger could not take yet
   * ({@code venue_order.booking_failed_at}): what the venue traded and Keel has not booked.
   */
  public record Unbooked(long orderId, String clientOrderId, String venue, long proposalId, Instant since, String reason) {}

  /** Every order whose venue fills are not booked yet, oldest first. */
  public List<Unbooked> unbookedFills() {
    return jdbi.withHandle(h -> h.createQuery("SELECT o.id, o.client_order_id, o.venue_id, t.proposal_id, o.booking_failed_at, o.reason"
            + " FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id WHERE o.booking_failed_at IS NOT NULL"
            + " ORDER BY o.booking_failed_at, o.id")
        .map((rs, ctx) -> new Unbooked(rs.getLong("id"), rs.getString("client_order_id"), rs.getString("venue_id"),
            rs.getLong("proposal_id"), Columns.instant(rs, "booking_failed_at"), rs.getString("reason")))
        .list());
  }

  /**
   * Proposals waiting on an investor (PROPOSED), approved ones not yet executed (APPROVED) and claimed ones not yet ended
   * (EXECUTING, since their claim).
   */
  public List<Waiting> waitingProposals() {
    return jdbi.withHandle(h -> h.createQuery("SELECT st.status, count(p.id) AS n,"
            + " (SELECT q.id FROM proposal q WHERE q.status = st.status ORDER BY coalesce(q.claimed_at, q.decided_at, q.created_at), q.id"
            + " LIMIT 1) AS oldest_id,"
            + " min(coalesce(p.claimed_at, p.decided_at, p.created_at)) AS since"
            + " FROM (VALUES (1, 'PROPOSED'), (2, 'APPROVED'), (3, 'EXECUTING')) st (rank, status) LEFT JOIN proposal p ON p.status = st.status"
            + " GROUP BY st.rank, st.status ORDER BY st.rank")
        .map((rs, ctx) -> {
          long oldest = rs.getLong("oldest_id");
          Long oldestId = rs.wasNull() ? null : oldest;
          return new Waiting(ProposalStatus.valueOf(rs.getString("status")), rs.getLong("n"), oldestId, Columns.instant(rs, "since"));
        }).list());
  }

  /** How many proposals are in each status; a status no proposal is in is left out. */
  public java.util.Map<ProposalStatus, Long> proposalsByStatus() {
    return jdbi.withHandle(h -> h.createQuery("SELECT status, count(*) AS n FROM proposal GROUP BY status ORDER BY status")
        .reduceRows(new java.util.EnumMap<ProposalStatus, Long>(ProposalStatus.class), (m, row) -> {
          m.put(ProposalStatus.valueOf(row.getColumn("status", String.class)), row.getColumn("n", Long.class));
          return m;
        }));
  }

  /**
   * A scheduler node as Quartz's cluster sees it.
   *
   * @param lastCheckin when it last checked in
   * @param interval    how often it checks in
   */
  public record SchedulerNode(String instance, Instant lastCheckin, java.time.Duration interval) {

    /**
     * Whether it stopped checking in: Quartz's own rule, a check-in later than its interval plus 7.5 s, after which
     * another node recovers its jobs.
     */
    public boolean down(Instant now) {
      return lastCheckin.plus(interval).plusMillis(7_500).isBefore(now);
    }
  }

  /** The nodes of one Quartz scheduler, newest check-in first. */
  public List<SchedulerNode> schedulerNodes(String schedulerName) {
    return jdbi.withHandle(h -> h.createQuery("SELECT instance_name, last_checkin_time, checkin_interval FROM qrtz_scheduler_state"
            + " WHERE sched_name = :name ORDER BY last_checkin_time DESC, instance_name")
        .bind("name", schedulerName)
        .map((rs, ctx) -> new SchedulerNode(rs.getString("instance_name"), Instant.ofEpochMilli(rs.getLong("last_checkin_time")),
            java.time.Duration.ofMillis(rs.getLong("checkin_interval")))).list());
  }

  private static final String EXECUTIONS = "SELECT e.job_execution_id, i.job_name, p.parameter_value AS cycle, e.status, e.exit_code,"
      + " e.start_time, e.end_time, split_part(coalesce(e.exit_message, ''), E'\\n', 1) AS message,"
      + " coalesce(c.reads, 0) AS reads, coalesce(c.writes, 0) AS writes, coalesce(c.filtered, 0) AS filtered,"
      + " coalesce(c.skips, 0) AS skips"
      + " FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)"
      + " LEFT JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'cycle'"
      + " LEFT JOIN LATERAL (SELECT sum(s.read_count) AS reads, sum(s.write_count) AS writes, sum(s.filter_count) AS filtered,"
      + "   sum(s.read_skip_count + s.process_skip_count + s.write_skip_count) AS skips"
      + "   FROM batch_step_execution s WHERE s.job_execution_id = e.job_execution_id AND " + TOP_LEVEL_STEP + ") c ON TRUE";

  private static ExecutionRow execution(ResultSet rs) throws SQLException {
    return new ExecutionRow(rs.getLong("job_execution_id"), rs.getString("job_name"), rs.getString("cycle"), rs.getString("status"),
        rs.getString("exit_code"), Columns.instant(rs, "start_time"), Columns.instant(rs, "end_time"), rs.getString("message"),
        rs.getLong("reads"), rs.getLong("writes"), rs.getLong("filtered"), rs.getLong("skips"));
  }

  /** The cycle summary's lines, each a query that answers one text: what the population, the scan and the proposals came to. */
  private static final java.util.Map<String, String> CYCLE_COUNTS = new java.util.LinkedHashMap<>();

  /** The execution summary's lines, each a query that answers one text: what execution did and what it cost. */
  private static final java.util.Map<String, String> EXECUTION_SUMMARY = new java.util.LinkedHashMap<>();

  static {
    CYCLE_COUNTS.put("accounts (premium)", "SELECT count(*) || ' (' || count(*) FILTER (WHERE tier = 'PREMIUM') || ')' FROM account");
    CYCLE_COUNTS.put("portfolios", "SELECT count(*)::text FROM portfolio");
    CYCLE_COUNTS.put("market snapshots", "SELECT count(*)::text FROM market_snapshot");
    CYCLE_COUNTS.put("asset regimes", "SELECT coalesce(string_agg(regime || ' ' || n, ', ' ORDER BY n DESC), '-') FROM (SELECT regime,"
        + " count(*) AS n FROM asset_regime GROUP BY 1) s");
    CYCLE_COUNTS.put("basket regimes", "SELECT coalesce(string_agg(basket || ' ' || regime, ', ' ORDER BY basket), '-') FROM"
        + " (SELECT DISTINCT ON (basket) basket, regime FROM basket_regime ORDER BY basket, cycle DESC) s");
    CYCLE_COUNTS.put("scan outcomes", "SELECT coalesce(sum(portfolios), 0) || ' (' || (SELECT count(*) FROM scan_outcome)"
        + " || ' written as rows, the rest counted in ' || count(*) || ' chunk tallies)' FROM scan_tally");
    CYCLE_COUNTS.put("  by outcome", "SELECT coalesce(string_agg(k || ' ' || n, ', ' ORDER BY n DESC), '-') FROM (SELECT outcome"
        + " || coalesce('/' || reason, '') AS k, sum(portfolios) AS n FROM report_scan_outcomes GROUP BY 1) s");
    CYCLE_COUNTS.put("  most common skip", "SELECT coalesce((SELECT d || ' (' || n || ')' FROM (SELECT left(regexp_replace(detail,"
        + " '[0-9.E-]{6,}', '#', 'g'), 110) AS d, count(*) AS n FROM scan_outcome WHERE outcome = 'SKIPPED' GROUP BY 1) s"
        + " ORDER BY n DESC LIMIT 1), '-')");
    CYCLE_COUNTS.put("proposals", "SELECT count(*) || ' (' || count(*) FILTER (WHERE decided_by = :autoApprover) || ' approved on creation)'"
        + " FROM proposal");
    CYCLE_COUNTS.put("  expected cost", "SELECT coalesce(round(sum(expected_cost), 2) || ' USDT, median ' || round(percentile_cont(0.5)"
        + " WITHIN GROUP (ORDER BY expected_cost_bps)::numeric, 1) || ' bps of value', '-') FROM proposal");
    CYCLE_COUNTS.put("  tracking error", "SELECT coalesce('median ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY"
        + " tracking_error_before)::numeric, 4) || ' before, ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY"
        + " tracking_error_after)::numeric, 4) || ' after', '-') FROM proposal");
    CYCLE_COUNTS.put("proposal trades", "SELECT count(*)::text FROM proposal_trade");
    CYCLE_COUNTS.put("orders / fills", "SELECT (SELECT count(*) FROM venue_order) || ' / ' || (SELECT count(*) FROM fill) || ' ('"
        + " || (SELECT count(*) FROM fill WHERE internal_cross_id IS NOT NULL) || ' of the fills crossed inside Keel)'");
    EXECUTION_SUMMARY.put("executed proposals", "SELECT coalesce(string_agg(status || ' ' || n, ', ' ORDER BY n DESC), '-') FROM (SELECT status,"
        + " count(*) AS n FROM proposal WHERE status IN ('EXECUTING', 'EXECUTED', 'PARTIAL', 'FAILED', 'HELD') GROUP BY 1) s");
    EXECUTION_SUMMARY.put("  orders by venue", "SELECT coalesce(string_agg(venue_id || ' ' || n || ' (' || f || ' filled)', ', ' ORDER BY venue_id),"
        + " '-') FROM (SELECT venue_id, count(*) AS n, count(*) FILTER (WHERE status = 'FILLED') AS f FROM venue_order GROUP BY 1) s");
    EXECUTION_SUMMARY.put("  orders by status", "SELECT coalesce(string_agg(status || ' ' || n, ', ' ORDER BY n DESC), '-') FROM (SELECT status,"
        + " count(*) AS n FROM venue_order GROUP BY 1) s");
    EXECUTION_SUMMARY.put("  traded notional", "SELECT coalesce(round(sum(notional), 2) || ' USDT in ' || count(*) || ' fills', '-') FROM report_fills");
    EXECUTION_SUMMARY.put("  crossed inside Keel", "SELECT CASE WHEN count(*) = 0 THEN '-' ELSE count(DISTINCT cross_id) || ' crosses, '"
        + " || count(DISTINCT proposal_id) || ' proposals crossed ' || round(sum(notional), 2) || ' USDT at the fair mid (both sides) = '"
        + " || round(100 * sum(notional) / nullif(sum(notional) + (SELECT coalesce(sum(notional), 0) FROM report_fills), 0), 1)"
        + " || ' % of the notional executed; no spread, no fee' END FROM report_crossed_fills WHERE crossed_internally");
    EXECUTION_SUMMARY.put("  realised cost", "SELECT coalesce(round(sum(realised_cost), 2) || ' USDT = ' || round(1e4 * sum(realised_cost)"
        + " / nullif(sum(notional), 0), 2) || ' bps of notional (fee ' || round(1e4 * sum(fee) / nullif(sum(notional), 0), 2)"
        + " || ', spread ' || round(1e4 * sum(spread) / nullif(sum(notional), 0), 2) || ', impact ' || round(1e4 * sum(impact)"
        + " / nullif(sum(notional), 0), 2) || ', market move ' || round(1e4 * sum(market_move) / nullif(sum(notional), 0), 2) || ')',"
        + " '-') FROM report_fills");
    EXECUTION_SUMMARY.put("  expected cost", "SELECT coalesce(round(sum(expected_cost), 2) || ' USDT = ' || round(1e4 * sum(expected_cost)"
        + " / nullif(sum(notional), 0), 2) || ' bps of notional', '-') FROM report_fills");
    EXECUTION_SUMMARY.put("  naive would have paid", "SELECT coalesce(round(sum(naive_cost), 2) || ' USDT on ' || round(sum(naive_notional), 2)"
        + " || ' USDT traded; Keel paid ' || round(sum(keel_cost_at_execution), 2) || ' on ' || round(sum(keel_notional), 2)"
        + " || ' from the same mids (' || round(sum(keel_cost), 2) || ' with the market''s move since the proposal): saving '"
        + " || round(sum(saving), 2) || ' USDT (' || round(1e4 * sum(saving) / nullif(sum(portfolio_value), 0), 2)"
        + " || ' bps of value)', '-') FROM report_execution_saving");
    EXECUTION_SUMMARY.put("  ledger mismatches", "SELECT count(*)::text FROM report_ledger_mismatch");
  }

  /**
   * What the population, the scan and the proposals came to, one line each ("portfolios" to "13412"), in the order a summary
   * prints them.
   */
  public java.util.Map<String, String> cycleCounts() {
    return summary(CYCLE_COUNTS);
  }

  /**
   * What execution did: proposals by status, orders and fills by venue, realised against expected cost, the saving against a
   * naive rebalance, ledger mismatches; one line each, in the order a summary prints them.
   */
  public java.util.Map<String, String> executionSummary() {
    return summary(EXECUTION_SUMMARY);
  }

  private java.util.Map<String, String> summary(java.util.Map<String, String> queries) {
    java.util.Map<String, Object> parameters = java.util.Map.of("autoApprover", dev.keel.domain.proposal.ProposalLifecycle.AUTO_APPROVER);
    return jdbi.withHandle(h -> {
      java.util.Map<String, String> answers = new java.util.LinkedHashMap<>();
      // the parameters are offered to every line; a line uses those it names
      queries.forEach((label, sql) -> answers.put(label, h.createQuery(sql)
          .configure(org.jdbi.v3.core.statement.SqlStatements.class, c -> c.setUnusedBindingAllowed(true))
          .bindMap(parameters).mapTo(String.class).one()));
      return answers;
    });
  }
}
