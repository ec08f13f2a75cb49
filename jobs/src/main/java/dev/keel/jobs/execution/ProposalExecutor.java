package dev.keel.jobs.execution;

import dev.keel.domain.execution.BuySizing;
import dev.keel.domain.execution.ClientOrderId;
import dev.keel.domain.execution.ExecutionPolicy;
import dev.keel.domain.execution.NaiveRebalance;
import dev.keel.domain.execution.PriceCap;
import dev.keel.domain.execution.Reconciliation;
import dev.keel.domain.execution.Repricing;
import dev.keel.domain.execution.RoutableBook;
import dev.keel.domain.execution.RoutePlan;
import dev.keel.domain.execution.RouteSlice;
import dev.keel.domain.execution.TradeResult;
import dev.keel.domain.execution.VenueRouter;
import dev.keel.domain.market.AssetCatalogue;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.VenueFault;
import dev.keel.domain.market.VenueFaultKind;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.jobs.venue.OrderReport;
import dev.keel.jobs.venue.OrderRequest;
import dev.keel.jobs.venue.Venue;
import dev.keel.jobs.venue.VenueFill;
import dev.keel.jobs.venue.VenueResult;
import dev.keel.persistence.execution.ExecutionDao;
import dev.keel.persistence.execution.ExecutionDao.OrderRow;
import dev.keel.persistence.execution.ExecutionDao.ProposalRow;
import dev.keel.persistence.execution.ExecutionDao.TradeRow;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution run: claims the executable proposals, then drives every executing proposal (its own, and any an
 * executor that died left behind) one step further, each under an advisory lock so no two executors drive the same
 * one. Driving a proposal is re-entrant and works only from what the database says: first every order whose fate is
 * unknown is reconciled by its client order id; a proposal not yet started is re-priced (HELD when prices moved beyond
 * its tolerance) and priced; then sells are routed and placed, one live order per trade at a time, the remainder of a
 * partial fill going to the next venue; once every sell is final, buys are sized to the cash the sells raised and
 * placed the same way; once every trade is final, the proposal ends EXECUTED, PARTIAL or FAILED and its owner is told.
 * Every order's intent is committed before its venue is called, and its reply committed before anything else is
 * decided, so a crash at any line leaves an order that the next run finds and adopts (FAULTS.md E1–E10).
 */
public final class ProposalExecutor {

  private static final Logger log = LoggerFactory.getLogger(ProposalExecutor.class);

  /**
   * @param policy         the router's rules
   * @param claimBatch     proposals one run claims at most
   * @param threads        proposals driven at once
   * @param maxSnapshotAge a snapshot older than this is not healthy
   * @param bookDepth      book levels read per side
   * @param naiveVenue     the single venue the naive yardstick trades on
   * @param executor       this executor's name, recorded on the proposals it claims
   * @param rateLimitWait  wait after a 429 without Retry-After
   * @param banHalt        halt after a 418 without Retry-After
   */
  public record Settings(ExecutionPolicy policy, int claimBatch, int threads, Duration maxSnapshotAge, int bookDepth, String naiveVenue,
                         String executor, Duration rateLimitWait, Duration banHalt) {
    public Settings {
      Objects.requireNonNull(policy, "policy");
      if (claimBatch < 1) {
        throw new IllegalArgumentException("keel.execution.claim-batch must be at least 1, was " + claimBatch);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("keel.execution.threads must be at least 1, was " + threads);
      }
    }
  }

  /** What a run did. */
  public record RunSummary(int claimed, int driven, int busy, int held, int finished, int waiting, int ordersPlaced, int fillsBooked,
                           int failed, Duration venueTime, Duration routerTime, Duration wallTime) {
    public String describe() {
      return "claimed " + claimed + ", driven " + driven + (busy > 0 ? " (" + busy + " busy elsewhere)" : "") + ", held " + held
          + ", finished " + finished + ", waiting " + waiting + ", orders " + ordersPlaced + ", fills " + fillsBooked
          + (failed > 0 ? ", errors " + failed : "");
    }
  }

  private final ExecutionDao dao;
  private final java.util.function.Supplier<List<Venue>> venues;
  private final Clock clock;
  private final Settings settings;
  private final VenueRouter router = VenueRouter.DEFAULT;
  private volatile String installation;

