package dev.keel.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TradeStatusTest {

  @Test
  void every_trade_end_is_a_trade_status_of_the_same_name_and_counts_as_itself() {
    for (TradeResult.Status end : TradeResult.Status.values()) {
      assertThat(TradeStatus.of(end).name()).isEqualTo(end.name());
      assertThat(TradeStatus.of(end).result()).isEqualTo(end);
    }
  }

  @Test
  void a_trade_that_did_not_end_by_trading_counts_as_failed_toward_its_proposal() {
    assertThat(TradeStatus.HELD.result()).isEqualTo(TradeResult.Status.FAILED);
    assertThat(TradeStatus.PENDING.result()).isEqualTo(TradeResult.Status.FAILED);
    assertThat(TradeStatus.EXECUTING.result()).isEqualTo(TradeResult.Status.FAILED);
  }

  @Test
  void only_a_trade_not_started_or_executing_is_open() {
    assertThat(TradeStatus.values()).filteredOn(TradeStatus::isOpen).containsExactly(TradeStatus.PENDING, TradeStatus.EXECUTING);
  }
}
