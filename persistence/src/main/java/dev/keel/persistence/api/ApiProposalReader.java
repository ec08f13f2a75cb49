package dev.keel.persistence.api;

import dev.keel.persistence.proposal.ProposalDao;

import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.persistence.db.Columns;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The proposals the API shows, read by the account's own reference on the platform ({@code account.external_ref}).
 * Reads only; decisions go through {@link dev.keel.persistence.proposal.ProposalDao#decide}.
 */
public final class ApiProposalReader {

  private static final String DETAIL_SQL = load("proposal-detail");
  private static final String LIST_SQL = load("account-proposals");

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
                       Instant claimedAt, Instant finishedAt, List<Trade> trades, List<ProposalDao.StatusChange> history) {}

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

  /**
   * An account's proposals by the platform's reference, newest first, in one query.
   *
   * @return empty when there is no such account
   */
  public Optional<List<Summary>> list(String externalRef, ProposalStatus status, Long beforeId, int limit) {
    return jdbi.withHandle(h -> {
      List<Optional<Summary>> rows = h.createQuery(sql("account-proposals"))
          .bind("ref", externalRef).bind("status", status == null ? null : status.name()).bind("before", beforeId)
          .bind("limit", limit)
          .map((rs, ctx) -> {
            rs.getLong("id");
            return rs.wasNull() ? Optional.<Summary>empty() : Optional.of(summary(rs));
          })
          .list();
      if (rows.isEmpty()) {
        return Optional.<List<Summary>>empty();
      }
      return Optional.of(rows.stream().flatMap(Optional::stream).toList());
    });
  }

  /** The platform reference of the account a proposal belongs to. */
  public Optional<String> owner(long proposalId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT a.external_ref FROM proposal p JOIN portfolio pf ON pf.id = p.portfolio_id JOIN account a"
            + " ON a.id = pf.account_id WHERE p.id = :id")
        .bind("id", proposalId).mapTo(String.class).findOne());
  }

  /** One proposal with its trades and status history, in one query. */
  public Optional<Detail> detail(long proposalId) {
    return jdbi.withHandle(h -> h.createQuery(sql("proposal-detail")).bind("id", proposalId)
        .map((rs, ctx) -> new Detail(summary(rs), rs.getString("external_ref"), rs.getString("drift_json"), rs.getString("regime_json"),
            rs.getString("dust_json"), rs.getString("cost_venue"), rs.getString("decision_reason"), rs.getString("outcome_reason"),
            rs.getBigDecimal("naive_cost"), rs.getBigDecimal("naive_notional"), rs.getString("naive_venue"),
            Columns.instant(rs, "claimed_at"), Columns.instant(rs, "finished_at"), trades(rs), history(rs)))
        .findOne());
  }

  private static List<Trade> trades(ResultSet rs) throws SQLException {
    String[] asset = strings(rs, "t_asset");
    String[] side = strings(rs, "t_side");
    BigDecimal[] quantity = decimals(rs, "t_quantity");
    BigDecimal[] price = decimals(rs, "t_price");
    BigDecimal[] notional = decimals(rs, "t_notional");
    BigDecimal[] cost = decimals(rs, "t_cost");
    Object[] bps = array(rs, "t_cost_bps");
    String[] venue = strings(rs, "t_venue");
    String[] status = strings(rs, "t_status");
    BigDecimal[] executed = decimals(rs, "t_executed");
    String[] reason = strings(rs, "t_reason");
    List<Trade> out = new ArrayList<>(asset.length);
    for (int i = 0; i < asset.length; i++) {
      out.add(new Trade(asset[i], side[i], quantity[i], price[i], notional[i], cost[i], ((Number) bps[i]).doubleValue(), venue[i],
          status[i], executed[i], reason[i]));
    }
    return out;
  }

  private static List<ProposalDao.StatusChange> history(ResultSet rs) throws SQLException {
    String[] status = strings(rs, "h_status");
    Object[] at = array(rs, "h_at");
    String[] actor = strings(rs, "h_actor");
    String[] reason = strings(rs, "h_reason");
    List<ProposalDao.StatusChange> out = new ArrayList<>(status.length);
    for (int i = 0; i < status.length; i++) {
      out.add(new ProposalDao.StatusChange(ProposalStatus.valueOf(status[i]), at[i] == null ? null : ((Timestamp) at[i]).toInstant(), actor[i],
          reason[i]));
    }
    return out;
  }

  private static Object[] array(ResultSet rs, String column) throws SQLException {
    Array a = rs.getArray(column);
    return a == null ? new Object[0] : (Object[]) a.getArray();
  }

  private static String[] strings(ResultSet rs, String column) throws SQLException {
    Object[] a = array(rs, column);
    return java.util.Arrays.copyOf(a, a.length, String[].class);
  }

  private static BigDecimal[] decimals(ResultSet rs, String column) throws SQLException {
    Object[] a = array(rs, column);
    return java.util.Arrays.copyOf(a, a.length, BigDecimal[].class);
  }

  private static String sql(String name) {
    return name.equals("proposal-detail") ? DETAIL_SQL : LIST_SQL;
  }

  private static String load(String name) {
    return ClasspathSqlLocator.removingComments().getResource(ApiProposalReader.class.getClassLoader(),
        "dev/keel/persistence/api/" + name + ".sql");
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
