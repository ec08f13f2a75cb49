package dev.keel.domain.proposal;

import static dev.keel.domain.proposal.ProposalStatus.APPROVED;
import static dev.keel.domain.proposal.ProposalStatus.EXECUTED;
import static dev.keel.domain.proposal.ProposalStatus.EXECUTING;
import static dev.keel.domain.proposal.ProposalStatus.EXPIRED;
import static dev.keel.domain.proposal.ProposalStatus.FAILED;
import static dev.keel.domain.proposal.ProposalStatus.HELD;
import static dev.keel.domain.proposal.ProposalStatus.PARTIAL;
import static dev.keel.domain.proposal.ProposalStatus.PROPOSED;
import static dev.keel.domain.proposal.ProposalStatus.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProposalStatusTest {

  private static final Set<ProposalStatus> ENDS = EnumSet.of(REJECTED, EXPIRED, EXECUTED, PARTIAL, FAILED, HELD);

  @Test
  void the_open_statuses_are_proposed_approved_and_executing() {
    assertThat(ProposalStatus.OPEN).containsExactlyInAnyOrder(PROPOSED, APPROVED, EXECUTING);
    assertThat(EnumSet.allOf(ProposalStatus.class)).filteredOn(ProposalStatus::isOpen)
        .containsExactlyInAnyOrder(PROPOSED, APPROVED, EXECUTING);
  }

  @Test
  void the_open_set_cannot_be_changed_by_a_caller() {
    assertThatThrownBy(() -> ProposalStatus.OPEN.add(HELD)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ProposalStatus.OPEN.remove(PROPOSED)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(HELD.isOpen()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(value = ProposalStatus.class, names = {"REJECTED", "EXPIRED", "EXECUTED", "PARTIAL", "FAILED", "HELD"})
  void an_ended_proposal_is_final_closed_and_becomes_nothing_else(ProposalStatus end) {
    assertThat(end.isFinal()).isTrue();
    assertThat(end.isOpen()).isFalse();
    assertThat(end.next()).isEmpty();
    for (ProposalStatus any : ProposalStatus.values()) {
      assertThat(end.canBecome(any)).as("%s -> %s", end, any).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(ProposalStatus.class)
  void a_status_is_open_exactly_when_it_is_not_final(ProposalStatus status) {
    assertThat(status.isOpen()).isEqualTo(!status.isFinal());
    assertThat(ENDS.contains(status)).isEqualTo(status.isFinal());
  }

  @Test
  void a_proposed_proposal_can_be_approved_rejected_or_expire() {
    assertThat(PROPOSED.next()).containsExactlyInAnyOrder(APPROVED, REJECTED, EXPIRED);
    assertThat(PROPOSED.canBecome(EXECUTING)).as("a standard proposal executes only once approved").isFalse();
  }

  @Test
  void an_approved_proposal_can_be_claimed_by_an_executor_or_expire_but_not_be_rejected() {
    assertThat(APPROVED.next()).containsExactlyInAnyOrder(EXECUTING, EXPIRED);
    assertThat(APPROVED.canBecome(REJECTED)).isFalse();
    assertThat(APPROVED.canBecome(EXECUTED)).isFalse();
  }

  @Test
  void an_executing_proposal_ends_executed_partial_failed_or_held_and_never_expires() {
    assertThat(EXECUTING.next()).containsExactlyInAnyOrder(EXECUTED, PARTIAL, FAILED, HELD);
    assertThat(EXECUTING.canBecome(EXPIRED)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(ProposalStatus.class)
  void no_status_becomes_itself_or_goes_back_to_proposed(ProposalStatus status) {
    assertThat(status.canBecome(status)).isFalse();
    assertThat(status.canBecome(PROPOSED)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(ProposalStatus.class)
  void next_agrees_with_can_become(ProposalStatus status) {
    for (ProposalStatus other : ProposalStatus.values()) {
      assertThat(status.next().contains(other)).as("%s -> %s", status, other).isEqualTo(status.canBecome(other));
    }
  }

  @Test
  void changing_the_set_next_returns_leaves_the_lifecycle_alone() {
    Set<ProposalStatus> next = PROPOSED.next();
    try {
      next.add(EXECUTED);
    } catch (UnsupportedOperationException readOnly) {
      // a read-only answer is as good as a copy
    }
    assertThat(PROPOSED.canBecome(EXECUTED)).isFalse();
    assertThat(PROPOSED.next()).containsExactlyInAnyOrder(APPROVED, REJECTED, EXPIRED);
  }
}
