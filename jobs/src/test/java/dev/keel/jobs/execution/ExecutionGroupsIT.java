package dev.keel.jobs.execution;

import static dev.keel.jobs.execution.ExecutionFixtures.assertInvariants;
import static dev.keel.jobs.execution.FaultFixtures.BINANCE_BTC;
import static dev.keel.jobs.execution.FaultFixtures.BINANCE_ETH;
import static dev.keel.jobs.execution.FaultFixtures.BTC;
import static dev.keel.jobs.execution.FaultFixtures.ETH;
import static dev.keel.jobs.execution.FaultFixtures.T0;
import static dev.keel.jobs.execution.FaultFixtures.buy;
import static dev.keel.jobs.execution.FaultFixtures.markets;
import static dev.keel.jobs.execution.FaultFixtures.mid;
import static dev.keel.jobs.execution.FaultFixtures.orders;
import static dev.keel.jobs.execution.FaultFixtures.proposal;
import static dev.keel.jobs.execution.FaultFixtures.sell;
import static dev.keel.jobs.execution.FaultFixtures.trade;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.execution.ExecutionPolicy;
import dev.keel.domain.market.VenueId;
import dev.keel.jobs.venue.FakeBinance;
import dev.keel.jobs.venue.FakeExchange;
import dev.keel.jobs.venue.FakeExchange.Fault;
import dev.keel.jobs.venue.OrderReport;
import dev.keel.jobs.venue.OrderRequest;
import dev.keel.jobs.venue.SettableClock;
import dev.keel.jobs.venue.Venue;
import dev.keel.jobs.venue.VenueFill;
import dev.keel.jobs.venue.VenueOrderStatus;
import dev.keel.jobs.venue.XChangeVenue;
import dev.keel.jobs.venue.XChangeVenues;
import dev.keel.persistence.db.Jdbis;
import dev.keel.persistence.execution.ExecutionDao;
import dev.keel.persistence.testing.Poll;
import dev.keel.persistence.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proposals driven in groups (each step's writes for the group in one transaction) lose and double nothing when
 * something goes wrong in the middle of a group: an executor killed between a round's committed intents and their
 * replies, a 429 met by the round's first order, a reply that cannot be booked, two executors at once. Counted in SQL
 * and in the fake venue's journal; every run ends with {@link ExecutionFixtures#assertInvariants}.
 */
class ExecutionGroupsIT {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
  private static final SettableClock CLOCK = new SettableClock(T0);
  private static FakeBinance binanceFake;
  private final TestDatabase db = TestDatabase.get();

  @BeforeAll
  static void startFake() {
    binanceFake = FakeBinance.start(CLOCK);
  }

  @AfterAll
  static void stopFake() {
    binanceFake.close();
  }

  @BeforeEach
  void clean() {
    db.reset();
    binanceFake.reset();
    CLOCK.set(T0);
  }

  /** The fault tests' settings, with proposals driven in groups of {@code group}. */
  static ProposalExecutor.Settings settings(String name, int group) {
    ProposalExecutor.Settings s = FaultFixtures.settings("binance");
    return new ProposalExecutor.Settings(ExecutionPolicy.DEFAULT, s.claimBatch(), s.threads(), s.maxSnapshotAge(), s.bookDepth(),
        s.naiveVenue(), name, s.rateLimitWait(), s.banHalt(), group);
  }

  private XChangeVenue binance() {
    XChangeVenue venue = XChangeVenues.binance(VenueId.of("binance"), binanceFake.connection(READ_TIMEOUT), List.of(BTC, ETH), 0, CLOCK);
    Poll.until("binance to connect", Duration.ofSeconds(30), () -> venue.rules(BTC).isOk());
    return venue;
  }

  private ProposalExecutor executor(int group, Venue venue) {
    return new ProposalExecutor(new ExecutionDao(Jdbis.standalone(db.dataSource())), List.of(venue), CLOCK, settings("groups-it", group));
  }

  private ProposalExecutor.RunSummary run(ProposalExecutor executor, long seconds) {
    CLOCK.set(T0.plusSeconds(seconds));
    ProposalExecutor.RunSummary s = executor.run();
    assertThat(s.failed()).as("errors in the run at +" + seconds + " s: " + s.describe()).isZero();
    assertInvariants(db);
    return s;
  }

  private long count(String sql) {
    return ExecutionFixtures.count(db, sql);
  }

  /** {@code n} premium portfolios each with one approved proposal buying {@code quantity} BTC: their trades' ids. */
  private List<Long> buyers(int n, String quantity) {
    List<Long> trades = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long p = proposal(db, T0, "binance", Map.of("USDT", "100000"), List.of(buy("BTC", quantity, BINANCE_BTC.mid())));
      trades.add(trade(db, p, "BTC"));
    }
    return trades;
  }

  /**
   * Every order that reached the venue did so once, is a row of venue_order with the same client order id, and its
   * trades are booked once, as fills keyed by the venue's trade ids.
   */
  private void assertEachOrderPlacedOnceAndBookedOnce() {
    List<FakeExchange.Placement> placements = binanceFake.placements();
    Map<String, Long> sent = placements.stream().collect(Collectors.groupingBy(FakeExchange.Placement::clientOrderId,
        Collectors.counting()));
    assertThat(sent.values()).as("client order ids sent more than once").allMatch(n -> n == 1);
    List<String> rowList = db.jdbi().withHandle(h -> h.createQuery("SELECT client_order_id FROM venue_order").mapTo(String.class).list());
    Set<String> rows = new TreeSet<>(rowList);
    assertThat(rows).as("every order the venue saw is recorded").containsAll(sent.keySet());
    Set<String> venueTrades = new TreeSet<>();
    for (FakeExchange.Order o : binanceFake.orders()) {
      o.trades().forEach(t -> venueTrades.add("binance:" + o.market().base() + o.market().quote() + ":" + t.tradeId()));
    }
    List<String> fills = db.jdbi().withHandle(h -> h.createQuery("SELECT venue_id || ':' || venue_trade_id FROM fill")
        .mapTo(String.class).list());
    Set<String> booked = new TreeSet<>(fills);
    assertThat(booked).as("the venue's trades, each booked once").isEqualTo(venueTrades);
    assertThat(count("SELECT count(*) FROM fill")).isEqualTo(venueTrades.size());
  }

  @Test
  void an_executor_killed_in_the_middle_of_a_group_s_round_leaves_its_intents_committed_and_a_restart_places_and_books_each_order_once()
      throws Exception {
    markets(db, T0, BINANCE_BTC, BINANCE_ETH);
    List<Long> trades = buyers(5, "0.05");
    // the round's first order is placed and its reply held back: the child is killed while it waits
    binanceFake.failNextPlacement(Fault.acceptThenDelay(Duration.ofSeconds(45)));

    Path log = Path.of(System.getProperty("java.io.tmpdir"), "keel-execution-group-crash-child.log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dsun.net.http.retryPost=false", "-cp", System.getProperty("java.class.path"), GroupCrashChild.class.getName(),
        binanceFake.baseUrl().toString(), T0.toString(), "5");
    pb.environment().put("KEEL_TEST_DB_URL", db.url());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Process child = pb.start();
    try {
      Poll.until("the child's first order to reach the venue", Duration.ofSeconds(90),
          () -> !binanceFake.placements().isEmpty() || !child.isAlive());
      assertThat(child.isAlive()).as("the child waits for the reply: %s", childLog(log)).isTrue();
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }

    assertThat(binanceFake.placements()).as("one order reached the venue").singleElement()
        .satisfies(pl -> assertThat(pl.placed()).isTrue());
    assertThat(count("SELECT count(*) FROM venue_order")).as("the group's intents, committed before the first was sent").isEqualTo(5);
    assertThat(count("SELECT count(*) FROM venue_order WHERE status = 'NEW'")).isEqualTo(5);
    assertThat(count("SELECT count(*) FROM fill")).isZero();
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTING'")).isEqualTo(5);
    assertInvariants(db);
    Poll.until("the dead session's advisory locks to be released", Duration.ofSeconds(30),
        () -> count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == 0);

    ProposalExecutor restarted = executor(5, binance());
    for (long s = 15; s <= 300 && count("SELECT count(*) FROM proposal WHERE status = 'EXECUTING'") > 0; s += 15) {
      run(restarted, s);
    }

    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTED'")).isEqualTo(5);
    String sentFirst = binanceFake.placements().get(0).clientOrderId();
    assertThat(FaultFixtures.text(db, "SELECT status FROM venue_order WHERE client_order_id = ?", sentFirst))
        .as("the order placed before the crash, adopted").isEqualTo("FILLED");
    assertThat(count("SELECT count(*) FROM venue_order WHERE status = 'FAILED' AND reason LIKE 'not placed:%'"))
        .as("the intents never sent, proven not placed by lookups").isEqualTo(4);
    assertThat(binanceFake.placements()).as("the first order, then one new order for each of the four others").hasSize(5);
    for (long t : trades) {
      assertThat(orders(db, t).stream().filter(o -> o.status().equals("FILLED")).count()).as("trade %d filled once", t).isEqualTo(1);
      assertThat(FaultFixtures.decimal(db, "SELECT executed_qty FROM proposal_trade WHERE id = ?", t)).isEqualByComparingTo("0.05");
    }
    assertEachOrderPlacedOnceAndBookedOnce();
  }

  @Test
  void a_429_met_by_a_group_s_first_order_sends_none_of_the_round_s_others_and_each_goes_out_once_after_the_pause() {
    markets(db, T0, BINANCE_BTC);
    List<Long> trades = buyers(4, "0.05");
    binanceFake.failNextPlacement(Fault.rateLimited(Duration.ofSeconds(30)));
    ProposalExecutor executor = executor(4, binance());

    run(executor, 0);

    assertThat(binanceFake.placements()).as("only the first order reached the venue").singleElement()
        .satisfies(pl -> assertThat(pl.answer()).isEqualTo("429"));
    assertThat(count("SELECT count(*) FROM venue_order WHERE status = 'FAILED' AND reason LIKE 'RATE_LIMITED: not placed: not sent%'"))
        .as("the round's other intents, not sent").isEqualTo(3);
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTING'")).isEqualTo(4);

    run(executor, 15);
    assertThat(binanceFake.placements()).as("nothing sent while the venue is paused").hasSize(1);

    run(executor, 31);

    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTED'")).isEqualTo(4);
    assertThat(binanceFake.placements()).as("one new order per trade after the pause").hasSize(5);
    for (long t : trades) {
      assertThat(orders(db, t)).hasSize(2);
      assertThat(orders(db, t).get(1).status()).isEqualTo("FILLED");
    }
    assertEachOrderPlacedOnceAndBookedOnce();
  }

  @Test
  void a_reply_that_cannot_be_booked_in_a_group_s_round_leaves_that_order_live_and_books_every_other() {
    markets(db, T0, BINANCE_BTC);
    List<Long> proposals = new ArrayList<>();
    for (String q : List.of("0.5", "0.5", "0.8", "0.5")) {
      proposals.add(proposal(db, T0, "binance", Map.of("BTC", "1.0", "USDT", "1"), List.of(sell("BTC", q, mid(BINANCE_BTC)))));
    }
    ExecutionBookingIT.Scripted b = new ExecutionBookingIT.Scripted("binance").book(BTC, BINANCE_BTC.bid(), BINANCE_BTC.ask());
    // the 0.8 sell is reported filled 1.2: booked, it would take the portfolio's 1.0 BTC below zero
    Function<OrderRequest, BigDecimal> filled = r -> r.quantity().compareTo(new BigDecimal("0.8")) == 0 ? new BigDecimal("1.2") : r.quantity();
    b.reply = r -> new OrderReport(r.clientOrderId(), "v-" + r.clientOrderId(), VenueOrderStatus.FILLED, r.quantity(),
        List.of(new VenueFill("T-" + r.clientOrderId(), filled.apply(r), r.limitPrice(), BigDecimal.ZERO, "USDT", T0)));
    ProposalExecutor executor = executor(4, b);

    CLOCK.set(T0);
    ProposalExecutor.RunSummary first = executor.run();
    assertInvariants(db);
    CLOCK.set(T0.plusSeconds(15));
    executor.run();
    assertInvariants(db);

    assertThat(first.failed()).as("the booking that failed is an error of the run").isPositive();
    assertThat(b.placed).as("each order sent once, the unbookable one looked up again, never resent").hasSize(4);
    assertThat(count("SELECT count(*) FROM fill")).as("the three bookable fills").isEqualTo(3);
    assertThat(count("SELECT count(*) FROM venue_order WHERE status = 'NEW' AND reason LIKE 'booking failed%holds%'")).isEqualTo(1);
    assertThat(FaultFixtures.text(db, "SELECT status FROM proposal WHERE id = ?", proposals.get(2))).isEqualTo("EXECUTING");
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTED'")).isEqualTo(3);
  }

  /** A venue that runs {@code race} once, just before its first order goes out. */
  private static final class Racing implements Venue {
    private final Venue venue;
    private Runnable race;

    Racing(Venue venue, Runnable race) {
      this.venue = venue;
      this.race = race;
    }

    @Override
    public VenueId id() {
      return venue.id();
    }

    @Override
    public List<dev.keel.domain.market.Market> markets() {
      return venue.markets();
    }

    @Override
    public dev.keel.jobs.venue.VenueResult<dev.keel.jobs.venue.VenueBook> orderBook(dev.keel.domain.market.Market m, int depth) {
      return venue.orderBook(m, depth);
    }

    @Override
    public dev.keel.jobs.venue.VenueResult<dev.keel.jobs.venue.VenueTicker> ticker(dev.keel.domain.market.Market m) {
      return venue.ticker(m);
    }

    @Override
    public dev.keel.jobs.venue.VenueResult<dev.keel.domain.market.FeeQuote> fees(dev.keel.domain.market.Market m) {
      return venue.fees(m);
    }

    @Override
    public dev.keel.jobs.venue.ConfiguredFees configuredFees() {
      return venue.configuredFees();
    }

    @Override
    public dev.keel.jobs.venue.VenueResult<dev.keel.domain.market.MarketRules> rules(dev.keel.domain.market.Market m) {
      return venue.rules(m);
    }

    @Override
    public dev.keel.jobs.venue.VenueResult<OrderReport> place(OrderRequest request) {
      Runnable r = race;
      race = null;
      if (r != null) {
        r.run();
      }
      return venue.place(request);
    }

    @Override
    public dev.keel.jobs.venue.VenueResult<java.util.Optional<OrderReport>> findOrder(dev.keel.domain.market.Market m, String id) {
      return venue.findOrder(m, id);
    }

    @Override
    public dev.keel.jobs.venue.VenueResult<Boolean> cancel(dev.keel.domain.market.Market m, String id) {
      return venue.cancel(m, id);
    }
  }

  private ProposalExecutor executor(String name, int claimBatch, int group, Venue venue) {
    ProposalExecutor.Settings s = settings(name, group);
    return new ProposalExecutor(new ExecutionDao(Jdbis.standalone(db.dataSource())), List.of(venue), CLOCK,
        new ProposalExecutor.Settings(s.policy(), claimBatch, 1, s.maxSnapshotAge(), s.bookDepth(), s.naiveVenue(), name, s.rateLimitWait(),
            s.banHalt(), group));
  }

  @Test
  void a_second_executor_running_while_the_first_drives_a_group_skips_that_group_and_nothing_is_claimed_or_placed_twice() {
    markets(db, T0, BINANCE_BTC);
    buyers(20, "0.01");
    ProposalExecutor second = executor("executor-2", 6, 4, binance());
    List<ProposalExecutor.RunSummary> raced = new ArrayList<>();
    // the first executor claims 8 and drives them in groups of 4; as its first group's first order goes out, the
    // second executor runs: the first group is locked (busy), the first executor's other claimed group is free
    ProposalExecutor first = executor("executor-1", 8, 4, new Racing(binance(), () -> raced.add(second.run())));

    ProposalExecutor.RunSummary r1 = run(first, 0);

    assertThat(raced).singleElement().satisfies(s -> {
      assertThat(s.claimed()).as("the second executor's own claims: " + s.describe()).isEqualTo(6);
      assertThat(s.busy()).as("the first executor's group being driven").isEqualTo(4);
      assertThat(s.failed()).isZero();
    });
    assertThat(r1.claimed()).isEqualTo(8);
    int claimed = r1.claimed() + raced.get(0).claimed();
    for (int i = 0; i < 10 && count("SELECT count(*) FROM proposal WHERE status IN ('APPROVED', 'EXECUTING')") > 0; i++) {
      claimed += run(second, 0).claimed();
      claimed += run(first, 0).claimed();
    }

    assertThat(claimed).as("each proposal claimed once in all").isEqualTo(20);
    assertThat(count("SELECT count(DISTINCT claimed_by) FROM proposal")).as("both executors claimed").isEqualTo(2);
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTED'")).isEqualTo(20);
    assertThat(count("SELECT count(*) FROM (SELECT proposal_trade_id, sequence FROM venue_order GROUP BY 1, 2 HAVING count(*) > 1) x"))
        .isZero();
    assertThat(binanceFake.placements()).as("one order per trade").hasSize(20);
    assertEachOrderPlacedOnceAndBookedOnce();
  }

  private static String childLog(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
