package dev.keel.domain.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CostModelTest {

  private static final Market BTC = Books.BTC_USDT;

  @Test
  void quoted_cost_is_half_spread_plus_taker_fee_plus_impact() {
    CostBreakdown c = CostModel.quotedCost(Books.twoLevels(), Side.BUY, 200, FeeRate.ofPercent(0.1, 0.1));
    assertThat(c.halfSpread()).isCloseTo(0.01, within(1e-12));
    assertThat(c.fee()).isCloseTo(0.001, within(1e-12));
    assertThat(c.impact()).isCloseTo(0.005, within(1e-12));
    assertThat(c.total()).isCloseTo(0.016, within(1e-12));
    assertThat(c.complete()).isTrue();
  }

  @Test
  void eta_for_a_portfolio_is_the_impact_slope_times_its_value() {
    CostCoefficients c = new CostCoefficients(BTC, Side.BUY, VenueId.of("paper-a"), 1.5e-4, 1e-3, 2e-9);
    assertThat(c.kappa()).isCloseTo(1.15e-3, within(1e-15));
    assertThat(c.eta(50_000)).isCloseTo(1e-4, within(1e-15));
    // a trade of 10 % of a 50k portfolio: cost as a fraction of the portfolio, both ways
    double b = 0.10;
    double q = b * 50_000;
    assertThat(c.kappa() * b + c.eta(50_000) * b * b).isCloseTo(c.costFraction(q) * q / 50_000, within(1e-15));
  }

  @Test
  void the_best_venue_is_the_cheapest_at_the_reference_size() {
    CostCoefficients cheapFeeThinBook = new CostCoefficients(BTC, Side.BUY, VenueId.of("paper-a"), 1e-4, 1e-3, 1e-7);
    CostCoefficients dearFeeDeepBook = new CostCoefficients(BTC, Side.BUY, VenueId.of("paper-b"), 1e-4, 4e-3, 1e-9);
    assertThat(CostModel.best(List.of(cheapFeeThinBook, dearFeeDeepBook), 1_000).orElseThrow().venue().value()).isEqualTo("paper-a");
    assertThat(CostModel.best(List.of(cheapFeeThinBook, dearFeeDeepBook), 100_000).orElseThrow().venue().value()).isEqualTo("paper-b");
  }

  @Test
  void a_book_with_uniform_depth_has_an_impact_slope_of_one_over_twice_the_density() {
    double[] q = new double[200];
    java.util.Arrays.fill(q, 10);
    // 10 units at mid 100 every 1 bps: density 1000 quote per bps, so impact(q) ~ q / (2 * 1000) bps = q / 2e7
    ImpactFit fit = CostModel.fitImpact(Books.symmetric(100, 1, 1, q), Side.BUY, 150_000);
    assertThat(fit.slope()).isCloseTo(1 / 2e7, within(0.05 / 2e7));
  }
}
