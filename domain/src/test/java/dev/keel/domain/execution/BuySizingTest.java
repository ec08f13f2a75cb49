package dev.keel.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.keel.domain.execution.BuySizing.Buy;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuySizingTest {

  /** 0.5 BTC capped at 50 000, 10 bps fee, lot 0.00001: at worst 25 025 USDT. */
  private static final Buy HALF_BTC = new Buy(1, new BigDecimal("0.5"), new BigDecimal("50000"), 0.001, new BigDecimal("0.00001"));
  /** 4 ETH capped at 3 000, 10 bps fee, lot 0.0001: at worst 12 012 USDT. */
  private static final Buy FOUR_ETH = new Buy(2, new BigDecimal("4"), new BigDecimal("3000"), 0.001, new BigDecimal("0.0001"));
  private static final List<Buy> BTC_AND_ETH = List.of(HALF_BTC, FOUR_ETH);
  /** What {@link #BTC_AND_ETH} may cost at worst. */
  private static final BigDecimal WORST_CASE = new BigDecimal("37037");

  private static BigDecimal worstCost(Map<Long, BigDecimal> sized) {
    return BTC_AND_ETH.stream()
        .map(b -> sized.get(b.tradeId()).multiply(b.priceCap()).multiply(BigDecimal.ONE.add(BigDecimal.valueOf(b.maxFee()))))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void buys_the_cash_can_pay_for_keep_their_quantities() {
    assertThat(BuySizing.size(new BigDecimal("40000"), BTC_AND_ETH))
        .containsExactly(entry(1L, new BigDecimal("0.5")), entry(2L, new BigDecimal("4")));
  }

  @Test
  void cash_of_exactly_the_worst_case_keeps_the_quantities() {
    assertThat(BuySizing.size(WORST_CASE, BTC_AND_ETH))
        .containsExactly(entry(1L, new BigDecimal("0.5")), entry(2L, new BigDecimal("4")));
  }

  @Test
  void half_the_cash_buys_half_of_every_asset() {
    Map<Long, BigDecimal> sized = BuySizing.size(new BigDecimal("18518.5"), BTC_AND_ETH);

    assertThat(sized.get(1L)).isEqualByComparingTo("0.25");
    assertThat(sized.get(2L)).isEqualByComparingTo("2");
    assertThat(worstCost(sized)).isEqualByComparingTo("18518.5");
  }

  @Test
  void short_cash_scales_every_buy_by_one_factor_and_rounds_down_to_its_lot() {
    // 10 000 / 37 037 = 0.27000027...: 0.135000135 BTC and 1.08000108 ETH before rounding
    Map<Long, BigDecimal> sized = BuySizing.size(new BigDecimal("10000"), BTC_AND_ETH);

    assertThat(sized.get(1L)).isEqualByComparingTo("0.135");
    assertThat(sized.get(2L)).isEqualByComparingTo("1.08");
    assertThat(worstCost(sized)).isEqualByComparingTo("9999.99").isLessThanOrEqualTo(new BigDecimal("10000"));
  }

  @Test
  void cash_a_hair_short_of_the_worst_case_never_pays_more_than_it_holds() {
    BigDecimal hairShort = WORST_CASE.subtract(new BigDecimal("0.000000000000001"));

    Map<Long, BigDecimal> sized = BuySizing.size(hairShort, BTC_AND_ETH);

    assertThat(worstCost(sized)).isLessThanOrEqualTo(hairShort);
    assertThat(sized.get(1L)).isEqualByComparingTo("0.49999");
    assertThat(sized.get(2L)).isEqualByComparingTo("3.9999");
  }

  @Test
  void no_cash_buys_nothing() {
    assertThat(BuySizing.size(BigDecimal.ZERO, BTC_AND_ETH))
        .containsOnlyKeys(1L, 2L)
        .allSatisfy((trade, quantity) -> assertThat(quantity).isZero());
  }

  @Test
  void a_cash_line_below_zero_buys_nothing() {
    assertThat(BuySizing.size(new BigDecimal("-12.5"), BTC_AND_ETH))
        .allSatisfy((trade, quantity) -> assertThat(quantity).isZero());
  }

  @Test
  void cash_that_pays_for_less_than_one_lot_of_each_buys_nothing() {
    assertThat(BuySizing.size(new BigDecimal("0.1"), BTC_AND_ETH))
        .allSatisfy((trade, quantity) -> assertThat(quantity).isZero());
  }

  @Test
  void no_buys_give_no_sizes() {
    assertThat(BuySizing.size(new BigDecimal("1000"), List.of())).isEmpty();
  }
}
