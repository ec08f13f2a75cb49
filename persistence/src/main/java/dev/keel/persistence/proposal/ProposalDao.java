package dev.keel.persistence.proposal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.keel.domain.execution.OrderStatus;
import dev.keel.domain.execution.TradeStatus;
import dev.keel.domain.market.Side;
import dev.keel.domain.notification.NotificationKind;
import dev.keel.domain.portfolio.Tier;
import dev.keel.domain.proposal.Decision;
import dev.keel.domain.proposal.DecisionOutcome;
import dev.keel.domain.proposal.PageLink;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.domain.regime.Regime;
import dev.keel.persistence.db.Columns;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Proposals as people see and decide them: listing, one proposal with its trades and orders, an investor's decision
 * applied as one conditional UPDATE, and expiry. The lifecycle's rules are in {@link ProposalStatus} and
 * {@link DecisionOutcome}; this class applies them.
 */
public final class ProposalDao {

  /** The statuses whose proposals expire once their expiry passes: every one the lifecycle lets become EXPIRED. */
  static final java.util.Set<ProposalStatus> LAPSES = java.util.Collections.unmodifiableSet(java.util.Arrays.stream(ProposalStatus.values())
      .filter(s -> s.canBecome(ProposalStatus.EXPIRED))
      .collect(java.util.stream.Collectors.toCollection(() -> java.util.EnumSet.noneOf(ProposalStatus.class))));

  private final Jdbi jdbi;

  public ProposalDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** One proposal's summary line. */
  public record Summary(long id, long portfolioId, long accountId, Tier tier, ProposalStatus status, Instant cycle,
                        BigDecimal portfolioValue, BigDecimal expectedCost, double expectedCostBps, int trades, Instant expiresAt,
                        String decidedBy, Instant decidedAt, String decisionReason, String outcomeReason) {}

  /** A trade with how it executed. */
  public record TradeLine(long id, String asset, Side side, BigDecimal quantity, BigDecimal estimatedPrice, BigDecimal notional,
                          BigDecimal estimatedCost, String venue, TradeStatus status, BigDecimal executedQty, String reason) {}

  /** An order with its outcome. */
  public record OrderLine(long id, long tradeId, String venue, String clientOrderId, OrderStatus status, BigDecimal requestedQty,
                          BigDecimal filledQty, BigDecimal averagePrice, BigDecimal fee, String reason) {}

