package dev.keel.jobs.execution;

import static dev.keel.jobs.execution.FaultFixtures.BINANCE_BTC;
import static dev.keel.jobs.execution.FaultFixtures.BINANCE_ETH;
import static dev.keel.jobs.execution.FaultFixtures.BTC;
import static dev.keel.jobs.execution.FaultFixtures.ETH;
import static dev.keel.jobs.execution.FaultFixtures.KRAKEN_BTC;
import static dev.keel.jobs.execution.FaultFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.domain.market.Market;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.Side;
import dev.keel.jobs.venue.OrderReport;
import dev.keel.jobs.venue.OrderRequest;
import dev.keel.jobs.venue.VenueFill;
import dev.keel.jobs.venue.VenueOrderStatus;
import dev.keel.persistence.db.Jdbis;
import dev.keel.persistence.execution.ExecutionDao;
import dev.keel.persistence.testing.TestDatabase;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The execution-drag views' figures on one proposal executed on two scripted venues whose books, fees and fills are
 * known: each figure of report_fills, report_execution_drag and report_execution_saving equals what the test works out
 * by hand from the fills, following each view's definition (sql/.../db/reports), and the parts of a fill's cost add up
 * to its realised cost.
 */
class ExecutionReportsIT {

  /** Binance's taker fee in the fixtures, and Kraken's. */
  private static final BigDecimal BINANCE_FEE = new BigDecimal("0.001");
  private static final BigDecimal KRAKEN_FEE = new BigDecimal("0.004");
  /** The mid each trade was proposed at: below BTC's mid at execution, above ETH's, so both trades pay a market move. */
  private static final BigDecimal BTC_PROPOSED = new BigDecimal("77950.00");
  private static final BigDecimal ETH_PROPOSED = new BigDecimal("2370.00");
  private static final BigDecimal BTC_QTY = new BigDecimal("0.5");
  private static final BigDecimal ETH_QTY = new BigDecimal("2");

  private final TestDatabase db = TestDatabase.get();

  @BeforeEach
  void clean() {
    db.reset();
  }

  /** A book walked for {@code quantity} up to the limit: one fill per level, the taker fee in USDT on each. */
  private static List<VenueFill> walk(String venue, OrderBook book, BigDecimal fee, OrderRequest r) {
    List<VenueFill> fills = new ArrayList<>();
    BigDecimal left = r.quantity();
    int n = 0;
    for (PriceLevel level : book.levelsTakenBy(r.side())) {
      boolean beyond = r.side() == Side.BUY ? level.price().compareTo(r.limitPrice()) > 0 : level.price().compareTo(r.limitPrice()) < 0;
      if (left.signum() == 0 || beyond) {
        break;
      }
      BigDecimal q = left.min(level.quantity());
      fills.add(new VenueFill(venue + "-" + r.market().base() + "-" + ++n, q, level.price(), q.multiply(level.price()).multiply(fee), "USDT",
          T0));
      left = left.subtract(q);
    }
    return fills;
  }

