package dev.keel.domain.optimize;

import static dev.keel.domain.testing.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.domain.optimize.BindingConstraint.Kind;
import dev.keel.domain.optimize.ExchangeConstraints.VenueLimits;
import dev.keel.domain.optimize.RebalanceOutcome.Optimal;
import dev.keel.domain.optimize.Trade.OrderSize;
import dev.keel.domain.testing.Properties.Tally;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/** Venue limits: lot rounding in BigDecimal, trades below the minimum removed and re-solved, dust reported. */
class ExchangeConstraintsTest {

  private static final List<String> CASH_BTC_ETH_DOGE = List.of("USDT", "BTC", "ETH", "DOGE");
  private static final double[][] SIGMA = {
      {0, 0, 0, 0},
      {0, 0.36, 0.24, 0.30},
      {0, 0.24, 0.25, 0.25},
      {0, 0.30, 0.25, 0.81}};
  private static final VenueLimits USDT = VenueLimits.unlimited(BigDecimal.ONE);
  private static final VenueLimits BTC = new VenueLimits(new BigDecimal("60000"), new BigDecimal("0.00001"), new BigDecimal("5"));
  private static final VenueLimits ETH = new VenueLimits(new BigDecimal("3000"), new BigDecimal("0.0001"), new BigDecimal("5"));
  private static final VenueLimits DOGE = new VenueLimits(new BigDecimal("0.15"), new BigDecimal("1"), new BigDecimal("5"));

  /** A 1,000 USDT portfolio: BTC over target; DOGE, dear to trade, a hair under its band. */
  private static RebalanceProblem smallPortfolio(double dogeWeight) {
    double[] w0 = {0.10, 0.50, 0.30, dogeWeight};
    w0[0] = 1 - w0[1] - w0[2] - w0[3];
    return RebalanceProblem.of(CASH_BTC_ETH_DOGE, 0, w0, new double[] {0.28, 0.40, 0.30, 0.02},
            new double[] {0.2, 0.05, 0.05, 0.015}, SIGMA, 1,
            new double[] {0, 0.001, 0.001, 0.05}, new double[] {0, 0.001, 0.001, 0.05}, new double[] {0, 0.01, 0.01, 0.05})
        .withExchange(new ExchangeConstraints(new BigDecimal("1000"), List.of(USDT, BTC, ETH, DOGE)));
  }

  @Test
  void quantities_are_whole_lot_steps_rounded_down_with_the_remainder_reported_as_dust() {
    Optimal answer = (Optimal) RebalanceOptimizer.DEFAULT.rebalance(smallPortfolio(0.02));
    Trade btc = answer.trades().stream().filter(t -> t.asset().equals("BTC")).findFirst().orElseThrow();
    OrderSize size = btc.size().orElseThrow();
    assertThat(size.quantity().remainder(BTC.lotSize()).signum()).isZero();
    assertThat(size.notional()).isEqualByComparingTo(size.quantity().multiply(BTC.price()));
    assertThat(answer.dust()).anyMatch(d -> d.asset().equals("BTC") && d.reason() == Dust.Reason.LOT_ROUNDING_REMAINDER);
    double sum = 0;
    for (double w : answer.weightsAfter()) {
      sum += w;
    }
    assertThat(sum).isCloseTo(1, within(1e-12));
  }

  @Test
  void a_trade_below_the_minimum_notional_is_removed_and_the_rest_solved_again_with_it_fixed() {
    // DOGE sits 0.2 percentage points below its band: a 2 USDT buy, under the 5 USDT minimum.
    Optimal answer = (Optimal) RebalanceOptimizer.DEFAULT.rebalance(smallPortfolio(0.003));
    assertThat(answer.trades()).noneMatch(t -> t.asset().equals("DOGE"));
    assertThat(answer.report().exchangeRounds()).isEqualTo(1);
    assertThat(answer.dust()).anyMatch(d -> d.asset().equals("DOGE") && d.reason() == Dust.Reason.BELOW_MIN_NOTIONAL);
    assertThat(answer.bindingConstraints()).contains(
        new BindingConstraint(Kind.UNTRADEABLE, "DOGE", answer.bindingConstraints().stream()
            .filter(b -> b.asset().equals("DOGE")).findFirst().orElseThrow().multiplier()));
    assertThat(answer.weightsAfter()[3]).isEqualTo(0.003);
  }

  /**
   * 150 problems, each drawn with its venue limits from a seed of its own (printed on failure; rebuild it as
   * {@code seed1217OfTheVenueLimitsProperty} in {@code RebalanceOptimizerTest} does). The first two are the seeds
   * this property once failed on, both fixed: pinning that left a gap (1217) and a nearly dependent line of a
   * singular covariance (166946929898854289).
   */
  @Test
  void no_trade_below_the_venue_minimum_ever_leaves_the_optimiser(TestReporter reporter) {
    long seed = 20261204_41L;
    Tally outcomes = new Tally("outcome", seed);
    forAll(seed, 150, List.of(1217L, 166946929898854289L), SplittableRandom::nextLong,
        problemSeed -> outcomes.collect(solvedWithinVenueLimits(problemSeed).getClass().getSimpleName()));
    outcomes.publish(reporter);
  }

  private static RebalanceOutcome solvedWithinVenueLimits(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    RebalanceProblem base = RandomProblems.breached(rng, 2 + rng.nextInt(10), rng.nextBoolean());
    BigDecimal value = BigDecimal.valueOf(50 + rng.nextInt(20_000));
    List<VenueLimits> limits = new ArrayList<>();
    for (int i = 0; i < base.size(); i++) {
      BigDecimal price = BigDecimal.valueOf(0.01 + 50_000 * rng.nextDouble() * rng.nextDouble()).setScale(4, java.math.RoundingMode.HALF_UP);
      BigDecimal lot = new BigDecimal(new String[] {"1", "0.1", "0.001", "0.00001"}[rng.nextInt(4)]);
      limits.add(new VenueLimits(price.signum() > 0 ? price : BigDecimal.ONE, lot, BigDecimal.valueOf(rng.nextInt(20))));
    }
    RebalanceProblem problem = base.withExchange(new ExchangeConstraints(value, limits));
    RebalanceOutcome outcome = RebalanceOptimizer.DEFAULT.rebalance(problem);
    assertThat(outcome).isNotInstanceOf(RebalanceOutcome.Failed.class);
    if (outcome instanceof Optimal answer) {
      for (Trade trade : answer.trades()) {
        VenueLimits venue = limits.get(problem.assets().indexOf(trade.asset()));
        OrderSize size = trade.size().orElseThrow();
        assertThat(size.notional()).isGreaterThanOrEqualTo(venue.minNotional());
        assertThat(size.quantity().remainder(venue.lotSize()).signum()).isZero();
        assertThat(size.quantity().signum()).isPositive();
      }
    }
    return outcome;
  }
}
