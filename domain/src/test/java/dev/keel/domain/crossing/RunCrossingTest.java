package dev.keel.domain.crossing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.market.Side;
import dev.keel.domain.testing.Properties;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RunCrossingTest {

  static final BigDecimal BTC_MID = new BigDecimal("78000.005");
  static final BigDecimal ETH_MID = new BigDecimal("2369.45");
  static final Map<String, BigDecimal> MIDS = Map.of("BTC", BTC_MID, "ETH", ETH_MID);

  static RunCrossing.Leg leg(long trade, long portfolio, String asset, Side side, String quantity) {
    return new RunCrossing.Leg(trade, portfolio, asset, side, new BigDecimal(quantity), null);
  }

  @Test
  void only_a_trade_whose_cap_the_mid_respects_takes_part() {
    BigDecimal mid = new BigDecimal("100");
    RunCrossing.Leg sell = new RunCrossing.Leg(1, 1, "BTC", Side.SELL, BigDecimal.ONE, new BigDecimal("100.5"));
    RunCrossing.Leg buy = new RunCrossing.Leg(2, 2, "BTC", Side.BUY, BigDecimal.ONE, new BigDecimal("99.5"));
    assertThat(RunCrossing.takesPart(sell, mid)).as("a sell that wants more than the mid").isFalse();
    assertThat(RunCrossing.takesPart(buy, mid)).as("a buy that pays less than the mid").isFalse();
    assertThat(RunCrossing.takesPart(sell, new BigDecimal("100.5"))).isTrue();
    assertThat(RunCrossing.takesPart(buy, new BigDecimal("99.5"))).isTrue();
    assertThat(RunCrossing.takesPart(buy, null)).isFalse();
    // a sell out of the cross is out of its net too: the plan's net side holds only those that cross
    RunCrossing.Leg other = new RunCrossing.Leg(3, 3, "BTC", Side.SELL, new BigDecimal("2"), new BigDecimal("99"));
    RunCrossing.Leg buyer = new RunCrossing.Leg(4, 4, "BTC", Side.BUY, BigDecimal.ONE, new BigDecimal("101"));
    List<RunCrossing.Cross> plan = RunCrossing.plan(List.of(sell, other, buyer), Map.of("BTC", mid), Map.of(), Map.of(4L, new BigDecimal("1000")));
    assertThat(plan).singleElement().satisfies(x -> {
      assertThat(x.result().orders()).extracting(CrossedOrder::id).containsExactlyInAnyOrder(3L, 4L);
      assertThat(x.leadTradeId()).isEqualTo(3L);
      assertThat(x.netCap()).isEqualByComparingTo("99");
    });
  }

  @Test
  void two_portfolios_swapping_assets_cross_both_in_full_when_their_cash_covers_the_difference_in_value() {
    // portfolio 1 sells BTC to buy ETH, portfolio 2 the other way round; 0.1 BTC is worth 218 USDT more than 3.2 ETH
    List<RunCrossing.Cross> crosses = RunCrossing.plan(List.of(
        leg(1, 1, "BTC", Side.SELL, "0.1"), leg(2, 1, "ETH", Side.BUY, "3.2"),
        leg(3, 2, "ETH", Side.SELL, "3.2"), leg(4, 2, "BTC", Side.BUY, "0.1")), MIDS, Map.of(), Map.of(2L, new BigDecimal("250")));
    assertThat(crosses).extracting(RunCrossing.Cross::asset).containsExactly("BTC", "ETH");
    assertThat(crosses.get(0).result().crossedPerSide()).isEqualByComparingTo("0.1");
    assertThat(crosses.get(0).result().netSide()).isNull();
    assertThat(crosses.get(1).result().crossedPerSide()).isEqualByComparingTo("3.2");
  }

  @Test
  void a_buy_crosses_only_what_its_portfolio_can_pay_at_the_mid() {
    // 1,000 USDT buys 0.0128205 BTC at 78,000.005; the buy is shrunk to a little less
    List<RunCrossing.Cross> crosses = RunCrossing.plan(List.of(
        leg(1, 1, "BTC", Side.SELL, "0.5"), leg(2, 2, "BTC", Side.BUY, "0.1")), MIDS, Map.of(), Map.of(2L, new BigDecimal("1000")));
    RunCrossing.Cross btc = crosses.get(0);
    assertThat(btc.result().crossedPerSide()).isBetween(new BigDecimal("0.0128"), new BigDecimal("0.0128205"));
    assertThat(btc.result().crossedPerSide().multiply(btc.mid())).isLessThanOrEqualTo(new BigDecimal("1000"));
    assertThat(btc.result().netSide()).isEqualTo(Side.SELL);
    assertThat(btc.leadTradeId()).isEqualTo(1L);
  }

  @Test
  void with_every_trade_on_the_venue_lot_the_cross_and_the_net_are_whole_lots() {
    List<RunCrossing.Cross> crosses = RunCrossing.plan(List.of(leg(1, 1, "BTC", Side.SELL, "0.00007"), leg(2, 2, "BTC", Side.SELL, "0.00004"),
        leg(3, 3, "BTC", Side.BUY, "0.00005")), MIDS, Map.of("BTC", new BigDecimal("0.00001")), Map.of(3L, new BigDecimal("1e9")));
    RunCrossing.Cross btc = crosses.get(0);
    assertThat(btc.quantum()).isEqualByComparingTo("0.00001");
    for (CrossedOrder o : btc.result().orders()) {
      assertThat(o.crossed().remainder(new BigDecimal("0.00001"))).isZero();
      assertThat(o.toVenue().remainder(new BigDecimal("0.00001"))).isZero();
    }
    assertThat(btc.result().net()).isEqualByComparingTo("0.00006");
  }

  @Test
  void a_buyer_without_cash_and_without_crossed_sells_does_not_cross() {
    assertThat(RunCrossing.plan(List.of(leg(1, 1, "BTC", Side.SELL, "0.5"), leg(2, 2, "BTC", Side.BUY, "0.1")), MIDS, Map.of(), Map.of()))
        .isEmpty();
  }

  @Test
  void a_trade_whose_cap_the_mid_breaks_does_not_cross_and_one_sided_assets_never_do() {
    List<RunCrossing.Leg> legs = List.of(new RunCrossing.Leg(1, 1, "BTC", Side.SELL, new BigDecimal("0.1"), new BigDecimal("78100")),
        new RunCrossing.Leg(2, 2, "BTC", Side.BUY, new BigDecimal("0.1"), new BigDecimal("78100")),
        leg(3, 3, "ETH", Side.BUY, "1"));
    assertThat(RunCrossing.plan(legs, MIDS, Map.of(), Map.of(2L, new BigDecimal("1e9"), 3L, new BigDecimal("1e9")))).isEmpty();
  }

  @Test
  void the_net_side_s_cap_is_the_strictest_and_its_lead_the_smallest_trade() {
    List<RunCrossing.Leg> legs = List.of(new RunCrossing.Leg(7, 1, "BTC", Side.BUY, new BigDecimal("0.3"), new BigDecimal("78300")),
        new RunCrossing.Leg(5, 2, "BTC", Side.BUY, new BigDecimal("0.2"), new BigDecimal("78200")),
        new RunCrossing.Leg(6, 3, "BTC", Side.SELL, new BigDecimal("0.1"), new BigDecimal("77900")));
    RunCrossing.Cross btc = RunCrossing.plan(legs, MIDS, Map.of(), Map.of(1L, new BigDecimal("1e9"), 2L, new BigDecimal("1e9"))).get(0);
    assertThat(btc.netCap()).isEqualByComparingTo("78200");
    assertThat(btc.leadTradeId()).isEqualTo(5L);
    assertThat(btc.result().net()).isEqualByComparingTo("0.4");
  }

  record Run(List<RunCrossing.Leg> legs, Map<Long, BigDecimal> cash) {}

  /** Random runs: no portfolio's cash goes below zero, both sides' cash moves are exactly opposite, nothing beyond a trade. */
  @Test
  void no_portfolio_s_cash_goes_below_zero_and_cash_moves_are_exactly_opposite() {
    Properties.forAll(20261205L, 400, (SplittableRandom r) -> {
      List<RunCrossing.Leg> legs = new ArrayList<>();
      Map<Long, BigDecimal> cash = new HashMap<>();
      int portfolios = 2 + r.nextInt(10);
      long trade = 1;
      for (long p = 1; p <= portfolios; p++) {
        cash.put(p, BigDecimal.valueOf(r.nextInt(3) == 0 ? 0 : r.nextInt(20_000)));
        for (String asset : List.of("BTC", "ETH")) {
          if (r.nextBoolean()) {
            BigDecimal q = BigDecimal.valueOf(1 + r.nextInt(50_000)).movePointLeft(asset.equals("BTC") ? 5 : 4);
            legs.add(new RunCrossing.Leg(trade++, p, asset, r.nextBoolean() ? Side.BUY : Side.SELL, q, null));
          }
        }
      }
      return new Run(legs, cash);
    }, run -> {
      List<RunCrossing.Leg> legs = run.legs();
      Map<Long, BigDecimal> cash = run.cash();
      Map<Long, RunCrossing.Leg> byTrade = new HashMap<>();
      legs.forEach(l -> byTrade.put(l.tradeId(), l));
      Map<Long, BigDecimal> after = new HashMap<>(cash);
      for (RunCrossing.Cross c : RunCrossing.plan(legs, MIDS, Map.of("BTC", new BigDecimal("0.00001")), cash)) {
        BigDecimal buys = BigDecimal.ZERO;
        BigDecimal sells = BigDecimal.ZERO;
        for (CrossedOrder o : c.result().orders()) {
          RunCrossing.Leg l = byTrade.get(o.id());
          assertThat(o.crossed()).isLessThanOrEqualTo(l.quantity());
          BigDecimal value = o.crossed().multiply(c.mid());
          assertThat(value.scale()).as("exact at the ledger's scale").isLessThanOrEqualTo(18);
          if (o.side() == Side.BUY) {
            buys = buys.add(value);
            after.merge(l.portfolioId(), value.negate(), BigDecimal::add);
          } else {
            sells = sells.add(value);
            after.merge(l.portfolioId(), value, BigDecimal::add);
          }
        }
        assertThat(buys).as("cash paid equals cash received").isEqualByComparingTo(sells);
      }
      after.forEach((p, v) -> assertThat(v).as("cash of portfolio " + p).isGreaterThanOrEqualTo(BigDecimal.ZERO));
    });
  }
}
