package dev.keel.domain.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeeScheduleTest {

  @Test
  void binance_base_tier_is_ten_bps_maker_and_taker() {
    FeeRate r = FeeSchedules.binanceSpot().rateFor(0);
    assertThat(r.maker()).isCloseTo(0.001, within(1e-12));
    assertThat(r.taker()).isCloseTo(0.001, within(1e-12));
  }

  @Test
  void binance_fees_fall_with_thirty_day_volume() {
    assertThat(FeeSchedules.binanceSpot().rateFor(2_000_000).maker()).isCloseTo(0.0009, within(1e-12));
    assertThat(FeeSchedules.binanceSpot().rateFor(25_000_000).taker()).isCloseTo(0.0006, within(1e-12));
  }

  @Test
  void kraken_pro_charges_25_and_40_bps_below_ten_thousand_dollars() {
    FeeRate r = FeeSchedules.krakenPro().rateFor(9_999);
    assertThat(r.maker()).isCloseTo(0.0025, within(1e-12));
    assertThat(r.taker()).isCloseTo(0.0040, within(1e-12));
  }

  @Test
  void kraken_pro_reaches_zero_maker_and_ten_bps_taker_at_ten_million() {
    assertThat(FeeSchedules.krakenPro().rateFor(10_000).taker()).isCloseTo(0.0035, within(1e-12));
    FeeRate top = FeeSchedules.krakenPro().rateFor(50_000_000);
    assertThat(top.maker()).isZero();
    assertThat(top.taker()).isCloseTo(0.0010, within(1e-12));
  }

  @Test
  void a_schedule_whose_fees_rise_with_volume_is_refused() {
    assertThatThrownBy(() -> new FeeSchedule("bad", List.of(
        new FeeTier(0, FeeRate.ofPercent(0.1, 0.1)), new FeeTier(1000, FeeRate.ofPercent(0.2, 0.2)))))
        .hasMessageContaining("must not rise");
  }
}
