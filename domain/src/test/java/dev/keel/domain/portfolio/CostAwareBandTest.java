package dev.keel.domain.portfolio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.domain.testing.Properties;
import org.junit.jupiter.api.Test;

class CostAwareBandTest {

  @Test
  void the_no_trade_width_is_the_cube_root_of_three_kappa_variance_over_four_lambda() {
    // kappa 22 bps both legs, weight variance 0.0207 a year (a 60 % BTC line), lambda 2
    assertThat(CostAwareBand.noTradeHalfWidth(0.0022, 0.0207, 2)).isCloseTo(Math.cbrt(3 * 0.0022 * 0.0207 / 8),
        within(1e-15));
  }

  @Test
  void the_band_widens_with_cost_and_variance_and_narrows_with_risk_aversion() {
    Properties.forAll(7L, 300, r -> new double[] {r.nextDouble() * 0.01, r.nextDouble() * 0.1, 0.5 + 4 * r.nextDouble(),
        1 + r.nextDouble()}, x -> {
          double h = CostAwareBand.noTradeHalfWidth(x[0], x[1], x[2]);
          assertThat(CostAwareBand.noTradeHalfWidth(x[0] * x[3], x[1], x[2])).isGreaterThanOrEqualTo(h);
          assertThat(CostAwareBand.noTradeHalfWidth(x[0], x[1] * x[3], x[2])).isGreaterThanOrEqualTo(h);
          assertThat(CostAwareBand.noTradeHalfWidth(x[0], x[1], x[2] * x[3])).isLessThanOrEqualTo(h);
        });
  }

  @Test
  void the_band_never_leaves_the_minimum_band_and_the_profiles_tolerance() {
    for (RiskProfile p : RiskProfile.values()) {
      assertThat(CostAwareBand.clamp(0, 1, p)).isEqualTo(RiskProfile.MIN_BAND);
      assertThat(CostAwareBand.clamp(1, 1, p)).isEqualTo(p.absoluteBand());
      assertThat(CostAwareBand.clamp(Double.POSITIVE_INFINITY, 1, p)).isEqualTo(p.absoluteBand());
    }
  }

  @Test
  void a_zero_target_line_is_invested_once_holding_it_costs_more_than_investing() {
    // 11 bps to invest, basket variance 0.5 a year, lambda 2, a month: 0.0011 / (2 * 0.5 / 12) = 1.32 %
    assertThat(CostAwareBand.zeroTargetHalfWidth(0.0011, 0.5, 2, 1.0 / 12)).isCloseTo(0.0132, within(1e-12));
  }
}
