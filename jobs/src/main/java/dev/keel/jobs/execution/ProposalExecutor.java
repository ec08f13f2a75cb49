package dev.keel.jobs.execution;

import dev.keel.domain.crossing.RunCrossing;
import dev.keel.domain.execution.BuySizing;
import dev.keel.domain.execution.ClientOrderId;
import dev.keel.domain.execution.ExecutionPolicy;
import dev.keel.domain.execution.NaiveRebalance;
import dev.keel.domain.execution.OrderStatus;
import dev.keel.domain.execution.PriceCap;
import dev.keel.domain.execution.Reconciliation;
import dev.keel.domain.execution.Repricing;
import dev.keel.domain.execution.RoutableBook;
import dev.keel.domain.execution.RoutePlan;
import dev.keel.domain.execution.RouteSlice;
import dev.keel.domain.execution.TradeResult;
import dev.keel.domain.execution.TradeStatus;
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
import dev.keel.jobs.metrics.KeelMeters;
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
 * executor that died left behind) one step further, in groups, each proposal under an advisory lock so no two executors
 * drive the same one. Driving a proposal is re-entrant and works only from what the database says: first every order
 * whose fate is unknown is reconciled by its client order id; a proposal not yet started is re-priced (HELD when prices
 * moved beyond its tolerance) and priced; then sells are routed and placed, one live order per trade at a time, the
 * remainder of a partial fill going to the next venue; once every sell is final, buys are sized to the cash the sells
 * raised and placed the same way; once every trade is final, the proposal ends EXECUTED, PARTIAL or FAILED and its
 * owner is told. The proposals of a group go through these steps together, each step's writes for the group in one
 * transaction, and each proposal's trades and orders kept in memory from its first read to its finish. Every order's
 * intent is committed before its venue is called, and its reply committed before anything else is decided, so a crash
 * at any line leaves orders that the next run finds and adopts (FAULTS.md E1–E10).
 */
public final class ProposalExecutor {

  private static final Logger log = LoggerFactory.getLogger(ProposalExecutor.class);

  /**
   * @param policy         the router's rules
   * @param claimBatch     proposals one run claims at most
   * @param threads        groups of proposals driven at once
   * @param maxSnapshotAge a snapshot older than this is not healthy
   * @param bookDepth      book levels read per side
   * @param naiveVenue     the single venue the naive yardstick trades on
   * @param executor       this executor's name, recorded on the proposals it claims
   * @param rateLimitWait  wait after a 429 without Retry-After
   * @param banHalt        halt after a 418 without Retry-After
   * @param group          proposals driven together by one thread, their writes of each step in one transaction
   * @param crossing       whether a group's opposite trades of one asset cross inside Keel before the net goes to the venues
   */
  public record Settings(ExecutionPolicy policy, int claimBatch, int threads, Duration maxSnapshotAge, int bookDepth, String naiveVenue,
                         String executor, Duration rateLimitWait, Duration banHalt, int group, boolean crossing) {
    public Settings {
      Objects.requireNonNull(policy, "policy");
      if (claimBatch < 1) {
        throw new IllegalArgumentException("keel.execution.claim-batch must be at least 1, was " + claimBatch);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("keel.execution.threads must be at least 1, was " + threads);
      }
      if (group < 1) {
        throw new IllegalArgumentException("keel.execution.group must be at least 1, was " + group);
      }
    }

    /** Settings with crossing on. */
    public Settings(ExecutionPolicy policy, int claimBatch, int threads, Duration maxSnapshotAge, int bookDepth, String naiveVenue,
                    String executor, Duration rateLimitWait, Duration banHalt, int group) {
      this(policy, claimBatch, threads, maxSnapshotAge, bookDepth, naiveVenue, executor, rateLimitWait, banHalt, group, true);
    }

    /** The same settings with crossing on or off. */
    public Settings withCrossing(boolean on) {
      return new Settings(policy, claimBatch, threads, maxSnapshotAge, bookDepth, naiveVenue, executor, rateLimitWait, banHalt, group, on);
    }

    /** Settings that drive one proposal at a time: each proposal's writes commit on their own. */
    public Settings(ExecutionPolicy policy, int claimBatch, int threads, Duration maxSnapshotAge, int bookDepth, String naiveVenue,
                    String executor, Duration rateLimitWait, Duration banHalt) {
      this(policy, claimBatch, threads, maxSnapshotAge, bookDepth, naiveVenue, executor, rateLimitWait, banHalt, 1);
    }
  }

  /** What a run did. */
  public record RunSummary(int claimed, int driven, int busy, int held, int finished, int waiting, int ordersPlaced, int fillsBooked,
                           int failed, Duration venueTime, Duration routerTime, Duration wallTime, int crossedTrades) {
    public String describe() {
      return "claimed " + claimed + ", driven " + driven + (busy > 0 ? " (" + busy + " busy elsewhere)" : "") + ", held " + held
          + ", finished " + finished + ", waiting " + waiting + (crossedTrades > 0 ? ", crossed " + crossedTrades + " trades" : "")
          + ", orders " + ordersPlaced + ", fills " + fillsBooked + (failed > 0 ? ", errors " + failed : "");
    }
  }

  private final ExecutionDao dao;
  private final java.util.function.Supplier<List<Venue>> venues;
  private final Clock clock;
  private final Settings settings;
  private final VenueRouter router = VenueRouter.DEFAULT;
  private final KeelMeters meters;
  private volatile String installation;

  public ProposalExecutor(ExecutionDao dao, List<Venue> venues, Clock clock, Settings settings) {
    this(dao, () -> venues, clock, settings, KeelMeters.global());
  }

  /**
   * @param venues the venues, asked at the start of every run
   * @param meters where orders sent and fills booked are counted, by venue
   */
  public ProposalExecutor(ExecutionDao dao, java.util.function.Supplier<List<Venue>> venues, Clock clock, Settings settings,
                          KeelMeters meters) {
    this.dao = dao;
    this.venues = venues;
    this.clock = clock;
    this.settings = settings;
    this.meters = meters;
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
    final AtomicInteger crossed = new AtomicInteger();
    final java.util.concurrent.atomic.AtomicLong venueNanos = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong routerNanos = new java.util.concurrent.atomic.AtomicLong();
    /** Orders given up as never placed that turned up with fills not booked yet: looked up past the late-fill watch. */
    Set<Long> lateUnbooked = Set.of();
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
      return new RunSummary(claimed.size(), 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ofNanos(System.nanoTime() - t0),
          0);
    }
    Map<String, Venue> venues = venues();
    RunMarket market = new RunMarket(now, clock, venues, dao, settings.maxSnapshotAge(), settings.bookDepth(), settings.rateLimitWait(),
        settings.banHalt());
    Counters c = new Counters();
    c.lateUnbooked = dao.lateUnbooked();
    List<List<Long>> groups = groups(new ArrayList<>(todo));
    if (settings.threads() == 1 || groups.size() <= 1) {
      groups.forEach(g -> driveGroup(g, market, c));
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.threads(), groups.size()), r -> {
        Thread t = new Thread(r, "execute-" + r.hashCode());
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (List<Long> g : groups) {
          futures.add(pool.submit(() -> driveGroup(g, market, c)));
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
        Duration.ofNanos(System.nanoTime() - t0), c.crossed.get());
  }

