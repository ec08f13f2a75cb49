package dev.keel.domain.regime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EwmaVolatilityTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private static PriceSeries daily(double... prices) {
    List<ClosingPrice> closes = new ArrayList<>();
    for (int i = 0; i < prices.length; i++) {
      closes.add(new ClosingPrice(T0.plus(Duration.ofDays(i)), prices[i]));
    }
    return new PriceSeries("TEST", PriceSeries.DAILY, closes);
  }

  @Test
  void matches_hand_computed_values_with_a_one_day_half_life() {
    // lambda = 0.5; r1 = ln 1.1, v1 = r1^2; r2 = ln 0.9, v2 = (v1 + r2^2) / 2; r3 = 0, v3 = v2 / 2; vol = sqrt(365 v)
    double[] vol = EwmaVolatility.annualised(daily(100, 110, 99, 99), Duration.ofDays(1));

    assertThat(vol[0]).isNaN();
    assertThat(vol[1]).isCloseTo(1.8208984284224787, within(1e-12));
    assertThat(vol[2]).isCloseTo(1.919306782593102, within(1e-12));
    assertThat(vol[3]).isCloseTo(1.3571548411489172, within(1e-12));
  }

  @Test
  void a_return_across_a_missing_day_counts_as_two_intervals() {
    PriceSeries gap = new PriceSeries("TEST", PriceSeries.DAILY, List.of(
        new ClosingPrice(T0, 100), new ClosingPrice(T0.plus(Duration.ofDays(1)), 110),
        new ClosingPrice(T0.plus(Duration.ofDays(3)), 121)));

    // v = 0.25 * (ln 1.1)^2 + 0.75 * (ln 1.1)^2 / 2
    double[] vol = EwmaVolatility.annualised(gap, Duration.ofDays(1));

    assertThat(vol[2]).isCloseTo(1.4395466054090271, within(1e-12));
  }

  @Test
  void a_ten_day_half_life_on_daily_bars_decays_by_two_to_the_minus_one_tenth() {
    assertThat(EwmaVolatility.decay(Duration.ofDays(10), Duration.ofDays(1))).isCloseTo(0.9330329915368074, within(1e-15));
    assertThat(EwmaVolatility.decay(Duration.ofDays(1), Duration.ofHours(12))).isCloseTo(Math.sqrt(0.5), within(1e-15));
  }

  @Test
  void a_year_has_365_daily_bars_and_105120_five_minute_bars() {
    assertThat(EwmaVolatility.periodsPerYear(Duration.ofDays(1))).isEqualTo(365.0);
    assertThat(EwmaVolatility.periodsPerYear(Duration.ofMinutes(5))).isEqualTo(105_120.0);
  }

  @Test
  void hourly_and_daily_bars_with_the_same_variance_per_day_annualise_to_the_same_volatility() {
    int days = 30;
    double dailyMove = 0.02;
    List<ClosingPrice> dailyCloses = new ArrayList<>();
    List<ClosingPrice> hourlyCloses = new ArrayList<>();
    double p = 100;
    for (int d = 0; d <= days; d++) {
      dailyCloses.add(new ClosingPrice(T0.plus(Duration.ofDays(d)), p));
      p *= Math.exp(d % 2 == 0 ? dailyMove : -dailyMove);
    }
    double q = 100;
    double hourlyMove = dailyMove / Math.sqrt(24);
    for (int h = 0; h <= days * 24; h++) {
      hourlyCloses.add(new ClosingPrice(T0.plus(Duration.ofHours(h)), q));
      q *= Math.exp(h % 2 == 0 ? hourlyMove : -hourlyMove);
    }

    double[] daily = EwmaVolatility.annualised(new PriceSeries("D", Duration.ofDays(1), dailyCloses), Duration.ofDays(5));
    double[] hourly = EwmaVolatility.annualised(new PriceSeries("H", Duration.ofHours(1), hourlyCloses), Duration.ofDays(5));

    double expected = dailyMove * Math.sqrt(365);
    assertThat(daily[days]).isCloseTo(expected, within(1e-12));
    assertThat(hourly[days * 24]).isCloseTo(expected, within(1e-12));
  }

  @Test
  void a_portfolio_of_two_assets_has_the_volatility_of_its_covariance() {
    // 0.6^2 * 0.64 + 0.4^2 * 0.36 + 2 * 0.6 * 0.4 * 0.5 * 0.8 * 0.6 = 0.2304 + 0.0576 + 0.1152 = 0.4032
    double[][] covariance = {{0.64, 0.24}, {0.24, 0.36}};

    assertThat(PortfolioVolatility.of(new double[] {0.6, 0.4}, covariance)).isCloseTo(Math.sqrt(0.4032), within(1e-12));
    assertThat(PortfolioVolatility.of(new double[] {0, 0}, covariance)).isZero();
  }
}