  /**
   * Proposals, newest first.
   *
   * @param status only this status, or null for any
   * @param limit  at most this many
   */
  public List<Summary> list(ProposalStatus status, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT p.*, pf.account_id, (SELECT count(*) FROM proposal_trade t WHERE t.proposal_id = p.id)"
            + " AS trades FROM proposal p JOIN portfolio pf ON pf.id = p.portfolio_id"
            + " WHERE (CAST(:status AS text) IS NULL OR p.status = :status) ORDER BY p.id DESC LIMIT :limit")
        .bind("status", status == null ? null : status.name()).bind("limit", limit)
        .map((rs, ctx) -> summary(rs)).list());
  }

  /** The ids of the proposals in {@code status} made for portfolios of {@code tier}'s accounts, oldest first. */
  public List<Long> ids(ProposalStatus status, Tier tier) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id FROM proposal WHERE status = :status AND tier_at_creation = :tier ORDER BY id")
        .bind("status", status.name()).bind("tier", tier.name()).mapTo(Long.class).list());
  }

  public Optional<Summary> find(long id) {
    return jdbi.withHandle(h -> find(h, id));
  }

  private static Optional<Summary> find(Handle h, long id) {
    return h.createQuery("SELECT p.*, pf.account_id, (SELECT count(*) FROM proposal_trade t WHERE t.proposal_id = p.id) AS trades"
            + " FROM proposal p JOIN portfolio pf ON pf.id = p.portfolio_id WHERE p.id = :id")
        .bind("id", id).map((rs, ctx) -> summary(rs)).findOne();
  }

  public List<TradeLine> trades(long id) {
    return jdbi.withHandle(h -> trades(h, id));
  }

  private static List<TradeLine> trades(Handle h, long id) {
    return h.createQuery("SELECT * FROM proposal_trade WHERE proposal_id = :id ORDER BY side DESC, id")
        .bind("id", id)
        .map((rs, ctx) -> new TradeLine(rs.getLong("id"), rs.getString("asset"), Side.valueOf(rs.getString("side")), rs.getBigDecimal("quantity"),
            rs.getBigDecimal("estimated_price"), rs.getBigDecimal("notional"), rs.getBigDecimal("estimated_cost"),
            rs.getString("venue_id"), TradeStatus.valueOf(rs.getString("status")), rs.getBigDecimal("executed_qty"),
            rs.getString("reason")))
        .list();
  }

  public List<OrderLine> orders(long id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT o.* FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id"
            + " WHERE t.proposal_id = :id ORDER BY o.id")
        .bind("id", id)
        .map((rs, ctx) -> new OrderLine(rs.getLong("id"), rs.getLong("proposal_trade_id"), rs.getString("venue_id"),
            rs.getString("client_order_id"), OrderStatus.valueOf(rs.getString("status")), rs.getBigDecimal("requested_qty"),
            rs.getBigDecimal("filled_qty"), rs.getBigDecimal("average_price"), rs.getBigDecimal("fee"), rs.getString("reason")))
        .list());
  }

  /**
   * Records a decision on a standard-tier proposal: one conditional UPDATE (status PROPOSED and not expired at the
   * decision's time, checked in its WHERE), so of two concurrent calls one makes the transition and the other sees it
   * made; a repeat of the same decision answers the first one's result (FAULTS.md A1, A2). The reason is stored
   * verbatim through a bound parameter (A5). Every attempt, refused ones included, is audited.
   */
  public DecisionOutcome decide(long id, Decision decision) {
    return jdbi.inTransaction(h -> {
      int n = h.createUpdate("UPDATE proposal SET status = :status, decided_by = :by, decided_at = :at, decision_reason = :reason"
              + " WHERE id = :id AND status = 'PROPOSED' AND expires_at > :at AND tier_at_creation = 'STANDARD'")
          .bind("id", id).bind("status", decision.target().name()).bind("by", decision.by()).bind("at", decision.at())
          .bind("reason", decision.reason()).execute();
      DecisionOutcome outcome;
      if (n == 1) {
        outcome = new DecisionOutcome.Recorded(id, decision.target(), decision.by(), decision.at());
      } else {
        Optional<Summary> now = find(h, id);
        outcome = now.isEmpty() ? new DecisionOutcome.NotFound(id)
            : DecisionOutcome.judge(id, now.get().status(), now.get().expiresAt(), now.get().decidedBy(), now.get().decidedAt(),
                now.get().tier() == Tier.PREMIUM, decision);
        if (outcome instanceof DecisionOutcome.Recorded) {
          // the conditional UPDATE refused it, so something else holds: re-judging a row that changed under us
          outcome = new DecisionOutcome.Conflict(id, now.get().status(), "proposal " + id + " changed while deciding; ask again");
        }
      }
      h.createUpdate("INSERT INTO audit_event (occurred_at, actor, action, subject, outcome, detail) VALUES (:at, :by, :action,"
              + " :subject, :outcome, :detail)")
          .bind("at", decision.at()).bind("by", decision.by()).bind("action", decision.approve() ? "APPROVE" : "REJECT")
          .bind("subject", "proposal " + id).bind("outcome", outcome.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT))
          .bind("detail", decision.reason()).execute();
      return outcome;
    });
  }

  /**
   * Expires open proposals whose expiry has passed: waiting ones nobody decided, and approved ones no executor took in
   * time (an old approval never trades on old prices). Each expiry queues one notification to the owner.
   *
   * <p>One statement: the lapsed rows are locked, expired, and their events written from what the UPDATE returned, so an
   * event is written for exactly the proposals this call expired. A decision that took a row first (committed, or still
   * holding its lock) leaves it out: with the event written by a statement of its own before the UPDATE, a rejection
   * committing between the two left an "expired" event on a REJECTED proposal.
   *
   * @param portfolioIds only these portfolios, or null for all
   * @return how many expired
   */
  public static int expireLapsed(Handle h, Instant now, long[] portfolioIds) {
    String only = portfolioIds == null ? "" : " AND portfolio_id = ANY(:ids)";
    // FOR UPDATE in the CTE waits for a decision holding a row, then reads the row again and leaves it out if it is
    // no longer open; in id order, so two expiries lock alike
    var expire = h.createQuery("WITH lapsed AS MATERIALIZED (SELECT id, status FROM proposal"
            + " WHERE status = ANY(:from) AND expires_at <= :now" + only + " ORDER BY id FOR UPDATE),"
            + " expired AS (UPDATE proposal p SET status = :expired, outcome_reason = 'expired at ' || p.expires_at || ' while ' || l.status"
            + " FROM lapsed l WHERE p.id = l.id RETURNING p.id, p.portfolio_id, p.expires_at, l.status AS was),"
            + " notified AS (INSERT INTO notification (account_id, proposal_id, kind, payload, created_at)"
            + " SELECT pf.account_id, e.id, :kind, jsonb_build_object('proposal', e.id, 'expiredAt', e.expires_at, 'status', e.was), :now"
            + " FROM expired e JOIN portfolio pf ON pf.id = e.portfolio_id ON CONFLICT (proposal_id, kind) DO NOTHING)"
            + " SELECT count(*) FROM expired")
        .bind("now", now).bind("expired", ProposalStatus.EXPIRED.name())
        .bind("from", LAPSES.stream().map(Enum::name).toArray(String[]::new))
        .bind("kind", NotificationKind.PROPOSAL_EXPIRED.name());
    if (portfolioIds != null) {
      expire.bind("ids", portfolioIds);
    }
    return expire.mapTo(Integer.class).one();
  }

  /** As {@link #expireLapsed(Handle, Instant, long[])} for every portfolio, in a transaction of its own. */
  public int expireLapsed(Instant now) {
    return jdbi.inTransaction(h -> expireLapsed(h, now, null));
  }

  /**
   * One line of a proposal's portfolio as the scan saw it.
   *
   * @param asset      the asset
   * @param target     target weight, fraction of portfolio value
   * @param weight     weight before the trades, fraction of portfolio value
   * @param drift      weight minus target, fraction of portfolio value
   * @param baseBand   the risk profile's band half-width before the regime's multiplier; null when not recorded
   * @param band       band half-width after the regime's multiplier, fraction of portfolio value
   * @param regime     the asset's volatility regime, e.g. HIGH; null for the cash line
   * @param multiplier the regime's band multiplier; null for the cash line
   */
  public record DriftLine(String asset, double target, double weight, double drift, Double baseBand, double band, Regime regime,
                          Double multiplier) {
    public boolean outsideBand() {
      return Math.abs(drift) > band + 1e-12;
    }
  }

  /** A status the proposal took, when, by whom (a decision, an executor) and why. */
  public record StatusChange(ProposalStatus status, Instant at, String actor, String reason) {}

  /**
   * What trading every line back to target, cost-blind, on the single default venue would have cost on the books Keel
   * executed on: the yardstick of execution drag, known once execution started.
   *
   * @param cost     USDT
   * @param notional what it would have traded, USDT; null when not recorded
   * @param venue    the venue it is priced on
   */
  public record Naive(BigDecimal cost, BigDecimal notional, String venue) {}

  /**
   * Everything people are shown about one proposal, on the investor's page and in the API.
   *
   * @param summary             its summary line
   * @param accountRef          the platform's reference of its account
   * @param createdAt           when it was written
   * @param maxDrift            largest absolute drift of a weight from its target, fraction of portfolio value
   * @param trades              its trades, sells first
   * @param lines               its portfolio's lines as the scan saw them, by asset
   * @param trackingErrorBefore tracking error before the trades, annualised, fraction
   * @param trackingErrorAfter  tracking error after them, annualised, fraction
   * @param costToTarget        what trading every line back to target would have cost, USDT; null when not recorded
   * @param naive               the naive yardstick's cost; null until execution started
   * @param history             every status it took, oldest first
   */
  public record Detail(Summary summary, String accountRef, Instant createdAt, double maxDrift, List<TradeLine> trades,
                       List<DriftLine> lines, double trackingErrorBefore, double trackingErrorAfter, BigDecimal costToTarget,
                       Naive naive, List<StatusChange> history) {}

  private static final String DETAIL_SQL = org.jdbi.v3.core.locator.ClasspathSqlLocator.removingComments()
      .getResource(ProposalDao.class.getClassLoader(), "dev/keel/persistence/proposal/proposal-detail.sql");

  /** One proposal with everything people are shown about it, in one query. */
  public Optional<Detail> detail(long id) {
    return jdbi.withHandle(h -> h.createQuery(DETAIL_SQL).bind("id", id).map((rs, ctx) -> detail(rs)).findOne());
  }

  /**
   * Reads the detail query's JSON arrays of child rows into their records: a NUMERIC keeps its exact value and scale
   * (a JSON number is read as the BigDecimal of its text), a TIMESTAMPTZ its instant to the microsecond.
   */
  private static final ObjectMapper CHILD_ROWS = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .addModule(new SimpleModule().addDeserializer(Instant.class, new JsonDeserializer<Instant>() {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
          return OffsetDateTime.parse(p.getValueAsString()).toInstant();
        }
      }))
      .build();

  private static <T> List<T> childRows(ResultSet rs, String column, Class<T> type) throws SQLException {
    String json = rs.getString(column);
    if (json == null) {
      return List.of();
    }
    try {
      return CHILD_ROWS.readValue(json, CHILD_ROWS.getTypeFactory().constructCollectionType(List.class, type));
    } catch (IOException e) {
      throw new SQLException("proposal " + rs.getLong("id") + ": unreadable " + column + ": " + e.getMessage(), e);
    }
  }

  private static Detail detail(ResultSet rs) throws SQLException {
    BigDecimal naiveCost = rs.getBigDecimal("naive_cost");
    Naive naive = naiveCost == null ? null
        : new Naive(naiveCost, rs.getBigDecimal("naive_notional"), rs.getString("naive_venue"));
    return new Detail(summary(rs), rs.getString("external_ref"), Columns.instant(rs, "created_at"), rs.getDouble("max_drift"),
        childRows(rs, "trade_rows", TradeLine.class), childRows(rs, "line_rows", DriftLine.class), rs.getDouble("tracking_error_before"),
        rs.getDouble("tracking_error_after"), rs.getBigDecimal("cost_to_target"), naive, childRows(rs, "history_rows", StatusChange.class));
  }

  /**
   * The signer and verifier of this installation's page links. The key stays inside it: it is never returned,
   * printed or logged.
   */
  public PageLink pageLink() {
    String key = jdbi.withHandle(h -> h.createQuery("SELECT link_key FROM installation").mapTo(String.class).one());
    return new PageLink(key.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private static Summary summary(ResultSet rs) throws SQLException {
    return new Summary(rs.getLong("id"), rs.getLong("portfolio_id"), rs.getLong("account_id"), Tier.valueOf(rs.getString("tier_at_creation")),
        ProposalStatus.valueOf(rs.getString("status")), Columns.instant(rs, "cycle"), rs.getBigDecimal("portfolio_value"),
        rs.getBigDecimal("expected_cost"), rs.getDouble("expected_cost_bps"), rs.getInt("trades"), Columns.instant(rs, "expires_at"),
        rs.getString("decided_by"), Columns.instant(rs, "decided_at"), rs.getString("decision_reason"), rs.getString("outcome_reason"));
  }

}
