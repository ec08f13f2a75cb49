package dev.keel.jobs.execution;

import static dev.keel.jobs.execution.ExecutionFixtures.assertInvariants;
import static dev.keel.jobs.execution.FaultFixtures.BINANCE_BTC;
import static dev.keel.jobs.execution.FaultFixtures.BINANCE_ETH;
import static dev.keel.jobs.execution.FaultFixtures.BTC;
import static dev.keel.jobs.execution.FaultFixtures.ETH;
import static dev.keel.jobs.execution.FaultFixtures.T0;
import static dev.keel.jobs.execution.FaultFixtures.buy;
import static dev.keel.jobs.execution.FaultFixtures.decimal;
import static dev.keel.jobs.execution.FaultFixtures.markets;
import static dev.keel.jobs.execution.FaultFixtures.proposal;
import static dev.keel.jobs.execution.FaultFixtures.sell;
import static dev.keel.jobs.execution.FaultFixtures.trade;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.VenueId;
import dev.keel.jobs.venue.FakeBinance;
import dev.keel.jobs.venue.FakeExchange;
import dev.keel.jobs.venue.SettableClock;
import dev.keel.jobs.venue.XChangeVenue;
import dev.keel.jobs.venue.XChangeVenues;
import dev.keel.persistence.db.Jdbis;
import dev.keel.persistence.execution.ExecutionDao;
import dev.keel.persistence.testing.Poll;
import dev.keel.persistence.testing.TestDatabase;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Internal crossing end to end (FAULTS.md X1–X3): opposite trades of one asset in one execution group cross at the fair
 * mid, the fake venue's journal shows only the net, a partial fill of the net is shared pro rata, and a process that
 * dies between the committed cross and the net's order neither crosses twice nor sends the gross. Counted in SQL and
 * in the fake's journal; every run ends with {@link ExecutionFixtures#assertInvariants}.
 */
class ExecutionCrossingIT {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
  private static final SettableClock CLOCK = new SettableClock(T0);
  /** The fake's touch, 78000.00 / 78000.01: the fair mid. */
  private static final BigDecimal FAIR_MID = new BigDecimal("78000.005");
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

  private ProposalExecutor executor(boolean crossing) {
    XChangeVenue venue = XChangeVenues.binance(VenueId.of("binance"), binanceFake.connection(READ_TIMEOUT), List.of(BTC, ETH), 0, CLOCK);
    Poll.until("binance to connect", Duration.ofSeconds(30), () -> venue.rules(BTC).isOk());
    return new ProposalExecutor(new ExecutionDao(Jdbis.standalone(db.dataSource())), List.of(venue), CLOCK,
        ExecutionGroupsIT.settings("crossing-it", 50).withCrossing(crossing));
  }

  private ProposalExecutor.RunSummary run(ProposalExecutor executor, long seconds) {
    CLOCK.set(T0.plusSeconds(seconds));
    ProposalExecutor.RunSummary s = executor.run();
    assertThat(s.failed()).as("errors in the run at +" + seconds + " s: " + s.describe()).isZero();
    assertInvariants(db);
    return s;
  }

  private long count(String sql, Object... args) {
    return FaultFixtures.count(db, sql, args);
  }

  /** A portfolio selling {@code quantity} BTC (it holds 1 BTC and 1,000 USDT): its proposal. */
  private long seller(String quantity) {
    return proposal(db, T0, "binance", Map.of("BTC", "1", "USDT", "1000"), List.of(sell("BTC", quantity, BINANCE_BTC.mid())));
  }

  /** A portfolio buying {@code quantity} BTC with 10,000 USDT: its proposal. */
  private long buyer(String quantity) {
    return proposal(db, T0, "binance", Map.of("USDT", "10000"), List.of(buy("BTC", quantity, BINANCE_BTC.mid())));
  }

  private BigDecimal delta(long proposal, String asset, String venue) {
    return decimal(db, "SELECT coalesce(sum(e.delta), 0) FROM holding_entry e JOIN fill f ON f.id = e.fill_id"
        + " JOIN proposal p ON p.portfolio_id = e.portfolio_id WHERE p.id = ? AND e.asset = ? AND f.venue_id = ?", proposal, asset, venue);
  }

  /** Per side, the sum of the allocations of the trades of {@code asset}, and what they should add up to. */
  private void assertAllocationsSumToFillsPerSide(BigDecimal crossed, BigDecimal venueFilled, Side netSide) {
    for (Side side : Side.values()) {
      BigDecimal allocated = decimal(db, "SELECT coalesce(sum(a.quantity), 0) FROM allocation a JOIN proposal_trade t"
          + " ON t.id = a.proposal_trade_id WHERE t.side = ?", side.name());
      assertThat(allocated).as("allocations of the %s side", side)
          .isEqualByComparingTo(crossed.add(side == netSide ? venueFilled : BigDecimal.ZERO));
    }
    assertThat(decimal(db, "SELECT sum(quantity) FROM fill WHERE venue_id = 'keel-internal'"))
        .as("crossed fills: the crossed quantity once per side").isEqualByComparingTo(crossed.multiply(BigDecimal.valueOf(2)));
    assertThat(decimal(db, "SELECT coalesce(sum(quantity), 0) FROM fill WHERE venue_id = 'binance'")).isEqualByComparingTo(venueFilled);
    assertThat(decimal(db, "SELECT sum(e.delta) FROM holding_entry e JOIN fill f ON f.id = e.fill_id WHERE f.venue_id = 'keel-internal'"
        + " AND e.asset = 'USDT'")).as("cash moves exactly opposite: crossing makes and destroys no cash").isEqualByComparingTo("0");
    assertThat(decimal(db, "SELECT sum(e.delta) FROM holding_entry e JOIN fill f ON f.id = e.fill_id WHERE f.venue_id = 'keel-internal'"
        + " AND e.asset = 'BTC'")).as("and no units").isEqualByComparingTo("0");
  }

