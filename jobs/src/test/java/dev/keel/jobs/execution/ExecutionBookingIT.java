package dev.keel.jobs.execution;

import static dev.keel.jobs.execution.FaultFixtures.BINANCE_BTC;
import static dev.keel.jobs.execution.FaultFixtures.BINANCE_ETH;
import static dev.keel.jobs.execution.FaultFixtures.BTC;
import static dev.keel.jobs.execution.FaultFixtures.ETH;
import static dev.keel.jobs.execution.FaultFixtures.KRAKEN_BTC;
import static dev.keel.jobs.execution.FaultFixtures.T0;
import static dev.keel.jobs.execution.FaultFixtures.markets;
import static dev.keel.jobs.execution.FaultFixtures.mid;
import static dev.keel.jobs.execution.FaultFixtures.proposal;
import static dev.keel.jobs.execution.FaultFixtures.sell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.market.FeeQuote;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.VenueFault;
import dev.keel.domain.market.VenueFaultKind;
import dev.keel.domain.market.VenueId;
import dev.keel.jobs.venue.ConfiguredFees;
import dev.keel.jobs.venue.OrderReport;
import dev.keel.jobs.venue.OrderRequest;
import dev.keel.jobs.venue.SettableClock;
import dev.keel.jobs.venue.Venue;
import dev.keel.jobs.venue.VenueBook;
import dev.keel.jobs.venue.VenueFill;
import dev.keel.jobs.venue.VenueOrderStatus;
import dev.keel.jobs.venue.VenueResult;
import dev.keel.jobs.venue.VenueTicker;
import dev.keel.persistence.db.Jdbis;
import dev.keel.persistence.execution.ExecutionDao;
import dev.keel.persistence.testing.TestDatabase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a venue reports that Keel cannot book at once never loses a fill, never sends a second order on a quantity the
 * venue already traded, and never stops the other orders: fills that lag a final status, one trade id on two orders, a
 * fee in an asset with no price, a fill that would take a holding below zero. Venues scripted in the test.
 */
class ExecutionBookingIT {

  private static final SettableClock CLOCK = new SettableClock(T0);
  private final TestDatabase db = TestDatabase.get();

  @BeforeEach
  void clean() {
    db.reset();
    CLOCK.set(T0);
  }

  /** A venue whose books and order replies the test writes. */
  static final class Scripted implements Venue {
    final String id;
    final Map<Market, OrderBook> books = new HashMap<>();
    final List<OrderRequest> placed = new ArrayList<>();
    final Map<String, OrderReport> known = new HashMap<>();
    Function<OrderRequest, OrderReport> reply;

    Scripted(String id) {
      this.id = id;
    }

    Scripted book(Market m, String bid, String ask) {
      books.put(m, new OrderBook(m, List.of(PriceLevel.of(bid, "100")), List.of(PriceLevel.of(ask, "100"))));
      return this;
    }

    @Override
    public VenueId id() {
      return VenueId.of(id);
    }

    @Override
    public List<Market> markets() {
      return List.copyOf(books.keySet());
    }

    @Override
    public VenueResult<VenueBook> orderBook(Market m, int depth) {
      return VenueResult.ok(new VenueBook(books.get(m), Optional.empty()));
    }

    @Override
    public VenueResult<VenueTicker> ticker(Market m) {
      return VenueResult.failed(VenueFault.of(VenueFaultKind.OTHER, "not scripted"));
    }

    @Override
    public VenueResult<FeeQuote> fees(Market m) {
      return VenueResult.failed(VenueFault.of(VenueFaultKind.OTHER, "not scripted"));
    }

    @Override
    public ConfiguredFees configuredFees() {
      return null;
    }

    @Override
    public VenueResult<MarketRules> rules(Market m) {
      return VenueResult.failed(VenueFault.of(VenueFaultKind.OTHER, "not scripted"));
    }

    @Override
    public VenueResult<OrderReport> place(OrderRequest r) {
      placed.add(r);
      OrderReport rep = reply.apply(r);
      known.put(r.clientOrderId(), rep);
      return VenueResult.ok(rep);
    }

    @Override
    public VenueResult<Optional<OrderReport>> findOrder(Market m, String clientOrderId) {
      return VenueResult.ok(Optional.ofNullable(known.get(clientOrderId)));
    }

    @Override
    public VenueResult<Boolean> cancel(Market m, String clientOrderId) {
      return VenueResult.ok(false);
    }
  }

  private static OrderReport filled(OrderRequest r, List<VenueFill> fills) {
    return new OrderReport(r.clientOrderId(), "v-" + r.clientOrderId(), VenueOrderStatus.FILLED, r.quantity(), fills);
  }

  private static VenueFill fill(String id, OrderRequest r, String feeAsset) {
    return new VenueFill(id, r.quantity(), r.limitPrice(), new BigDecimal("0.01"), feeAsset, T0);
  }

  private ProposalExecutor executor(Venue... venues) {
    return new ProposalExecutor(new ExecutionDao(Jdbis.standalone(db.dataSource())), List.of(venues), CLOCK,
        FaultFixtures.settings(venues[0].id().value()));
  }

  private long count(String sql) {
    return ExecutionFixtures.count(db, sql);
  }

  private String text(String sql) {
    return FaultFixtures.text(db, sql);
  }

  private ProposalExecutor.RunSummary runAt(ProposalExecutor e, long seconds) {
    CLOCK.set(T0.plusSeconds(seconds));
    ProposalExecutor.RunSummary s = e.run();
    ExecutionFixtures.assertInvariants(db);
    return s;
  }

