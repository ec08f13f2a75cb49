package dev.keel.domain.proposal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DecisionTest {

  private static final Instant MONDAY_NOON = Instant.parse("2026-12-07T12:00:00Z");

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "\t"})
  void a_decision_without_who_made_it_is_refused_naming_the_by_option_and_the_value(String by) {
    assertThatThrownBy(() -> new Decision(true, by, null, MONDAY_NOON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a decision needs who made it (--by), was '" + by + "'");
  }

  @Test
  void a_reason_longer_than_the_limit_is_refused_naming_its_length_and_the_limit() {
    String reason = "x".repeat(Decision.MAX_REASON + 1);

    assertThatThrownBy(() -> new Decision(false, "alice", reason, MONDAY_NOON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reason is 2001 characters, at most 2000 are kept");
  }

  @Test
  void a_reason_of_exactly_the_limit_is_kept_whole() {
    String reason = "y".repeat(Decision.MAX_REASON);

    assertThat(new Decision(false, "alice", reason, MONDAY_NOON).reason()).isEqualTo(reason);
  }

  @Test
  void a_decision_may_come_without_a_reason() {
    assertThat(new Decision(true, "alice", null, MONDAY_NOON).reason()).isNull();
  }

  @Test
  void a_reason_that_looks_like_sql_or_script_is_kept_verbatim() {
    String hostile = "'); DROP TABLE proposal; -- <script>alert(1)</script>";

    assertThat(new Decision(false, "alice", hostile, MONDAY_NOON).reason()).isEqualTo(hostile);
  }

  @Test
  void a_decision_needs_a_time() {
    assertThatThrownBy(() -> new Decision(true, "alice", null, null)).isInstanceOf(NullPointerException.class).hasMessage("at");
  }

  @Test
  void an_approval_targets_approved_and_a_rejection_targets_rejected() {
    assertThat(new Decision(true, "alice", null, MONDAY_NOON).target()).isEqualTo(ProposalStatus.APPROVED);
    assertThat(new Decision(false, "alice", null, MONDAY_NOON).target()).isEqualTo(ProposalStatus.REJECTED);
  }
}