  public ProposalExecutor(ExecutionDao dao, List<Venue> venues, Clock clock, Settings settings) {
    this(dao, () -> venues, clock, settings);
  }

  /** @param venues the venues, asked at the start of every run */
  public ProposalExecutor(ExecutionDao dao, java.util.function.Supplier<List<Venue>> venues, Clock clock, Settings settings) {
    this.dao = dao;
    this.venues = venues;
    this.clock = clock;
    this.settings = settings;
  }

  private Map<String, Venue> venues() {
    Map<String, Venue> byId = new LinkedHashMap<>();
    venues.get().forEach(v -> byId.put(v.id().value(), v));
    return byId;
  }

  private final class Counters {
    final AtomicInteger held = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    final AtomicInteger waiting = new AtomicInteger();
    final AtomicInteger orders = new AtomicInteger();
    final AtomicInteger fills = new AtomicInteger();
    final AtomicInteger busy = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final java.util.concurrent.atomic.AtomicLong venueNanos = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong routerNanos = new java.util.concurrent.atomic.AtomicLong();
  }

  /** One run: claim, then drive every executing proposal and every finished one with an order still live. */
  public RunSummary run() {
    long t0 = System.nanoTime();
    Instant now = clock.instant();
    // read every run: a database wiped under a running service has a new prefix
    installation = dao.installation();
    List<Long> claimed = dao.claim(now, settings.claimBatch(), settings.executor());
    Set<Long> todo = new TreeSet<>(dao.executing());
    todo.addAll(dao.withOrdersToWatch(now, Reconciliation.LATE_FILL_WATCH));
    if (todo.isEmpty()) {
      // the usual run every 15 s: nothing to drive, so no market to read
      return new RunSummary(claimed.size(), 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ofNanos(System.nanoTime() - t0));
    }
    Map<String, Venue> venues = venues();
    RunMarket market = new RunMarket(now, clock, venues, dao, settings.maxSnapshotAge(), settings.bookDepth(), settings.rateLimitWait(),
        settings.banHalt());
    Counters c = new Counters();
    if (settings.threads() == 1 || todo.size() <= 1) {
      todo.forEach(id -> driveLocked(id, market, c));
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.threads(), todo.size()), r -> {
        Thread t = new Thread(r, "execute-" + r.hashCode());
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (long id : todo) {
          futures.add(pool.submit(() -> driveLocked(id, market, c)));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("execution run interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("execution run failed: " + e.getCause().getMessage(), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    return new RunSummary(claimed.size(), todo.size() - c.busy.get(), c.busy.get(), c.held.get(), c.finished.get(), c.waiting.get(),
        c.orders.get(), c.fills.get(), c.failed.get(), Duration.ofNanos(c.venueNanos.get()), Duration.ofNanos(c.routerNanos.get()),
        Duration.ofNanos(System.nanoTime() - t0));
  }

  private void driveLocked(long id, RunMarket market, Counters c) {
    try {
      Optional<ExecutionDao.ProposalLock> lock = dao.tryLock(id);
      if (lock.isEmpty()) {
        c.busy.incrementAndGet();
        return;
      }
      try (ExecutionDao.ProposalLock held = lock.get()) {
        drive(id, market, c);
      }
    } catch (RuntimeException e) {
      // one proposal's trouble never stops the others; its state is in the database and the next run goes on from it
      c.failed.incrementAndGet();
      log.error("proposal {}: {}", id, e.getMessage(), e);
    }
  }

  /** Drives one proposal as far as it can go in this run. */
  void drive(long id, RunMarket market, Counters c) {
    Optional<ProposalRow> found = dao.proposal(id);
    if (found.isEmpty()) {
      return;
    }
    ProposalRow p = found.get();
    List<OrderRow> orders = dao.orders(id);
    boolean settled = reconcile(p, orders, market, c);
    if (orders.stream().anyMatch(o -> o.live() || givenUp(o))) {
      p = dao.proposal(id).orElseThrow(); // reconciliation may have booked fills: trade on what it did
    }
    if (p.status() != ProposalStatus.EXECUTING) {
      return;
    }
    if (!settled) {
      c.waiting.incrementAndGet();
      return;
    }
    if (!p.started()) {
      if (!start(p, market, c)) {
        return;
      }
      p = dao.proposal(id).orElseThrow();
    }
    // from here the proposal's trades are kept in memory as they change; the database holds the same, committed
    Map<Long, TradeRow> state = new LinkedHashMap<>();
    p.trades().forEach(t -> state.put(t.id(), t));
    if (!trade(p, state, Side.SELL, market, c)
        || state.values().stream().anyMatch(t -> t.side() == Side.SELL && "EXECUTING".equals(t.status()))) {
      c.waiting.incrementAndGet();
      return;
    }
    sizeBuys(p, state, market);
    if (!trade(p, state, Side.BUY, market, c) || state.values().stream().anyMatch(t -> "EXECUTING".equals(t.status()))) {
      c.waiting.incrementAndGet();
      return;
    }
    finish(p, state.values(), c);
  }

  private static boolean givenUp(OrderRow o) {
    return "FAILED".equals(o.status()) && o.reason() != null && o.reason().startsWith(ExecutionDao.NOT_PLACED);
  }

  /**
   * Settles every order of the proposal whose fate is not final: asks the venue by client order id, books what it
   * reports, counts "no such order" answers until they prove the order was never placed. True when no order is left
   * live.
   */
  private boolean reconcile(ProposalRow p, List<OrderRow> orders, RunMarket market, Counters c) {
    boolean settled = true;
    Instant watchFrom = clock.instant().minus(Reconciliation.LATE_FILL_WATCH);
    for (OrderRow o : orders) {
      if (givenUp(o)) {
        watchLate(p, o, market, c, watchFrom);
        continue;
      }
      if (!o.live()) {
        continue;
      }
      TradeRow t = p.trades().stream().filter(x -> x.id() == o.tradeId()).findFirst().orElseThrow();
      Venue venue = market.venue(o.venue());
      if (venue == null || market.paused(o.venue())) {
        settled = false;
        continue;
      }
      Market m = Market.of(t.asset(), AssetCatalogue.CASH);
      long v0 = System.nanoTime();
      VenueResult<Optional<OrderReport>> r = venue.findOrder(m, o.clientOrderId());
      c.venueNanos.addAndGet(System.nanoTime() - v0);
      Instant now = clock.instant();
      if (r instanceof VenueResult.Ok<Optional<OrderReport>> ok && ok.value().isPresent()) {
        OrderReport report = ok.value().get();
        boolean done;
        try {
          done = apply(o, t, report, market, c);
        } catch (RuntimeException e) {
          // one order that cannot be booked now must not stop the others: it stays live, says why, and is tried again
          String reason = "booking failed, looked up again next run: " + e.getMessage();
          dao.unbooked(o.id(), reason, now);
          c.failed.incrementAndGet();
          log.error("proposal {}: order {} on {}: {}", p.id(), o.clientOrderId(), o.venue(), reason);
          settled = false;
          continue;
        }
        if (!report.status().isFinal()) {
          // an immediate-or-cancel order should never rest; if a venue left it open, cancel it and look again next run
          venue.cancel(m, o.clientOrderId());
        }
        if (!done) {
          settled = false;
        }
      } else if (r instanceof VenueResult.Ok<Optional<OrderReport>>) {
        Reconciliation.Verdict v = Reconciliation.judge(false, o.notFoundChecks(), o.firstNotFoundAt(), now, settings.policy());
        if (v instanceof Reconciliation.NotPlaced np) {
          dao.notPlaced(o.id(), "FAILED", np.reason(), now);
        } else {
          Reconciliation.AskAgain again = (Reconciliation.AskAgain) v;
          dao.notFound(o.id(), again.notFoundChecks(), again.firstNotFoundAt(), again.detail(), now);
          settled = false;
        }
      } else {
        if (r instanceof VenueResult.Failed<Optional<OrderReport>> f) {
          market.failed(o.venue(), f.fault());
          log.warn("proposal {}: could not look up order {} on {}: {}", p.id(), o.clientOrderId(), o.venue(), f.fault().describe());
        }
        settled = false;
      }
    }
    return settled;
  }

  /** Looks once more for an order given up as never placed; if the venue has it after all, its fills are booked (E5). */
  private void watchLate(ProposalRow p, OrderRow o, RunMarket market, Counters c, Instant watchFrom) {
    Venue venue = market.venue(o.venue());
    if (venue == null || market.paused(o.venue()) || o.finalAt() == null || o.finalAt().isBefore(watchFrom)) {
      return;
    }
    TradeRow t = p.trades().stream().filter(x -> x.id() == o.tradeId()).findFirst().orElseThrow();
    VenueResult<Optional<OrderReport>> r = venue.findOrder(Market.of(t.asset(), AssetCatalogue.CASH), o.clientOrderId());
    if (r instanceof VenueResult.Ok<Optional<OrderReport>> ok && ok.value().isPresent()) {
      OrderReport report = ok.value().get();
      log.warn("proposal {}: order {} on {}, given up as never placed, exists: {} with {} fills; booking them", p.id(),
          o.clientOrderId(), o.venue(), report.status(), report.fills().size());
      apply(o, t, report, market, c);
      dao.foundLate(o.id(), report.status().name(), report.venueOrderId(), clock.instant());
    }
  }

  /** Re-prices a claimed proposal; holds it or prices its trades. True when it may trade. */
  private boolean start(ProposalRow p, RunMarket market, Counters c) {
    Instant at = clock.instant();
    if (!at.isBefore(p.expiresAt())) {
      // claimed in time by an executor that died before starting it: an approval past its expiry never trades
      if (dao.hold(p.id(), "held: not started before its expiry at " + p.expiresAt(), at)) {
        c.held.incrementAndGet();
      }
      return false;
    }
    Map<String, Double> bands = dao.bands(p.id());
    List<Repricing.ProposedTrade> proposed = new ArrayList<>();
    Map<String, Repricing.Quote> quotes = new HashMap<>();
    for (TradeRow t : p.trades()) {
      proposed.add(new Repricing.ProposedTrade(t.asset(), t.side(), t.quantity(), t.estimatedPrice(), bands.getOrDefault(t.asset(), 0.0)));
      Optional<BigDecimal> mid = market.mid(t.asset());
      if (mid.isPresent()) {
        quotes.put(t.asset(), new Repricing.Quote(mid.get(), n -> market.costFraction(t.asset(), t.side(), n)));
      }
    }
    Repricing.Verdict verdict = Repricing.judge(proposed, p.expectedCost(), quotes, settings.policy());
    Instant now = clock.instant();
    if (verdict.hold()) {
      if (dao.hold(p.id(), verdict.reason(), now)) {
        c.held.incrementAndGet();
        log.info("proposal {} {}", p.id(), verdict.reason());
      }
      return false;
    }
    List<ExecutionDao.TradeStart> starts = new ArrayList<>();
    Map<String, Double> mids = new HashMap<>();
    for (TradeRow t : p.trades()) {
      BigDecimal mid = quotes.get(t.asset()).mid();
      BigDecimal cap = PriceCap.of(t.side(), mid, t.costBps(), settings.policy());
      BigDecimal touch = touch(t, market).orElse(mid);
      starts.add(new ExecutionDao.TradeStart(t.id(), cap, mid, touch, t.side() == Side.SELL ? t.quantity() : null));
    }
    Map<String, BigDecimal> holdings = dao.holdings(p.portfolioId());
    Map<String, Double> targets = dao.targets(p.portfolioId());
    Map<String, OrderBook> naiveBooks = new HashMap<>();
    Set<String> assets = new HashSet<>(holdings.keySet());
    assets.addAll(targets.keySet());
    for (String asset : assets) {
      if (asset.equals(AssetCatalogue.CASH)) {
        continue;
      }
      market.mid(asset).ifPresent(m -> mids.put(asset, m.doubleValue()));
      market.book(settings.naiveVenue(), Market.of(asset, AssetCatalogue.CASH)).ifPresent(b -> naiveBooks.put(asset, b));
    }
    mids.put(AssetCatalogue.CASH, 1.0);
    double naiveFee = market.quotes(assets.stream().filter(a -> !a.equals(AssetCatalogue.CASH)).findFirst().orElse(""))
        .stream().filter(q -> q.venue().equals(settings.naiveVenue())).mapToDouble(ExecutionDao.HealthyQuote::takerFee).findFirst()
        .orElse(0.001);
    NaiveRebalance.Cost naive = NaiveRebalance.of(holdings, targets, mids, naiveBooks, naiveFee, AssetCatalogue.CASH);
    return dao.start(p.id(), starts, money(naive.cost()), money(naive.notional()), market.venue(settings.naiveVenue()) != null
        ? settings.naiveVenue() : null);
  }

  /** The best price on the side the trade takes among the usable venues, now. */
  private Optional<BigDecimal> touch(TradeRow t, RunMarket market) {
    BigDecimal best = null;
    for (RoutableBook b : market.routable(t.asset(), Set.of())) {
      List<PriceLevel> levels = b.book().levelsTakenBy(t.side());
      if (levels.isEmpty()) {
        continue;
      }
      BigDecimal price = levels.get(0).price();
      if (best == null || (t.side() == Side.BUY ? price.compareTo(best) < 0 : price.compareTo(best) > 0)) {
        best = price;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Routes and places the trades of one side, in rounds, until each is done, has an order to wait for, or cannot go
   * on: each round routes every trade still short of its quantity, commits the intents of their next orders in one
   * transaction, calls the venues, and records every reply (fills booked into the ledger) in one more. A trade has one
   * live order at a time; the remainder of a partial fill goes to the next venue in the next round. False when
   * something must be waited for (an order whose fate is unknown, a paused venue).
   */
  private boolean trade(ProposalRow p, Map<Long, TradeRow> state, Side side, RunMarket market, Counters c) {
    List<TradeRow> trades = state.values().stream().filter(t -> t.side() == side && "EXECUTING".equals(t.status())).toList();
    if (trades.isEmpty()) {
      return true;
    }
    Map<Long, List<OrderRow>> ordersByTrade = new HashMap<>();
    for (OrderRow o : dao.orders(p.id())) {
      ordersByTrade.computeIfAbsent(o.tradeId(), k -> new ArrayList<>()).add(o);
    }
    boolean complete = true;
    List<TradeRow> open = new ArrayList<>(trades);
    for (int round = 0; round <= settings.policy().maxOrdersPerTrade() && !open.isEmpty(); round++) {
      List<ExecutionDao.TradeEnd> ends = new ArrayList<>();
      List<Placement> placements = new ArrayList<>();
      List<TradeRow> next = new ArrayList<>();
      for (TradeRow t : open) {
        List<OrderRow> orders = ordersByTrade.getOrDefault(t.id(), List.of());
        if (orders.stream().anyMatch(OrderRow::live)) {
          complete = false;
          continue;
        }
        if (orders.stream().anyMatch(o -> "REJECTED".equals(o.status()) && o.reason() != null
            && o.reason().startsWith(VenueFaultKind.INSUFFICIENT_FUNDS.name()))) {
          ends.add(end(t, true, "refused by the venue: insufficient balance (" + lastReason(orders) + ")"));
          continue;
        }
        BigDecimal remaining = t.remaining();
        if (remaining.signum() == 0) {
          ends.add(end(t, false, t.plannedQty() != null && t.plannedQty().compareTo(t.quantity()) < 0 ? t.reason() : null));
          continue;
        }
        if (orders.size() >= settings.policy().maxOrdersPerTrade()) {
          ends.add(end(t, false, "gave up after " + orders.size() + " orders: " + lastReason(orders)));
          continue;
        }
        Set<String> excluded = new HashSet<>();
        for (OrderRow o : orders) {
          // a venue that traded what its book held inside the cap, refused the order, or could not be reached is left
          // out; one whose order was proven never placed may take a new attempt with a new client order id (E2)
          if (!"FAILED".equals(o.status()) || (o.reason() != null && o.reason().startsWith(VenueFaultKind.UNAVAILABLE.name()))) {
            excluded.add(o.venue());
          }
        }
        List<RoutableBook> books = market.routable(t.asset(), excluded);
        if (books.isEmpty() && market.onlyPausedVenues(t.asset(), excluded)) {
          complete = false;
          continue;
        }
        long r0 = System.nanoTime();
        RoutePlan plan = router.route(side, remaining, t.priceCap(), books);
        c.routerNanos.addAndGet(System.nanoTime() - r0);
        if (plan.slices().isEmpty()) {
          ends.add(end(t, false, (orders.isEmpty() ? "" : lastReason(orders) + "; ") + "nothing more to route: "
              + (books.isEmpty() ? "no usable venue" : plan.reason())));
          continue;
        }
        RouteSlice slice = plan.slices().get(0);
        int sequence = orders.stream().mapToInt(OrderRow::sequence).max().orElse(0) + 1;
        String cid = ClientOrderId.of(installation, t.id(), sequence);
        placements.add(new Placement(t, slice, new ExecutionDao.OrderIntent(t.id(), slice.venue().value(), cid, t.side(),
            slice.quantity(), slice.limitPrice(), slice.expectedAveragePrice(), sequence)));
        next.add(t);
      }
      dao.finishTrades(ends);
      for (ExecutionDao.TradeEnd e : ends) {
        state.put(e.tradeId(), state.get(e.tradeId()).ended(e.status(), e.reason()));
      }
      if (placements.isEmpty()) {
        break;
      }
      Map<Long, Placed> placed = place(p, placements, market, c);
      // what the round did, kept in memory: the database holds the same, committed, for the next run
      List<TradeRow> still = new ArrayList<>();
      for (TradeRow t : next) {
        Placed pl = placed.get(t.id());
        if (pl == null) {
          complete = false; // the trade already had a live order: reconciled on the next run
          continue;
        }
        ordersByTrade.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(pl.order());
        TradeRow after = pl.allocated().signum() > 0 ? t.executedMore(pl.allocated()) : t;
        state.put(t.id(), after);
        still.add(after);
        if (pl.order().live()) {
          complete = false;
        }
      }
      open = still;
    }
    return complete;
  }

  /** An order sent in a round: its row as recorded, and what its fills allocated to the trade. */
  private record Placed(OrderRow order, BigDecimal allocated) {}

  /** One order about to be sent. */
  private record Placement(TradeRow trade, RouteSlice slice, ExecutionDao.OrderIntent intent) {}

  private static ExecutionDao.TradeEnd end(TradeRow t, boolean refused, String reason) {
    TradeResult.Status s = TradeResult.of(t.executedQty(), t.quantity(), refused);
    return new ExecutionDao.TradeEnd(t.id(), s.name(), s == TradeResult.Status.FILLED ? null : reason);
  }

  private static String lastReason(List<OrderRow> orders) {
    OrderRow last = orders.get(orders.size() - 1);
    return "order " + last.clientOrderId() + " on " + last.venue() + " " + last.status()
        + (last.reason() == null ? "" : ": " + last.reason());
  }

  /**
   * Commits the orders' intents in one transaction, calls the venues, records every reply in one more: trade id → the
   * order it sent, as recorded, and what its fills allocated to the trade.
   */
  private Map<Long, Placed> place(ProposalRow p, List<Placement> placements, RunMarket market, Counters c) {
    Instant intended = clock.instant();
    Map<Long, Long> ids = dao.intendAll(placements.stream().map(Placement::intent).toList(), intended);
    List<ExecutionDao.Reply> replies = new ArrayList<>();
    Map<Long, OrderRow> rows = new HashMap<>();
    for (Placement pl : placements) {
      Long orderId = ids.get(pl.trade().id());
      if (orderId == null) {
        continue; // the trade already has a live order: it is reconciled first
      }
      ExecutionDao.OrderIntent in = pl.intent();
      java.util.function.BiFunction<String, String, OrderRow> row = (status, reason) -> new OrderRow(orderId, in.tradeId(), in.venue(),
          in.clientOrderId(), null, in.side(), status, in.quantity(), BigDecimal.ZERO, in.limitPrice(), in.sequence(), 0, null,
          intended, reason, null);
      c.orders.incrementAndGet();
      String venueId = pl.intent().venue();
      Market m = Market.of(pl.trade().asset(), AssetCatalogue.CASH);
      long v0 = System.nanoTime();
      VenueResult<OrderReport> r = market.venue(venueId).place(new OrderRequest(m, pl.trade().side(), pl.intent().quantity(),
          pl.intent().limitPrice(), pl.intent().clientOrderId()));
      c.venueNanos.addAndGet(System.nanoTime() - v0);
      if (r instanceof VenueResult.Ok<OrderReport> ok) {
        Recorded rec = recorded(ok.value());
        try {
          replies.add(new ExecutionDao.Reported(orderId, rec.status(), ok.value().venueOrderId(),
              bookings(venueId, pl.trade(), ok.value(), market), rec.reason()));
          rows.put(in.tradeId(), row.apply(rec.status(), rec.reason()));
          c.fills.addAndGet(ok.value().fills().size());
        } catch (RuntimeException e) {
          String reason = "booking failed, looked up again next run: " + e.getMessage();
          replies.add(new ExecutionDao.Unbooked(orderId, reason));
          rows.put(in.tradeId(), row.apply("NEW", reason));
          log.error("proposal {}: order {} on {}: {}", p.id(), in.clientOrderId(), venueId, reason);
        }
        continue;
      }
      VenueFault fault = r instanceof VenueResult.Failed<OrderReport> f ? f.fault()
          : VenueFault.of(VenueFaultKind.MALFORMED_DATA, "an order reply that could not be read");
      if (fault.kind().outcomeUnknown()) {
        String reason = "placement reply lost: " + fault.describe();
        replies.add(new ExecutionDao.Unknown(orderId, reason));
        rows.put(in.tradeId(), row.apply("UNKNOWN", reason));
        log.warn("proposal {}: order {} on {}: outcome unknown, reconciling by client order id: {}", p.id(),
            pl.intent().clientOrderId(), venueId, fault.describe());
        continue;
      }
      market.failed(venueId, fault);
      String status = fault.kind() == VenueFaultKind.REJECTED || fault.kind() == VenueFaultKind.INSUFFICIENT_FUNDS ? "REJECTED" : "FAILED";
      String reason = fault.kind().name() + ": not placed: " + fault.describe();
      replies.add(new ExecutionDao.NotPlaced(orderId, status, reason));
      rows.put(in.tradeId(), row.apply(status, reason));
    }
    ExecutionDao.Applied applied = dao.applyAll(replies, clock.instant());
    Map<Long, Placed> out = new HashMap<>();
    rows.forEach((tradeId, order) -> {
      String failed = applied.failed().get(order.id());
      if (failed != null) {
        // not booked: the order keeps its status in the database (NEW), is looked up again and booked on the next run
        c.failed.incrementAndGet();
        log.error("proposal {}: order {}: {}", p.id(), order.clientOrderId(), failed);
        order = new OrderRow(order.id(), order.tradeId(), order.venue(), order.clientOrderId(), null, order.side(), "NEW",
            order.requestedQty(), BigDecimal.ZERO, order.limitPrice(), order.sequence(), 0, null, order.createdAt(), failed, null);
      }
      out.put(tradeId, new Placed(order, applied.allocated().getOrDefault(order.id(), BigDecimal.ZERO)));
    });
    return out;
  }

  /** How Keel records a venue's report of an order: its status, and why when it is not the venue's. */
  private record Recorded(String status, String reason) {
    boolean live() {
      return ExecutionDao.LIVE.contains(status);
    }
  }

  /**
   * A final status whose trades do not yet add up to the quantity the venue says filled (its trade list lags, or was
   * cut short) is recorded PARTIALLY_FILLED, still live: the order is looked up again until every fill is booked, so no
   * fill is lost and no remainder is sent elsewhere on a quantity the venue already traded.
   */
  static Recorded recorded(OrderReport report) {
    BigDecimal inFills = report.fills().stream().map(VenueFill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    if (report.status().isFinal() && inFills.compareTo(report.filledQuantity()) < 0) {
      return new Recorded("PARTIALLY_FILLED", "fills pending: the venue reports " + report.filledQuantity().toPlainString()
          + " filled and " + report.status() + ", its trades " + inFills.toPlainString());
    }
    return new Recorded(report.status().name(), null);
  }

  /** Books what the venue reports of an order; true when the order is final as recorded. */
  private boolean apply(OrderRow o, TradeRow t, OrderReport report, RunMarket market, Counters c) {
    Recorded rec = recorded(report);
    List<ExecutionDao.FillBooking> fills = bookings(o.venue(), t, report, market);
    dao.applyReport(o.id(), rec.status(), report.venueOrderId(), fills, rec.reason(), clock.instant());
    c.fills.addAndGet(fills.size());
    return !rec.live();
  }

  /** An order's fills as the ledger books them: a fee charged in a third asset valued in the cash asset. */
  private static List<ExecutionDao.FillBooking> bookings(String venue, TradeRow t, OrderReport report, RunMarket market) {
    List<ExecutionDao.FillBooking> fills = new ArrayList<>();
    for (VenueFill f : report.fills()) {
      BigDecimal fee = f.fee();
      String feeAsset = f.feeAsset();
      if (!feeAsset.equals(t.asset()) && !feeAsset.equals(AssetCatalogue.CASH)) {
        BigDecimal mid = market.mid(feeAsset).orElseThrow(() -> new IllegalStateException("fill " + f.tradeId() + " on " + venue
            + ": fee charged in " + f.feeAsset() + ", which has no healthy price to value it"));
        fee = fee.multiply(mid);
        feeAsset = AssetCatalogue.CASH;
      }
      fills.add(new ExecutionDao.FillBooking(f.tradeId(), f.quantity(), f.price(), fee, feeAsset, f.at()));
    }
    return fills;
  }

  /** Once every sell is final, sizes the buys to the cash the portfolio holds now. */
  private void sizeBuys(ProposalRow p, Map<Long, TradeRow> state, RunMarket market) {
    List<TradeRow> unsized = state.values().stream().filter(t -> t.side() == Side.BUY && "EXECUTING".equals(t.status())
        && t.plannedQty() == null).toList();
    if (unsized.isEmpty()) {
      return;
    }
    BigDecimal cash = dao.holdings(p.portfolioId()).getOrDefault(AssetCatalogue.CASH, BigDecimal.ZERO);
    List<BuySizing.Buy> buys = new ArrayList<>();
    for (TradeRow t : unsized) {
      List<ExecutionDao.HealthyQuote> quotes = market.quotes(t.asset());
      double maxFee = quotes.stream().mapToDouble(ExecutionDao.HealthyQuote::takerFee).max().orElse(0.01);
      BigDecimal lot = quotes.stream().map(ExecutionDao.HealthyQuote::lotSize).max(BigDecimal::compareTo).orElse(lot(t.quantity()));
      buys.add(new BuySizing.Buy(t.id(), t.quantity(), t.priceCap(), maxFee, lot));
    }
    Map<Long, BigDecimal> sized = BuySizing.size(cash, buys);
    List<ExecutionDao.Plan> plans = new ArrayList<>();
    for (TradeRow t : unsized) {
      BigDecimal q = sized.get(t.id());
      plans.add(new ExecutionDao.Plan(t.id(), q, q.compareTo(t.quantity()) < 0 ? "sized to the cash the sells raised: "
          + q.toPlainString() + " of " + t.quantity().toPlainString() + " (cash " + cash.toPlainString() + " USDT)" : null));
    }
    dao.planAll(plans);
    plans.forEach(pl -> state.put(pl.tradeId(), state.get(pl.tradeId()).planned(pl.quantity(), pl.reason())));
  }

  /** The step a proposed quantity was rounded to: its last significant decimal. */
  private static BigDecimal lot(BigDecimal quantity) {
    return BigDecimal.ONE.movePointLeft(Math.max(0, quantity.stripTrailingZeros().scale()));
  }

  private void finish(ProposalRow p, java.util.Collection<TradeRow> trades, Counters c) {
    List<TradeResult.Status> statuses = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    BigDecimal notional = BigDecimal.ZERO;
    for (TradeRow t : trades) {
      TradeResult.Status s = switch (t.status()) {
        case "FILLED" -> TradeResult.Status.FILLED;
        case "PARTIAL" -> TradeResult.Status.PARTIAL;
        case "REJECTED" -> TradeResult.Status.REJECTED;
        default -> TradeResult.Status.FAILED;
      };
      statuses.add(s);
      if (t.reason() != null && s != TradeResult.Status.FILLED) {
        reasons.add(t.asset() + " " + t.side() + " " + s + ": " + t.reason());
      }
      notional = notional.add(t.executedQty().multiply(t.estimatedPrice()));
    }
    TradeResult.ProposalEnd end = TradeResult.proposal(statuses);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("proposal", p.id());
    payload.put("status", end.name());
    payload.put("trades", statuses.size());
    payload.put("filled", statuses.stream().filter(s -> s == TradeResult.Status.FILLED).count());
    payload.put("notional", notional.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
    String reason = reasons.isEmpty() ? null : String.join("; ", reasons);
    if (reason != null) {
      payload.put("reason", reason);
    }
    if (dao.finish(p.id(), ProposalStatus.valueOf(end.name()), reason, payload, clock.instant())) {
      c.finished.incrementAndGet();
    }
  }

  private static BigDecimal money(double v) {
    return BigDecimal.valueOf(Double.isFinite(v) ? v : 0).setScale(8, java.math.RoundingMode.HALF_UP);
  }
}
