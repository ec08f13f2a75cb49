package dev.keel.domain.execution;

import static dev.keel.domain.execution.TradeResult.Status.FAILED;
import static dev.keel.domain.execution.TradeResult.Status.FILLED;
import static dev.keel.domain.execution.TradeResult.Status.PARTIAL;
import static dev.keel.domain.execution.TradeResult.Status.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.execution.TradeResult.ProposalEnd;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradeResultTest {

  private static final BigDecimal TWO_ETH_PROPOSED = new BigDecimal("2");
  private static final boolean REFUSED = true;
  private static final boolean NOT_REFUSED = false;

  @Test
  void a_trade_that_got_its_whole_quantity_is_filled() {
    assertThat(TradeResult.of(new BigDecimal("2.000"), TWO_ETH_PROPOSED, NOT_REFUSED)).isEqualTo(FILLED);
  }

  @Test
  void a_trade_that_got_more_than_proposed_is_filled() {
    assertThat(TradeResult.of(new BigDecimal("2.0001"), TWO_ETH_PROPOSED, NOT_REFUSED)).isEqualTo(FILLED);
  }

  @Test
  void a_trade_that_got_part_of_its_quantity_is_partial_even_if_a_venue_later_refused_it() {
    assertThat(TradeResult.of(new BigDecimal("0.5"), TWO_ETH_PROPOSED, NOT_REFUSED)).isEqualTo(PARTIAL);
    assertThat(TradeResult.of(new BigDecimal("0.5"), TWO_ETH_PROPOSED, REFUSED)).isEqualTo(PARTIAL);
  }

  @Test
  void a_trade_that_got_nothing_failed() {
    assertThat(TradeResult.of(BigDecimal.ZERO, TWO_ETH_PROPOSED, NOT_REFUSED)).isEqualTo(FAILED);
  }

  @Test
  void a_trade_refused_for_insufficient_balance_that_got_nothing_is_rejected() {
    assertThat(TradeResult.of(BigDecimal.ZERO, TWO_ETH_PROPOSED, REFUSED)).isEqualTo(REJECTED);
  }

  @Test
  void a_proposal_whose_every_trade_filled_is_executed() {
    assertThat(TradeResult.proposal(List.of(FILLED, FILLED, FILLED))).isEqualTo(ProposalEnd.EXECUTED);
  }

  @Test
  void a_proposal_with_any_trade_that_traded_but_not_all_filled_is_partial() {
    assertThat(TradeResult.proposal(List.of(FILLED, FAILED))).isEqualTo(ProposalEnd.PARTIAL);
    assertThat(TradeResult.proposal(List.of(FILLED, REJECTED))).isEqualTo(ProposalEnd.PARTIAL);
    assertThat(TradeResult.proposal(List.of(PARTIAL))).isEqualTo(ProposalEnd.PARTIAL);
    assertThat(TradeResult.proposal(List.of(FAILED, PARTIAL, REJECTED))).isEqualTo(ProposalEnd.PARTIAL);
  }

  @Test
  void a_proposal_none_of_whose_trades_traded_failed() {
    assertThat(TradeResult.proposal(List.of(FAILED, REJECTED))).isEqualTo(ProposalEnd.FAILED);
    assertThat(TradeResult.proposal(List.of(REJECTED))).isEqualTo(ProposalEnd.FAILED);
  }

  @Test
  void a_proposal_without_trades_failed_rather_than_executed() {
    assertThat(TradeResult.proposal(List.of())).isEqualTo(ProposalEnd.FAILED);
  }

  @Test
  void every_proposal_end_is_a_final_proposal_status() {
    for (ProposalEnd end : ProposalEnd.values()) {
      assertThat(dev.keel.domain.proposal.ProposalStatus.valueOf(end.name()).isFinal()).as(end.name()).isTrue();
    }
  }
}
