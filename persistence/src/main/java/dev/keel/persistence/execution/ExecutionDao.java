package dev.keel.persistence.execution;

import dev.keel.domain.crossing.CrossStatus;
import dev.keel.domain.execution.LedgerPosting;
import dev.keel.domain.execution.OrderStatus;
import dev.keel.domain.execution.TradeResult;
import dev.keel.domain.execution.TradeStatus;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.VenueFaultKind;
import dev.keel.domain.notification.NotificationKind;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.persistence.db.Columns;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The execution router's reads and writes: claiming proposals, order intents and their reconciliation, fills booked
 * into the holdings ledger, venue pauses. Every write here commits on its own (a {@link dev.keel.persistence.db.Jdbis#standalone
 * standalone} Jdbi, never a surrounding batch transaction), because an order's intent must be durable before the venue
 * is called and its reply durable before anything else is decided.
 */
public final class ExecutionDao {

  /** {@link OrderStatus#LIVE} as the values bound into SQL that asks for live orders. */
  private static final List<String> LIVE = OrderStatus.LIVE.stream().map(Enum::name).toList();

  /** First key of the two-key advisory lock an executor holds on a proposal it drives: "keel" in ASCII. */
  static final int LOCK_SPACE = 0x6b65656c;

  private final Jdbi jdbi;

  public ExecutionDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** This database's id, the prefix of every client order id. */
  public String installation() {
    return jdbi.withHandle(h -> h.createQuery("SELECT id FROM installation").mapTo(String.class).one());
  }

  /**
   * Claims up to {@code limit} executable proposals (APPROVED and not expired) for this executor: they become
   * EXECUTING in one statement, rows locked by another executor's claim skipped (FOR UPDATE SKIP LOCKED), so no two
   * executors take the same one.
   */
  public List<Long> claim(Instant now, int limit, String executor) {
    // the rows to claim locked once, in a CTE: as "WHERE id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)" the planner
    // may run the subquery again for each row it scans, and each run skips the rows claimed so far and returns the next
    // n, so one claim took every approved proposal whatever the limit
    return jdbi.inTransaction(h -> h.createQuery("WITH c AS MATERIALIZED (SELECT id FROM proposal WHERE status = 'APPROVED'"
            + " AND expires_at > :now ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED)"
            + " UPDATE proposal p SET status = 'EXECUTING', claimed_by = :by, claimed_at = :now FROM c"
            + " WHERE p.id = c.id AND p.status = 'APPROVED' RETURNING p.id")
        .bind("by", executor).bind("now", now).bind("limit", limit).mapTo(Long.class).list());
  }

  /** Every proposal being executed, whoever claimed it (an executor that died leaves its proposals here). */
  public List<Long> executing() {
    return jdbi.withHandle(h -> h.createQuery("SELECT id FROM proposal WHERE status = 'EXECUTING' ORDER BY id")
        .mapTo(Long.class).list());
  }

  /** The reason prefix of an order that lookups proved never placed; such an order is still watched for late fills. */
  public static final String NOT_PLACED = "not placed:";

  /**
   * Proposals whose orders may still hold fills Keel has not booked: finished ones with an order not final, and any
   * with an order given up as never placed less than {@code watch} ago (a venue that answered "no such order" for
   * longer than the window may still report it, with fills: FAULTS.md E5).
   */
  public List<Long> withOrdersToWatch(Instant now, java.time.Duration watch) {
    // two halves, each on a partial index: an OR across the join scanned every order ever placed, every run
    return jdbi.withHandle(h -> h.createQuery("SELECT t.proposal_id FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id"
            + " JOIN proposal p ON p.id = t.proposal_id WHERE o.status IN (<live>) AND p.status <> 'EXECUTING'"
            + " UNION SELECT t.proposal_id FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id"
            + " WHERE o.status = 'FAILED' AND o.final_at > :since AND o.reason LIKE :notPlaced"
            + " UNION SELECT t.proposal_id FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id"
            + " WHERE o.booking_failed_at IS NOT NULL ORDER BY 1")
        .bindList("live", LIVE).bind("notPlaced", NOT_PLACED + "%").bind("since", now.minus(watch)).mapTo(Long.class).list());
  }

