package dev.keel.domain.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RebalanceProblemTest {

  @Test
  void the_cost_to_target_charges_each_line_its_side_s_linear_cost_and_its_impact_on_the_whole_way_back() {
    // BTC 0.70 -> 0.60 (sell 0.10), ETH 0.25 -> 0.35 (buy 0.10), cash 0.05 -> 0.05
    RebalanceProblem p = RebalanceProblem.of(List.of("BTC", "ETH", "USDT"), 2, new double[] {0.70, 0.25, 0.05},
        new double[] {0.60, 0.35, 0.05}, new double[] {0.05, 0.05, 0.02}, new double[3][3], 1.0,
        new double[] {0.0011, 0.0013, 0}, new double[] {0.0012, 0.0014, 0}, new double[] {0.002, 0.003, 0});
    double expected = 0.0012 * 0.10 + 0.002 * 0.01 + 0.0013 * 0.10 + 0.003 * 0.01;
    assertThat(p.costToTarget()).isCloseTo(expected, within(1e-15));
  }

  @Test
  void a_portfolio_on_target_costs_nothing_to_bring_back() {
    RebalanceProblem p = RebalanceProblem.of(List.of("BTC", "USDT"), 1, new double[] {0.6, 0.4}, new double[] {0.6, 0.4},
        new double[] {0.05, 0.02}, new double[2][2], 1.0, new double[] {0.001, 0}, new double[] {0.001, 0}, new double[] {0.01, 0});
    assertThat(p.costToTarget()).isZero();
  }
}
