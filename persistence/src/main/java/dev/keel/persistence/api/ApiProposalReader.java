package dev.keel.persistence.api;

import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.persistence.db.Columns;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The proposals the API shows, read by the account's own reference on the platform ({@code account.external_ref}).
 * Reads only; decisions go through {@link dev.keel.persistence.proposal.ProposalDao#decide}.
 */
public final class ApiProposalReader {

  private static final String COLUMNS = "SELECT p.id, p.portfolio_id, p.status, p.tier_at_creation, p.cycle, p.created_at,"
      + " p.expires_at, p.portfolio_value, p.expected_cost, p.expected_cost_bps, p.max_drift, p.tracking_error_before,"
      + " p.tracking_error_after, p.decided_by, p.decided_at, (SELECT count(*) FROM proposal_trade t WHERE t.proposal_id = p.id) AS trades";
  private static final String SUMMARY = COLUMNS + " FROM proposal p JOIN portfolio pf ON pf.id = p.portfolio_id";

  private final Jdbi jdbi;

  public ApiProposalReader(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * A proposal's summary line.
   *
   * @param portfolioValue      the portfolio's value when proposed, USDT
   * @param expectedCost        expected execution cost, USDT
   * @param expectedCostBps     the same, basis points of portfolio value
   * @param maxDrift            largest absolute drift of a weight from its target, fraction of portfolio value
   * @param trackingErrorBefore annualised tracking error to target before the trades, fraction
   * @param trackingErrorAfter  and after them
   */
  public record Summary(long id, long portfolioId, ProposalStatus status, String tier, Instant cycle, Instant createdAt,
                        Instant expiresAt, BigDecimal portfolioValue, BigDecimal expectedCost, double expectedCostBps, double maxDrift,
                        double trackingErrorBefore, double trackingErrorAfter, String decidedBy, Instant decidedAt, int trades) {}

  /**
   * One proposal with everything the API's detail shows. JSON columns are passed on as text.
   *
   * @param driftJson     per asset: target, weight, drift, baseBand, band (fractions of portfolio value)
   * @param regimeJson    per asset: regime and band multiplier
   * @param naiveCost     what trading every line back to target, cost-blind, on the single default venue would have cost
   *                      on the books Keel executed on, USDT; null until execution started
   */
  public record Detail(Summary summary, String accountRef, String driftJson, String regimeJson, String dustJson, String costVenue,
                       String decisionReason, String outcomeReason, BigDecimal naiveCost, BigDecimal naiveNotional, String naiveVenue,
                       Instant claimedAt, Instant finishedAt, List<Trade> trades, List<StatusChange> history) {}

  /**
   * @param quantity       units of the asset to buy or sell
   * @param estimatedPrice expected average price, USDT per unit
   * @param notional       quantity times price, USDT
   * @param estimatedCost  expected cost (half spread, fee, impact), USDT
   * @param costBps        the same, basis points of the notional
   * @param executedQty    units executed so far
   */
  public record Trade(String asset, String side, BigDecimal quantity, BigDecimal estimatedPrice, BigDecimal notional,
                      BigDecimal estimatedCost, double costBps, String venue, String status, BigDecimal executedQty, String reason) {}

  /** One status a proposal took, as proposal_status_history records it. */
  public record StatusChange(ProposalStatus status, Instant at, String actor, String reason) {}

  /** Keel's id of the account with this platform reference. */
  public Optional<Long> account(String externalRef) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id FROM account WHERE external_ref = :ref").bind("ref", externalRef)
        .mapTo(Long.class).findOne());
  }

  /**
   * An account's proposals, newest first.
   *
   * @param status   only this status, or null
   * @param beforeId only proposals with a smaller id (the next page), or null
   */
  public List<Summary> list(long accountId, ProposalStatus status, Long beforeId, int limit) {
    return jdbi.withHandle(h -> h.createQuery(SUMMARY + " WHERE pf.account_id = :account"
            + " AND (CAST(:status AS text) IS NULL OR p.status = :status) AND (CAST(:before AS bigint) IS NULL OR p.id < :before)"
            + " ORDER BY p.id DESC LIMIT :limit")
        .bind("account", accountId).bind("status", status == null ? null : status.name()).bind("before", beforeId)
        .bind("limit", limit).map((rs, ctx) -> summary(rs)).list());
  }

  /** The platform reference of the account a proposal belongs to. */
  public Optional<String> owner(long proposalId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT a.external_ref FROM proposal p JOIN portfolio pf ON pf.id = p.portfolio_id JOIN account a"
            + " ON a.id = pf.account_id WHERE p.id = :id")
        .bind("id", proposalId).mapTo(String.class).findOne());
  }

  public Optional<Detail> detail(long proposalId) {
    return jdbi.withHandle(h -> {
      Optional<Detail> head = h.createQuery(COLUMNS + ", a.external_ref, p.drift_before::text AS drift_json, p.regime::text AS regime_json,"
              + " p.dust::text AS dust_json, p.cost_venue, p.decision_reason, p.outcome_reason, p.naive_cost, p.naive_notional,"
              + " p.naive_venue, p.claimed_at, p.finished_at FROM proposal p JOIN portfolio pf ON pf.id = p.portfolio_id"
              + " JOIN account a ON a.id = pf.account_id WHERE p.id = :id")
          .bind("id", proposalId)
          .map((rs, ctx) -> new Detail(summary(rs), rs.getString("external_ref"), rs.getString("drift_json"), rs.getString("regime_json"),
              rs.getString("dust_json"), rs.getString("cost_venue"), rs.getString("decision_reason"), rs.getString("outcome_reason"),
              rs.getBigDecimal("naive_cost"), rs.getBigDecimal("naive_notional"), rs.getString("naive_venue"),
              Columns.instant(rs, "claimed_at"), Columns.instant(rs, "finished_at"), List.of(), List.of()))
          .findOne();
      if (head.isEmpty()) {
        return head;
      }
      List<Trade> trades = h.createQuery("SELECT * FROM proposal_trade WHERE proposal_id = :id ORDER BY side DESC, asset")
          .bind("id", proposalId)
          .map((rs, ctx) -> new Trade(rs.getString("asset"), rs.getString("side"), rs.getBigDecimal("quantity"),
              rs.getBigDecimal("estimated_price"), rs.getBigDecimal("notional"), rs.getBigDecimal("estimated_cost"), rs.getDouble("cost_bps"),
              rs.getString("venue_id"), rs.getString("status"), rs.getBigDecimal("executed_qty"), rs.getString("reason")))
          .list();
      List<StatusChange> history = h.createQuery("SELECT status, at, actor, reason FROM proposal_status_history WHERE proposal_id = :id"
              + " ORDER BY id")
          .bind("id", proposalId)
          .map((rs, ctx) -> new StatusChange(ProposalStatus.valueOf(rs.getString("status")), Columns.instant(rs, "at"),
              rs.getString("actor"), rs.getString("reason")))
          .list();
      Detail d = head.get();
      return Optional.of(new Detail(d.summary(), d.accountRef(), d.driftJson(), d.regimeJson(), d.dustJson(), d.costVenue(),
          d.decisionReason(), d.outcomeReason(), d.naiveCost(), d.naiveNotional(), d.naiveVenue(), d.claimedAt(), d.finishedAt(),
          trades, history));
    });
  }

  /**
   * Audits an attempt on a proposal that is not the named account's (FAULTS.md A3): nothing else happens.
   *
   * @param action READ, APPROVE or REJECT
   */
  public void auditForeignAttempt(Instant at, String actor, String action, long proposalId, String accountRef) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO audit_event (occurred_at, actor, action, subject, outcome, detail)"
            + " VALUES (:at, :actor, :action, :subject, 'NOT_OWNED', :detail)")
        .bind("at", at).bind("actor", actor).bind("action", action).bind("subject", "proposal " + proposalId)
        .bind("detail", "requested for account " + accountRef).execute());
  }

  private static Summary summary(ResultSet rs) throws SQLException {
    return new Summary(rs.getLong("id"), rs.getLong("portfolio_id"), ProposalStatus.valueOf(rs.getString("status")),
        rs.getString("tier_at_creation"), Columns.instant(rs, "cycle"), Columns.instant(rs, "created_at"),
        Columns.instant(rs, "expires_at"), rs.getBigDecimal("portfolio_value"), rs.getBigDecimal("expected_cost"),
        rs.getDouble("expected_cost_bps"), rs.getDouble("max_drift"), rs.getDouble("tracking_error_before"),
        rs.getDouble("tracking_error_after"), rs.getString("decided_by"), Columns.instant(rs, "decided_at"), rs.getInt("trades"));
  }
}