  private static OrderReport report(OrderRequest r, List<VenueFill> fills) {
    BigDecimal filled = fills.stream().map(VenueFill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new OrderReport(r.clientOrderId(), "v-" + r.clientOrderId(),
        filled.compareTo(r.quantity()) == 0 ? VenueOrderStatus.FILLED : VenueOrderStatus.CANCELLED, filled, fills);
  }

  /** One figure of a view as a number (null when SQL NULL). */
  private BigDecimal figure(String sql, Object... args) {
    return FaultFixtures.decimal(db, sql, args);
  }

  @Test
  void the_drag_views_report_what_the_fills_cost_against_the_proposal_mid_split_into_move_spread_impact_and_fee() {
    FaultFixtures.markets(db, T0, BINANCE_BTC, BINANCE_ETH, KRAKEN_BTC);
    long proposal = FaultFixtures.proposal(db, T0, "binance", Map.of("ETH", "10", "USDT", "50000"),
        List.of(FaultFixtures.buy("BTC", BTC_QTY.toPlainString(), BTC_PROPOSED), FaultFixtures.sell("ETH", ETH_QTY.toPlainString(), ETH_PROPOSED)));
    // the venues' books: Binance's BTC touch as its snapshot's with only 0.2 at the best ask and 0.1 a dollar up, so
    // the buy walks two levels there and takes the rest at Kraken's ask; ETH (Binance only) deep at the best bid
    ExecutionBookingIT.Scripted binance = new ExecutionBookingIT.Scripted("binance");
    OrderBook btc = new OrderBook(BTC, List.of(PriceLevel.of("78000.00", "1")),
        List.of(PriceLevel.of("78000.01", "0.2"), PriceLevel.of("78001.00", "0.1")));
    OrderBook eth = new OrderBook(ETH, List.of(PriceLevel.of("2369.40", "5")), List.of(PriceLevel.of("2369.50", "5")));
    binance.books.put(BTC, btc);
    binance.books.put(ETH, eth);
    binance.reply = r -> report(r, walk("binance", r.market().equals(BTC) ? btc : eth, BINANCE_FEE, r));
    ExecutionBookingIT.Scripted kraken = new ExecutionBookingIT.Scripted("kraken").book(BTC, KRAKEN_BTC.bid(), KRAKEN_BTC.ask());
    kraken.reply = r -> report(r, walk("kraken", kraken.books.get(BTC), KRAKEN_FEE, r));

    ProposalExecutor executor = new ProposalExecutor(new ExecutionDao(Jdbis.standalone(db.dataSource())), List.of(binance, kraken),
        new dev.keel.jobs.venue.SettableClock(T0), FaultFixtures.settings("binance"));
    executor.run();

    assertThat(FaultFixtures.text(db, "SELECT status FROM proposal WHERE id = ?", proposal)).isEqualTo("EXECUTED");
    assertThat(binance.placed).hasSize(2);
    assertThat(kraken.placed).singleElement().satisfies(r -> assertThat(r.quantity()).isEqualByComparingTo("0.2"));
    ExecutionFixtures.assertInvariants(db);

    // by hand: the mid at execution is the median of the venues' snapshot mids (of two, their mean), the touch the
    // best price on the side taken among the venues' books when the trade was priced
    BigDecimal btcMid = new BigDecimal("78000.005").add(new BigDecimal("78004.0")).divide(BigDecimal.valueOf(2));
    BigDecimal ethMid = BINANCE_ETH.mid();
    assertThat(btcMid).isEqualByComparingTo("78002.0025");
    BigDecimal btcTouch = new BigDecimal("78000.01");
    BigDecimal ethTouch = new BigDecimal("2369.40");
    record Fill(String tradeId, String venue, Market market, Side side, BigDecimal quantity, BigDecimal price, BigDecimal feeRate,
                BigDecimal proposed, BigDecimal mid, BigDecimal touch, BigDecimal tradeQty) {
      BigDecimal sign(BigDecimal buyMinusSell) {
        return side == Side.BUY ? buyMinusSell : buyMinusSell.negate();
      }

      BigDecimal notional() {
        return quantity.multiply(price);
      }

      BigDecimal fee() {
        return quantity.multiply(price).multiply(feeRate);
      }

      BigDecimal marketMove() {
        return sign(mid.subtract(proposed)).multiply(quantity);
      }

      BigDecimal spread() {
        return sign(touch.subtract(mid)).multiply(quantity);
      }

      BigDecimal impact() {
        return sign(price.subtract(touch)).multiply(quantity);
      }

      BigDecimal realised() {
        return sign(price.subtract(proposed)).multiply(quantity).add(fee());
      }

      /** The proposal's estimated cost (FaultFixtures: 10 bps of the trade's notional at its proposed price), pro rata. */
      BigDecimal expected() {
        BigDecimal estimated = tradeQty.multiply(proposed).multiply(new BigDecimal("0.001")).setScale(8, RoundingMode.HALF_UP);
        return estimated.multiply(quantity).divide(tradeQty, MathContext.DECIMAL128);
      }
    }
    List<Fill> fills = List.of(
        new Fill("binance-BTC-1", "binance", BTC, Side.BUY, new BigDecimal("0.2"), new BigDecimal("78000.01"), BINANCE_FEE, BTC_PROPOSED,
            btcMid, btcTouch, BTC_QTY),
        new Fill("binance-BTC-2", "binance", BTC, Side.BUY, new BigDecimal("0.1"), new BigDecimal("78001.00"), BINANCE_FEE, BTC_PROPOSED,
            btcMid, btcTouch, BTC_QTY),
        new Fill("kraken-BTC-1", "kraken", BTC, Side.BUY, new BigDecimal("0.2"), new BigDecimal("78004.1"), KRAKEN_FEE, BTC_PROPOSED,
            btcMid, btcTouch, BTC_QTY),
        new Fill("binance-ETH-1", "binance", ETH, Side.SELL, ETH_QTY, ethTouch, BINANCE_FEE, ETH_PROPOSED, ethMid, ethTouch, ETH_QTY));
    // the figures written out once, so a wrong definition above cannot hide
    assertThat(fills.get(2).marketMove()).isEqualByComparingTo("10.4005");
    assertThat(fills.get(2).spread()).isEqualByComparingTo("-0.3985");
    assertThat(fills.get(2).impact()).isEqualByComparingTo("0.818");
    assertThat(fills.get(2).fee()).isEqualByComparingTo("62.40328");
    assertThat(fills.get(3).marketMove()).isEqualByComparingTo("1.10");
    assertThat(fills.get(3).spread()).isEqualByComparingTo("0.10");
    assertThat(fills.get(3).realised()).isEqualByComparingTo("5.9388");

    assertThat(FaultFixtures.count(db, "SELECT count(*) FROM report_fills")).isEqualTo(fills.size());
    for (Fill f : fills) {
      String row = "FROM report_fills WHERE venue_trade_id = '" + f.tradeId() + "'";
      assertThat(FaultFixtures.text(db, "SELECT venue || ' ' || asset || ' ' || side || ' ' || tier || ' ' || day " + row))
          .isEqualTo(f.venue() + " " + f.market().base() + " " + f.side() + " PREMIUM 2026-04-22");
      assertThat(figure("SELECT quantity " + row)).isEqualByComparingTo(f.quantity());
      assertThat(figure("SELECT price " + row)).isEqualByComparingTo(f.price());
      assertThat(figure("SELECT notional " + row)).isEqualByComparingTo(f.notional());
      assertThat(figure("SELECT mid_at_proposal " + row)).isEqualByComparingTo(f.proposed());
      assertThat(figure("SELECT mid_at_execution " + row)).isEqualByComparingTo(f.mid());
      assertThat(figure("SELECT fee " + row)).as(f.tradeId() + " fee").isEqualByComparingTo(f.fee());
      assertThat(figure("SELECT market_move " + row)).as(f.tradeId() + " market move").isEqualByComparingTo(f.marketMove());
      assertThat(figure("SELECT spread " + row)).as(f.tradeId() + " spread").isEqualByComparingTo(f.spread());
      assertThat(figure("SELECT impact " + row)).as(f.tradeId() + " impact").isEqualByComparingTo(f.impact());
      assertThat(figure("SELECT realised_cost " + row)).as(f.tradeId() + " realised").isEqualByComparingTo(f.realised());
      assertThat(figure("SELECT expected_cost " + row)).as(f.tradeId() + " expected").isEqualByComparingTo(f.expected());
      // the parts add up, exactly: move + spread + impact is the price cost, and with the fee the realised cost
      assertThat(figure("SELECT market_move + spread + impact - price_cost " + row)).isZero();
      assertThat(figure("SELECT price_cost + fee - realised_cost " + row)).isZero();
    }

    // report_execution_drag: per day, asset and venue, sums rounded as the view rounds, bps of the notional
    LocalDate day = LocalDate.of(2026, 4, 22);
    assertThat(FaultFixtures.count(db, "SELECT count(*) FROM report_execution_drag")).isEqualTo(3);
    for (String group : List.of("BTC binance", "BTC kraken", "ETH binance")) {
      Market m = group.startsWith("BTC") ? BTC : ETH;
      String venue = group.substring(4);
      List<Fill> of = fills.stream().filter(f -> f.market().equals(m) && f.venue().equals(venue)).toList();
      BigDecimal notional = of.stream().map(Fill::notional).reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal realised = of.stream().map(Fill::realised).reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal expected = of.stream().map(Fill::expected).reduce(BigDecimal.ZERO, BigDecimal::add);
      String row = "FROM report_execution_drag WHERE day = ? AND asset = '" + m.base() + "' AND venue = '" + venue + "'";
      assertThat(FaultFixtures.count(db, "SELECT fills " + row, day)).isEqualTo(of.size());
      assertThat(figure("SELECT quantity " + row, day))
          .isEqualByComparingTo(of.stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add));
      assertThat(figure("SELECT notional " + row, day)).isEqualByComparingTo(notional.setScale(2, RoundingMode.HALF_UP));
      assertThat(figure("SELECT realised_cost " + row, day)).isEqualByComparingTo(realised.setScale(4, RoundingMode.HALF_UP));
      assertThat(figure("SELECT expected_cost " + row, day)).isEqualByComparingTo(expected.setScale(4, RoundingMode.HALF_UP));
      assertThat(figure("SELECT fee " + row, day))
          .isEqualByComparingTo(of.stream().map(Fill::fee).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(4, RoundingMode.HALF_UP));
      assertThat(figure("SELECT spread " + row, day))
          .isEqualByComparingTo(of.stream().map(Fill::spread).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(4, RoundingMode.HALF_UP));
      assertThat(figure("SELECT impact " + row, day))
          .isEqualByComparingTo(of.stream().map(Fill::impact).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(4, RoundingMode.HALF_UP));
      assertThat(figure("SELECT market_move " + row, day))
          .isEqualByComparingTo(of.stream().map(Fill::marketMove).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(4, RoundingMode.HALF_UP));
      assertThat(figure("SELECT realised_bps " + row, day))
          .isEqualByComparingTo(realised.multiply(BigDecimal.valueOf(10_000)).divide(notional, 2, RoundingMode.HALF_UP));
      assertThat(figure("SELECT expected_bps " + row, day))
          .isEqualByComparingTo(expected.multiply(BigDecimal.valueOf(10_000)).divide(notional, 2, RoundingMode.HALF_UP));
    }
    assertThat(figure("SELECT realised_bps FROM report_execution_drag WHERE asset = 'BTC' AND venue = 'binance'"))
        .isEqualByComparingTo("16.45");
    assertThat(figure("SELECT realised_bps FROM report_execution_drag WHERE asset = 'BTC' AND venue = 'kraken'"))
        .isEqualByComparingTo("46.94");
    assertThat(figure("SELECT realised_bps FROM report_execution_drag WHERE asset = 'ETH'")).isEqualByComparingTo("12.53");

    // report_execution_saving: the naive policy on the same books (every line back to target on the one venue, Binance,
    // cost-blind) against what Keel's fills cost. Targets (FaultFixtures): BTC 0.3, ETH 0.3, USDT 0.4 of the value at
    // the mids at execution; the naive BTC buy walks Binance's two ask levels, whose average is still below the mid
    // (the median with Kraken's higher one), so it costs the fee alone; the ETH sell stays at the best bid.
    double value = 10 * ethMid.doubleValue() + 50_000;
    double btcBuy = 0.3 * value;
    double ethSell = 10 * ethMid.doubleValue() - 0.3 * value;
    double wanted = btcBuy / 78000.005; // the walk turns notional into units at the book's own mid
    assertThat(wanted).isBetween(0.2, 0.3);
    double average = (0.2 * 78000.01 + (wanted - 0.2) * 78001.00) / wanted;
    double mid = btcMid.doubleValue();
    double naive = btcBuy * (0.001 + Math.max(0, (average - mid) / mid))
        + ethSell * (0.001 + (ethMid.doubleValue() - 2369.40) / ethMid.doubleValue());
    BigDecimal keel = fills.stream().map(Fill::realised).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(keel).isEqualByComparingTo("117.664182");
    assertThat(figure("SELECT naive_cost FROM proposal WHERE id = ?", proposal).doubleValue()).isCloseTo(naive, within(1e-6));
    assertThat(figure("SELECT naive_notional FROM proposal WHERE id = ?", proposal).doubleValue()).isCloseTo(btcBuy + ethSell, within(1e-6));
    BigDecimal naiveStored = figure("SELECT naive_cost FROM proposal WHERE id = ?", proposal);
    BigDecimal value73700 = new BigDecimal("73700"); // the proposal's portfolio value: ETH at its proposed price, and the cash
    String saving = "FROM report_execution_saving WHERE day = ? AND tier = 'PREMIUM'";
    assertThat(FaultFixtures.count(db, "SELECT count(*) FROM report_execution_saving")).isEqualTo(1);
    assertThat(FaultFixtures.count(db, "SELECT proposals " + saving, day)).isEqualTo(1);
    assertThat(figure("SELECT portfolio_value " + saving, day)).isEqualByComparingTo(value73700);
    assertThat(figure("SELECT keel_notional " + saving, day))
        .isEqualByComparingTo(fills.stream().map(Fill::notional).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2, RoundingMode.HALF_UP));
    assertThat(figure("SELECT keel_cost " + saving, day)).isEqualByComparingTo(keel.setScale(4, RoundingMode.HALF_UP));
    assertThat(figure("SELECT naive_cost " + saving, day)).isEqualByComparingTo(naiveStored.setScale(4, RoundingMode.HALF_UP));
    // the saving measures both policies from the same mids, those at execution: Keel's cost less the market's move
    BigDecimal move = fills.stream().map(Fill::marketMove).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(move).as("the market moved against the proposal before execution").isPositive();
    assertThat(figure("SELECT keel_market_move " + saving, day)).isEqualByComparingTo(move.setScale(4, RoundingMode.HALF_UP));
    assertThat(figure("SELECT keel_cost_at_execution " + saving, day))
        .isEqualByComparingTo(keel.subtract(move).setScale(4, RoundingMode.HALF_UP));
    assertThat(figure("SELECT saving " + saving, day))
        .isEqualByComparingTo(naiveStored.subtract(keel.subtract(move)).setScale(4, RoundingMode.HALF_UP));
    assertThat(figure("SELECT keel_bps_of_value " + saving, day))
        .isEqualByComparingTo(keel.multiply(BigDecimal.valueOf(10_000)).divide(value73700, 3, RoundingMode.HALF_UP));
    assertThat(figure("SELECT naive_bps_of_value " + saving, day))
        .isEqualByComparingTo(naiveStored.multiply(BigDecimal.valueOf(10_000)).divide(value73700, 3, RoundingMode.HALF_UP));
  }
}
