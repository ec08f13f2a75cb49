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
import org.jdbi.v3.core.locator.ClasspathSqlLocator;

/**
 * The proposals the API shows, read by the account's own reference on the platform ({@code account.external_ref}).
 * Reads only; one proposal's detail is {@link dev.keel.persistence.proposal.ProposalDao#detail}, the same the investor's
 * page shows, and decisions go through {@link dev.keel.persistence.proposal.ProposalDao#decide}.
 */
public final class ApiProposalReader {

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
   * An account's proposals by the platform's reference, newest first, in one query.
   *
   * @return empty when there is no such account
   */
  public Optional<List<Summary>> list(String externalRef, ProposalStatus status, Long beforeId, int limit) {
    return jdbi.withHandle(h -> {
      List<Optional<Summary>> rows = h.createQuery(LIST_SQL)
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
