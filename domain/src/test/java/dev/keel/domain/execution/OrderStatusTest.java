package dev.keel.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrderStatusTest {

  @Test
  void an_order_keel_does_not_yet_know_the_fate_of_is_live() {
    assertThat(OrderStatus.values()).filteredOn(OrderStatus::isLive)
        .containsExactly(OrderStatus.NEW, OrderStatus.SUBMITTED, OrderStatus.UNKNOWN, OrderStatus.OPEN, OrderStatus.PARTIALLY_FILLED);
  }

  @Test
  void the_venues_final_word_and_a_failed_placement_are_final() {
    assertThat(OrderStatus.values()).filteredOn(OrderStatus::isFinal)
        .containsExactly(OrderStatus.FILLED, OrderStatus.CANCELLED, OrderStatus.EXPIRED, OrderStatus.REJECTED, OrderStatus.FAILED);
  }

  @Test
  void the_live_set_is_read_only() {
    assertThatThrownBy(() -> OrderStatus.LIVE.add(OrderStatus.FILLED)).isInstanceOf(UnsupportedOperationException.class);
  }
}
