package dev.keel.domain.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.domain.portfolio.Basket;
import dev.keel.domain.portfolio.RiskProfile;
import dev.keel.domain.portfolio.Tier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BacktestCrossingAndFlowsTest {

  static final DailyCost COSTLY = BacktestSimulatorTest.COSTLY;
  static final BacktestSettings SEQUENTIAL = BacktestSettings.DEFAULT.sequential();

  private static Basket basket(String name, Object... pairs) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Double) pairs[i + 1]);
    }
    return new Basket(name, m);
  }

  static final Basket LONG_BTC = basket("LONG_BTC", "BTC", 0.6, "ETH", 0.4);
  static final Basket BTC_SOL = basket("BTC_SOL", "BTC", 0.5, "SOL", 0.5);
  static final Basket ETH_CASH = basket("ETH_CASH", "ETH", 0.5, "USDT", 0.5);

  /** Day 5: BTC x1.5, ETH x0.5, SOL x3. BTC_ETH sells BTC (and buys ETH); BTC_SOL buys BTC (and sells SOL). */
  static MarketReplay shockMarket() {
    double[][] closes = SyntheticMarket.flatWithShocks(3, 20, new int[][] {{0, 5}, {1, 5}, {2, 5}},
        new double[] {1.5, 0.5, 3});
    return SyntheticMarket.of(List.of("BTC", "ETH", "SOL"), closes, COSTLY, 0.7);
  }

  @Test
  void opposite_trades_of_two_portfolios_cross_and_cost_less_than_uncrossed() {
    MarketReplay market = shockMarket();
    List<SimulatedPortfolio> population = List.of(new SimulatedPortfolio(0, LONG_BTC, RiskProfile.BALANCED, 10_000),
        new SimulatedPortfolio(1, BTC_SOL, RiskProfile.BALANCED, 10_000));

    BacktestResult crossed = BacktestSimulator.run(market, population, List.of(Policy.NAIVE_THRESHOLD), SEQUENTIAL);
    BacktestResult alone = BacktestSimulator.run(market, population, List.of(Policy.NAIVE_THRESHOLD),
        SEQUENTIAL.withCrossing(false));

    PolicySummary withCrossing = crossed.summaries().get(0);
    PolicySummary without = alone.summaries().get(0);
    assertThat(withCrossing.crossedShare()).isPositive();
    assertThat(without.crossedShare()).isZero();
    assertThat(withCrossing.pooledDragBps()).isLessThan(without.pooledDragBps());
    assertThat(withCrossing.pooledUncrossedDragBps()).isCloseTo(without.pooledDragBps(), within(1e-9));
    assertThat(withCrossing.worseOffDays()).isZero();
  }

  @Test
  void with_crossing_no_portfolio_pays_more_than_uncrossed_and_the_books_balance() {
    MarketReplay market = shockMarket();
    List<SimulatedPortfolio> population = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Basket b = i % 3 == 0 ? LONG_BTC : i % 3 == 1 ? BTC_SOL : ETH_CASH;
      population.add(new SimulatedPortfolio(i, b, RiskProfile.CONSERVATIVE, 1_000 + 700 * i));
    }
    BacktestResult result = BacktestSimulator.run(market, population, List.of(Policy.NAIVE_THRESHOLD), SEQUENTIAL);
    BacktestResult hold = BacktestSimulator.run(market, population, List.of(Policy.BUY_AND_HOLD), SEQUENTIAL);
    // one shock, flat prices before and after: each portfolio trades once, on the shock day, at its value then,
    // which is buy-and-hold's; the difference at the end is the cost charged
    for (int i = 0; i < population.size(); i++) {
      PortfolioResult r = result.of(Policy.NAIVE_THRESHOLD).get(i);
      PortfolioResult h = hold.of(Policy.BUY_AND_HOLD).get(i);
      assertThat(r.totalCost()).isLessThanOrEqualTo(r.uncrossedCost() + 1e-12);
      assertThat(r.finalValue() + r.totalCost()).isCloseTo(h.finalValue(), within(h.finalValue() * 1e-12));
    }
    assertThat(result.summaries().get(0).crossedShare()).isPositive();
  }

  @Test
  void a_deposit_lands_on_the_cash_line_and_buy_and_hold_keeps_it_there() {
    double[][] closes = SyntheticMarket.randomWalks(2, 120, 0.03, 3);
    MarketReplay market = SyntheticMarket.of(List.of("BTC", "ETH"), closes, COSTLY, 0.7);
    SimulatedPortfolio p = new SimulatedPortfolio(0, LONG_BTC, RiskProfile.BALANCED, 10_000, Tier.STANDARD, 0,
        new CashFlows(100, 0, 0, 0, 1));

    PortfolioResult hold = BacktestSimulator.run(market, List.of(p), List.of(Policy.BUY_AND_HOLD), SEQUENTIAL)
        .of(Policy.BUY_AND_HOLD).get(0);

    int monthTurns = 0;
    for (int d = 1; d < market.days().size(); d++) {
      if (market.days().get(d).getMonthValue() != market.days().get(d - 1).getMonthValue()) {
        monthTurns++;
      }
    }
    double basket = 10_000 * (0.6 * closes[0][119] / closes[0][0] + 0.4 * closes[1][119] / closes[1][0]);
    assertThat(hold.finalValue()).isCloseTo(basket + 100 * monthTurns, within(1e-6));
  }

  @Test
  void a_deposit_is_invested_by_the_policys_own_rule() {
    double[][] closes = SyntheticMarket.flatWithShocks(2, 100, new int[0][], new double[0]);
    MarketReplay market = SyntheticMarket.of(List.of("BTC", "ETH"), closes, COSTLY, 0.7);
    // 10 % of value a month: above every profile's cash band, so the naive policy invests it on arrival
    SimulatedPortfolio p = new SimulatedPortfolio(0, LONG_BTC, RiskProfile.CONSERVATIVE, 10_000, Tier.STANDARD, 0,
        new CashFlows(1_000, 0, 0, 0, 1));

    PortfolioResult naive = BacktestSimulator.run(market, List.of(p), List.of(Policy.NAIVE_THRESHOLD), SEQUENTIAL)
        .of(Policy.NAIVE_THRESHOLD).get(0);

    assertThat(naive.rebalances()).isEqualTo(3);
    assertThat(naive.tradedNotional()).isCloseTo(3_000, within(1e-6));
  }

  @Test
  void a_standard_tier_portfolio_under_the_cost_aware_policy_gets_at_most_one_proposal_per_interval() {
    double[][] closes = SyntheticMarket.randomWalks(3, 400, 0.06, 17);
    MarketReplay market = SyntheticMarket.of(List.of("BTC", "ETH", "SOL"), closes, COSTLY, 0.7);
    Basket b = basket("B3", "BTC", 0.4, "ETH", 0.4, "SOL", 0.2);
    List<SimulatedPortfolio> ps = List.of(new SimulatedPortfolio(0, b, RiskProfile.CONSERVATIVE, 50_000, Tier.STANDARD, 0,
        CashFlows.NONE), new SimulatedPortfolio(1, b, RiskProfile.CONSERVATIVE, 50_000, Tier.PREMIUM, 0, CashFlows.NONE));
    BacktestSettings settings = SEQUENTIAL.withCostAware(0.2, 31).withPremiumCostAwareScale(0.2);

    BacktestResult result = BacktestSimulator.run(market, ps, List.of(Policy.KEEL_COST_AWARE), settings);

    PortfolioResult standard = result.of(Policy.KEEL_COST_AWARE).get(0);
    PortfolioResult premium = result.of(Policy.KEEL_COST_AWARE).get(1);
    assertThat(standard.rebalances()).isLessThanOrEqualTo(399 / 31 + 1);
    assertThat(premium.rebalances()).isGreaterThan(standard.rebalances());
  }

  @Test
  void in_sample_and_out_of_sample_days_make_up_the_whole() {
    double[][] closes = SyntheticMarket.randomWalks(2, 400, 0.04, 23);
    MarketReplay market = SyntheticMarket.of(List.of("BTC", "ETH"), closes, COSTLY, 0.7);
    SimulatedPortfolio p = new SimulatedPortfolio(0, LONG_BTC, RiskProfile.BALANCED, 10_000);
    BacktestSettings settings = SEQUENTIAL.withSplit(market.days().get(200));

    BacktestResult result = BacktestSimulator.run(market, List.of(p), List.of(Policy.KEEL_STATIC), settings);

    PortfolioResult all = result.of(Policy.KEEL_STATIC, Period.ALL).get(0);
    PortfolioResult in = result.of(Policy.KEEL_STATIC, Period.IN_SAMPLE).get(0);
    PortfolioResult out = result.of(Policy.KEEL_STATIC, Period.OUT_OF_SAMPLE).get(0);
    assertThat(in.rebalances() + out.rebalances()).isEqualTo(all.rebalances());
    assertThat(in.totalCost() + out.totalCost()).isCloseTo(all.totalCost(), within(1e-9));
    assertThat(in.years() + out.years()).isCloseTo(all.years(), within(1e-9));
    assertThat(in.end()).isEqualTo(out.start());
  }
}