  /** The proposals in id order, cut into groups of at most {@code group}, and at least one group per thread when there are enough. */
  private List<List<Long>> groups(List<Long> ids) {
    int size = Math.max(1, Math.min(settings.group(), (ids.size() + settings.threads() - 1) / settings.threads()));
    List<List<Long>> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += size) {
      out.add(ids.subList(i, Math.min(ids.size(), i + size)));
    }
    return out;
  }

  /** One proposal driven in a group: its trades and orders kept in memory as they change, from its first read to its finish. */
  private static final class Drive {
    ProposalRow p;
    final Map<Long, TradeRow> state = new LinkedHashMap<>();
    Map<Long, List<OrderRow>> ordersByTrade = new HashMap<>();
    /** Nothing more for it in this run: waiting, held, ended elsewhere or failed. */
    boolean out;
    /** Failed in this run: what it has not written yet is dropped, and the next run goes on from the database. */
    boolean failed;
    /** Written by the group's next transaction, before any order of that step is sent. */
    final List<ExecutionDao.Plan> plans = new ArrayList<>();
    final List<ExecutionDao.TradeEnd> ends = new ArrayList<>();
    // the side being traded: trades still short, whether nothing must be waited for, this round's orders
    List<TradeRow> open = List.of();
    boolean complete;
    List<Placement> placements = List.of();
    List<TradeRow> next = List.of();
    Map<Long, OrderRow> sent = Map.of();
    /** The trades' parts in internal crosses, by trade id. */
    Map<Long, ExecutionDao.LegState> legs = new HashMap<>();
    /** This round's trades that wait for their cross's net, sent by another trade's orders. */
    List<TradeRow> waiting = List.of();

    Drive(ProposalRow p, List<OrderRow> orders) {
      load(p, orders);
    }

    void load(ProposalRow row, List<OrderRow> orders) {
      p = row;
      state.clear();
      row.trades().forEach(t -> state.put(t.id(), t));
      ordersByTrade = new HashMap<>();
      orders.forEach(o -> ordersByTrade.computeIfAbsent(o.tradeId(), k -> new ArrayList<>()).add(o));
    }

    List<OrderRow> orders() {
      return ordersByTrade.values().stream().flatMap(List::stream).sorted(java.util.Comparator.comparingLong(OrderRow::id)).toList();
    }

    boolean pending() {
      return !plans.isEmpty() || !ends.isEmpty();
    }

    void end(ExecutionDao.TradeEnd e) {
      ends.add(e);
      state.put(e.tradeId(), state.get(e.tradeId()).ended(e.status(), e.reason()));
    }
  }

  private void driveGroup(List<Long> ids, RunMarket market, Counters c) {
    try (ExecutionDao.GroupLock lock = dao.tryLockAll(ids)) {
      c.busy.addAndGet(ids.size() - lock.locked().size());
      if (!lock.locked().isEmpty()) {
        drive(lock.locked(), market, c);
      }
    } catch (RuntimeException e) {
      // one group's trouble never stops the others; its state is in the database and the next run goes on from it
      c.failed.incrementAndGet();
      log.error("proposals {}..{}: {}", ids.get(0), ids.get(ids.size() - 1), e.getMessage(), e);
    }
  }

  /** Runs one proposal's part of a step; its trouble is its own: it is left for the next run and the others go on. */
  private void each(Drive d, Counters c, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      d.out = true;
      d.failed = true;
      c.failed.incrementAndGet();
      log.error("proposal {}: {}", d.p.id(), e.getMessage(), e);
    }
  }

  private static List<Drive> live(List<Drive> group) {
    return group.stream().filter(d -> !d.out).toList();
  }

  /**
   * Drives a group of locked proposals as far as each can go in this run, step by step together: reconcile, start, the
   * sells' rounds, the buys' sizing and rounds, the finish. Each step's writes for the whole group go in one transaction
   * (the intents of a round's orders committed before any of them is sent); when that transaction fails, each
   * proposal's part is written alone, so one proposal's trouble stays its own.
   */
  private void drive(List<Long> ids, RunMarket market, Counters c) {
    Map<Long, ProposalRow> rows = dao.proposals(ids);
    Map<Long, List<OrderRow>> orders = dao.orders(ids);
    List<Drive> group = new ArrayList<>();
    for (long id : ids) {
      ProposalRow p = rows.get(id);
      if (p == null) {
        continue;
      }
      Drive d = new Drive(p, orders.getOrDefault(id, List.of()));
      group.add(d);
      each(d, c, () -> settle(d, market, c));
    }
    Map<Long, ExecutionDao.LegState> legs = dao.legs(group.stream().flatMap(d -> d.state.keySet().stream()).toList());
    for (Drive d : group) {
      d.state.keySet().stream().filter(legs::containsKey).forEach(t -> d.legs.put(t, legs.get(t)));
    }
    start(live(group).stream().filter(d -> !d.p.started()).toList(), market, c);
    cross(group, market, c);
    trade(group, Side.SELL, market, c);
    for (Drive d : live(group)) {
      if (!d.complete || d.state.values().stream().anyMatch(t -> t.side() == Side.SELL && t.status() == TradeStatus.EXECUTING)) {
        c.waiting.incrementAndGet();
        d.out = true;
      }
    }
    sizeBuys(live(group), market, c);
    writeCrossedPlans(group, c);
    trade(group, Side.BUY, market, c);
    for (Drive d : live(group)) {
      if (!d.complete || d.state.values().stream().anyMatch(t -> t.status() == TradeStatus.EXECUTING)) {
        c.waiting.incrementAndGet();
        d.out = true;
      }
    }
    finish(group, c);
  }

  /**
   * Reconciles a proposal's orders whose fate is not final; a proposal whose reconciliation booked fills is read again,
   * so that it trades on what they did. It goes no further in this run while any order is left unsettled.
   */
  private void settle(Drive d, RunMarket market, Counters c) {
    List<OrderRow> orders = d.orders();
    boolean settled = reconcile(d.p, orders, market, c);
    if (orders.stream().anyMatch(o -> o.live() || givenUp(o))) {
      d.load(dao.proposal(d.p.id()).orElseThrow(), dao.orders(d.p.id()));
    }
    if (d.p.status() != ProposalStatus.EXECUTING) {
      d.out = true;
      return;
    }
    if (!settled) {
      c.waiting.incrementAndGet();
      d.out = true;
    }
  }

  /**
   * Writes one step for several proposals in one transaction; when it fails, each proposal's part alone, a proposal
   * whose own part fails being left for the next run. Returns what the writes returned, merged.
   */
  private <T> List<T> together(List<Drive> writing, java.util.function.Function<List<Drive>, T> write, Counters c) {
    if (writing.isEmpty()) {
      return List.of();
    }
    try {
      return List.of(write.apply(writing));
    } catch (RuntimeException e) {
      if (writing.size() == 1) {
        each(writing.get(0), c, () -> {
          throw e;
        });
        return List.of();
      }
      log.warn("proposals {}..{}: a group write failed, writing each proposal alone: {}", writing.get(0).p.id(),
          writing.get(writing.size() - 1).p.id(), e.getMessage());
      List<T> out = new ArrayList<>();
      for (Drive d : writing) {
        each(d, c, () -> out.add(write.apply(List.of(d))));
      }
      return out;
    }
  }

  private static boolean givenUp(OrderRow o) {
    return o.status() == OrderStatus.FAILED && o.reason() != null && o.reason().startsWith(ExecutionDao.NOT_PLACED);
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
          dao.notPlaced(o.id(), OrderStatus.FAILED, np.reason(), now);
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
    boolean pending = c.lateUnbooked.contains(o.id());
    if (venue == null || market.paused(o.venue()) || o.finalAt() == null || (o.finalAt().isBefore(watchFrom) && !pending)) {
      return;
    }
    TradeRow t = p.trades().stream().filter(x -> x.id() == o.tradeId()).findFirst().orElseThrow();
    VenueResult<Optional<OrderReport>> r = venue.findOrder(Market.of(t.asset(), AssetCatalogue.CASH), o.clientOrderId());
    if (r instanceof VenueResult.Ok<Optional<OrderReport>> ok && ok.value().isPresent()) {
      OrderReport report = ok.value().get();
      log.warn("proposal {}: order {} on {}, given up as never placed, exists: {} with {} fills; booking them", p.id(),
          o.clientOrderId(), o.venue(), report.status(), report.fills().size());
      try {
        apply(o, t, report, market, c);
      } catch (RuntimeException e) {
        // the venue traded, and the ledger cannot take it now (the trade was sent again and filled meanwhile): the order
        // is looked up every run, past the watch, until its fills are booked; an operator sees why in its reason
        dao.lateBookingFailed(o.id(), e.getMessage() == null ? e.toString() : e.getMessage(), clock.instant());
        c.failed.incrementAndGet();
        log.error("proposal {}: order {} on {}, found after it was given up, holds fills that cannot be booked now;"
            + " looked up again every run: {}", p.id(), o.clientOrderId(), o.venue(), e.getMessage());
        return;
      }
      dao.foundLate(o.id(), report.status().recorded(), report.venueOrderId(), clock.instant());
    }
  }

  /**
   * Re-prices claimed proposals not yet started: each is held, or its trades priced; the starts of the group are
   * written in one transaction, and the trades kept in memory as they were written.
   */
  private void start(List<Drive> ds, RunMarket market, Counters c) {
    if (ds.isEmpty()) {
      return;
    }
    Instant at = clock.instant();
    List<Drive> pricing = new ArrayList<>();
    for (Drive d : ds) {
      if (!at.isBefore(d.p.expiresAt())) {
        // claimed in time by an executor that died before starting it: an approval past its expiry never trades
        d.out = true;
        each(d, c, () -> {
          if (dao.hold(d.p.id(), "held: not started before its expiry at " + d.p.expiresAt(), at)) {
            c.held.incrementAndGet();
          }
        });
      } else {
        pricing.add(d);
      }
    }
    if (pricing.isEmpty()) {
      return;
    }
    List<Long> portfolios = pricing.stream().map(d -> d.p.portfolioId()).distinct().toList();
    Map<Long, Map<String, Double>> bands = dao.bands(pricing.stream().map(d -> d.p.id()).toList());
    Map<Long, Map<String, BigDecimal>> holdings = dao.holdings(portfolios);
    Map<Long, Map<String, Double>> targets = dao.targets(portfolios);
    Map<Long, ExecutionDao.Start> starts = new LinkedHashMap<>();
    List<Drive> starting = new ArrayList<>();
    for (Drive d : pricing) {
      each(d, c, () -> price(d, bands.getOrDefault(d.p.id(), Map.of()), holdings.getOrDefault(d.p.portfolioId(), Map.of()),
          targets.getOrDefault(d.p.portfolioId(), Map.of()), market, c).ifPresentOrElse(s -> {
            starts.put(d.p.id(), s);
            starting.add(d);
          }, () -> d.out = true));
    }
    Set<Long> started = new HashSet<>();
    together(starting, w -> dao.startAll(w.stream().map(d -> starts.get(d.p.id())).toList()), c).forEach(started::addAll);
    for (Drive d : starting) {
      if (d.failed) {
        continue;
      }
      if (!started.contains(d.p.id())) {
        d.out = true; // ended or started by another executor in between
        continue;
      }
      for (ExecutionDao.TradeStart t : starts.get(d.p.id()).trades()) {
        d.state.put(t.tradeId(), d.state.get(t.tradeId()).started(t.priceCap(), t.mid(), t.plannedQty()));
      }
    }
  }

  /** Re-prices a claimed proposal: how it starts, or empty when it is held (prices moved beyond its tolerance). */
  private Optional<ExecutionDao.Start> price(Drive d, Map<String, Double> bands, Map<String, BigDecimal> holdings,
                                             Map<String, Double> targets, RunMarket market, Counters c) {
    ProposalRow p = d.p;
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
    if (verdict.hold()) {
      if (dao.hold(p.id(), verdict.reason(), clock.instant())) {
        c.held.incrementAndGet();
        log.info("proposal {} {}", p.id(), verdict.reason());
      }
      return Optional.empty();
    }
    List<ExecutionDao.TradeStart> starts = new ArrayList<>();
    Map<String, Double> mids = new HashMap<>();
    for (TradeRow t : p.trades()) {
      BigDecimal mid = quotes.get(t.asset()).mid();
      BigDecimal cap = PriceCap.of(t.side(), mid, t.costBps(), settings.policy());
      BigDecimal touch = touch(t, market).orElse(mid);
      starts.add(new ExecutionDao.TradeStart(t.id(), cap, mid, touch, t.side() == Side.SELL ? t.quantity() : null));
    }
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
    return Optional.of(new ExecutionDao.Start(p.id(), starts, money(naive.cost()), money(naive.notional()),
        market.venue(settings.naiveVenue()) != null ? settings.naiveVenue() : null));
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
   * Routes and places the trades of one side for the whole group, in rounds, until each is done, has an order to wait
   * for, or cannot go on: each round routes every trade still short of its quantity, commits the intents of the group's
   * next orders in one transaction (with the trades ended and the buys sized since the last one), calls the venues, and
   * records every reply (fills booked into the ledger, each reply under a savepoint of its own) in one more. A trade has
   * one live order at a time; the remainder of a partial fill goes to the next venue in the next round. A proposal whose
   * {@code complete} ends false must wait for something (an order whose fate is unknown, a paused venue).
   */
  private void trade(List<Drive> group, Side side, RunMarket market, Counters c) {
    List<Drive> active = new ArrayList<>();
    for (Drive d : live(group)) {
      d.complete = true;
      d.open = d.state.values().stream().filter(t -> t.side() == side && t.status() == TradeStatus.EXECUTING).toList();
      if (!d.open.isEmpty()) {
        active.add(d);
      }
    }
    for (int round = 0; round <= settings.policy().maxOrdersPerTrade() && !active.isEmpty(); round++) {
      // the net side's legs not yet allocated, read once for the round, after the last round's replies were committed
      Map<Long, ExecutionDao.RoundLeg> now = roundLegs(active, d -> d.open, c);
      List<Drive> placing = new ArrayList<>();
      for (Drive d : active) {
        if (!d.failed) {
          each(d, c, () -> route(d, side, market, now, c));
        }
        if (!d.failed && !d.placements.isEmpty()) {
          placing.add(d);
        }
      }
      // a net's lead may have ended after trades of its net side were routed in this round: they end now, read again
      Map<Long, ExecutionDao.RoundLeg> after = roundLegs(active, d -> d.waiting, c);
      for (Drive d : active) {
        if (!d.failed && !d.waiting.isEmpty()) {
          each(d, c, () -> {
            List<TradeRow> still = new ArrayList<>();
            for (TradeRow t : d.waiting) {
              ExecutionDao.LegState leg = d.legs.get(t.id());
              if (!(leg != null && leg.onNetSide() && !leg.lead() && endMember(d, t, leg, after.get(t.id())))) {
                still.add(t);
              }
            }
            d.open = d.open.stream().filter(t -> still.contains(t) || !d.waiting.contains(t)).toList();
            d.waiting = still;
          });
        }
      }
      if (placing.isEmpty()) {
        break;
      }
      Instant intended = clock.instant();
      Map<Long, Long> ids = new HashMap<>();
      List<Drive> writing = group.stream().filter(d -> !d.failed && (d.pending() || !d.placements.isEmpty())).toList();
      together(writing, w -> {
        Map<Long, Long> out = dao.commitRound(w.stream().flatMap(d -> d.plans.stream()).toList(),
            w.stream().flatMap(d -> d.ends.stream()).toList(),
            w.stream().flatMap(d -> d.placements.stream()).map(Placement::intent).toList(), intended);
        w.forEach(d -> {
          d.plans.clear();
          d.ends.clear();
        });
        return out;
      }, c).forEach(ids::putAll);
      List<ExecutionDao.Reply> replies = new ArrayList<>();
      placing = placing.stream().filter(d -> !d.failed).toList();
      for (Drive d : placing) {
        send(d, ids, intended, market, c, replies);
      }
      ExecutionDao.Applied applied = dao.applyAll(replies, clock.instant());
      for (Drive d : placing) {
        each(d, c, () -> recordRound(d, applied, c));
      }
      active = active.stream().filter(d -> !d.out && !d.open.isEmpty()).toList();
    }
    for (Drive d : live(group)) {
      if (!d.waiting.isEmpty()) {
        d.complete = false; // its cross's net is not final yet: the next run looks again
      }
      d.waiting = List.of();
    }
  }

  /**
   * The committed legs of the given trades of the group that are on a net side and not yet allocated, in one read; when
   * it fails, the proposals that needed it are left for the next run, the others go on.
   */
  private Map<Long, ExecutionDao.RoundLeg> roundLegs(List<Drive> active, java.util.function.Function<Drive, List<TradeRow>> trades,
                                                     Counters c) {
    Map<Drive, List<Long>> needed = new LinkedHashMap<>();
    for (Drive d : active) {
      if (d.failed) {
        continue;
      }
      for (TradeRow t : trades.apply(d)) {
        ExecutionDao.LegState leg = d.legs.get(t.id());
        if (leg != null && leg.onNetSide() && !leg.done()) {
          needed.computeIfAbsent(d, x -> new ArrayList<>()).add(t.id());
        }
      }
    }
    if (needed.isEmpty()) {
      return Map.of();
    }
    try {
      return dao.roundLegs(needed.values().stream().flatMap(List::stream).toList());
    } catch (RuntimeException e) {
      needed.keySet().forEach(d -> each(d, c, () -> {
        throw e;
      }));
      return Map.of();
    }
  }

  /**
   * One proposal's part of a round: ends the trades that are done or cannot go on, and routes each other one's next
   * order.
   *
   * @param now the round's read of its net-side legs not yet allocated ({@link #roundLegs})
   */
  private void route(Drive d, Side side, RunMarket market, Map<Long, ExecutionDao.RoundLeg> now, Counters c) {
    List<Placement> placements = new ArrayList<>();
    List<TradeRow> next = new ArrayList<>();
    List<TradeRow> waiting = new ArrayList<>();
    for (TradeRow t : d.open) {
      List<OrderRow> orders = d.ordersByTrade.getOrDefault(t.id(), List.of());
      ExecutionDao.LegState leg = d.legs.get(t.id());
      if (leg != null && leg.onNetSide() && !leg.lead()) {
        if (!endMember(d, t, leg, now.get(t.id()))) {
          waiting.add(t);
        }
        continue;
      }
      if (leg != null && leg.lead() && leg.done() && orders.stream().noneMatch(OrderRow::live)) {
        // the net is allocated but the lead's end was not written (the process died between the two): the net was all
        // the lead had to trade, so it ends now and sends nothing more of its own
        d.end(end(t, false, crossReason(leg, leg.venueFilled() == null ? BigDecimal.ZERO : leg.venueFilled())
            + "; the net was allocated before the trade's end was written"));
        continue;
      }
      BigDecimal remaining = t.remaining();
      BigDecimal cap = t.priceCap();
      Long crossId = null;
      if (leg != null && leg.lead() && !leg.done()) {
        // the trade's orders carry its cross's net: what the net side still needs at the venues, at the strictest cap
        ExecutionDao.RoundLeg net = Objects.requireNonNull(now.get(t.id()), () -> "trade " + t.id() + ": its cross was not read");
        if (net.unsized()) {
          waiting.add(t); // a buy of the net side not yet sized to its cash
          continue;
        }
        remaining = net.net().subtract(net.filled()).max(BigDecimal.ZERO);
        cap = leg.netCap();
        crossId = leg.crossId();
      }
      if (orders.stream().anyMatch(OrderRow::live)) {
        d.complete = false;
        continue;
      }
      if (orders.stream().anyMatch(o -> o.status() == OrderStatus.REJECTED && o.reason() != null
          && o.reason().startsWith(VenueFaultKind.INSUFFICIENT_FUNDS.name()))) {
        endTrade(d, t, true, "refused by the venue: insufficient balance (" + lastReason(orders) + ")");
        continue;
      }
      if (remaining.signum() == 0) {
        endTrade(d, t, false, t.plannedQty() != null && t.plannedQty().compareTo(t.quantity()) < 0 ? t.reason() : null);
        continue;
      }
      if (orders.size() >= settings.policy().maxOrdersPerTrade()) {
        endTrade(d, t, false, "gave up after " + orders.size() + " orders: " + lastReason(orders));
        continue;
      }
      Set<String> excluded = new HashSet<>();
      for (OrderRow o : orders) {
        // a venue that traded what its book held inside the cap, refused the order, or could not be reached is left
        // out; one whose order was proven never placed may take a new attempt with a new client order id (E2)
        if (o.status() != OrderStatus.FAILED || (o.reason() != null && o.reason().startsWith(VenueFaultKind.UNAVAILABLE.name()))) {
          excluded.add(o.venue());
        }
      }
      List<RoutableBook> books = market.routable(t.asset(), excluded);
      if (books.isEmpty() && market.onlyPausedVenues(t.asset(), excluded)) {
        d.complete = false;
        continue;
      }
      long r0 = System.nanoTime();
      RoutePlan plan = router.route(side, remaining, cap, books);
      c.routerNanos.addAndGet(System.nanoTime() - r0);
      if (plan.slices().isEmpty()) {
        endTrade(d, t, false, (orders.isEmpty() ? "" : lastReason(orders) + "; ") + "nothing more to route: "
            + (books.isEmpty() ? "no usable venue" : plan.reason()));
        continue;
      }
      RouteSlice slice = plan.slices().get(0);
      int sequence = orders.stream().mapToInt(OrderRow::sequence).max().orElse(0) + 1;
      String cid = ClientOrderId.of(installation, t.id(), sequence);
      placements.add(new Placement(t, slice, new ExecutionDao.OrderIntent(t.id(), slice.venue().value(), cid, t.side(),
          slice.quantity(), slice.limitPrice(), slice.expectedAveragePrice(), sequence, crossId)));
      next.add(t);
    }
    d.placements = placements;
    d.next = next;
    d.waiting = waiting;
    if (placements.isEmpty()) {
      d.open = waiting;
    }
  }

  /**
   * Ends a trade; the lead of a cross's net first allocates the net's venue fills to every trade of the net side, so
   * its own end counts its share.
   */
  private void endTrade(Drive d, TradeRow t, boolean refused, String reason) {
    ExecutionDao.LegState leg = d.legs.get(t.id());
    if (leg != null && leg.lead() && !leg.done()) {
      Map<Long, BigDecimal> shares = dao.allocateNet(leg.crossId(), clock.instant());
      BigDecimal mine = shares.getOrDefault(t.id(), BigDecimal.ZERO);
      t = t.executedMore(mine);
      d.state.put(t.id(), t);
      d.legs.put(t.id(), leg.allocated(mine));
      reason = crossReason(leg, mine) + (reason == null ? "" : "; " + reason);
    }
    d.end(end(t, refused, reason));
  }

  /**
   * A trade of a cross's net side other than its lead: it ends once the lead has allocated the net's venue fills.
   *
   * @return true when it ended
   */
  private boolean endMember(Drive d, TradeRow t, ExecutionDao.LegState leg, ExecutionDao.RoundLeg read) {
    ExecutionDao.LegState now = leg.done() ? leg : read == null ? null : read.leg();
    if (now == null || !now.done()) {
      return false;
    }
    TradeRow after = t;
    if (!leg.done()) {
      // allocated in this run: the database holds the new executed quantity, the memory adds it
      after = t.executedMore(now.venueFilled());
      d.state.put(t.id(), after);
      d.legs.put(t.id(), now);
    }
    d.end(end(after, false, crossReason(now, now.venueFilled())));
    return true;
  }

  private static String crossReason(ExecutionDao.LegState leg, BigDecimal venueFilled) {
    return "crossed " + plain(leg.crossed()) + " inside Keel (cross " + leg.crossId() + "), " + plain(venueFilled)
        + " of its " + (leg.toVenue() == null ? "0" : plain(leg.toVenue())) + " in the net filled at the venues";
  }

  /** A quantity as a reason shows it, without the ledger's trailing zeros. */
  private static String plain(BigDecimal quantity) {
    return quantity.signum() == 0 ? "0" : quantity.stripTrailingZeros().toPlainString();
  }

  /** What one proposal's round did, kept in memory: the database holds the same, committed, for the next run. */
  private void recordRound(Drive d, ExecutionDao.Applied applied, Counters c) {
    List<TradeRow> still = new ArrayList<>();
    for (TradeRow t : d.next) {
      OrderRow order = d.sent.get(t.id());
      if (order == null) {
        d.complete = false; // the trade already had a live order: reconciled on the next run
        continue;
      }
      String failed = applied.failed().get(order.id());
      if (failed != null) {
        // not booked: the order keeps its status in the database (NEW), is looked up again and booked on the next run
        c.failed.incrementAndGet();
        log.error("proposal {}: order {}: {}", d.p.id(), order.clientOrderId(), failed);
        order = new OrderRow(order.id(), order.tradeId(), order.venue(), order.clientOrderId(), null, order.side(), OrderStatus.NEW,
            order.requestedQty(), BigDecimal.ZERO, order.limitPrice(), order.sequence(), 0, null, order.createdAt(), failed, null);
      }
      BigDecimal allocated = applied.allocated().getOrDefault(order.id(), BigDecimal.ZERO);
      d.ordersByTrade.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(order);
      TradeRow after = allocated.signum() > 0 ? t.executedMore(allocated) : t;
      d.state.put(t.id(), after);
      still.add(after);
      if (order.live()) {
        d.complete = false;
      }
    }
    still.addAll(d.waiting);
    d.open = still;
    d.placements = List.of();
    d.next = List.of();
    d.sent = Map.of();
  }

  /** One order about to be sent. */
  private record Placement(TradeRow trade, RouteSlice slice, ExecutionDao.OrderIntent intent) {}

  private static ExecutionDao.TradeEnd end(TradeRow t, boolean refused, String reason) {
    TradeResult.Status s = TradeResult.of(t.executedQty(), t.quantity(), refused);
    return new ExecutionDao.TradeEnd(t.id(), s, s == TradeResult.Status.FILLED ? null : reason);
  }

  private static String lastReason(List<OrderRow> orders) {
    OrderRow last = orders.get(orders.size() - 1);
    return "order " + last.clientOrderId() + " on " + last.venue() + " " + last.status()
        + (last.reason() == null ? "" : ": " + last.reason());
  }

  /**
   * Sends one proposal's orders of a round, whose intents are committed, and collects the replies to record: what each
   * order will stand as once they are, in {@code d.sent}. An order to a venue paused since the round began (a 429 or
   * 418 met by an earlier order of the round) is not sent: it is not placed.
   */
  private void send(Drive d, Map<Long, Long> ids, Instant intended, RunMarket market, Counters c, List<ExecutionDao.Reply> replies) {
    Map<Long, OrderRow> rows = new HashMap<>();
    for (Placement pl : d.placements) {
      Long orderId = ids.get(pl.trade().id());
      if (orderId == null) {
        continue; // the trade already has a live order: it is reconciled first
      }
      ExecutionDao.OrderIntent in = pl.intent();
      java.util.function.BiFunction<OrderStatus, String, OrderRow> row = (status, reason) -> new OrderRow(orderId, in.tradeId(), in.venue(),
          in.clientOrderId(), null, in.side(), status, in.quantity(), BigDecimal.ZERO, in.limitPrice(), in.sequence(), 0, null,
          intended, reason, null);
      String venueId = in.venue();
      Optional<ExecutionDao.Pause> pause = market.pause(venueId);
      if (pause.isPresent()) {
        String reason = pause.get().kind() + ": not placed: not sent, " + venueId + " paused until " + pause.get().until() + " ("
            + pause.get().reason() + ")";
        replies.add(new ExecutionDao.NotPlaced(orderId, OrderStatus.FAILED, reason));
        rows.put(in.tradeId(), row.apply(OrderStatus.FAILED, reason));
        continue;
      }
      c.orders.incrementAndGet();
      meters.orderSent(venueId);
      Market m = Market.of(pl.trade().asset(), AssetCatalogue.CASH);
      long v0 = System.nanoTime();
      VenueResult<OrderReport> r = market.venue(venueId).place(new OrderRequest(m, pl.trade().side(), in.quantity(), in.limitPrice(),
          in.clientOrderId()));
      c.venueNanos.addAndGet(System.nanoTime() - v0);
      if (r instanceof VenueResult.Ok<OrderReport> ok) {
        // accepted, yet the status query that followed (Kraken's) may have met a 429 or 418: every executor must wait too
        market.venue(venueId).pausedBy().ifPresent(f -> market.failed(venueId, f));
        Recorded rec = recorded(ok.value());
        try {
          List<ExecutionDao.FillBooking> fills = bookings(venueId, pl.trade(), ok.value(), market);
          replies.add(new ExecutionDao.Reported(orderId, rec.status(), ok.value().venueOrderId(), fills, rec.reason()));
          rows.put(in.tradeId(), row.apply(rec.status(), rec.reason()));
          c.fills.addAndGet(ok.value().fills().size());
          metered(venueId, pl.trade(), fills);
        } catch (RuntimeException e) {
          String reason = "booking failed, looked up again next run: " + e.getMessage();
          replies.add(new ExecutionDao.Unbooked(orderId, reason));
          rows.put(in.tradeId(), row.apply(OrderStatus.NEW, reason));
          log.error("proposal {}: order {} on {}: {}", d.p.id(), in.clientOrderId(), venueId, reason);
        }
        continue;
      }
      VenueFault fault = r instanceof VenueResult.Failed<OrderReport> f ? f.fault()
          : VenueFault.of(VenueFaultKind.MALFORMED_DATA, "an order reply that could not be read");
      if (fault.kind().outcomeUnknown()) {
        String reason = "placement reply lost: " + fault.describe();
        replies.add(new ExecutionDao.Unknown(orderId, reason));
        rows.put(in.tradeId(), row.apply(OrderStatus.UNKNOWN, reason));
        log.warn("proposal {}: order {} on {}: outcome unknown, reconciling by client order id: {}", d.p.id(), in.clientOrderId(),
            venueId, fault.describe());
        continue;
      }
      market.failed(venueId, fault);
      OrderStatus status = fault.kind() == VenueFaultKind.REJECTED || fault.kind() == VenueFaultKind.INSUFFICIENT_FUNDS
          ? OrderStatus.REJECTED : OrderStatus.FAILED;
      String reason = fault.kind().name() + ": not placed: " + fault.describe();
      replies.add(new ExecutionDao.NotPlaced(orderId, status, reason));
      rows.put(in.tradeId(), row.apply(status, reason));
    }
    d.sent = rows;
  }

  /** How Keel records a venue's report of an order: its status, and why when it is not the venue's. */
  private record Recorded(OrderStatus status, String reason) {
    boolean live() {
      return status.isLive();
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
      return new Recorded(OrderStatus.PARTIALLY_FILLED, "fills pending: the venue reports " + report.filledQuantity().toPlainString()
          + " filled and " + report.status() + ", its trades " + inFills.toPlainString());
    }
    return new Recorded(report.status().recorded(), null);
  }

  /** Books what the venue reports of an order; true when the order is final as recorded. */
  private boolean apply(OrderRow o, TradeRow t, OrderReport report, RunMarket market, Counters c) {
    Recorded rec = recorded(report);
    List<ExecutionDao.FillBooking> fills = bookings(o.venue(), t, report, market);
    dao.applyReport(o.id(), rec.status(), report.venueOrderId(), fills, rec.reason(), clock.instant());
    c.fills.addAndGet(fills.size());
    metered(o.venue(), t, fills);
    return !rec.live();
  }

  /**
   * Counts fills on the meters with their cost against the proposal's mid, as report_fills reckons it (price against
   * the mid signed by side, plus the fee in the cash asset). A fill a venue reports again on a later look-up of a
   * live order is counted again; the ledger books it once.
   */
  private void metered(String venue, TradeRow t, List<ExecutionDao.FillBooking> fills) {
    for (ExecutionDao.FillBooking f : fills) {
      BigDecimal notional = f.quantity().multiply(f.price());
      BigDecimal priceCost = (t.side() == Side.BUY ? f.price().subtract(t.estimatedPrice()) : t.estimatedPrice().subtract(f.price()))
          .multiply(f.quantity());
      BigDecimal fee = AssetCatalogue.CASH.equals(f.feeAsset()) ? f.fee() : f.fee().multiply(f.price());
      meters.fill(venue, notional.doubleValue(), priceCost.add(fee).doubleValue());
    }
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

  /**
   * Crosses the group's opposite trades of each asset inside Keel before any of them goes to a venue (docs/execution.md,
   * "Internal crossing"). Only proposals none of whose trades has an order, a fill or a cross yet take part. The crosses
   * are recorded and booked in one transaction, committed before any order of their nets is sent; when that
   * transaction fails, its proposals wait for the next run, which reads from the database whether it was booked.
   */
  private void cross(List<Drive> group, RunMarket market, Counters c) {
    if (!settings.crossing()) {
      return;
    }
    List<Drive> fresh = live(group).stream().filter(ProposalExecutor::crossable).toList();
    if (fresh.size() < 2) {
      return;
    }
    List<RunCrossing.Leg> legs = new ArrayList<>();
    Map<Long, Drive> byTrade = new HashMap<>();
    for (Drive d : fresh) {
      for (TradeRow t : d.state.values()) {
        legs.add(new RunCrossing.Leg(t.id(), d.p.portfolioId(), t.asset(), t.side(), t.quantity(), t.priceCap()));
        byTrade.put(t.id(), d);
      }
    }
    Map<String, BigDecimal> mids = new HashMap<>();
    Map<String, BigDecimal> lots = new HashMap<>();
    for (String asset : legs.stream().map(RunCrossing.Leg::asset).distinct().toList()) {
      if (legs.stream().filter(l -> l.asset().equals(asset)).map(RunCrossing.Leg::side).distinct().count() == 2) {
        market.fairMid(asset).ifPresent(m -> mids.put(asset, m));
        market.quotes(asset).stream().map(ExecutionDao.HealthyQuote::lotSize).max(BigDecimal::compareTo).ifPresent(l -> lots.put(asset, l));
      }
    }
    if (mids.isEmpty()) {
      return;
    }
    Map<Long, Map<String, BigDecimal>> holdings = dao.holdings(fresh.stream().map(d -> d.p.portfolioId()).distinct().toList());
    Map<Long, BigDecimal> cash = new HashMap<>();
    holdings.forEach((p, h) -> cash.put(p, h.getOrDefault(AssetCatalogue.CASH, BigDecimal.ZERO)));
    List<ExecutionDao.CrossDecision> decisions = new ArrayList<>();
    for (RunCrossing.Cross x : RunCrossing.plan(legs, mids, lots, cash)) {
      Map<Long, BigDecimal> crossed = new HashMap<>();
      x.result().orders().forEach(o -> crossed.put(o.id(), o.crossed()));
      List<ExecutionDao.CrossLeg> crossLegs = new ArrayList<>();
      for (RunCrossing.Leg l : legs) {
        if (!l.asset().equals(x.asset()) || !RunCrossing.takesPart(l, mids.get(l.asset()))) {
          // a trade whose cap the mid breaks is in no cross: its part in the net would go at a cap not its own
          continue;
        }
        BigDecimal q = crossed.getOrDefault(l.tradeId(), BigDecimal.ZERO);
        if (l.side() == x.result().netSide()) {
          // the rest of a net-side sell goes in the net; a buy's part is known once it is sized to its cash
          crossLegs.add(new ExecutionDao.CrossLeg(l.tradeId(), l.side(), l.quantity(), q, l.side() == Side.SELL ? l.quantity().subtract(q)
              : null));
        } else if (q.signum() > 0) {
          crossLegs.add(new ExecutionDao.CrossLeg(l.tradeId(), l.side(), l.quantity(), q, null));
        }
      }
      decisions.add(new ExecutionDao.CrossDecision(x.asset(), x.mid(), x.result().crossedPerSide(), x.quantum(), x.result().netSide(),
          x.netCap(), x.leadTradeId(), crossLegs));
    }
    if (decisions.isEmpty()) {
      return;
    }
    List<Long> trades = decisions.stream().flatMap(x -> x.legs().stream()).map(ExecutionDao.CrossLeg::tradeId).toList();
    Map<Long, ExecutionDao.LegState> recorded;
    try {
      dao.commitCrosses(decisions, settings.executor(), clock.instant());
      recorded = dao.legs(trades);
    } catch (RuntimeException e) {
      // booked or not, the database says which, never a guess: nothing recorded, and the trades go whole in this run (a
      // cross that cannot be booked, say a sell beyond its holding, must not hold its group up run after run); recorded
      // after all, and they go on from it; the database cannot say, and they wait for the next run
      c.failed.incrementAndGet();
      try {
        recorded = dao.legs(trades);
      } catch (RuntimeException again) {
        log.error("proposals {}: internal crossing not known to be recorded, they wait for the next run: {}",
            fresh.stream().map(d -> d.p.id()).toList(), e.getMessage(), e);
        fresh.forEach(d -> d.out = true);
        return;
      }
      log.error("proposals {}: internal crossing failed, {}: {}", fresh.stream().map(d -> d.p.id()).toList(),
          recorded.isEmpty() ? "nothing recorded, they trade whole" : "recorded all the same, they go on from it", e.getMessage(), e);
    }
    recorded.forEach((id, leg) -> {
      Drive d = byTrade.get(id);
      d.legs.put(id, leg);
      d.state.put(id, d.state.get(id).executedMore(leg.crossed()));
      if (leg.crossed().signum() > 0) {
        c.crossed.incrementAndGet();
      }
    });
  }

  /**
   * A started proposal none of whose trades has traded, has an order or is part of a cross, and whose buys are not
   * sized yet. A buy is sized once (its plan is written only where none was), and its part of a net is written with
   * that plan: a proposal that sized its buys in an earlier run but could not send them (every venue of an asset
   * paused) would, crossed now, never give its net its part, and the net and every proposal of the cross would wait for
   * ever. It trades at the venues alone.
   */
  private static boolean crossable(Drive d) {
    return d.legs.isEmpty() && d.ordersByTrade.values().stream().allMatch(List::isEmpty) && !d.state.isEmpty()
        && d.state.values().stream().allMatch(t -> t.status() == TradeStatus.EXECUTING && t.priceCap() != null
        && t.executedQty().signum() == 0 && (t.side() == Side.SELL || t.plannedQty() == null));
  }

  /**
   * Writes at once what the group's crossed buys were sized to, so that the lead of a net buy reads every part of it
   * from the database before it sends the net.
   */
  private void writeCrossedPlans(List<Drive> group, Counters c) {
    List<Drive> writing = live(group).stream().filter(d -> d.plans.stream().anyMatch(p -> d.legs.containsKey(p.tradeId()))).toList();
    Instant now = clock.instant();
    together(writing, w -> dao.finishAll(w.stream().flatMap(d -> d.plans.stream()).toList(), w.stream().flatMap(d -> d.ends.stream()).toList(),
        List.of(), now), c);
    for (Drive d : writing) {
      if (!d.failed) {
        d.plans.clear();
        d.ends.clear();
      }
    }
  }

  /** Once every sell is final, sizes the buys to the cash each portfolio holds now; written with the buys' first round. */
  private void sizeBuys(List<Drive> ds, RunMarket market, Counters c) {
    List<Drive> sizing = ds.stream().filter(d -> d.state.values().stream().anyMatch(t -> t.side() == Side.BUY
        && t.status() == TradeStatus.EXECUTING && t.plannedQty() == null)).toList();
    if (sizing.isEmpty()) {
      return;
    }
    Map<Long, Map<String, BigDecimal>> holdings = dao.holdings(sizing.stream().map(d -> d.p.portfolioId()).distinct().toList());
    for (Drive d : sizing) {
      each(d, c, () -> size(d, holdings.getOrDefault(d.p.portfolioId(), Map.of()).getOrDefault(AssetCatalogue.CASH, BigDecimal.ZERO),
          market));
    }
  }

  private void size(Drive d, BigDecimal cash, RunMarket market) {
    List<TradeRow> unsized = d.state.values().stream().filter(t -> t.side() == Side.BUY && t.status() == TradeStatus.EXECUTING
        && t.plannedQty() == null).toList();
    List<BuySizing.Buy> buys = new ArrayList<>();
    Map<Long, BigDecimal> crossed = new HashMap<>();
    for (TradeRow t : unsized) {
      // a crossed buy is paid for already: what it still wants beyond its cross is sized like any buy
      ExecutionDao.LegState leg = d.legs.get(t.id());
      BigDecimal done = leg == null ? BigDecimal.ZERO : leg.crossed();
      crossed.put(t.id(), done);
      BigDecimal want = t.quantity().subtract(done);
      if (want.signum() <= 0) {
        continue;
      }
      List<ExecutionDao.HealthyQuote> quotes = market.quotes(t.asset());
      double maxFee = quotes.stream().mapToDouble(ExecutionDao.HealthyQuote::takerFee).max().orElse(0.01);
      BigDecimal lot = quotes.stream().map(ExecutionDao.HealthyQuote::lotSize).max(BigDecimal::compareTo).orElse(lot(t.quantity()));
      buys.add(new BuySizing.Buy(t.id(), want, t.priceCap(), maxFee, lot));
    }
    Map<Long, BigDecimal> sized = BuySizing.size(cash, buys);
    for (TradeRow t : unsized) {
      BigDecimal q = sized.getOrDefault(t.id(), BigDecimal.ZERO).add(crossed.get(t.id()));
      ExecutionDao.Plan plan = new ExecutionDao.Plan(t.id(), q, q.compareTo(t.quantity()) < 0 ? "sized to the cash the sells raised: "
          + q.toPlainString() + " of " + t.quantity().toPlainString() + " (cash " + cash.toPlainString() + " USDT)" : null);
      d.plans.add(plan);
      d.state.put(t.id(), t.planned(plan.quantity(), plan.reason()));
    }
  }

  /** The step a proposed quantity was rounded to: its last significant decimal. */
  private static BigDecimal lot(BigDecimal quantity) {
    return BigDecimal.ONE.movePointLeft(Math.max(0, quantity.stripTrailingZeros().scale()));
  }

  /**
   * Ends every proposal of the group whose trades are all final, in one transaction with whatever the group has not
   * written yet (trades ended, buys sized), and tells the owners.
   */
  private void finish(List<Drive> group, Counters c) {
    Map<Long, ExecutionDao.Finish> finishes = new HashMap<>();
    for (Drive d : live(group)) {
      each(d, c, () -> finishes.put(d.p.id(), finishing(d)));
    }
    List<Drive> writing = group.stream().filter(d -> !d.failed && (d.pending() || finishes.containsKey(d.p.id()))).toList();
    Instant now = clock.instant();
    together(writing, w -> dao.finishAll(w.stream().flatMap(d -> d.plans.stream()).toList(), w.stream().flatMap(d -> d.ends.stream()).toList(),
        w.stream().map(d -> finishes.get(d.p.id())).filter(Objects::nonNull).toList(), now), c)
        .forEach(done -> c.finished.addAndGet(done.size()));
  }

  /** How a proposal whose trades are all final ends, and what its owner is told. */
  private static ExecutionDao.Finish finishing(Drive d) {
    List<TradeResult.Status> statuses = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    BigDecimal notional = BigDecimal.ZERO;
    for (TradeRow t : d.state.values()) {
      TradeResult.Status s = t.status().result();
      statuses.add(s);
      if (t.reason() != null && s != TradeResult.Status.FILLED) {
        reasons.add(t.asset() + " " + t.side() + " " + s + ": " + t.reason());
      }
      notional = notional.add(t.executedQty().multiply(t.estimatedPrice()));
    }
    TradeResult.ProposalEnd end = TradeResult.proposal(statuses);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("proposal", d.p.id());
    payload.put("status", end.name());
    payload.put("trades", statuses.size());
    payload.put("filled", statuses.stream().filter(s -> s == TradeResult.Status.FILLED).count());
    payload.put("notional", notional.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
    String reason = reasons.isEmpty() ? null : String.join("; ", reasons);
    if (reason != null) {
      payload.put("reason", reason);
    }
    return new ExecutionDao.Finish(d.p.id(), ProposalStatus.valueOf(end.name()), reason, payload);
  }

  private static BigDecimal money(double v) {
    return BigDecimal.valueOf(Double.isFinite(v) ? v : 0).setScale(8, java.math.RoundingMode.HALF_UP);
  }
}