  @Test
  void a_final_report_whose_fills_lag_keeps_the_order_live_until_they_are_booked_and_sends_nothing_more() {
    markets(db, T0, BINANCE_BTC, KRAKEN_BTC);
    proposal(db, T0, "binance", Map.of("BTC", "1.0", "USDT", "1"), List.of(sell("BTC", "0.5", mid(BINANCE_BTC, KRAKEN_BTC))));
    Scripted b = new Scripted("binance").book(BTC, BINANCE_BTC.bid(), BINANCE_BTC.ask());
    Scripted k = new Scripted("kraken").book(BTC, KRAKEN_BTC.bid(), KRAKEN_BTC.ask());
    b.reply = r -> filled(r, List.of()); // the venue traded 0.5, its trade list does not show it yet
    k.reply = r -> filled(r, List.of(fill("K-1", r, "USDT")));
    ProposalExecutor e = executor(b, k);

    runAt(e, 0);
    runAt(e, 15);

    assertThat(b.placed.size() + k.placed.size()).as("no second order on a quantity the venue already traded").isEqualTo(1);
    assertThat(text("SELECT status || ' ' || reason FROM venue_order")).startsWith("PARTIALLY_FILLED fills pending");
    assertThat(text("SELECT status FROM proposal")).isEqualTo("EXECUTING");

    OrderRequest sent = b.placed.get(0);
    b.known.put(sent.clientOrderId(), filled(sent, List.of(fill("B-1", sent, "USDT")))); // the trades show up
    runAt(e, 30);

    assertThat(count("SELECT count(*) FROM fill")).isEqualTo(1);
    assertThat(text("SELECT status FROM venue_order")).isEqualTo("FILLED");
    assertThat(text("SELECT status || ' ' || executed_qty FROM proposal_trade")).isEqualTo("FILLED 0.500000000000000000");
    assertThat(text("SELECT status FROM proposal")).isEqualTo("EXECUTED");
  }

  @Test
  void one_trade_id_reported_for_two_orders_is_not_booked_twice_nor_dropped_silently() {
    markets(db, T0, BINANCE_BTC, BINANCE_ETH);
    proposal(db, T0, "binance", Map.of("BTC", "1.0", "ETH", "10", "USDT", "1"),
        List.of(sell("BTC", "0.5", mid(BINANCE_BTC)), sell("ETH", "5", mid(BINANCE_ETH))));
    Scripted b = new Scripted("binance").book(BTC, BINANCE_BTC.bid(), BINANCE_BTC.ask()).book(ETH, BINANCE_ETH.bid(), BINANCE_ETH.ask());
    b.reply = r -> filled(r, List.of(fill("5012345", r, "USDT")));

    ProposalExecutor.RunSummary s = runAt(executor(b), 0);

    assertThat(count("SELECT count(*) FROM fill")).isEqualTo(1);
    assertThat(s.failed()).as("the clash is an error of the run").isPositive();
    assertThat(count("SELECT count(*) FROM venue_order WHERE status = 'NEW' AND reason LIKE 'booking failed%already booked for another order%'"))
        .as("the second order stays live and says why").isEqualTo(1);
    assertThat(text("SELECT status FROM proposal")).as("not finished on a fill it could not book").isEqualTo("EXECUTING");
  }

  @Test
  void a_fee_in_an_asset_with_no_price_leaves_that_order_live_and_books_the_others_of_the_round() {
    markets(db, T0, BINANCE_BTC, BINANCE_ETH);
    proposal(db, T0, "binance", Map.of("BTC", "1.0", "ETH", "10", "USDT", "1"),
        List.of(sell("BTC", "0.5", mid(BINANCE_BTC)), sell("ETH", "5", mid(BINANCE_ETH))));
    Scripted b = new Scripted("binance").book(BTC, BINANCE_BTC.bid(), BINANCE_BTC.ask()).book(ETH, BINANCE_ETH.bid(), BINANCE_ETH.ask());
    b.reply = r -> filled(r, List.of(fill(r.market().base() + "-1", r, r.market().base().equals("BTC") ? "BNB" : "USDT")));

    runAt(executor(b), 0);

    assertThat(text("SELECT string_agg(venue_trade_id, ',') FROM fill")).as("the ETH fill is booked").isEqualTo("ETH-1");
    assertThat(count("SELECT count(*) FROM venue_order WHERE status = 'NEW' AND reason LIKE 'booking failed%BNB%'")).isEqualTo(1);
    assertThat(b.placed).hasSize(2);
  }

  @Test
  void a_fill_that_would_take_a_holding_below_zero_is_not_booked_and_the_order_says_why() {
    markets(db, T0, BINANCE_BTC);
    proposal(db, T0, "binance", Map.of("BTC", "1.0", "USDT", "1"), List.of(sell("BTC", "0.8", mid(BINANCE_BTC))));
    Scripted b = new Scripted("binance").book(BTC, BINANCE_BTC.bid(), BINANCE_BTC.ask());
    b.reply = r -> filled(r, List.of(new VenueFill("1", new BigDecimal("1.2"), r.limitPrice(), BigDecimal.ZERO, "USDT", T0)));
    ProposalExecutor e = executor(b);

    runAt(e, 0);
    runAt(e, 15);

    assertThat(count("SELECT count(*) FROM fill")).isZero();
    assertThat(text("SELECT status || ' ' || reason FROM venue_order")).startsWith("NEW booking failed")
        .contains("holds").contains("BTC");
    assertThat(b.placed).as("looked up again, never sent again").hasSize(1);
  }
}
