package dev.keel.domain.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class OrderSizingTest {

  private static final MarketRules BTC_RULES = new MarketRules(Market.of("BTC", "USDT"), new BigDecimal("0.01"),
      new BigDecimal("0.00001"), new BigDecimal("5"));

  @Test
  void quantity_is_rounded_down_to_the_lot_and_a_buy_cap_down_to_the_tick() {
    OrderSizing.Sized s = OrderSizing.size(BTC_RULES, Side.BUY, new BigDecimal("0.123456789"), new BigDecimal("78000.019"));
    assertThat(s).isEqualTo(new OrderSizing.Sized.Order(new BigDecimal("0.12345"), new BigDecimal("78000.01")));
  }

  @Test
  void a_sell_floor_is_rounded_up_to_the_tick_so_it_never_sells_below_it() {
    OrderSizing.Sized s = OrderSizing.size(BTC_RULES, Side.SELL, new BigDecimal("0.001"), new BigDecimal("77999.991"));
    assertThat(((OrderSizing.Sized.Order) s).priceCap()).isEqualByComparingTo("78000.00");
  }

  @Test
  void an_order_below_one_lot_is_dropped_with_a_reason() {
    OrderSizing.Sized s = OrderSizing.size(BTC_RULES, Side.BUY, new BigDecimal("0.000009"), new BigDecimal("78000"));
    assertThat(s).isInstanceOfSatisfying(OrderSizing.Sized.Dropped.class, d -> assertThat(d.reason()).contains("lot size"));
  }

  @Test
  void an_order_below_the_minimum_notional_is_dropped_with_a_reason() {
    OrderSizing.Sized s = OrderSizing.size(BTC_RULES, Side.BUY, new BigDecimal("0.00005"), new BigDecimal("78000"));
    assertThat(s).isInstanceOfSatisfying(OrderSizing.Sized.Dropped.class,
        d -> assertThat(d.reason()).contains("minimum").contains("3.9"));
  }
}