  @Test
  void two_portfolios_opposite_trades_cross_at_the_fair_mid_and_the_venue_sees_only_the_net() {
    markets(db, T0, BINANCE_BTC, BINANCE_ETH);
    long seller = seller("0.05");
    long buyer = buyer("0.03");

    ProposalExecutor.RunSummary s = run(executor(true), 15);

    assertThat(s.crossedTrades()).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTED'")).isEqualTo(2);
    assertThat(binanceFake.placements()).as("only the net reached the venue").singleElement().satisfies(pl -> {
      assertThat(pl.side()).isEqualTo(Side.SELL);
      assertThat(pl.quantity()).isEqualByComparingTo("0.02");
    });
    assertThat(count("SELECT count(*) FROM internal_cross WHERE asset = 'BTC' AND status = 'DONE' AND net_side = 'SELL'"
        + " AND crossed_qty = 0.03 AND mid = ?", FAIR_MID)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM venue_order WHERE internal_cross_id IS NOT NULL AND proposal_trade_id = ?",
        trade(db, seller, "BTC"))).as("the net's order is the seller's trade's").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM fill WHERE venue_id = 'keel-internal' AND price = ? AND fee = 0", FAIR_MID)).isEqualTo(2);
    BigDecimal crossedValue = new BigDecimal("0.03").multiply(FAIR_MID);
    assertThat(delta(buyer, "USDT", "keel-internal")).isEqualByComparingTo(crossedValue.negate());
    assertThat(delta(seller, "USDT", "keel-internal")).isEqualByComparingTo(crossedValue);
    assertThat(delta(buyer, "BTC", "keel-internal")).isEqualByComparingTo("0.03");
    assertThat(delta(buyer, "USDT", "binance")).as("the buyer paid no spread and no fee").isEqualByComparingTo("0");
    assertThat(decimal(db, "SELECT executed_qty FROM proposal_trade WHERE id = ?", trade(db, seller, "BTC"))).isEqualByComparingTo("0.05");
    assertThat(decimal(db, "SELECT executed_qty FROM proposal_trade WHERE id = ?", trade(db, buyer, "BTC"))).isEqualByComparingTo("0.03");
    assertAllocationsSumToFillsPerSide(new BigDecimal("0.03"), new BigDecimal("0.02"), Side.SELL);
    assertThat(count("SELECT count(*) FROM report_crossed_fills WHERE proposal_id = ?", seller)).as("crossed part and venue part")
        .isEqualTo(2);
    assertThat(count("SELECT count(*) FROM report_crossed_fills WHERE proposal_id = ? AND crossed_internally", buyer)).isEqualTo(1);
  }

  @Test
  void with_crossing_off_every_trade_goes_to_the_venue_whole() {
    markets(db, T0, BINANCE_BTC, BINANCE_ETH);
    seller("0.05");
    buyer("0.03");

    run(executor(false), 15);

    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTED'")).isEqualTo(2);
    assertThat(binanceFake.placements()).extracting(FakeExchange.Placement::quantity)
        .usingElementComparator(BigDecimal::compareTo).containsExactlyInAnyOrder(new BigDecimal("0.05"), new BigDecimal("0.03"));
    assertThat(count("SELECT count(*) FROM internal_cross")).isZero();
  }

  @Test
  void a_proposal_held_before_the_run_books_leaves_the_crossing_set_and_the_others_cross_without_it() {
    markets(db, T0, BINANCE_BTC, BINANCE_ETH);
    long seller = seller("0.05");
    long buyer = buyer("0.03");
    // priced 20 % away from today's mid, beyond its 5 % band: re-pricing holds it before anything is booked
    long stale = proposal(db, T0, "binance", Map.of("USDT", "10000"), List.of(buy("BTC", "0.04",
        BINANCE_BTC.mid().multiply(new BigDecimal("1.2")))));

    run(executor(true), 15);

    assertThat(FaultFixtures.text(db, "SELECT status FROM proposal WHERE id = ?", stale)).isEqualTo("HELD");
    assertThat(count("SELECT count(*) FROM cross_leg WHERE proposal_trade_id = ?", trade(db, stale, "BTC"))).isZero();
    assertThat(count("SELECT count(*) FROM allocation WHERE proposal_trade_id = ?", trade(db, stale, "BTC"))).isZero();
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTED' AND id IN (?, ?)", seller, buyer)).isEqualTo(2);
    assertThat(binanceFake.placements()).as("the net of the two others").singleElement()
        .satisfies(pl -> assertThat(pl.quantity()).isEqualByComparingTo("0.02"));
    assertAllocationsSumToFillsPerSide(new BigDecimal("0.03"), new BigDecimal("0.02"), Side.SELL);
  }

  @Test
  void a_cross_that_cannot_be_booked_holds_nobody_up_the_trades_go_whole_and_nothing_is_crossed() {
    markets(db, T0, BINANCE_BTC, BINANCE_ETH);
    // a sell beyond what the portfolio holds: the cross's booking would take its holding below zero
    long seller = proposal(db, T0, "binance", Map.of("BTC", "0.01", "USDT", "1000"), List.of(sell("BTC", "0.05", BINANCE_BTC.mid())));
    long buyer = buyer("0.03");

    CLOCK.set(T0.plusSeconds(15));
    ProposalExecutor.RunSummary s = executor(true).run();

    assertThat(s.failed()).as("the failed cross, and the seller's fill that cannot be booked either").isPositive();
    assertThat(count("SELECT count(*) FROM internal_cross")).isZero();
    assertThat(count("SELECT count(*) FROM cross_leg")).isZero();
    assertThat(FaultFixtures.text(db, "SELECT status FROM proposal WHERE id = ?", buyer)).as("the buyer bought at the venue").isEqualTo("EXECUTED");
    assertThat(binanceFake.placements()).extracting(FakeExchange.Placement::quantity).usingElementComparator(BigDecimal::compareTo)
        .containsExactlyInAnyOrder(new BigDecimal("0.05"), new BigDecimal("0.03"));
    assertThat(FaultFixtures.text(db, "SELECT status FROM proposal WHERE id = ?", seller)).isEqualTo("EXECUTING");
    assertInvariants(db);
  }

  @Test
  void a_partial_fill_of_the_net_is_shared_pro_rata_and_every_seller_gets_one_price_no_worse_than_the_venue_s() {
    markets(db, T0, BINANCE_BTC, BINANCE_ETH);
    long big = seller("0.04");
    long small = seller("0.02");
    long buyer = buyer("0.03");
    // the book holds 0.015 BTC at the bid: the net of 0.03 fills half
    binanceFake.book(BTC, List.of(new PriceLevel(new BigDecimal("78000.00"), new BigDecimal("0.015"))),
        List.of(new PriceLevel(new BigDecimal("78000.01"), new BigDecimal("0.4"))));

    run(executor(true), 15);

    assertThat(binanceFake.placements()).as("one order of the net, for what the book held inside the cap").singleElement()
        .satisfies(pl -> assertThat(pl.quantity()).isEqualByComparingTo("0.015"));
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'PARTIAL'")).isEqualTo(2);
    assertThat(FaultFixtures.text(db, "SELECT status FROM proposal WHERE id = ?", buyer)).isEqualTo("EXECUTED");
    // each seller crossed in proportion (0.02 and 0.01) and got half of its part of the net
    assertThat(decimal(db, "SELECT crossed FROM cross_leg WHERE proposal_trade_id = ?", trade(db, big, "BTC"))).isEqualByComparingTo("0.02");
    assertThat(decimal(db, "SELECT venue_filled FROM cross_leg WHERE proposal_trade_id = ?", trade(db, big, "BTC")))
        .isEqualByComparingTo("0.01");
    assertThat(decimal(db, "SELECT venue_filled FROM cross_leg WHERE proposal_trade_id = ?", trade(db, small, "BTC")))
        .isEqualByComparingTo("0.005");
    assertAllocationsSumToFillsPerSide(new BigDecimal("0.03"), new BigDecimal("0.015"), Side.SELL);
    BigDecimal venuePrice = decimal(db, "SELECT sum(quantity * price) / sum(quantity) FROM fill WHERE venue_id = 'binance'");
    for (long p : List.of(big, small)) {
      BigDecimal average = decimal(db, "SELECT sum(a.quantity * f.price - a.fee) / sum(a.quantity) FROM allocation a JOIN fill f"
          + " ON f.id = a.fill_id WHERE a.proposal_trade_id = ?", trade(db, p, "BTC"));
      BigDecimal venueOnly = decimal(db, "SELECT sum(a.quantity * f.price - a.fee) / sum(a.quantity) FROM allocation a JOIN fill f"
          + " ON f.id = a.fill_id WHERE a.proposal_trade_id = ? AND f.venue_id = 'binance'", trade(db, p, "BTC"));
      assertThat(venueOnly).as("the venue part's price of proposal %d is the net's", p).isCloseTo(
          venuePrice.subtract(decimal(db, "SELECT sum(fee) / sum(quantity) FROM fill WHERE venue_id = 'binance'")),
          org.assertj.core.data.Offset.offset(new BigDecimal("1e-9")));
      assertThat(average).as("proposal %d's one average price, after fees, is no worse than the venue's", p)
          .isGreaterThanOrEqualTo(venueOnly);
    }
    BigDecimal bigAverage = decimal(db, "SELECT sum(a.quantity * f.price) / sum(a.quantity) FROM allocation a JOIN fill f"
        + " ON f.id = a.fill_id WHERE a.proposal_trade_id = ?", trade(db, big, "BTC"));
    BigDecimal smallAverage = decimal(db, "SELECT sum(a.quantity * f.price) / sum(a.quantity) FROM allocation a JOIN fill f"
        + " ON f.id = a.fill_id WHERE a.proposal_trade_id = ?", trade(db, small, "BTC"));
    assertThat(bigAverage.round(MathContext.DECIMAL64)).as("both sellers got the same average price")
        .isEqualByComparingTo(smallAverage.round(MathContext.DECIMAL64));
  }

  @Test
  void a_process_dead_between_the_committed_cross_and_the_net_s_order_neither_crosses_twice_nor_sends_the_gross() throws Exception {
    markets(db, T0, BINANCE_BTC, BINANCE_ETH);
    long seller = seller("0.05");
    long buyer = buyer("0.03");

    Path log = Path.of(System.getProperty("java.io.tmpdir"), "keel-crossing-crash-child.log");
    Process child = child(CrossingCrashChild.DIE_AT_PLACEMENT, log);
    try {
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child ends").isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as("the child died at its first placement: %s", Files.readString(log))
        .isEqualTo(CrossingCrashChild.DIED_AT_PLACEMENT);

    assertThat(binanceFake.placements()).as("nothing reached the venue").isEmpty();
    assertThat(count("SELECT count(*) FROM internal_cross")).as("the cross, committed before the order").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM fill WHERE venue_id = 'keel-internal'")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM venue_order WHERE status = 'NEW' AND internal_cross_id IS NOT NULL AND requested_qty = 0.02"))
        .as("the net's intent, committed before it was to be sent").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM venue_order")).isEqualTo(1);
    assertInvariants(db);
    Poll.until("the dead session's advisory locks to be released", Duration.ofSeconds(30),
        () -> count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == 0);

    ProposalExecutor restarted = executor(true);
    for (long s = 15; s <= 300 && count("SELECT count(*) FROM proposal WHERE status = 'EXECUTING'") > 0; s += 15) {
      ProposalExecutor.RunSummary r = run(restarted, s);
      assertThat(r.crossedTrades()).as("the recorded cross is reused, never made again").isZero();
    }

    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTED'")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM internal_cross")).as("crossed once").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM fill WHERE venue_id = 'keel-internal'")).isEqualTo(2);
    assertThat(binanceFake.placements()).as("the net went out once, never the gross").singleElement()
        .satisfies(pl -> assertThat(pl.quantity()).isEqualByComparingTo("0.02"));
    assertThat(count("SELECT count(*) FROM venue_order WHERE status = 'FAILED' AND reason LIKE 'not placed:%'"))
        .as("the intent never sent, proven not placed by lookups").isEqualTo(1);
    assertThat(decimal(db, "SELECT executed_qty FROM proposal_trade WHERE id = ?", trade(db, seller, "BTC"))).isEqualByComparingTo("0.05");
    assertThat(decimal(db, "SELECT executed_qty FROM proposal_trade WHERE id = ?", trade(db, buyer, "BTC"))).isEqualByComparingTo("0.03");
    assertAllocationsSumToFillsPerSide(new BigDecimal("0.03"), new BigDecimal("0.02"), Side.SELL);
  }

  @Test
  void a_process_killed_while_the_venue_holds_back_the_net_s_reply_is_adopted_on_restart_and_allocated_once() throws Exception {
    markets(db, T0, BINANCE_BTC, BINANCE_ETH);
    long big = seller("0.04");
    long small = seller("0.02");
    buyer("0.03");
    binanceFake.failNextPlacement(FakeExchange.Fault.acceptThenDelay(Duration.ofSeconds(45)));

    Path log = Path.of(System.getProperty("java.io.tmpdir"), "keel-crossing-crash-child-wait.log");
    Process child = child(CrossingCrashChild.WAIT, log);
    try {
      Poll.until("the net's order to reach the venue", Duration.ofSeconds(90), () -> !binanceFake.placements().isEmpty() || !child.isAlive());
      assertThat(child.isAlive()).as("the child waits for the reply: %s", Files.readString(log)).isTrue();
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(count("SELECT count(*) FROM internal_cross WHERE status = 'NET_OPEN'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM fill WHERE venue_id = 'binance'")).as("the reply never came back").isZero();
    assertInvariants(db);
    Poll.until("the dead session's advisory locks to be released", Duration.ofSeconds(30),
        () -> count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == 0);

    ProposalExecutor restarted = executor(true);
    for (long s = 15; s <= 300 && count("SELECT count(*) FROM proposal WHERE status = 'EXECUTING'") > 0; s += 15) {
      assertThat(run(restarted, s).crossedTrades()).isZero();
    }

    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTED'")).isEqualTo(3);
    assertThat(binanceFake.placements()).as("the net, placed once and adopted").singleElement()
        .satisfies(pl -> assertThat(pl.quantity()).isEqualByComparingTo("0.03"));
    assertThat(count("SELECT count(*) FROM venue_order WHERE status = 'FILLED' AND internal_cross_id IS NOT NULL")).isEqualTo(1);
    assertThat(decimal(db, "SELECT venue_filled FROM cross_leg WHERE proposal_trade_id = ?", trade(db, big, "BTC"))).isEqualByComparingTo("0.02");
    assertThat(decimal(db, "SELECT venue_filled FROM cross_leg WHERE proposal_trade_id = ?", trade(db, small, "BTC")))
        .isEqualByComparingTo("0.01");
    assertAllocationsSumToFillsPerSide(new BigDecimal("0.03"), new BigDecimal("0.03"), Side.SELL);
  }

  /**
   * Two sellers (0.04, the lead, and 0.02) and a buyer of 0.03: a net of 0.03 to sell, 0.02 of it the lead's and 0.01 the
   * other's. The net's first order is placed and fills {@code firstFills} at once, but its reply is lost and the venue
   * denies it until Keel gives it up as never placed; its replacement fills 0.015 (what the book then holds), nothing
   * more can be routed, and the net is allocated: 0.01 and 0.005. The first order is then found at the venue.
   *
   * @return the trades: lead, other seller, buyer
   */
  private long[] netGivenUpThenAllocated(String firstFills) {
    markets(db, T0, BINANCE_BTC, BINANCE_ETH);
    long lead = trade(db, seller("0.04"), "BTC");
    long other = trade(db, seller("0.02"), "BTC");
    long buyer = trade(db, buyer("0.03"), "BTC");
    bid(firstFills);
    binanceFake.hideNewOrdersFromQueries(5);
    binanceFake.failNextPlacement(FakeExchange.Fault.acceptThenStatus(500));
    ProposalExecutor executor = executor(true);
    run(executor, 15);
    binanceFake.hideNewOrdersFromQueries(0);
    assertThat(binanceFake.placements()).singleElement().satisfies(pl -> assertThat(pl.placed()).isTrue());
    assertThat(binanceFake.orders().get(0).executed()).isEqualByComparingTo(firstFills);
    bid("0.015");
    for (long s = 30; s <= 300 && count("SELECT count(*) FROM internal_cross WHERE status = 'DONE'") == 0; s += 15) {
      run(executor, s);
    }
    assertThat(count("SELECT count(*) FROM venue_order WHERE internal_cross_id IS NOT NULL AND status = 'FAILED'"
        + " AND reason LIKE 'not placed:%'")).as("the first order, given up as never placed").isEqualTo(1);
    assertThat(decimal(db, "SELECT venue_filled FROM cross_leg WHERE proposal_trade_id = ?", lead)).isEqualByComparingTo("0.01");
    assertThat(decimal(db, "SELECT venue_filled FROM cross_leg WHERE proposal_trade_id = ?", other)).isEqualByComparingTo("0.005");
    assertThat(binanceFake.placements()).as("the first order and its replacement").hasSize(2);
    return new long[] {lead, other, buyer};
  }

  /** The fake's BTC book: {@code quantity} bid at 78000.00, the usual offer. */
  private void bid(String quantity) {
    binanceFake.book(BTC, List.of(new PriceLevel(new BigDecimal("78000.00"), new BigDecimal(quantity))),
        List.of(new PriceLevel(new BigDecimal("78000.01"), new BigDecimal("0.4"))));
  }

  /** Order placements the fake answered, from its request journal. */
  private long placementRequests() {
    return binanceFake.requests().stream().filter(r -> r.startsWith("POST ") && r.contains("/order")).count();
  }

  /** What the ledger holds of the net's venue fills, per kind: allocated to trades, and beyond them. */
  private BigDecimal netBooked(String kind) {
    return decimal(db, "SELECT coalesce(sum(abs(e.delta)), 0) FROM holding_entry e JOIN fill f ON f.id = e.fill_id WHERE f.venue_id = 'binance'"
        + " AND e.asset = 'BTC' AND e.kind = ?", kind);
  }

  @Test
  void a_late_fill_of_the_net_after_it_was_allocated_goes_to_the_same_trades_pro_rata_once() {
    long[] t = netGivenUpThenAllocated("0.012");
    long lead = t[0];
    long other = t[1];
    BigDecimal venueBefore = decimal(db, "SELECT sum(quantity) FROM fill WHERE venue_id = 'binance'");
    assertThat(venueBefore).isEqualByComparingTo("0.015");
    long requests = placementRequests();

    run(executor(true), 600);

    assertThat(FaultFixtures.text(db, "SELECT reason FROM venue_order WHERE internal_cross_id IS NOT NULL AND sequence = 1"))
        .startsWith("found at the venue after it was given up (not placed: ");
    assertThat(decimal(db, "SELECT sum(quantity) FROM fill WHERE venue_id = 'binance'")).isEqualByComparingTo("0.027");
    // rooms 0.01 and 0.005 of their parts of the net: 0.012 shared 2 : 1
    assertThat(decimal(db, "SELECT venue_filled FROM cross_leg WHERE proposal_trade_id = ?", lead)).isEqualByComparingTo("0.018");
    assertThat(decimal(db, "SELECT venue_filled FROM cross_leg WHERE proposal_trade_id = ?", other)).isEqualByComparingTo("0.009");
    assertThat(decimal(db, "SELECT venue_filled FROM internal_cross")).isEqualByComparingTo("0.027");
    assertThat(decimal(db, "SELECT executed_qty FROM proposal_trade WHERE id = ?", lead)).isEqualByComparingTo("0.038");
    assertThat(decimal(db, "SELECT executed_qty FROM proposal_trade WHERE id = ?", other)).isEqualByComparingTo("0.019");
    assertAllocationsSumToFillsPerSide(new BigDecimal("0.03"), new BigDecimal("0.027"), Side.SELL);
    assertThat(netBooked("ADJUSTMENT")).as("nothing beyond the trades").isEqualByComparingTo("0");
    assertThat(netBooked("TRADE")).isEqualByComparingTo("0.027");
    assertThat(decimal(db, "SELECT h.quantity FROM holding h JOIN proposal p ON p.portfolio_id = h.portfolio_id"
        + " JOIN proposal_trade t ON t.proposal_id = p.id WHERE t.id = ? AND h.asset = 'BTC'", other)).isEqualByComparingTo("0.981");
    BigDecimal late = decimal(db, "SELECT sum(quantity * price) / sum(quantity) FROM fill f JOIN venue_order o ON o.id = f.venue_order_id"
        + " WHERE o.sequence = 1 AND o.internal_cross_id IS NOT NULL");
    for (long trade : List.of(lead, other)) {
      assertThat(decimal(db, "SELECT sum(a.quantity * f.price) / sum(a.quantity) FROM allocation a JOIN fill f ON f.id = a.fill_id"
          + " JOIN venue_order o ON o.id = f.venue_order_id WHERE a.proposal_trade_id = ? AND o.sequence = 1", trade))
          .as("trade %d's part of the late fills at their price", trade).isEqualByComparingTo(late);
    }
    assertThat(placementRequests()).as("finding it placed nothing").isEqualTo(requests);

    long fills = count("SELECT count(*) FROM fill");
    long allocations = count("SELECT count(*) FROM allocation");
    long entries = count("SELECT count(*) FROM holding_entry");
    ProposalExecutor again = executor(true);
    run(again, 615);
    run(again, 630);
    assertThat(count("SELECT count(*) FROM fill")).as("reconciled again: booked once").isEqualTo(fills);
    assertThat(count("SELECT count(*) FROM allocation")).isEqualTo(allocations);
    assertThat(count("SELECT count(*) FROM holding_entry")).isEqualTo(entries);
    assertThat(decimal(db, "SELECT venue_filled FROM internal_cross")).isEqualByComparingTo("0.027");
    assertThat(placementRequests()).isEqualTo(requests);
    assertThat(binanceFake.placements()).hasSize(2);
  }

  @Test
  void a_late_fill_beyond_every_trade_s_part_of_the_net_is_booked_to_the_lead_s_portfolio_as_an_over_fill() {
    long[] t = netGivenUpThenAllocated("0.03");
    long lead = t[0];
    long other = t[1];

    run(executor(true), 600);

    assertThat(decimal(db, "SELECT sum(quantity) FROM fill WHERE venue_id = 'binance'")).isEqualByComparingTo("0.045");
    assertThat(decimal(db, "SELECT venue_filled FROM cross_leg WHERE proposal_trade_id = ?", lead)).as("its whole part")
        .isEqualByComparingTo("0.02");
    assertThat(decimal(db, "SELECT venue_filled FROM cross_leg WHERE proposal_trade_id = ?", other)).isEqualByComparingTo("0.01");
    assertThat(decimal(db, "SELECT executed_qty FROM proposal_trade WHERE id = ?", lead)).isEqualByComparingTo("0.04");
    assertThat(decimal(db, "SELECT executed_qty FROM proposal_trade WHERE id = ?", other)).isEqualByComparingTo("0.02");
    assertThat(decimal(db, "SELECT sum(a.quantity) FROM allocation a JOIN proposal_trade t ON t.id = a.proposal_trade_id"
        + " WHERE t.side = 'SELL'")).as("the sellers: crossed, and their whole parts of the net").isEqualByComparingTo("0.06");
    assertThat(netBooked("TRADE")).isEqualByComparingTo("0.03");
    assertThat(netBooked("ADJUSTMENT")).as("the rest of the late fills, booked whole").isEqualByComparingTo("0.015");
    assertThat(count("SELECT count(*) FROM holding_entry e JOIN proposal_trade t ON t.id = ? JOIN proposal p ON p.id = t.proposal_id"
        + " WHERE e.kind = 'ADJUSTMENT' AND e.portfolio_id <> p.portfolio_id", lead)).as("all of it the lead's portfolio's").isZero();
    assertThat(FaultFixtures.text(db, "SELECT min(note) FROM holding_entry WHERE kind = 'ADJUSTMENT' AND asset = 'BTC'"))
        .contains("beyond the net of internal cross").contains("over-fill of lead trade " + lead);
    assertThat(decimal(db, "SELECT h.quantity FROM holding h JOIN proposal p ON p.portfolio_id = h.portfolio_id"
        + " JOIN proposal_trade t ON t.proposal_id = p.id WHERE t.id = ? AND h.asset = 'BTC'", lead))
        .as("what the venue account sold for it: its 0.04 and the over-fill").isEqualByComparingTo("0.945");
    assertThat(decimal(db, "SELECT sum(e.delta) FROM holding_entry e JOIN fill f ON f.id = e.fill_id WHERE f.venue_id = 'binance'"
        + " AND e.asset = 'BTC'")).as("every unit the venue sold is off some portfolio").isEqualByComparingTo("-0.045");
    long entries = count("SELECT count(*) FROM holding_entry");
    run(executor(true), 615);
    assertThat(count("SELECT count(*) FROM holding_entry")).isEqualTo(entries);
    assertThat(binanceFake.placements()).hasSize(2);
  }

  @Test
  void fills_beyond_the_net_found_before_it_is_allocated_go_whole_to_the_lead_s_portfolio_as_an_over_fill() {
    markets(db, T0, BINANCE_BTC, BINANCE_ETH);
    long lead = trade(db, seller("0.04"), "BTC");
    long other = trade(db, seller("0.02"), "BTC");
    buyer("0.03");
    // the net's first order fills whole, its reply lost, denied until given up; its replacement fills whole too, its reply
    // lost as well; the next run finds both: twice the net, before the net is allocated
    binanceFake.hideNewOrdersFromQueries(5);
    binanceFake.failNextPlacement(FakeExchange.Fault.acceptThenStatus(500));
    ProposalExecutor executor = executor(true);
    run(executor, 15);
    binanceFake.hideNewOrdersFromQueries(0);
    binanceFake.failNextPlacement(FakeExchange.Fault.acceptThenStatus(500));
    long s = 30;
    for (; s <= 300 && binanceFake.placements().size() < 2; s += 15) {
      run(executor, s);
    }
    assertThat(count("SELECT count(*) FROM internal_cross WHERE status = 'NET_OPEN'")).isEqualTo(1);
    for (; s <= 600 && count("SELECT count(*) FROM proposal WHERE status = 'EXECUTING'") > 0; s += 15) {
      run(executor, s);
    }

    assertThat(binanceFake.placements()).hasSize(2);
    assertThat(placementRequests()).isEqualTo(2);
    assertThat(decimal(db, "SELECT sum(quantity) FROM fill WHERE venue_id = 'binance'")).isEqualByComparingTo("0.06");
    assertThat(decimal(db, "SELECT venue_filled FROM internal_cross")).isEqualByComparingTo("0.03");
    assertThat(decimal(db, "SELECT venue_filled FROM cross_leg WHERE proposal_trade_id = ?", lead)).isEqualByComparingTo("0.02");
    assertThat(decimal(db, "SELECT venue_filled FROM cross_leg WHERE proposal_trade_id = ?", other)).isEqualByComparingTo("0.01");
    assertThat(netBooked("TRADE")).isEqualByComparingTo("0.03");
    assertThat(netBooked("ADJUSTMENT")).as("the second net, booked whole to the lead's portfolio").isEqualByComparingTo("0.03");
    assertThat(decimal(db, "SELECT h.quantity FROM holding h JOIN proposal p ON p.portfolio_id = h.portfolio_id"
        + " JOIN proposal_trade t ON t.proposal_id = p.id WHERE t.id = ? AND h.asset = 'BTC'", lead)).isEqualByComparingTo("0.93");
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTED'")).isEqualTo(3);
  }

  @Test
  void a_late_fill_whose_booking_dies_part_way_or_before_the_order_is_marked_found_is_booked_once() {
    long[] t = netGivenUpThenAllocated("0.012");
    long requests = placementRequests();
    // the booking dies at its last write to the cross: everything of it rolled back, as after a crash at any line of it
    db.jdbi().useHandle(h -> h.execute("CREATE FUNCTION keel_test_fail() RETURNS trigger LANGUAGE plpgsql AS"
        + " $$ BEGIN RAISE EXCEPTION 'killed in the booking'; END $$"));
    db.jdbi().useHandle(h -> h.execute("CREATE TRIGGER keel_test_fail BEFORE UPDATE ON internal_cross FOR EACH ROW EXECUTE FUNCTION keel_test_fail()"));
    try {
      CLOCK.set(T0.plusSeconds(600));
      assertThat(executor(true).run().failed()).isPositive();
      assertInvariants(db);
      assertThat(decimal(db, "SELECT sum(quantity) FROM fill WHERE venue_id = 'binance'")).as("nothing of it written")
          .isEqualByComparingTo("0.015");
      // booked, then dies before the order says it was found: the next run asks again and books nothing twice
      db.jdbi().useHandle(h -> h.execute("DROP TRIGGER keel_test_fail ON internal_cross"));
      db.jdbi().useHandle(h -> h.execute("CREATE TRIGGER keel_test_fail BEFORE UPDATE ON venue_order FOR EACH ROW"
          + " WHEN (NEW.reason LIKE 'found at the venue%') EXECUTE FUNCTION keel_test_fail()"));
      CLOCK.set(T0.plusSeconds(615));
      assertThat(executor(true).run().failed()).isPositive();
      assertInvariants(db);
      assertThat(decimal(db, "SELECT sum(quantity) FROM fill WHERE venue_id = 'binance'")).isEqualByComparingTo("0.027");
      assertThat(count("SELECT count(*) FROM venue_order WHERE reason LIKE 'found at the venue%'")).isZero();
    } finally {
      db.jdbi().useHandle(h -> h.execute("DROP TRIGGER IF EXISTS keel_test_fail ON internal_cross"));
      db.jdbi().useHandle(h -> h.execute("DROP TRIGGER IF EXISTS keel_test_fail ON venue_order"));
      db.jdbi().useHandle(h -> h.execute("DROP FUNCTION IF EXISTS keel_test_fail()"));
    }

    run(executor(true), 630);
    run(executor(true), 645);

    assertThat(count("SELECT count(*) FROM venue_order WHERE reason LIKE 'found at the venue%'")).isEqualTo(1);
    assertThat(decimal(db, "SELECT sum(quantity) FROM fill WHERE venue_id = 'binance'")).isEqualByComparingTo("0.027");
    assertThat(decimal(db, "SELECT venue_filled FROM cross_leg WHERE proposal_trade_id = ?", t[0])).isEqualByComparingTo("0.018");
    assertThat(decimal(db, "SELECT venue_filled FROM cross_leg WHERE proposal_trade_id = ?", t[1])).isEqualByComparingTo("0.009");
    assertAllocationsSumToFillsPerSide(new BigDecimal("0.03"), new BigDecimal("0.027"), Side.SELL);
    assertThat(placementRequests()).isEqualTo(requests);
    assertThat(binanceFake.placements()).hasSize(2);
  }

  @Test
  void a_lead_whose_end_was_lost_after_its_net_was_allocated_ends_on_the_next_run_and_sends_nothing_of_its_own() {
    markets(db, T0, BINANCE_BTC, BINANCE_ETH);
    long lead = trade(db, seller("0.04"), "BTC");
    long other = trade(db, seller("0.02"), "BTC");
    buyer("0.03");
    bid("0.015");
    // the allocation commits, then the write of the lead's end dies: as a process killed between the two
    db.jdbi().useHandle(h -> h.execute("CREATE FUNCTION keel_test_fail() RETURNS trigger LANGUAGE plpgsql AS"
        + " $$ BEGIN RAISE EXCEPTION 'killed before the lead''s end'; END $$"));
    db.jdbi().useHandle(h -> h.execute("CREATE TRIGGER keel_test_fail BEFORE UPDATE ON proposal_trade FOR EACH ROW WHEN"
        + " (OLD.status = 'EXECUTING' AND NEW.status <> 'EXECUTING' AND NEW.id = " + lead + ") EXECUTE FUNCTION keel_test_fail()"));
    try {
      CLOCK.set(T0.plusSeconds(15));
      assertThat(executor(true).run().failed()).isPositive();
      assertInvariants(db);
    } finally {
      db.jdbi().useHandle(h -> h.execute("DROP TRIGGER IF EXISTS keel_test_fail ON proposal_trade"));
      db.jdbi().useHandle(h -> h.execute("DROP FUNCTION IF EXISTS keel_test_fail()"));
    }
    assertThat(count("SELECT count(*) FROM internal_cross WHERE status = 'DONE'")).isEqualTo(1);
    assertThat(FaultFixtures.text(db, "SELECT status FROM proposal_trade WHERE id = ?", lead)).isEqualTo("EXECUTING");
    assertThat(FaultFixtures.text(db, "SELECT status FROM proposal_trade WHERE id = ?", other)).isEqualTo("PARTIAL");
    long entries = count("SELECT count(*) FROM holding_entry");

    run(executor(true), 30);

    assertThat(FaultFixtures.text(db, "SELECT status FROM proposal_trade WHERE id = ?", lead)).isEqualTo("PARTIAL");
    assertThat(FaultFixtures.text(db, "SELECT reason FROM proposal_trade WHERE id = ?", lead))
        .startsWith("crossed 0.02").contains("0.01 of its 0.02 in the net filled at the venues");
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTING'")).isZero();
    assertThat(binanceFake.placements()).as("the net's one order, nothing of the lead's own").hasSize(1);
    assertThat(count("SELECT count(*) FROM holding_entry")).as("allocated once").isEqualTo(entries);
    assertAllocationsSumToFillsPerSide(new BigDecimal("0.03"), new BigDecimal("0.015"), Side.SELL);
  }

  @Test
  void a_trade_whose_cap_the_fair_mid_breaks_stays_out_of_the_cross_and_its_net_and_never_trades_beyond_its_cap() {
    markets(db, T0, BINANCE_BTC, BINANCE_ETH);
    long loose = trade(db, seller("0.05"), "BTC");
    long strict = trade(db, seller("0.02"), "BTC");
    buyer("0.03");
    // caps from the snapshots' mid 78000.005: the loose seller's 0.2 % below (77844.0), the strict one's 0.1 % (77922.0);
    // the venue's book has fallen to 77880.00 / 77880.01 since: the fair mid breaks the strict seller's cap
    db.jdbi().useHandle(h -> h.execute("UPDATE proposal_trade SET cost_bps = 0 WHERE id = ?", strict));
    binanceFake.book(BTC, List.of(new PriceLevel(new BigDecimal("77880.00"), new BigDecimal("1"))),
        List.of(new PriceLevel(new BigDecimal("77880.01"), new BigDecimal("1"))));

    run(executor(true), 15);

    assertThat(decimal(db, "SELECT price_cap FROM proposal_trade WHERE id = ?", strict)).isGreaterThan(new BigDecimal("77880.005"));
    assertThat(count("SELECT count(*) FROM allocation a JOIN fill f ON f.id = a.fill_id JOIN proposal_trade t"
        + " ON t.id = a.proposal_trade_id WHERE t.side = 'SELL' AND f.price < t.price_cap")).as("no sell below its own cap").isZero();
    assertThat(count("SELECT count(*) FROM cross_leg WHERE proposal_trade_id = ?", strict)).as("not in the cross").isZero();
    assertThat(count("SELECT count(*) FROM allocation WHERE proposal_trade_id = ?", strict)).isZero();
    assertThat(decimal(db, "SELECT executed_qty FROM proposal_trade WHERE id = ?", loose)).isEqualByComparingTo("0.05");
    assertThat(binanceFake.placements()).as("the loose seller's net; nothing inside the strict seller's cap").singleElement()
        .satisfies(pl -> assertThat(pl.quantity()).isEqualByComparingTo("0.02"));
    assertAllocationsSumToFillsPerSide(new BigDecimal("0.03"), new BigDecimal("0.02"), Side.SELL);
  }

  /** A {@link CrossingCrashChild} on the test database and the fake, in {@code mode}, its output in {@code log}. */
  private Process child(String mode, Path log) throws java.io.IOException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dsun.net.http.retryPost=false", "-cp", System.getProperty("java.class.path"), CrossingCrashChild.class.getName(),
        binanceFake.baseUrl().toString(), T0.toString(), mode);
    pb.environment().put("KEEL_TEST_DB_URL", db.url());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }
}
