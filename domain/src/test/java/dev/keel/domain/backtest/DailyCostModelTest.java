package dev.keel.domain.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.domain.market.LiquidityCalibration;
import dev.keel.domain.market.MarketParameters;
import dev.keel.domain.market.history.DailyBar;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DailyCostModelTest {

  static final DailyCostModel MODEL = new DailyCostModel(DailyCostParameters.DEFAULT, 42);
  static final LocalDate WEDNESDAY = LocalDate.of(2024, 5, 8);
  static final LocalDate SATURDAY = LocalDate.of(2024, 5, 11);

  /** A bar whose high-low range gives a range volatility of exactly {@code range} per day. */
  private static DailyBar bar(LocalDate date, double quoteVolume, double range) {
    double ratio = Math.exp(range * 2 * Math.sqrt(Math.log(2)));
    return new DailyBar(date, 100, 100 * Math.sqrt(ratio), 100 / Math.sqrt(ratio), 100, quoteVolume / 100, quoteVolume, 1000);
  }

  @Test
  void on_a_normal_day_the_spread_and_depth_are_the_microstructure_calibration_of_the_days_volume() {
    MarketParameters calibrated = LiquidityCalibration.fromDailyVolume(2e8, 100, "cdd");

    DailyCost cost = MODEL.costOn("SOL", bar(WEDNESDAY, 2e8, 0.03), 0.03);

    assertThat(cost.stress()).isCloseTo(1, within(1e-9));
    assertThat(cost.spreadBps()).isCloseTo(calibrated.spreadBps(), within(1e-9));
    assertThat(cost.halfSpread()).isCloseTo(calibrated.spreadBps() / 2e4, within(1e-12));
    assertThat(cost.depth()).isCloseTo(calibrated.depthWithin100Bps(), within(1e-3));
    assertThat(cost.fee()).isEqualTo(0.001);
    assertThat(cost.impactSlope()).isPositive();
  }

  @Test
  void a_weekend_with_less_real_volume_is_thinner_and_wider() {
    DailyCost weekday = MODEL.costOn("SOL", bar(WEDNESDAY, 2e8, 0.03), 0.03);
    DailyCost weekend = MODEL.costOn("SOL", bar(SATURDAY, 1.2e8, 0.03), 0.03);

    assertThat(weekend.spreadBps()).isGreaterThan(weekday.spreadBps());
    assertThat(weekend.depth()).isLessThan(weekday.depth());
    assertThat(weekend.impactSlope()).isGreaterThan(weekday.impactSlope());
  }

  @Test
  void a_volatile_day_widens_the_spread_and_thins_the_book_by_the_square_root_of_its_range_ratio() {
    DailyCost normal = MODEL.costOn("SOL", bar(WEDNESDAY, 2e8, 0.03), 0.03);
    DailyCost crash = MODEL.costOn("SOL", bar(WEDNESDAY, 2e8, 0.12), 0.03);

    assertThat(crash.stress()).isCloseTo(2, within(1e-9));
    assertThat(crash.spreadBps()).isCloseTo(2 * normal.spreadBps(), within(1e-9));
    assertThat(crash.depth()).isCloseTo(normal.depth() / 2, within(1e-3));
    assertThat(crash.costOf(50_000)).isGreaterThan(normal.costOf(50_000));
  }

  @Test
  void stress_is_clamped_between_its_bounds() {
    assertThat(MODEL.stress(10, 0.01)).isEqualTo(4.0);
    assertThat(MODEL.stress(0.0001, 0.01)).isEqualTo(0.8);
    assertThat(MODEL.stress(0.02, Double.NaN)).isEqualTo(1.0);
  }

  @Test
  void a_cost_scale_of_zero_makes_every_trade_free() {
    DailyCostModel free = new DailyCostModel(DailyCostParameters.DEFAULT.withCostScale(0), 42);

    assertThat(free.costOn("SOL", bar(WEDNESDAY, 2e8, 0.05), 0.03)).isEqualTo(DailyCost.FREE);
  }

  @Test
  void a_trade_costs_kappa_times_notional_plus_the_impact_slope_times_notional_squared() {
    DailyCost cost = new DailyCost(0.0005, 0.001, 2e-8, 10, 1e6, 1);

    assertThat(cost.costOf(10_000)).isCloseTo(0.0015 * 10_000 + 2e-8 * 1e8, within(1e-9));
    assertThat(cost.costOf(-10_000)).isEqualTo(cost.costOf(10_000));
  }
}