  /**
   * An order given up as never placed turned out to exist: it takes the venue's status, and its reason says so (its
   * fills are booked by {@link #applyReport}).
   */
  public void foundLate(long orderId, OrderStatus venueStatus, String venueOrderId, Instant now) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE venue_order SET status = :status, venue_order_id = coalesce(:vid, venue_order_id),"
            + " reason = 'found at the venue after it was given up (' || split_part(reason, :pending, 1) || ')',"
            + " booking_failed_at = NULL, updated_at = :now"
            + " WHERE id = :id AND status = 'FAILED' AND reason LIKE :notPlaced")
        .bind("id", orderId).bind("status", venueStatus.name()).bind("vid", venueOrderId).bind("now", now)
        .bind("notPlaced", NOT_PLACED + "%").bind("pending", LATE_PENDING).execute());
  }

  /** What follows an order's "not placed" reason while the fills it turned up with cannot be booked. */
  private static final String LATE_PENDING = "; found at the venue, its fills not booked yet: ";

  /**
   * An order given up as never placed turned up at the venue with fills that cannot be booked now: it stays given up,
   * says why, and is looked up every run until they are ({@link #lateUnbooked()}), however long that takes.
   */
  public void lateBookingFailed(long orderId, String why, Instant now) {
    String text = why.length() > 1000 ? why.substring(0, 1000) : why;
    jdbi.useHandle(h -> h.createUpdate("UPDATE venue_order SET booking_failed_at = coalesce(booking_failed_at, :now),"
            + " reason = split_part(reason, :pending, 1) || :pending || :why, updated_at = :now, last_checked_at = :now"
            + " WHERE id = :id AND status = 'FAILED' AND reason LIKE :notPlaced")
        .bind("id", orderId).bind("now", now).bind("pending", LATE_PENDING).bind("why", text)
        .bind("notPlaced", NOT_PLACED + "%").execute());
  }

  /** Orders given up as never placed whose late fills could not be booked yet: watched past the late-fill watch. */
  public java.util.Set<Long> lateUnbooked() {
    return jdbi.withHandle(h -> new java.util.HashSet<>(h.createQuery("SELECT id FROM venue_order WHERE booking_failed_at IS NOT NULL")
        .mapTo(Long.class).list()));
  }

  /**
   * Session locks on several proposals at once, on one connection: those another executor holds are left out. The
   * locks are session locks {@code (0x6b65656c, proposal id)}: released on close, or when the process dies.
   */
  public GroupLock tryLockAll(List<Long> proposalIds) {
    for (long id : proposalIds) {
      if (id > Integer.MAX_VALUE) {
        throw new IllegalStateException("proposal id " + id + " exceeds the lock's key space");
      }
    }
    Handle h = jdbi.open();
    try {
      List<Long> got = h.createQuery("SELECT id FROM unnest(:ids) AS x(id) WHERE pg_try_advisory_lock(:space, id::int) ORDER BY id")
          .bindArray("ids", Long.class, proposalIds).bind("space", LOCK_SPACE).mapTo(Long.class).list();
      return new GroupLock(h, got);
    } catch (RuntimeException e) {
      h.close();
      throw e;
    }
  }

  /** The advisory locks on a group of proposals, held on one connection until closed (or the process dies). */
  public static final class GroupLock implements AutoCloseable {
    private final Handle handle;
    private final List<Long> locked;

    GroupLock(Handle handle, List<Long> locked) {
      this.handle = handle;
      this.locked = List.copyOf(locked);
    }

    /** The proposals locked, in id order. */
    public List<Long> locked() {
      return locked;
    }

    @Override
    public void close() {
      try {
        if (!locked.isEmpty()) {
          handle.createQuery("SELECT pg_advisory_unlock(:space, id::int) FROM unnest(:ids) AS x(id)").bind("space", LOCK_SPACE)
              .bindArray("ids", Long.class, locked).mapTo(Boolean.class).list();
        }
      } finally {
        handle.close();
      }
    }
  }

  /** A proposal as the executor needs it, with its trades, sells first. */
  public record ProposalRow(long id, long portfolioId, long accountId, String tier, ProposalStatus status, BigDecimal portfolioValue,
                            BigDecimal expectedCost, Instant expiresAt, List<TradeRow> trades) {
    /** True once execution priced its trades (or ended one): it is not re-priced again. */
    public boolean started() {
      return trades.stream().anyMatch(t -> t.priceCap() != null || t.status() != TradeStatus.PENDING);
    }
  }

  /**
   * A proposal trade with its execution state.
   *
   * @param estimatedPrice the mid it was priced at, USDT per unit
   * @param plannedQty     what execution aims for (null until decided: a buy waits for its sells)
   */
  public record TradeRow(long id, String asset, Side side, BigDecimal quantity, BigDecimal estimatedPrice, BigDecimal estimatedCost,
                         double costBps, TradeStatus status, BigDecimal executedQty, BigDecimal priceCap, BigDecimal plannedQty,
                         BigDecimal midAtExecution, String reason) {
    public BigDecimal remaining() {
      BigDecimal target = plannedQty == null ? quantity : plannedQty;
      return target.subtract(executedQty).max(BigDecimal.ZERO);
    }

    /** The same trade ended with a status and a reason. */
    public TradeRow ended(TradeResult.Status end, String endReason) {
      return new TradeRow(id, asset, side, quantity, estimatedPrice, estimatedCost, costBps, TradeStatus.of(end), executedQty, priceCap,
          plannedQty, midAtExecution, endReason);
    }

    /** The same trade aiming for {@code planned}, with the reason when it is less than proposed. */
    public TradeRow planned(BigDecimal planned, String why) {
      return new TradeRow(id, asset, side, quantity, estimatedPrice, estimatedCost, costBps, status, executedQty, priceCap,
          planned, midAtExecution, why == null ? reason : why);
    }

    /** The same trade as {@link #start} records it: executing, with its cap and mid, aiming for {@code planned}. */
    public TradeRow started(BigDecimal cap, BigDecimal mid, BigDecimal planned) {
      return new TradeRow(id, asset, side, quantity, estimatedPrice, estimatedCost, costBps, TradeStatus.EXECUTING, executedQty, cap,
          planned, mid, reason);
    }

    /** The same trade with {@code more} base units executed. */
    public TradeRow executedMore(BigDecimal more) {
      return new TradeRow(id, asset, side, quantity, estimatedPrice, estimatedCost, costBps, status, executedQty.add(more), priceCap,
          plannedQty, midAtExecution, reason);
    }
  }

  /** A venue order. */
  public record OrderRow(long id, long tradeId, String venue, String clientOrderId, String venueOrderId, Side side, OrderStatus status,
                         BigDecimal requestedQty, BigDecimal filledQty, BigDecimal limitPrice, int sequence, int notFoundChecks,
                         Instant firstNotFoundAt, Instant createdAt, String reason, Instant finalAt) {
    public boolean live() {
      return status.isLive();
    }
  }

  public Optional<ProposalRow> proposal(long id) {
    return Optional.ofNullable(proposals(List.of(id)).get(id));
  }

  /** Several proposals with their trades (sells first), read in two statements: id → proposal, in id order. */
  public Map<Long, ProposalRow> proposals(List<Long> ids) {
    return jdbi.withHandle(h -> {
      Map<Long, List<TradeRow>> trades = new HashMap<>();
      h.createQuery("SELECT * FROM proposal_trade WHERE proposal_id = ANY(:ids) ORDER BY proposal_id, side DESC, id")
          .bindArray("ids", Long.class, ids)
          .map((rs, ctx) -> trades.computeIfAbsent(rs.getLong("proposal_id"), k -> new java.util.ArrayList<>()).add(trade(rs))).list();
      Map<Long, ProposalRow> out = new java.util.TreeMap<>();
      h.createQuery("SELECT p.id, p.portfolio_id, pf.account_id, p.tier_at_creation, p.status, p.portfolio_value,"
              + " p.expected_cost, p.expires_at FROM proposal p JOIN portfolio pf ON pf.id = p.portfolio_id WHERE p.id = ANY(:ids)")
          .bindArray("ids", Long.class, ids)
          .map((rs, ctx) -> out.put(rs.getLong("id"), new ProposalRow(rs.getLong("id"), rs.getLong("portfolio_id"), rs.getLong("account_id"),
              rs.getString("tier_at_creation"), ProposalStatus.valueOf(rs.getString("status")), rs.getBigDecimal("portfolio_value"),
              rs.getBigDecimal("expected_cost"), Columns.instant(rs, "expires_at"), trades.getOrDefault(rs.getLong("id"), List.of()))))
          .list();
      return out;
    });
  }

  private static TradeRow trade(ResultSet rs) throws SQLException {
    return new TradeRow(rs.getLong("id"), rs.getString("asset"), Side.valueOf(rs.getString("side")), rs.getBigDecimal("quantity"),
        rs.getBigDecimal("estimated_price"), rs.getBigDecimal("estimated_cost"), rs.getDouble("cost_bps"), TradeStatus.valueOf(rs.getString("status")),
        rs.getBigDecimal("executed_qty"), rs.getBigDecimal("price_cap"), rs.getBigDecimal("planned_qty"),
        rs.getBigDecimal("mid_at_execution"), rs.getString("reason"));
  }

  /** Every order of a proposal, oldest first. */
  public List<OrderRow> orders(long proposalId) {
    // the trade ids first (an init plan), then one index step per trade: a join planned while venue_order was small
    // scanned the whole table for every proposal (1.9 ms a call, growing with the table)
    return jdbi.withHandle(h -> h.createQuery("SELECT o.* FROM venue_order o WHERE o.proposal_trade_id = ANY(ARRAY("
            + "SELECT id FROM proposal_trade WHERE proposal_id = :id)) ORDER BY o.id")
        .bind("id", proposalId).map((rs, ctx) -> order(rs)).list());
  }

  /** Every order of several proposals: proposal id → its orders, oldest first. */
  public Map<Long, List<OrderRow>> orders(List<Long> proposalIds) {
    Map<Long, List<OrderRow>> out = new HashMap<>();
    // as in orders(long): the trade ids first, then one index step per trade
    jdbi.useHandle(h -> h.createQuery("SELECT t.proposal_id AS of_proposal, o.* FROM venue_order o JOIN proposal_trade t"
            + " ON t.id = o.proposal_trade_id WHERE o.proposal_trade_id = ANY(ARRAY(SELECT id FROM proposal_trade"
            + " WHERE proposal_id = ANY(:ids))) ORDER BY o.id")
        .bindArray("ids", Long.class, proposalIds)
        .map((rs, ctx) -> out.computeIfAbsent(rs.getLong("of_proposal"), k -> new java.util.ArrayList<>()).add(order(rs))).list());
    return out;
  }

  private static OrderRow order(ResultSet rs) throws SQLException {
    return new OrderRow(rs.getLong("id"), rs.getLong("proposal_trade_id"), rs.getString("venue_id"), rs.getString("client_order_id"),
        rs.getString("venue_order_id"), Side.valueOf(rs.getString("side")), OrderStatus.valueOf(rs.getString("status")),
        rs.getBigDecimal("requested_qty"), rs.getBigDecimal("filled_qty"), rs.getBigDecimal("limit_price"), rs.getInt("sequence"),
        rs.getInt("not_found_checks"),
        Columns.instant(rs, "first_not_found_at"), Columns.instant(rs, "created_at"), rs.getString("reason"), Columns.instant(rs, "final_at"));
  }

  /**
   * Each asset's band half-width when the proposal was made (after the regime multiplier), from its drift document:
   * proposal id → asset → band half-width.
   */
  public Map<Long, Map<String, Double>> bands(List<Long> proposalIds) {
    Map<Long, Map<String, Double>> out = new HashMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT p.id, d.key, (d.value ->> 'band')::float8 FROM proposal p, jsonb_each(p.drift_before) d"
            + " WHERE p.id = ANY(:ids)").bindArray("ids", Long.class, proposalIds)
        .map((rs, ctx) -> out.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getString(2), rs.getDouble(3))).list());
    return out;
  }

  /** Portfolios' holdings: portfolio id → asset → units. */
  public Map<Long, Map<String, BigDecimal>> holdings(List<Long> portfolioIds) {
    Map<Long, Map<String, BigDecimal>> out = new HashMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT portfolio_id, asset, quantity FROM holding WHERE portfolio_id = ANY(:ids)")
        .bindArray("ids", Long.class, portfolioIds)
        .map((rs, ctx) -> out.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getString(2), rs.getBigDecimal(3))).list());
    return out;
  }

  /** Portfolios' target weights: portfolio id → asset → weight. */
  public Map<Long, Map<String, Double>> targets(List<Long> portfolioIds) {
    Map<Long, Map<String, Double>> out = new HashMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT portfolio_id, asset, weight::float8 FROM target_weight WHERE portfolio_id = ANY(:ids)")
        .bindArray("ids", Long.class, portfolioIds)
        .map((rs, ctx) -> out.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getString(2), rs.getDouble(3))).list());
    return out;
  }

  /**
   * One market's latest healthy snapshot, with its rules.
   *
   * @param spreadBps quoted spread, bps
   * @param takerFee  fraction of notional
   */
  public record HealthyQuote(String venue, String asset, Instant takenAt, BigDecimal mid, double spreadBps, double takerFee,
                             double buyImpactSlope, double sellImpactSlope, BigDecimal tickSize, BigDecimal lotSize,
                             BigDecimal minNotional) {}

  /** The latest snapshot of every enabled market when it is OK and taken at or after {@code freshFrom}. */
  public List<HealthyQuote> healthyQuotes(Instant now, Instant freshFrom) {
    return jdbi.withHandle(h -> h.createQuery("SELECT m.venue_id, m.base_asset, m.tick_size, m.lot_size, m.min_notional, s.*"
            + " FROM market m CROSS JOIN LATERAL (SELECT x.taken_at, x.outcome, x.mid, x.spread_bps, x.taker_fee::float8 AS fee,"
            + " x.buy_impact_slope, x.sell_impact_slope FROM market_snapshot x WHERE x.market_id = m.id AND x.cycle <= :now"
            + " ORDER BY x.cycle DESC LIMIT 1) s WHERE m.enabled AND s.outcome = 'OK' AND s.taken_at >= :fresh")
        .bind("now", now).bind("fresh", freshFrom)
        .map((rs, ctx) -> new HealthyQuote(rs.getString("venue_id"), rs.getString("base_asset"), Columns.instant(rs, "taken_at"),
            rs.getBigDecimal("mid"), rs.getDouble("spread_bps"), rs.getDouble("fee"), zero(rs, "buy_impact_slope"),
            zero(rs, "sell_impact_slope"), rs.getBigDecimal("tick_size"), rs.getBigDecimal("lot_size"), rs.getBigDecimal("min_notional")))
        .list());
  }

  /**
   * How a trade starts: its price cap, the mid and best price when it was routed, and for a sell the quantity it aims
   * for (a buy's waits for the sells).
   */
  public record TradeStart(long tradeId, BigDecimal priceCap, BigDecimal mid, BigDecimal touch, BigDecimal plannedQty) {}

  /** How a claimed proposal starts: its trades priced, and the naive policy's cost on the same books. */
  public record Start(long proposalId, List<TradeStart> trades, BigDecimal naiveCost, BigDecimal naiveNotional, String naiveVenue) {}

  /**
   * Starts executing several claimed proposals in one transaction: prices their trades and records the naive policy's
   * cost. Conditional on each proposal still being EXECUTING and each trade not started, so a second call changes
   * nothing.
   *
   * @return the proposals started
   */
  public java.util.Set<Long> startAll(List<Start> starts) {
    if (starts.isEmpty()) {
      return java.util.Set.of();
    }
    return jdbi.inTransaction(h -> {
      var proposals = h.prepareBatch("UPDATE proposal SET naive_cost = :cost, naive_notional = :notional, naive_venue = :venue"
          + " WHERE id = :id AND status = 'EXECUTING'");
      for (Start s : starts) {
        proposals.bind("id", s.proposalId()).bind("cost", s.naiveCost()).bind("notional", s.naiveNotional())
            .bind("venue", s.naiveVenue()).add();
      }
      int[] n = proposals.execute();
      java.util.Set<Long> started = new java.util.LinkedHashSet<>();
      var trades = h.prepareBatch("UPDATE proposal_trade SET status = 'EXECUTING', price_cap = :cap, mid_at_execution = :mid,"
          + " touch_at_execution = :touch, planned_qty = :planned WHERE id = :id AND status = 'PENDING'");
      for (int i = 0; i < n.length; i++) {
        if (n[i] == 0) {
          continue;
        }
        Start s = starts.get(i);
        started.add(s.proposalId());
        for (TradeStart t : s.trades()) {
          trades.bind("id", t.tradeId()).bind("cap", t.priceCap()).bind("mid", t.mid()).bind("touch", t.touch())
              .bind("planned", t.plannedQty()).add();
        }
      }
      if (trades.size() > 0) {
        trades.execute();
      }
      return started;
    });
  }

  /** What a buy aims for once the sells are final, and why when it is less than proposed. */
  public record Plan(long tradeId, BigDecimal quantity, String reason) {}

  /**
   * One round of several proposals in one transaction, before any of its orders is sent: what buys aim for (only where
   * not decided before), trades ended, and the intents of the round's orders (status NEW), so that after a crash each
   * order is found by its client order id.
   *
   * @return trade id → order id, leaving out a trade that already has a live order (at most one per trade)
   */
  public Map<Long, Long> commitRound(List<Plan> plans, List<TradeEnd> ends, List<OrderIntent> intents, Instant now) {
    if (plans.isEmpty() && ends.isEmpty() && intents.isEmpty()) {
      return Map.of();
    }
    return jdbi.inTransaction(h -> {
      plan(h, plans);
      endTrades(h, ends);
      Map<Long, Long> out = new LinkedHashMap<>();
      for (OrderIntent o : intents) {
        intend(h, o, now).ifPresent(id -> out.put(o.tradeId(), id));
      }
      return out;
    });
  }

  private static void plan(Handle h, List<Plan> plans) {
    if (plans.isEmpty()) {
      return;
    }
    var batch = h.prepareBatch("UPDATE proposal_trade SET planned_qty = :q, reason = coalesce(:reason, reason)"
        + " WHERE id = :id AND planned_qty IS NULL");
    // a net-side buy of a cross: what it planned beyond its crossed part is its part of the net
    var legs = h.prepareBatch("UPDATE cross_leg l SET to_venue = greatest(:q - l.crossed, 0) FROM internal_cross c"
        + " WHERE l.proposal_trade_id = :id AND c.id = l.internal_cross_id AND c.net_side = l.side AND l.to_venue IS NULL");
    for (Plan p : plans) {
      batch.bind("id", p.tradeId()).bind("q", p.quantity()).bind("reason", p.reason()).add();
      legs.bind("id", p.tradeId()).bind("q", p.quantity()).add();
    }
    batch.execute();
    legs.execute();
  }

  /**
   * Holds a proposal whose prices moved beyond its tolerance (FAULTS.md E10): it ends HELD with the reason, its trades
   * too, and its owner is told. Only a proposal with no order yet can be held.
   */
  public boolean hold(long proposalId, String reason, Instant now) {
    return jdbi.inTransaction(h -> {
      int n = h.createUpdate("UPDATE proposal SET status = 'HELD', outcome_reason = :reason, finished_at = :now"
              + " WHERE id = :id AND status = 'EXECUTING' AND NOT EXISTS (SELECT 1 FROM venue_order o JOIN proposal_trade t"
              + " ON t.id = o.proposal_trade_id WHERE t.proposal_id = :id)")
          .bind("id", proposalId).bind("reason", reason).bind("now", now).execute();
      if (n == 0) {
        return false;
      }
      h.createUpdate("UPDATE proposal_trade SET status = 'HELD', reason = :reason WHERE proposal_id = :id")
          .bind("id", proposalId).bind("reason", reason).execute();
      notify(h, proposalId, NotificationKind.PROPOSAL_HELD, Map.of("proposal", proposalId, "reason", reason), now);
      return true;
    });
  }

  /**
   * An order about to be sent.
   *
   * @param sequence the order's number among its trade's orders, from 1
   */
  public record OrderIntent(long tradeId, String venue, String clientOrderId, Side side, BigDecimal quantity, BigDecimal limitPrice,
                            BigDecimal expectedPrice, int sequence, Long crossId) {
    /** An order of one trade alone. */
    public OrderIntent(long tradeId, String venue, String clientOrderId, Side side, BigDecimal quantity, BigDecimal limitPrice,
                       BigDecimal expectedPrice, int sequence) {
      this(tradeId, venue, clientOrderId, side, quantity, limitPrice, expectedPrice, sequence, null);
    }
  }

  private static Optional<Long> intend(Handle h, OrderIntent o, Instant now) {
    // one statement: no intent while the trade has a live order
    return h.createQuery("INSERT INTO venue_order (proposal_trade_id, venue_id, client_order_id, side, status, requested_qty,"
            + " limit_price, expected_price, sequence, attempts, created_at, updated_at, internal_cross_id) SELECT :t, :venue, :cid, :side,"
            + " 'NEW', :q, :limit, :expected, :seq, 1, :now, :now, :cross WHERE NOT EXISTS (SELECT 1 FROM venue_order WHERE proposal_trade_id = :t"
            + " AND status IN (<live>)) ON CONFLICT (client_order_id) DO NOTHING RETURNING id")
        .bind("t", o.tradeId()).bind("venue", o.venue()).bind("cid", o.clientOrderId()).bind("side", o.side().name())
        .bind("q", o.quantity()).bind("limit", o.limitPrice()).bind("expected", o.expectedPrice()).bind("seq", o.sequence())
        .bind("cross", o.crossId()).bindList("live", LIVE)
        .bind("now", now).mapTo(Long.class).findOne();
  }

  /**
   * A fill as the venue reported it, with its booking already worked out by {@link LedgerPosting}.
   *
   * @param feeQuote the allocated part's fee in USDT
   */
  public record FillBooking(String venueTradeId, BigDecimal quantity, BigDecimal price, BigDecimal fee, String feeAsset, Instant at) {}

  /**
   * What the venue says of an order: its status, venue id and fills. In one transaction: the order's row, then each
   * fill not booked before (the venue's trade id is unique per venue) → allocation to the trade → ledger entries →
   * holdings, so a holding always equals the sum of its entries and a fill reported twice is booked once.
   *
   * @return the quantity newly allocated to the trade
   */
  public BigDecimal applyReport(long orderId, OrderStatus venueStatus, String venueOrderId, List<FillBooking> fills, String reason,
                                Instant now) {
    return jdbi.inTransaction(h -> applyReport(h, orderId, venueStatus, venueOrderId, fills, reason, now));
  }

  /** What the venue answered to one order's placement, to be recorded with {@link #applyAll}. */
  public sealed interface Reply {
    long orderId();
  }

  /** The venue has the order: its status (as Keel records it), id and fills, and a reason when there is one to say. */
  public record Reported(long orderId, OrderStatus venueStatus, String venueOrderId, List<FillBooking> fills, String reason)
      implements Reply {}

  /**
   * The venue answered but its fills cannot be booked now (a fee in an asset with no price, a holding that would go
   * below zero): the order keeps its status, so it is looked up and booked again on the next run, and says why.
   */
  public record Unbooked(long orderId, String reason) implements Reply {}

  /** What {@link #applyAll} recorded: the quantity each order's fills allocated, and the orders whose booking failed. */
  public record Applied(Map<Long, BigDecimal> allocated, Map<Long, String> failed) {}

  /** The reply was lost: the order may exist. */
  public record Unknown(long orderId, String reason) implements Reply {}

  /** The venue did not place it: REJECTED or FAILED, with the reason. */
  public record NotPlaced(long orderId, OrderStatus status, String reason) implements Reply {}

  /**
   * Records the replies to several orders in one transaction, each fill booked into the ledger as by
   * {@link #applyReport}; the orders' intents were committed before their venues were called. When one reply cannot be
   * booked, that transaction is rolled back and every reply applied again under a savepoint of its own: the one that
   * cannot be booked keeps its order's status with the reason (in {@link Applied#failed}), the others are booked.
   *
   * @return order id → the quantity newly allocated to its trade
   */
  public Applied applyAll(List<Reply> replies, Instant now) {
    if (replies.isEmpty()) {
      return new Applied(Map.of(), Map.of());
    }
    try {
      // the usual round books cleanly: every reply in one transaction, without savepoints
      return jdbi.inTransaction(h -> {
        Applied applied = new Applied(new HashMap<>(), new HashMap<>());
        for (Reply r : replies) {
          apply(h, r, now, applied);
        }
        return applied;
      });
    } catch (RuntimeException e) {
      // nothing of that transaction was written; one reply's trouble must not lose the others': each is applied again
      // under a savepoint of its own, a few dozen to a transaction (a transaction with more than 64 subtransactions
      // overflows PostgreSQL's per-backend cache of them, after which other sessions' visibility checks read pg_subtrans)
      Applied applied = new Applied(new HashMap<>(), new HashMap<>());
      for (int from = 0; from < replies.size(); from += SAVEPOINTS_PER_TRANSACTION) {
        List<Reply> chunk = replies.subList(from, Math.min(replies.size(), from + SAVEPOINTS_PER_TRANSACTION));
        jdbi.useTransaction(h -> {
          for (Reply r : chunk) {
            String savepoint = "reply_" + r.orderId();
            h.savepoint(savepoint);
            try {
              apply(h, r, now, applied);
              h.release(savepoint);
            } catch (RuntimeException ex) {
              h.rollbackToSavepoint(savepoint);
              applied.allocated().remove(r.orderId());
              String reason = "booking failed, looked up again next run: " + ex.getMessage();
              unbooked(h, r.orderId(), reason, now);
              applied.failed().put(r.orderId(), reason);
            }
          }
        });
      }
      return applied;
    }
  }

  /** Replies applied under savepoints in one transaction at most. */
  static final int SAVEPOINTS_PER_TRANSACTION = 48;

  private void apply(Handle h, Reply r, Instant now, Applied applied) {
    if (r instanceof Reported rep) {
      applied.allocated().put(rep.orderId(), applyReport(h, rep.orderId(), rep.venueStatus(), rep.venueOrderId(), rep.fills(), rep.reason(),
          now));
    } else if (r instanceof Unknown u) {
      unknown(h, u.orderId(), u.reason(), now);
    } else if (r instanceof NotPlaced np) {
      notPlaced(h, np.orderId(), np.status(), np.reason(), now);
    } else if (r instanceof Unbooked ub) {
      unbooked(h, ub.orderId(), ub.reason(), now);
      applied.failed().put(ub.orderId(), ub.reason());
    }
  }

  /** A venue's answer about an order that could not be booked: its status stays, its reason says why. */
  public void unbooked(long orderId, String reason, Instant now) {
    jdbi.useHandle(h -> unbooked(h, orderId, reason, now));
  }

  private static void unbooked(Handle h, long orderId, String reason, Instant now) {
    h.createUpdate("UPDATE venue_order SET reason = :reason, updated_at = :now, last_checked_at = :now WHERE id = :id")
        .bind("id", orderId).bind("reason", reason.length() > 2000 ? reason.substring(0, 2000) : reason).bind("now", now).execute();
  }

  private BigDecimal applyReport(Handle h, long orderId, OrderStatus venueStatus, String venueOrderId, List<FillBooking> fills,
                                 String reason, Instant now) {
    // the order and its trade, locked together: one statement
    Map<String, Object> t = h.createQuery("SELECT o.*, t.asset, t.side AS trade_side, t.quantity AS trade_quantity, t.executed_qty,"
            + " p.portfolio_id, pf.base_currency FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id"
            + " JOIN proposal p ON p.id = t.proposal_id JOIN portfolio pf ON pf.id = p.portfolio_id WHERE o.id = :id FOR UPDATE OF o, t")
        .bind("id", orderId).mapToMap().one();
    String venue = (String) t.get("venue_id");
    String clientOrderId = (String) t.get("client_order_id");
    OrderStatus orderStatus = OrderStatus.valueOf((String) t.get("status"));
    long tradeId = ((Number) t.get("proposal_trade_id")).longValue();
    BigDecimal allocatedNow = BigDecimal.ZERO;
    BigDecimal executed = (BigDecimal) t.get("executed_qty");
    BigDecimal quantity = (BigDecimal) t.get("trade_quantity");
    long portfolio = ((Number) t.get("portfolio_id")).longValue();
    String asset = (String) t.get("asset");
    String cash = (String) t.get("base_currency");
    Side side = Side.valueOf((String) t.get("trade_side"));
    if (t.get("internal_cross_id") != null) {
      return bookNetFills(h, orderId, ((Number) t.get("internal_cross_id")).longValue(), venue, clientOrderId, venueStatus,
          venueOrderId, fills, reason, now);
    }
    org.jdbi.v3.core.statement.PreparedBatch entries = h.prepareBatch("INSERT INTO holding_entry (portfolio_id, asset, delta, kind,"
        + " allocation_id, fill_id, booked_at, note) VALUES (:p, :asset, :delta, :kind, :alloc, :fill, :now, :note)");
    Map<String, BigDecimal> moves = new LinkedHashMap<>();
    List<String> booked = new java.util.ArrayList<>();
    for (FillBooking f : fills) {
      Optional<Long> fillId = insertFill(h, orderId, venue, clientOrderId, f, now);
      if (fillId.isEmpty()) {
        continue;
      }
      booked.add(f.venueTradeId());
      LedgerPosting.Posting posting = LedgerPosting.of(side, asset, cash, f.quantity(), f.price(), f.fee(), f.feeAsset(),
          quantity.subtract(executed));
      Long allocationId = null;
      if (posting.allocated().signum() > 0) {
        allocationId = h.createQuery("INSERT INTO allocation (fill_id, proposal_trade_id, quantity, fee) VALUES (:f, :t, :q, :fee)"
                + " RETURNING id")
            .bind("f", fillId.get()).bind("t", tradeId).bind("q", posting.allocated()).bind("fee", posting.feeQuote())
            .mapTo(Long.class).one();
        executed = executed.add(posting.allocated());
        allocatedNow = allocatedNow.add(posting.allocated());
      }
      for (LedgerPosting.Entry e : posting.entries()) {
        boolean adjustment = e.kind().equals("ADJUSTMENT");
        entries.bind("p", portfolio).bind("asset", e.asset()).bind("delta", e.delta()).bind("kind", e.kind())
            .bind("alloc", adjustment ? null : allocationId).bind("fill", fillId.get()).bind("now", now)
            .bind("note", adjustment ? "fill " + f.venueTradeId() + " on " + venue + " beyond trade " + tradeId
                + "'s quantity (order " + clientOrderId + " was " + orderStatus + ")" : null)
            .add();
        moves.merge(e.asset(), e.delta(), BigDecimal::add);
      }
    }
    if (entries.size() > 0) {
      entries.execute();
      moveHoldings(h, portfolio, moves, now, () -> "fills " + booked + " on " + venue + " (order " + clientOrderId + ", " + side
          + " " + asset + ")");
    }
    if (allocatedNow.signum() > 0) {
      h.createUpdate("UPDATE proposal_trade SET executed_qty = executed_qty + :q WHERE id = :id")
          .bind("q", allocatedNow).bind("id", tradeId).execute();
    }
    orderReported(h, orderId, venueStatus, venueOrderId, reason, now);
    return allocatedNow;
  }

  /** An order's row after a report: its status (a final one kept), venue id, and what its fills add up to. */
  private static void orderReported(Handle h, long orderId, OrderStatus venueStatus, String venueOrderId, String reason, Instant now) {
    h.createUpdate("UPDATE venue_order SET status = CASE WHEN status IN (<live>) THEN :status ELSE status END,"
            + " venue_order_id = coalesce(:vid, venue_order_id),"
            + " filled_qty = least(requested_qty, coalesce((SELECT sum(quantity) FROM fill WHERE venue_order_id = :id), 0)),"
            + " average_price = (SELECT sum(quantity * price) / nullif(sum(quantity), 0) FROM fill WHERE venue_order_id = :id),"
            + " fee = coalesce((SELECT sum(fee) FROM fill WHERE venue_order_id = :id), 0),"
            + " reason = coalesce(:reason, reason), last_checked_at = :now, updated_at = :now,"
            + " final_at = CASE WHEN :status NOT IN (<live>) AND final_at IS NULL THEN :now ELSE final_at END WHERE id = :id")
        .bind("id", orderId).bind("status", venueStatus.name()).bind("vid", venueOrderId).bind("reason", reason).bind("now", now)
        .bindList("live", LIVE).execute();
  }

  /** Inserts a venue's fill of an order once (keyed by venue trade id): its id, or empty when it was booked before. */
  private static Optional<Long> insertFill(Handle h, long orderId, String venue, String clientOrderId, FillBooking f, Instant now) {
    Optional<Long> fillId = h.createQuery("INSERT INTO fill (venue_order_id, venue_id, venue_trade_id, quantity, price, fee, fee_asset,"
            + " filled_at, booked_at) VALUES (:o, :venue, :trade, :q, :price, :fee, :feeAsset, :at, :now)"
            + " ON CONFLICT (venue_id, venue_trade_id) DO NOTHING RETURNING id")
        .bind("o", orderId).bind("venue", venue).bind("trade", f.venueTradeId()).bind("q", f.quantity()).bind("price", f.price())
        .bind("fee", f.fee()).bind("feeAsset", f.feeAsset()).bind("at", f.at()).bind("now", now).mapTo(Long.class).findOne();
    if (fillId.isEmpty()) {
      // booked before; by this order, or the venue reported one trade id on two orders, which must not pass silently
      long owner = h.createQuery("SELECT venue_order_id FROM fill WHERE venue_id = :venue AND venue_trade_id = :trade")
          .bind("venue", venue).bind("trade", f.venueTradeId()).mapTo(Long.class).one();
      if (owner != orderId) {
        throw new IllegalStateException("fill " + f.venueTradeId() + " on " + venue + " reported for order " + clientOrderId
            + " is already booked for another order (" + owner + ")");
      }
    }
    return fillId;
  }

  /**
   * The fills of an order of a cross's net are booked once, like any fill, but allocated only when the net is final
   * ({@link #allocateNet}), pro rata to every trade of the net side; those reported after that, at once
   * ({@link #allocateLate}).
   */
  private BigDecimal bookNetFills(Handle h, long orderId, long crossId, String venue, String clientOrderId, OrderStatus venueStatus,
                                  String venueOrderId, List<FillBooking> fills, String reason, Instant now) {
    List<Long> booked = new java.util.ArrayList<>();
    for (FillBooking f : fills) {
      insertFill(h, orderId, venue, clientOrderId, f, now).ifPresent(booked::add);
    }
    if (!booked.isEmpty()) {
      // after the order's trade, the lead: the order allocateNet locks them in, so the two wait for each other, and a
      // net allocated already takes its late fills here, in the transaction that books them (FAULTS.md E5)
      if (crossStatus(h, crossId) == CrossStatus.DONE) {
        allocateLate(h, crossId, booked, now);
      }
    }
    orderReported(h, orderId, venueStatus, venueOrderId, reason, now);
    return BigDecimal.ZERO;
  }

  /**
   * Moves a portfolio's holdings by the summed deltas of one order's entries, in the caller's transaction. An UPDATE
   * first: INSERT ... ON CONFLICT checks the proposed row, and a negative delta is no holding. A holding that would go
   * below zero fails the whole booking with a message naming the portfolio, the asset and the numbers.
   */
  private void moveHoldings(Handle h, long portfolio, Map<String, BigDecimal> moves, Instant now, java.util.function.Supplier<String> what) {
    try {
      org.jdbi.v3.core.statement.PreparedBatch update = h.prepareBatch("UPDATE holding SET quantity = quantity + :delta, updated_at = :now"
          + " WHERE portfolio_id = :p AND asset = :asset");
      List<String> assets = new java.util.ArrayList<>(moves.keySet());
      for (String asset : assets) {
        update.bind("p", portfolio).bind("asset", asset).bind("delta", moves.get(asset)).bind("now", now).add();
      }
      int[] moved = update.execute();
      for (int i = 0; i < moved.length; i++) {
        if (moved[i] == 0) {
          h.createUpdate("INSERT INTO holding (portfolio_id, asset, quantity, updated_at) VALUES (:p, :asset, :delta, :now)")
              .bind("p", portfolio).bind("asset", assets.get(i)).bind("delta", moves.get(assets.get(i))).bind("now", now).execute();
        }
      }
    } catch (RuntimeException ex) {
      // the transaction is aborted: read what is committed on a connection of its own
      Map<String, BigDecimal> held = new LinkedHashMap<>();
      try (Handle other = jdbi.open()) {
        other.createQuery("SELECT asset, quantity FROM holding WHERE portfolio_id = :p AND asset IN (<assets>)").bind("p", portfolio)
            .bindList("assets", new java.util.ArrayList<>(moves.keySet()))
            .map((rs, ctx) -> held.put(rs.getString(1), rs.getBigDecimal(2))).list();
      }
      throw new IllegalStateException(what.get() + ": portfolio " + portfolio + " holds " + held + ", the fills move it by " + moves
          + ": " + ex.getMessage(), ex);
    }
  }

  /** The venue crossed fills are booked at: no orders, no fees. */
  public static final String INTERNAL_VENUE = "keel-internal";

  /**
   * A trade's part in a cross about to be recorded.
   *
   * @param toVenue its part of the net on the net side (null for a buy: decided when it is sized to cash); null on the
   *                other side
   */
  public record CrossLeg(long tradeId, Side side, BigDecimal intended, BigDecimal crossed, BigDecimal toVenue) {}

  /** One asset's cross about to be recorded: the mid, what crosses per side, and the net's side, cap and lead trade. */
  public record CrossDecision(String asset, BigDecimal mid, BigDecimal crossedPerSide, BigDecimal quantum, Side netSide,
                              BigDecimal netCap, Long leadTradeId, List<CrossLeg> legs) {}

  /** A trade's part in a recorded cross, with the cross's state. */
  public record LegState(long crossId, long tradeId, Side side, BigDecimal intended, BigDecimal crossed, BigDecimal toVenue,
                         BigDecimal venueFilled, Side netSide, Long leadTradeId, BigDecimal netCap, BigDecimal quantum,
                         BigDecimal crossedPerSide, CrossStatus status) {
    /** True when the trade's rest goes to the venues in the cross's net. */
    public boolean onNetSide() {
      return side == netSide;
    }

    /** True when the net's orders are this trade's. */
    public boolean lead() {
      return leadTradeId != null && leadTradeId == tradeId;
    }

    /** True once the net's venue fills are allocated. */
    public boolean done() {
      return status == CrossStatus.DONE;
    }

    /** The same leg once the net is allocated, with its share of the venue fills. */
    public LegState allocated(BigDecimal share) {
      return new LegState(crossId, tradeId, side, intended, crossed, toVenue, share, netSide, leadTradeId, netCap, quantum, crossedPerSide,
          CrossStatus.DONE);
    }
  }

  private static final String LEG_SELECT = "SELECT l.*, c.net_side, c.lead_trade_id, c.net_cap, c.quantum, c.crossed_qty, c.status";
  private static final String LEG_FROM = " FROM cross_leg l JOIN internal_cross c ON c.id = l.internal_cross_id";
  private static final String LEG_COLUMNS = LEG_SELECT + LEG_FROM;

  private static LegState leg(ResultSet rs) throws SQLException {
    String net = rs.getString("net_side");
    long leadId = rs.getLong("lead_trade_id");
    Long lead = rs.wasNull() ? null : leadId;
    return new LegState(rs.getLong("internal_cross_id"), rs.getLong("proposal_trade_id"), Side.valueOf(rs.getString("side")),
        rs.getBigDecimal("intended"), rs.getBigDecimal("crossed"), rs.getBigDecimal("to_venue"), rs.getBigDecimal("venue_filled"),
        net == null ? null : Side.valueOf(net), lead, rs.getBigDecimal("net_cap"), rs.getBigDecimal("quantum"),
        rs.getBigDecimal("crossed_qty"), CrossStatus.valueOf(rs.getString("status")));
  }

  /** The cross legs of the given trades, by trade id. */
  public Map<Long, LegState> legs(List<Long> tradeIds) {
    Map<Long, LegState> out = new HashMap<>();
    if (tradeIds.isEmpty()) {
      return out;
    }
    jdbi.useHandle(h -> h.createQuery(LEG_COLUMNS + " WHERE l.proposal_trade_id = ANY(:ids)").bindArray("ids", Long.class, tradeIds)
        .map((rs, ctx) -> leg(rs)).forEach(l -> out.put(l.tradeId(), l)));
    return out;
  }

  /**
   * A net-side trade's leg as a routing round sees it; for the cross's lead, the net too.
   *
   * @param leg     the trade's leg, with its cross's state
   * @param unsized for the lead, whether a trade of the net side still has no part of the net (a buy not yet sized to
   *                its cash); false for the others
   * @param net     for the lead, the sum of the net side's parts of the net, base units; null for the others
   * @param filled  for the lead, the quantity the venues filled of the net's orders so far (the sum of their fills,
   *                not their capped filled quantities), base units; null for the others
   */
  public record RoundLeg(LegState leg, boolean unsized, BigDecimal net, BigDecimal filled) {}

  /**
   * The legs of the given trades as committed now, by trade id, in one statement: what a routing round of the executor
   * reads, once for all its trades, instead of each lead's cross and fills and each other trade's leg one by one.
   */
  public Map<Long, RoundLeg> roundLegs(java.util.Collection<Long> tradeIds) {
    Map<Long, RoundLeg> out = new HashMap<>();
    if (tradeIds.isEmpty()) {
      return out;
    }
    // the cross-wide sums only for a lead's row: CASE evaluates a subquery only where its branch is taken
    String lead = " CASE WHEN c.lead_trade_id = l.proposal_trade_id THEN ";
    jdbi.useHandle(h -> h.createQuery(LEG_SELECT
            + "," + lead + "(SELECT coalesce(bool_or(m.to_venue IS NULL), false) FROM cross_leg m"
            + " WHERE m.internal_cross_id = c.id AND m.side = c.net_side) ELSE false END AS unsized,"
            + lead + "(SELECT coalesce(sum(m.to_venue), 0) FROM cross_leg m WHERE m.internal_cross_id = c.id AND m.side = c.net_side)"
            + " END AS net,"
            + lead + "(SELECT coalesce(sum(f.quantity), 0) FROM fill f JOIN venue_order o ON o.id = f.venue_order_id"
            + " WHERE o.internal_cross_id = c.id) END AS net_filled"
            + LEG_FROM + " WHERE l.proposal_trade_id = ANY(:ids)")
        .bindArray("ids", Long.class, List.copyOf(tradeIds))
        .map((rs, ctx) -> new RoundLeg(leg(rs), rs.getBoolean("unsized"), rs.getBigDecimal("net"), rs.getBigDecimal("net_filled")))
        .forEach(r -> out.put(r.leg().tradeId(), r)));
    return out;
  }

  private static List<LegState> crossLegs(Handle h, long crossId) {
    return h.createQuery(LEG_COLUMNS + " WHERE l.internal_cross_id = :c ORDER BY l.proposal_trade_id")
        .bind("c", crossId).map((rs, ctx) -> leg(rs)).list();
  }

  /** A cross's status, its row locked: a net's allocation and a late report of its fills wait for each other on it. */
  private static CrossStatus crossStatus(Handle h, long crossId) {
    return CrossStatus.valueOf(h.createQuery("SELECT status FROM internal_cross WHERE id = :c FOR UPDATE").bind("c", crossId)
        .mapTo(String.class).one());
  }

  /**
   * Records a run's crosses in one transaction, before any venue order of their nets is sent: each cross and its legs,
   * and each crossed quantity booked like a fill of the internal venue at the mid with no fee (fill, allocation, TRADE
   * entries, holdings, the trade's executed quantity). Refused as a whole when any of the trades has an order, a fill
   * or a cross already, or is no longer executing, so a cross is never booked twice.
   *
   * @return the crosses' ids, in the order given
   */
  public List<Long> commitCrosses(List<CrossDecision> crosses, String executor, Instant now) {
    if (crosses.isEmpty()) {
      return List.of();
    }
    return jdbi.inTransaction(h -> {
      List<Long> trades = crosses.stream().flatMap(c -> c.legs().stream()).map(CrossLeg::tradeId).toList();
      Map<Long, long[]> owner = new HashMap<>();
      Map<Long, String> cashOf = new HashMap<>();
      Map<Long, String> assetOf = new HashMap<>();
      List<Long> taken = new java.util.ArrayList<>();
      h.createQuery("SELECT t.id, t.asset, p.portfolio_id, pf.base_currency, (t.status <> 'EXECUTING' OR p.status <> 'EXECUTING'"
              + " OR t.executed_qty <> 0 OR EXISTS (SELECT 1 FROM venue_order o WHERE o.proposal_trade_id = t.id)"
              + " OR EXISTS (SELECT 1 FROM cross_leg l WHERE l.proposal_trade_id = t.id)) AS taken"
              + " FROM proposal_trade t JOIN proposal p ON p.id = t.proposal_id JOIN portfolio pf ON pf.id = p.portfolio_id"
              + " WHERE t.id = ANY(:ids) ORDER BY t.id FOR UPDATE OF t")
          .bindArray("ids", Long.class, trades)
          .map((rs, ctx) -> {
            long id = rs.getLong("id");
            owner.put(id, new long[] {rs.getLong("portfolio_id")});
            cashOf.put(id, rs.getString("base_currency"));
            assetOf.put(id, rs.getString("asset"));
            if (rs.getBoolean("taken")) {
              taken.add(id);
            }
            return id;
          }).list();
      if (!taken.isEmpty() || owner.size() != trades.size()) {
        throw new IllegalStateException("not crossed: trades " + taken + " already have an order, a fill or a cross, or are no longer"
            + " executing (of " + trades + ")");
      }
      List<Long> ids = new java.util.ArrayList<>();
      Map<Long, Map<String, BigDecimal>> moves = new java.util.TreeMap<>();
      var entries = h.prepareBatch("INSERT INTO holding_entry (portfolio_id, asset, delta, kind, allocation_id, fill_id, booked_at)"
          + " VALUES (:p, :asset, :delta, 'TRADE', :alloc, :fill, :now)");
      var executed = h.prepareBatch("UPDATE proposal_trade SET executed_qty = executed_qty + :q WHERE id = :id");
      for (CrossDecision c : crosses) {
        long crossId = h.createQuery("INSERT INTO internal_cross (asset, mid, crossed_qty, quantum, net_side, net_cap, lead_trade_id,"
                + " status, decided_by, decided_at) VALUES (:asset, :mid, :crossed, :quantum, :side, :cap, :lead, 'NET_OPEN', :by, :now)"
                + " RETURNING id")
            .bind("asset", c.asset()).bind("mid", c.mid()).bind("crossed", c.crossedPerSide()).bind("quantum", c.quantum())
            .bind("side", c.netSide() == null ? null : c.netSide().name()).bind("cap", c.netCap()).bind("lead", c.leadTradeId())
            .bind("by", executor).bind("now", now).mapTo(Long.class).one();
        ids.add(crossId);
        for (CrossLeg l : c.legs()) {
          if (!assetOf.get(l.tradeId()).equals(c.asset())) {
            throw new IllegalArgumentException("trade " + l.tradeId() + " trades " + assetOf.get(l.tradeId()) + ", not " + c.asset());
          }
          h.createUpdate("INSERT INTO cross_leg (proposal_trade_id, internal_cross_id, side, intended, crossed, to_venue)"
                  + " VALUES (:t, :c, :side, :intended, :crossed, :venue)")
              .bind("t", l.tradeId()).bind("c", crossId).bind("side", l.side().name()).bind("intended", l.intended())
              .bind("crossed", l.crossed()).bind("venue", l.toVenue()).execute();
          if (l.crossed().signum() == 0) {
            continue;
          }
          long fill = h.createQuery("INSERT INTO fill (venue_order_id, internal_cross_id, venue_id, venue_trade_id, quantity, price, fee,"
                  + " filled_at, booked_at) VALUES (NULL, :c, :venue, :trade, :q, :mid, 0, :now, :now) RETURNING id")
              .bind("c", crossId).bind("venue", INTERNAL_VENUE).bind("trade", "x" + crossId + "-" + l.tradeId())
              .bind("q", l.crossed()).bind("mid", c.mid()).bind("now", now).mapTo(Long.class).one();
          long alloc = h.createQuery("INSERT INTO allocation (fill_id, proposal_trade_id, quantity, fee) VALUES (:f, :t, :q, 0) RETURNING id")
              .bind("f", fill).bind("t", l.tradeId()).bind("q", l.crossed()).mapTo(Long.class).one();
          long portfolio = owner.get(l.tradeId())[0];
          BigDecimal sign = l.side() == Side.BUY ? BigDecimal.ONE : BigDecimal.ONE.negate();
          // exact by construction (the mid is rounded so that quantity x mid fits the ledger's 18 decimals): never rounded
          BigDecimal value = l.crossed().multiply(c.mid()).setScale(LedgerPosting.SCALE, java.math.RoundingMode.UNNECESSARY);
          Map<String, BigDecimal> m = moves.computeIfAbsent(portfolio, k -> new LinkedHashMap<>());
          for (Map.Entry<String, BigDecimal> e : Map.of(c.asset(), l.crossed().multiply(sign), cashOf.get(l.tradeId()),
              value.multiply(sign).negate()).entrySet()) {
            entries.bind("p", portfolio).bind("asset", e.getKey()).bind("delta", e.getValue()).bind("alloc", alloc).bind("fill", fill)
                .bind("now", now).add();
            m.merge(e.getKey(), e.getValue(), BigDecimal::add);
          }
          executed.bind("id", l.tradeId()).bind("q", l.crossed()).add();
        }
      }
      if (entries.size() > 0) {
        entries.execute();
        executed.execute();
      }
      for (Map.Entry<Long, Map<String, BigDecimal>> e : moves.entrySet()) {
        moveHoldings(h, e.getKey(), e.getValue(), now, () -> "internal crosses " + ids);
      }
      return ids;
    });
  }

  /**
   * Allocates a cross's net once it is final, in one transaction: the venues' fills of its orders are shared among the
   * net side's trades pro rata to their parts of the net ({@link dev.keel.domain.crossing.InternalCross#allocate}),
   * and each trade's share spread over every fill in proportion, so all get one venue price; allocations, ledger entries,
   * holdings and executed quantities as for any fill. Fills beyond the net (an order given up as never placed that the
   * venue filled after all, beside its replacement) are booked whole all the same: what no trade may take goes to the
   * lead trade's portfolio as an over-fill, ADJUSTMENT entries, as a fill beyond an ordinary trade's quantity does. A
   * second call changes nothing; fills reported later are allocated as they are booked ({@link #applyReport}).
   *
   * @return trade id → its share of the venue fills
   */
  public Map<Long, BigDecimal> allocateNet(long crossId, Instant now) {
    return jdbi.inTransaction(h -> {
      // the lead trade first, then the cross, then the other trades: the order a report of the net's order locks them in
      h.createQuery("SELECT t.id FROM proposal_trade t JOIN internal_cross c ON c.lead_trade_id = t.id WHERE c.id = :c FOR UPDATE OF t")
          .bind("c", crossId).mapTo(Long.class).list();
      CrossStatus status = crossStatus(h, crossId);
      List<LegState> legs = crossLegs(h, crossId);
      Map<Long, BigDecimal> shares = new LinkedHashMap<>();
      if (status == CrossStatus.DONE) {
        legs.stream().filter(LegState::onNetSide).forEach(l -> shares.put(l.tradeId(), l.venueFilled() == null ? BigDecimal.ZERO
            : l.venueFilled()));
        return shares;
      }
      List<NetFill> fills = netFills(h, crossId, null);
      // each trade's room is its whole part of the net; what fills beyond the net is the surplus, booked by bookNetParts
      Map<Long, BigDecimal> parts = new LinkedHashMap<>();
      for (LegState l : legs) {
        if (l.onNetSide() && l.toVenue() != null && l.toVenue().signum() > 0) {
          parts.put(l.tradeId(), l.toVenue());
        }
      }
      BigDecimal total = fills.stream().map(NetFill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
      var allocated = dev.keel.domain.crossing.InternalCross.allocate(total, parts, step(legs, fills));
      Map<Long, BigDecimal> venueShares = allocated.shares();
      BigDecimal filled = total.subtract(allocated.surplus());
      bookNetParts(h, crossId, legs, fills, venueShares, now);
      var legUpdate = h.prepareBatch("UPDATE cross_leg SET venue_filled = :q WHERE proposal_trade_id = :t");
      var executed = h.prepareBatch("UPDATE proposal_trade SET executed_qty = executed_qty + :q WHERE id = :t");
      for (LegState l : legs) {
        if (!l.onNetSide()) {
          continue;
        }
        BigDecimal q = venueShares.getOrDefault(l.tradeId(), BigDecimal.ZERO);
        shares.put(l.tradeId(), q);
        legUpdate.bind("t", l.tradeId()).bind("q", q).add();
        if (q.signum() > 0) {
          executed.bind("t", l.tradeId()).bind("q", q).add();
        }
      }
      if (legUpdate.size() > 0) {
        legUpdate.execute();
      }
      if (executed.size() > 0) {
        executed.execute();
      }
      h.createUpdate("UPDATE internal_cross SET status = 'DONE', venue_filled = :q, allocated_at = :now WHERE id = :c")
          .bind("c", crossId).bind("q", filled).bind("now", now).execute();
      return shares;
    });
  }

  /**
   * Allocates fills of a cross's net booked after the net was allocated (FAULTS.md E5), in the transaction that booked
   * them: the same trades by the same rule ({@link dev.keel.domain.crossing.InternalCross#allocate}), each share
   * spread over the late fills, and what no trade may take, once every trade has its part of the net, to the lead trade's
   * portfolio as an over-fill. The fills are inserted once by venue trade id, so a repeated report allocates nothing more.
   */
  private void allocateLate(Handle h, long crossId, List<Long> lateFills, Instant now) {
    List<LegState> legs = crossLegs(h, crossId);
    List<NetFill> fills = netFills(h, crossId, lateFills);
    BigDecimal step = step(legs, fills);
    // what each trade may still take at all: a lead that traded on after its net (as a trade of its own) has less room
    Map<Long, BigDecimal> unfilled = new HashMap<>();
    h.createQuery("SELECT id, quantity - executed_qty AS unfilled FROM proposal_trade WHERE id = ANY(:ids) ORDER BY id FOR UPDATE")
        .bindArray("ids", Long.class, legs.stream().map(LegState::tradeId).toList())
        .map((rs, ctx) -> unfilled.put(rs.getLong("id"), rs.getBigDecimal("unfilled"))).list();
    Map<Long, BigDecimal> room = new LinkedHashMap<>();
    for (LegState l : legs) {
      if (l.onNetSide() && l.toVenue() != null && l.toVenue().signum() > 0) {
        BigDecimal part = l.toVenue().subtract(l.venueFilled() == null ? BigDecimal.ZERO : l.venueFilled());
        room.put(l.tradeId(), part.min(unfilled.get(l.tradeId()).setScale(step.scale(), java.math.RoundingMode.DOWN))
            .max(BigDecimal.ZERO));
      }
    }
    BigDecimal late = fills.stream().map(NetFill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    var allocated = dev.keel.domain.crossing.InternalCross.allocate(late, room, step);
    bookNetParts(h, crossId, legs, fills, allocated.shares(), now);
    var legUpdate = h.prepareBatch("UPDATE cross_leg SET venue_filled = coalesce(venue_filled, 0) + :q WHERE proposal_trade_id = :t");
    var executed = h.prepareBatch("UPDATE proposal_trade SET executed_qty = executed_qty + :q WHERE id = :t");
    BigDecimal sum = BigDecimal.ZERO;
    for (Map.Entry<Long, BigDecimal> e : allocated.shares().entrySet()) {
      legUpdate.bind("t", e.getKey()).bind("q", e.getValue()).add();
      executed.bind("t", e.getKey()).bind("q", e.getValue()).add();
      sum = sum.add(e.getValue());
    }
    if (legUpdate.size() > 0) {
      legUpdate.execute();
      executed.execute();
    }
    h.createUpdate("UPDATE internal_cross SET venue_filled = coalesce(venue_filled, 0) + :q WHERE id = :c")
        .bind("c", crossId).bind("q", sum).execute();
  }

  /** A venue fill of a cross's net. */
  private record NetFill(long id, String venueTradeId, String venue, BigDecimal quantity, BigDecimal price, BigDecimal fee,
                         String feeAsset) {}

  /** The fills of a cross's net orders in booking order; only those given when {@code only} is not null. */
  private static List<NetFill> netFills(Handle h, long crossId, List<Long> only) {
    return h.createQuery("SELECT f.id, f.venue_trade_id, f.venue_id, f.quantity, f.price, f.fee, f.fee_asset FROM fill f"
            + " JOIN venue_order o ON o.id = f.venue_order_id WHERE o.internal_cross_id = :c"
            + " AND (CAST(:all AS BOOLEAN) OR f.id = ANY(:only)) ORDER BY f.id")
        .bind("c", crossId).bind("all", only == null).bindArray("only", Long.class, only == null ? List.of() : only)
        .map((rs, ctx) -> new NetFill(rs.getLong("id"), rs.getString("venue_trade_id"), rs.getString("venue_id"), rs.getBigDecimal("quantity"),
            rs.getBigDecimal("price"), rs.getBigDecimal("fee"), rs.getString("fee_asset"))).list();
  }

  /** The finest step of a cross's quantities and fills: what its venue shares are counted in. */
  private static BigDecimal step(List<LegState> legs, List<NetFill> fills) {
    int scale = 0;
    for (LegState l : legs) {
      scale = Math.max(scale, l.quantum().stripTrailingZeros().scale());
      if (l.onNetSide() && l.toVenue() != null && l.toVenue().signum() > 0) {
        scale = Math.max(scale, l.toVenue().stripTrailingZeros().scale());
        if (l.venueFilled() != null) {
          scale = Math.max(scale, l.venueFilled().stripTrailingZeros().scale());
        }
      }
    }
    for (NetFill f : fills) {
      scale = Math.max(scale, f.quantity().stripTrailingZeros().scale());
    }
    return BigDecimal.ONE.movePointLeft(Math.min(LedgerPosting.SCALE, scale));
  }

  /**
   * Books fills of a cross's net: each trade's share spread over the fills in proportion (allocation, TRADE and FEE
   * entries, as for any fill), and what of a fill no share takes, to the lead trade's portfolio as ADJUSTMENT entries
   * with a note; holdings moved by the same deltas. Every fill is so booked whole, to the last decimal of its fee.
   */
  private void bookNetParts(Handle h, long crossId, List<LegState> legs, List<NetFill> fills, Map<Long, BigDecimal> shares, Instant now) {
    if (fills.isEmpty()) {
      return;
    }
    Side netSide = legs.get(0).netSide();
    long lead = legs.get(0).leadTradeId();
    List<Map<Long, BigDecimal>> spread = dev.keel.domain.crossing.InternalCross.spread(fills.stream().map(NetFill::quantity).toList(),
        shares, BigDecimal.ONE.movePointLeft(LedgerPosting.SCALE));
    Map<Long, Object[]> trade = new HashMap<>();
    h.createQuery("SELECT t.id, t.asset, p.portfolio_id, pf.base_currency FROM proposal_trade t JOIN proposal p ON p.id = t.proposal_id"
            + " JOIN portfolio pf ON pf.id = p.portfolio_id WHERE t.id = ANY(:ids) ORDER BY t.id FOR UPDATE OF t")
        .bindArray("ids", Long.class, legs.stream().map(LegState::tradeId).toList())
        .map((rs, ctx) -> trade.put(rs.getLong("id"), new Object[] {rs.getString("asset"), rs.getLong("portfolio_id"),
            rs.getString("base_currency")})).list();
    var entries = h.prepareBatch("INSERT INTO holding_entry (portfolio_id, asset, delta, kind, allocation_id, fill_id, booked_at, note)"
        + " VALUES (:p, :asset, :delta, :kind, :alloc, :fill, :now, :note)");
    Map<Long, Map<String, BigDecimal>> moves = new java.util.TreeMap<>();
    for (int k = 0; k < fills.size(); k++) {
      NetFill f = fills.get(k);
      BigDecimal left = f.quantity();
      BigDecimal feeLeft = f.fee();
      for (Map.Entry<Long, BigDecimal> part : spread.get(k).entrySet()) {
        Object[] t = trade.get(part.getKey());
        String cash = (String) t[2];
        BigDecimal fee = f.fee().multiply(part.getValue()).divide(f.quantity(), LedgerPosting.SCALE, java.math.RoundingMode.HALF_EVEN);
        LedgerPosting.Posting posting = LedgerPosting.of(netSide, (String) t[0], cash, part.getValue(), f.price(), fee,
            f.feeAsset() == null ? cash : f.feeAsset(), part.getValue());
        long alloc = h.createQuery("INSERT INTO allocation (fill_id, proposal_trade_id, quantity, fee) VALUES (:f, :t, :q, :fee)"
                + " RETURNING id")
            .bind("f", f.id()).bind("t", part.getKey()).bind("q", posting.allocated()).bind("fee", posting.feeQuote())
            .mapTo(Long.class).one();
        for (LedgerPosting.Entry e : posting.entries()) {
          entries.bind("p", (Long) t[1]).bind("asset", e.asset()).bind("delta", e.delta()).bind("kind", e.kind()).bind("alloc", alloc)
              .bind("fill", f.id()).bind("now", now).bind("note", (String) null).add();
          moves.computeIfAbsent((Long) t[1], x -> new LinkedHashMap<>()).merge(e.asset(), e.delta(), BigDecimal::add);
        }
        left = left.subtract(part.getValue());
        feeLeft = feeLeft.subtract(fee);
      }
      if (left.signum() > 0) {
        // beyond every trade's part of the net: the lead's portfolio holds it, as the venue account does
        Object[] t = trade.get(lead);
        String cash = (String) t[2];
        LedgerPosting.Posting posting = LedgerPosting.of(netSide, (String) t[0], cash, left, f.price(), feeLeft.max(BigDecimal.ZERO),
            f.feeAsset() == null ? cash : f.feeAsset(), BigDecimal.ZERO);
        for (LedgerPosting.Entry e : posting.entries()) {
          entries.bind("p", (Long) t[1]).bind("asset", e.asset()).bind("delta", e.delta()).bind("kind", e.kind()).bind("alloc", (Long) null)
              .bind("fill", f.id()).bind("now", now).bind("note", "fill " + f.venueTradeId() + " on " + f.venue() + " beyond the net of"
                  + " internal cross " + crossId + " (every trade of its net side has its part): an over-fill of lead trade " + lead)
              .add();
          moves.computeIfAbsent((Long) t[1], x -> new LinkedHashMap<>()).merge(e.asset(), e.delta(), BigDecimal::add);
        }
      }
    }
    if (entries.size() > 0) {
      entries.execute();
    }
    for (Map.Entry<Long, Map<String, BigDecimal>> e : moves.entrySet()) {
      moveHoldings(h, e.getKey(), e.getValue(), now, () -> "the net of internal cross " + crossId);
    }
  }

  /** The placement's reply was lost: the order may exist (FAULTS.md E1). */
  private static void unknown(Handle h, long orderId, String reason, Instant now) {
    h.createUpdate("UPDATE venue_order SET status = 'UNKNOWN', reason = :reason, updated_at = :now"
            + " WHERE id = :id AND status IN ('NEW', 'SUBMITTED', 'UNKNOWN')")
        .bind("id", orderId).bind("reason", reason).bind("now", now).execute();
  }

  /** One more "no such order" answer for an order Keel does not know the fate of. */
  public void notFound(long orderId, int checks, Instant firstNotFoundAt, String reason, Instant now) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE venue_order SET not_found_checks = :n, first_not_found_at = :first, checks = checks + 1,"
            + " last_checked_at = :now, reason = :reason, updated_at = :now WHERE id = :id AND status IN ('NEW', 'SUBMITTED', 'UNKNOWN')")
        .bind("id", orderId).bind("n", checks).bind("first", firstNotFoundAt).bind("reason", reason).bind("now", now).execute());
  }

  /**
   * The venue did not place the order: REJECTED when it refused it (its reason says why, e.g. insufficient balance),
   * FAILED when it never got it (proven by lookups, or refused before it was read: 429, 418, a refused connection).
   */
  public void notPlaced(long orderId, OrderStatus status, String reason, Instant now) {
    jdbi.useHandle(h -> notPlaced(h, orderId, status, reason, now));
  }

  private static void notPlaced(Handle h, long orderId, OrderStatus status, String reason, Instant now) {
    h.createUpdate("UPDATE venue_order SET status = :status, reason = :reason, updated_at = :now, final_at = :now"
            + " WHERE id = :id AND status IN (<live>)")
        .bind("id", orderId).bind("status", status.name()).bind("reason", reason).bind("now", now).bindList("live", LIVE).execute();
  }

  /** A trade's end. */
  public record TradeEnd(long tradeId, TradeResult.Status status, String reason) {}

  private static void endTrades(Handle h, List<TradeEnd> ends) {
    if (ends.isEmpty()) {
      return;
    }
    var batch = h.prepareBatch("UPDATE proposal_trade SET status = :status, reason = :reason WHERE id = :id"
        + " AND status IN ('PENDING', 'EXECUTING')");
    for (TradeEnd e : ends) {
      batch.bind("id", e.tradeId()).bind("status", TradeStatus.of(e.status()).name()).bind("reason", e.reason()).add();
    }
    batch.execute();
  }

  /** An executing proposal's end (EXECUTED, PARTIAL or FAILED), with the reason and what its owner is told. */
  public record Finish(long proposalId, ProposalStatus end, String reason, Map<String, Object> payload) {}

  /**
   * In one transaction: sets what buys aim for (where not decided before), ends trades, then ends executing proposals
   * and tells their owners. Each proposal's end is conditional on it still being EXECUTING.
   *
   * @return the proposals this call ended
   */
  public java.util.Set<Long> finishAll(List<Plan> plans, List<TradeEnd> ends, List<Finish> finishes, Instant now) {
    if (plans.isEmpty() && ends.isEmpty() && finishes.isEmpty()) {
      return java.util.Set.of();
    }
    return jdbi.inTransaction(h -> {
      plan(h, plans);
      endTrades(h, ends);
      java.util.Set<Long> out = new java.util.LinkedHashSet<>();
      if (finishes.isEmpty()) {
        return out;
      }
      var batch = h.prepareBatch("UPDATE proposal SET status = :status, outcome_reason = :reason, finished_at = :now"
          + " WHERE id = :id AND status = 'EXECUTING'");
      for (Finish f : finishes) {
        batch.bind("id", f.proposalId()).bind("status", f.end().name()).bind("reason", f.reason()).bind("now", now).add();
      }
      int[] n = batch.execute();
      java.util.Set<Long> premium = new java.util.HashSet<>(h.createQuery("SELECT id FROM proposal WHERE id = ANY(:ids)"
              + " AND tier_at_creation = 'PREMIUM'")
          .bind("ids", finishes.stream().mapToLong(Finish::proposalId).toArray()).mapTo(Long.class).list());
      for (int i = 0; i < n.length; i++) {
        if (n[i] == 1) {
          Finish f = finishes.get(i);
          notify(h, f.proposalId(), NotificationKind.ended(f.end(), premium.contains(f.proposalId())), f.payload(), now);
          out.add(f.proposalId());
        }
      }
      return out;
    });
  }

  private static void notify(Handle h, long proposalId, NotificationKind kind, Map<String, Object> payload, Instant now) {
    h.createUpdate("INSERT INTO notification (account_id, proposal_id, kind, payload, created_at)"
            + " SELECT pf.account_id, p.id, :kind, CAST(:payload AS jsonb), :now FROM proposal p JOIN portfolio pf ON pf.id = p.portfolio_id"
            + " WHERE p.id = :id ON CONFLICT (proposal_id, kind) DO NOTHING")
        .bind("id", proposalId).bind("kind", kind.name()).bind("payload", dev.keel.persistence.scan.Json.of(payload)).bind("now", now).execute();
  }

  /** A venue no order is sent to until {@code until}. */
  public record Pause(String venue, VenueFaultKind kind, Instant until, String reason) {}

  /** The venues paused at {@code now}. */
  public Map<String, Pause> pauses(Instant now) {
    Map<String, Pause> out = new LinkedHashMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT * FROM venue_pause WHERE paused_until > :now").bind("now", now)
        .map((rs, ctx) -> out.put(rs.getString("venue_id"), new Pause(rs.getString("venue_id"), VenueFaultKind.valueOf(rs.getString("kind")),
            Columns.instant(rs, "paused_until"), rs.getString("reason")))).list());
    return out;
  }

  /**
   * Pauses a venue for every executor until {@code until} (never shortening a longer pause). A ban (HTTP 418) also
   * writes one VENUE_ALERT notification per new halt, for the operators: a ban that comes while a rate-limit pause is
   * recorded is a new halt too.
   *
   * @return true when this call started a new pause
   */
  public boolean pause(String venue, VenueFaultKind kind, Instant until, String reason, Instant now) {
    return jdbi.inTransaction(h -> {
      // Binance answers 418 to a client that went on after 429s: typically another executor, while the pause is recorded
      boolean escalated = h.createQuery("SELECT kind <> 'BANNED' FROM venue_pause WHERE venue_id = :venue AND paused_until > :now"
              + " FOR UPDATE")
          .bind("venue", venue).bind("now", now).mapTo(Boolean.class).findOne().orElse(false);
      boolean started = h.createQuery("INSERT INTO venue_pause (venue_id, kind, paused_from, paused_until, reason)"
              + " VALUES (:venue, :kind, :now, :until, :reason) ON CONFLICT (venue_id) DO UPDATE SET"
              + " kind = CASE WHEN venue_pause.paused_until <= :now OR EXCLUDED.kind = 'BANNED' THEN EXCLUDED.kind ELSE venue_pause.kind END,"
              + " paused_from = CASE WHEN venue_pause.paused_until <= :now THEN EXCLUDED.paused_from ELSE venue_pause.paused_from END,"
              + " paused_until = greatest(venue_pause.paused_until, EXCLUDED.paused_until), reason = EXCLUDED.reason"
              + " RETURNING paused_from = :now")
          .bind("venue", venue).bind("kind", kind.name()).bind("now", now).bind("until", until).bind("reason", reason)
          .mapTo(Boolean.class).one();
      if ((started || escalated) && kind == VenueFaultKind.BANNED) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("venue", venue);
        payload.put("haltedUntil", until.toString());
        payload.put("reason", reason);
        h.createUpdate("INSERT INTO notification (account_id, proposal_id, venue_id, kind, payload, created_at)"
                + " VALUES (NULL, NULL, :venue, :kind, CAST(:payload AS jsonb), :now)")
            .bind("venue", venue).bind("kind", NotificationKind.VENUE_ALERT.name())
            .bind("payload", dev.keel.persistence.scan.Json.of(payload)).bind("now", now).execute();
      }
      return started;
    });
  }

  private static double zero(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? 0 : v;
  }
}
