package dev.keel.domain.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.domain.portfolio.Basket;
import dev.keel.domain.portfolio.RiskProfile;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BacktestSimulatorTest {

  /** Half spread 5 bps, fee 10 bps, impact 1e-7 per USDT: every trade pays visibly. */
  static final DailyCost COSTLY = new DailyCost(0.0005, 0.001, 1e-7, 10, 1e6, 1);

  static final Basket BTC_ETH_CASH = new Basket("BTC_ETH_CASH", ordered("BTC", 0.5, "ETH", 0.3, "USDT", 0.2));
  static final Basket BTC_ETH_SOL = new Basket("BTC_ETH_SOL", ordered("BTC", 0.4, "ETH", 0.4, "SOL", 0.2));

  static final BacktestSettings SEQUENTIAL = BacktestSettings.DEFAULT.sequential();

  private static Map<String, Double> ordered(Object... pairs) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Double) pairs[i + 1]);
    }
    return m;
  }

  private static BacktestResult run(MarketReplay market, List<SimulatedPortfolio> portfolios, Policy... policies) {
    return BacktestSimulator.run(market, portfolios, List.of(policies), SEQUENTIAL);
  }

  private static PortfolioResult only(BacktestResult result, Policy policy) {
    List<PortfolioResult> rs = result.of(policy);
    assertThat(rs).hasSize(1);
    return rs.get(0);
  }

  private static List<LocalDate> rebalanceDays(BacktestResult result, Policy policy) {
    List<LocalDate> days = new ArrayList<>();
    DailyTotals totals = result.daily().get(policy);
    for (int d = 0; d < totals.days(); d++) {
      if (totals.shareRebalanced(d) > 0) {
        days.add(result.market().days().get(d));
      }
    }
    return days;
  }

  @Test
  void without_trades_the_value_follows_the_prices_exactly() {
    double[][] closes = SyntheticMarket.randomWalks(2, 400, 0.04, 11);
    MarketReplay market = SyntheticMarket.of(List.of("BTC", "ETH"), closes, COSTLY, 0.7);
    SimulatedPortfolio p = new SimulatedPortfolio(0, BTC_ETH_CASH, RiskProfile.BALANCED, 10_000);

    PortfolioResult hold = only(run(market, List.of(p), Policy.BUY_AND_HOLD), Policy.BUY_AND_HOLD);

    double expected = 10_000 * (0.5 * closes[0][399] / closes[0][0] + 0.3 * closes[1][399] / closes[1][0] + 0.2);
    assertThat(hold.finalValue()).isCloseTo(expected, within(expected * 1e-12));
    assertThat(hold.totalCost()).isZero();
    assertThat(hold.rebalances()).isZero();
  }

  @Test
  void with_trades_the_value_changes_by_exactly_the_costs() {
    Random random = new Random(5);
    for (int trial = 0; trial < 25; trial++) {
      double shock = random.nextBoolean() ? 0.3 + 0.3 * random.nextDouble() : 1.5 + random.nextDouble();
      DailyCost cost = new DailyCost(0.002 * random.nextDouble(), 0.002 * random.nextDouble(),
          1e-6 * random.nextDouble(), 10, 1e6, 1);
      double[][] closes = SyntheticMarket.flatWithShocks(2, 30, new int[][] {{0, 10}}, new double[] {shock});
      MarketReplay market = SyntheticMarket.of(List.of("BTC", "ETH"), closes, cost, 0.7);
      double v0 = 1_000 + 100_000 * random.nextDouble();
      for (Basket basket : List.of(BTC_ETH_CASH, new Basket("BTC_ETH", ordered("BTC", 0.6, "ETH", 0.4)))) {
        SimulatedPortfolio p = new SimulatedPortfolio(0, basket, RiskProfile.CONSERVATIVE, v0);
        BacktestResult result = run(market, List.of(p), Policy.NAIVE_THRESHOLD, Policy.KEEL_STATIC);
        double btc = basket.weights().get("BTC");
        double beforeTrading = v0 * (1 + btc * (shock - 1));
        for (Policy policy : List.of(Policy.NAIVE_THRESHOLD, Policy.KEEL_STATIC)) {
          PortfolioResult r = only(result, policy);
          assertThat(r.rebalances()).as("trial %d %s %s", trial, basket.name(), policy).isPositive();
          assertThat(r.totalCost()).isPositive();
          assertThat(r.finalValue() + r.totalCost()).as("trial %d %s %s", trial, basket.name(), policy)
              .isCloseTo(beforeTrading, within(beforeTrading * 1e-12));
        }
      }
    }
  }

  @Test
  void the_cost_charged_is_the_days_linear_and_impact_cost_of_each_line_traded() {
    double[][] closes = SyntheticMarket.flatWithShocks(2, 20, new int[][] {{0, 5}}, new double[] {1.5});
    MarketReplay market = SyntheticMarket.of(List.of("BTC", "ETH"), closes, COSTLY, 0.7);
    SimulatedPortfolio p = new SimulatedPortfolio(0, BTC_ETH_CASH, RiskProfile.BALANCED, 10_000);

    PortfolioResult naive = only(run(market, List.of(p), Policy.NAIVE_THRESHOLD), Policy.NAIVE_THRESHOLD);

    // after the shock: BTC 7,500, ETH 3,000, cash 2,000 of 12,500; back to target: sell 1,250 BTC, buy 750 ETH
    double expected = COSTLY.costOf(1_250) + COSTLY.costOf(750);
    assertThat(naive.totalCost()).isCloseTo(expected, within(1e-9));
    assertThat(naive.tradedNotional()).isCloseTo(2_000, within(1e-9));
    assertThat(naive.executionDragBps()).isCloseTo(expected / 2_000 * 1e4, within(1e-9));
  }

  @Test
  void with_zero_costs_the_optimiser_tracks_the_target_at_least_as_well_as_the_naive_threshold() {
    List<SimulatedPortfolio> portfolios = new ArrayList<>();
    for (RiskProfile profile : RiskProfile.values()) {
      portfolios.add(new SimulatedPortfolio(portfolios.size(), BTC_ETH_SOL, profile, 5_000));
      portfolios.add(new SimulatedPortfolio(portfolios.size(), BTC_ETH_CASH, profile, 5_000));
    }
    double naive = 0;
    double keel = 0;
    for (long seed = 1; seed <= 12; seed++) {
      double[][] closes = SyntheticMarket.randomWalks(3, 400, 0.05, seed);
      MarketReplay market = SyntheticMarket.of(List.of("BTC", "ETH", "SOL"), closes, DailyCost.FREE, 0.9);
      BacktestResult result = run(market, portfolios, Policy.NAIVE_THRESHOLD, Policy.KEEL_STATIC);
      for (int i = 0; i < portfolios.size(); i++) {
        naive += result.of(Policy.NAIVE_THRESHOLD).get(i).trackingError();
        keel += result.of(Policy.KEEL_STATIC).get(i).trackingError();
        assertThat(result.of(Policy.KEEL_STATIC).get(i).totalCost()).isZero();
      }
    }
    // path by path either may be luckier; over 72 portfolio paths the optimiser, free to trade, tracks better
    assertThat(keel).isLessThanOrEqualTo(naive);
  }

  @Test
  void with_zero_costs_and_the_same_trigger_the_optimiser_trades_exactly_like_the_naive_policy() {
    double[][] closes = SyntheticMarket.randomWalks(3, 400, 0.05, 9);
    MarketReplay market = SyntheticMarket.of(List.of("BTC", "ETH", "SOL"), closes, DailyCost.FREE, 0.9);
    // aggressive bands on 40/40/20: 8, 8 and 7 points, the naive band is 8 for every line; with no line at 20 % the
    // triggers are the same, so the two policies must agree trade for trade
    Basket equalish = new Basket("B", ordered("BTC", 0.5, "ETH", 0.5));
    SimulatedPortfolio p = new SimulatedPortfolio(0, equalish, RiskProfile.AGGRESSIVE, 5_000);
    BacktestResult result = run(market, List.of(p), Policy.NAIVE_THRESHOLD, Policy.KEEL_STATIC);
    assertThat(rebalanceDays(result, Policy.KEEL_STATIC)).isNotEmpty()
        .isEqualTo(rebalanceDays(result, Policy.NAIVE_THRESHOLD));
    assertThat(only(result, Policy.KEEL_STATIC).trackingError())
        .isCloseTo(only(result, Policy.NAIVE_THRESHOLD).trackingError(), within(1e-9));
  }

  /**
   * Three lines (BTC 50 %, ETH 30 %, cash 20 %, balanced: bands of 5 points), flat prices but two shocks: BTC +50 %
   * on 10 January, ETH -40 % on 20 January; a storm doubles the regime multiplier from 10 to 15 January.
   */
  @Test
  void a_known_shock_gives_the_expected_sequence_of_rebalances() {
    double[][] closes = SyntheticMarket.flatWithShocks(2, 46, new int[][] {{0, 9}, {1, 19}}, new double[] {1.5, 0.6});
    MarketReplay calm = SyntheticMarket.of(List.of("BTC", "ETH"), closes, COSTLY, 0.7);
    MarketReplay market = SyntheticMarket.withMultiplier(calm, 2.0, 9, 14);
    SimulatedPortfolio p = new SimulatedPortfolio(0, BTC_ETH_CASH, RiskProfile.BALANCED, 10_000);

    BacktestResult result = run(market, List.of(p), Policy.values());

    LocalDate shock = LocalDate.of(2024, 1, 10);
    LocalDate second = LocalDate.of(2024, 1, 20);
    assertThat(rebalanceDays(result, Policy.BUY_AND_HOLD)).isEmpty();
    assertThat(rebalanceDays(result, Policy.CALENDAR_MONTHLY)).containsExactly(LocalDate.of(2024, 2, 1));
    assertThat(rebalanceDays(result, Policy.CALENDAR_QUARTERLY)).isEmpty();
    // BTC at 60 % leaves the 45-55 % band at once; after trading back to target the ETH fall (30 -> 20 % of value) does too
    assertThat(rebalanceDays(result, Policy.NAIVE_THRESHOLD)).containsExactly(shock, second);
    assertThat(rebalanceDays(result, Policy.KEEL_STATIC)).containsExactly(shock, second);
    assertThat(rebalanceDays(result, Policy.NAIVE_KEEL_BANDS)).containsExactly(shock, second);
    // the storm doubles the bands to 10 points: BTC at 60 % is on the edge, so no trade until the storm is over
    // (16 January, the band back to 5 points) and again when ETH falls
    assertThat(rebalanceDays(result, Policy.KEEL_ADAPTIVE)).containsExactly(LocalDate.of(2024, 1, 16), second);
    // the optimiser stops inside the band, short of the target, so it trades less than the naive policy
    assertThat(only(result, Policy.KEEL_STATIC).tradedNotional())
        .isLessThan(only(result, Policy.NAIVE_THRESHOLD).tradedNotional());
  }

  /**
   * BTC 50 %, ETH 10 %, cash 40 %, balanced: Keel's bands are 5, 2.5 and 5 points, the naive threshold's 5 for every
   * line. Flat prices but two shocks: ETH +40 % on 10 January (ETH at 13.5 %, outside Keel's band only), BTC +30 % on
   * 20 January (outside every band).
   */
  @Test
  void the_naive_policy_on_keels_bands_trades_on_keels_trigger_days_but_all_the_way_back_to_target() {
    double[][] closes = SyntheticMarket.flatWithShocks(2, 40, new int[][] {{1, 9}, {0, 19}}, new double[] {1.4, 1.3});
    MarketReplay market = SyntheticMarket.of(List.of("BTC", "ETH"), closes, COSTLY, 0.7);
    Basket smallEth = new Basket("BTC_ETH_CASH_SMALL", ordered("BTC", 0.5, "ETH", 0.1, "USDT", 0.4));
    SimulatedPortfolio p = new SimulatedPortfolio(0, smallEth, RiskProfile.BALANCED, 10_000);

    BacktestResult result = run(market, List.of(p), Policy.NAIVE_THRESHOLD, Policy.NAIVE_KEEL_BANDS, Policy.KEEL_STATIC);

    LocalDate ethShock = LocalDate.of(2024, 1, 10);
    LocalDate btcShock = LocalDate.of(2024, 1, 20);
    // the same band rule as Keel static: the same trigger days, including the one only Keel's narrower ETH band sees
    assertThat(rebalanceDays(result, Policy.KEEL_STATIC)).containsExactly(ethShock, btcShock);
    assertThat(rebalanceDays(result, Policy.NAIVE_KEEL_BANDS)).isEqualTo(rebalanceDays(result, Policy.KEEL_STATIC));
    assertThat(rebalanceDays(result, Policy.NAIVE_THRESHOLD)).containsExactly(btcShock);

    // 10 January: BTC 5,000, ETH 1,400, cash 4,000 of 10,400; back to target: buy 200 BTC, sell 360 ETH, cost from cash
    double first = COSTLY.costOf(200) + COSTLY.costOf(-360);
    // 20 January: BTC 5,200 x 1.3 = 6,760, ETH 1,040, cash 4,160 - first; back to target: sell BTC, buy ETH
    double value = 6_760 + 1_040 + 4_160 - first;
    double sellBtc = 6_760 - 0.5 * value;
    double buyEth = 0.1 * value - 1_040;
    PortfolioResult naive = only(result, Policy.NAIVE_KEEL_BANDS);
    assertThat(naive.tradedNotional()).isCloseTo(560 + sellBtc + buyEth, within(1e-9));
    assertThat(naive.totalCost()).isCloseTo(first + COSTLY.costOf(-sellBtc) + COSTLY.costOf(buyEth), within(1e-9));
    assertThat(naive.finalValue()).isCloseTo(value - COSTLY.costOf(-sellBtc) - COSTLY.costOf(buyEth), within(1e-9));
    // the optimiser, on the same days and bands, stops inside the band: less traded, less paid
    PortfolioResult keel = only(result, Policy.KEEL_STATIC);
    assertThat(keel.tradedNotional()).isLessThan(naive.tradedNotional());
    assertThat(keel.totalCost()).isLessThan(naive.totalCost());
  }

  @Test
  void results_do_not_depend_on_running_in_parallel() {
    double[][] closes = SyntheticMarket.randomWalks(3, 300, 0.05, 3);
    MarketReplay market = SyntheticMarket.of(List.of("BTC", "ETH", "SOL"), closes, COSTLY, 0.9);
    List<SimulatedPortfolio> portfolios = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      portfolios.add(new SimulatedPortfolio(i, i % 2 == 0 ? BTC_ETH_SOL : new Basket("B", ordered("BTC", 0.6, "ETH", 0.4)),
          RiskProfile.values()[i % 3], 1_000 + 1_000 * i));
    }
    BacktestResult sequential = BacktestSimulator.run(market, portfolios, List.of(Policy.values()), SEQUENTIAL);
    BacktestResult parallel = BacktestSimulator.run(market, portfolios, List.of(Policy.values()), BacktestSettings.DEFAULT);
    assertThat(parallel.results()).isEqualTo(sequential.results());
  }
}
