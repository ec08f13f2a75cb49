package dev.keel.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PriceCapTest {

  private static final ExecutionPolicy POLICY = ExecutionPolicy.DEFAULT; // 2 x cost, at least 10 bps
  private static final BigDecimal MID_100 = new BigDecimal("100");
  private static final BigDecimal BTC_MID = new BigDecimal("67234.15");

  /** 20 bps expected cost: 2 x 20 = 40 bps from mid, above the 10 bps floor. */
  private static final double COST_20_BPS = 20;
  /** 2 bps expected cost: 2 x 2 = 4 bps, below the floor. */
  private static final double COST_2_BPS = 2;

  @Test
  void a_buy_may_pay_up_to_the_cost_multiple_above_mid() {
    assertThat(PriceCap.of(Side.BUY, MID_100, COST_20_BPS, POLICY)).isEqualByComparingTo("100.4");
  }

  @Test
  void a_sell_may_receive_down_to_the_cost_multiple_below_mid() {
    assertThat(PriceCap.of(Side.SELL, MID_100, COST_20_BPS, POLICY)).isEqualByComparingTo("99.6");
  }

  @Test
  void a_cheap_trade_gets_the_floor_slippage_so_it_still_fills() {
    assertThat(PriceCap.of(Side.BUY, MID_100, COST_2_BPS, POLICY)).isEqualByComparingTo("100.1");
    assertThat(PriceCap.of(Side.SELL, MID_100, COST_2_BPS, POLICY)).isEqualByComparingTo("99.9");
  }

  @Test
  void a_trade_expected_to_cost_nothing_gets_the_floor_slippage() {
    assertThat(PriceCap.of(Side.BUY, MID_100, 0, POLICY)).isEqualByComparingTo("100.1");
  }

  @Test
  void the_cap_distance_scales_with_the_configured_multiple() {
    ExecutionPolicy threeTimes = ExecutionPolicyTest.capCostMultiple(3);

    assertThat(PriceCap.of(Side.BUY, MID_100, COST_20_BPS, threeTimes)).isEqualByComparingTo("100.6");
    assertThat(PriceCap.of(Side.SELL, MID_100, COST_20_BPS, threeTimes)).isEqualByComparingTo("99.4");
  }

  @Test
  void the_cap_keeps_the_mids_precision() {
    // 2 x 7.5 bps = 15 bps
    assertThat(PriceCap.of(Side.BUY, BTC_MID, 7.5, POLICY)).isEqualByComparingTo("67335.001225");
    assertThat(PriceCap.of(Side.SELL, BTC_MID, 7.5, POLICY)).isEqualByComparingTo("67133.298775");
  }

  @Test
  void the_cap_never_sits_further_than_half_the_mid_away() {
    // 2 x 5000 bps would be 100 % away: a sell capped at zero
    assertThat(PriceCap.of(Side.SELL, MID_100, 5000, POLICY)).isEqualByComparingTo("50");
    assertThat(PriceCap.of(Side.BUY, MID_100, 5000, POLICY)).isEqualByComparingTo("150");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "-0.01"})
  void a_mid_that_is_not_positive_is_refused(String mid) {
    assertThatThrownBy(() -> PriceCap.of(Side.BUY, new BigDecimal(mid), COST_20_BPS, POLICY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mid must be positive, was " + mid);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1, Double.NaN, Double.POSITIVE_INFINITY})
  void a_negative_or_undefined_expected_cost_is_refused(double costBps) {
    assertThatThrownBy(() -> PriceCap.of(Side.SELL, MID_100, costBps, POLICY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected cost must be zero or positive bps, was " + costBps);
  }

  @Test
  void a_cap_needs_a_side() {
    assertThatThrownBy(() -> PriceCap.of(null, MID_100, COST_20_BPS, POLICY))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("side");
  }
}
