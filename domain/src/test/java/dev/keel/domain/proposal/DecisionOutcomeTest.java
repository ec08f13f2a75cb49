package dev.keel.domain.proposal;

import static dev.keel.domain.proposal.ProposalStatus.APPROVED;
import static dev.keel.domain.proposal.ProposalStatus.EXECUTED;
import static dev.keel.domain.proposal.ProposalStatus.EXECUTING;
import static dev.keel.domain.proposal.ProposalStatus.EXPIRED;
import static dev.keel.domain.proposal.ProposalStatus.HELD;
import static dev.keel.domain.proposal.ProposalStatus.PROPOSED;
import static dev.keel.domain.proposal.ProposalStatus.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.proposal.DecisionOutcome.Conflict;
import dev.keel.domain.proposal.DecisionOutcome.Expired;
import dev.keel.domain.proposal.DecisionOutcome.Recorded;
import dev.keel.domain.proposal.DecisionOutcome.Repeated;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DecisionOutcomeTest {

  private static final long PROPOSAL = 42;
  private static final Instant EXPIRES_AT = Instant.parse("2026-12-08T09:00:00Z");
  private static final Instant AN_HOUR_BEFORE_EXPIRY = EXPIRES_AT.minus(Duration.ofHours(1));
  private static final Instant AT_EXPIRY = EXPIRES_AT;
  private static final Instant A_SECOND_AFTER_EXPIRY = EXPIRES_AT.plusSeconds(1);
  private static final Instant WHEN_ALICE_DECIDED = EXPIRES_AT.minus(Duration.ofHours(5));

  private static final Decision APPROVAL_BEFORE_EXPIRY = new Decision(true, "alice", null, AN_HOUR_BEFORE_EXPIRY);
  private static final Decision REJECTION_BEFORE_EXPIRY = new Decision(false, "alice", "too many trades", AN_HOUR_BEFORE_EXPIRY);
  private static final Decision APPROVAL_BY_OPERATOR = new Decision(true, "ops-bob", "on the phone with alice", AN_HOUR_BEFORE_EXPIRY);

  private static DecisionOutcome standard(ProposalStatus status, String decidedBy, Instant decidedAt, Decision decision) {
    return DecisionOutcome.judge(PROPOSAL, status, EXPIRES_AT, decidedBy, decidedAt, false, decision);
  }

  private static DecisionOutcome undecided(ProposalStatus status, Decision decision) {
    return standard(status, null, null, decision);
  }

  // recorded

  @Test
  void an_approval_of_a_proposed_proposal_before_expiry_is_recorded_as_approved() {
    assertThat(undecided(PROPOSED, APPROVAL_BEFORE_EXPIRY))
        .isEqualTo(new Recorded(PROPOSAL, APPROVED, "alice", AN_HOUR_BEFORE_EXPIRY));
  }

  @Test
  void a_rejection_of_a_proposed_proposal_before_expiry_is_recorded_as_rejected() {
    assertThat(undecided(PROPOSED, REJECTION_BEFORE_EXPIRY))
        .isEqualTo(new Recorded(PROPOSAL, REJECTED, "alice", AN_HOUR_BEFORE_EXPIRY));
  }

  @Test
  void a_decision_a_millisecond_before_expiry_is_still_recorded() {
    Decision justInTime = new Decision(true, "alice", null, EXPIRES_AT.minusMillis(1));

    assertThat(undecided(PROPOSED, justInTime)).isInstanceOf(Recorded.class);
  }

  // repeated (FAULTS.md A2)

  @Test
  void the_same_approval_again_is_repeated_with_the_first_decider_and_time() {
    assertThat(standard(APPROVED, "alice", WHEN_ALICE_DECIDED, APPROVAL_BY_OPERATOR))
        .isEqualTo(new Repeated(PROPOSAL, APPROVED, "alice", WHEN_ALICE_DECIDED));
  }

  @Test
  void the_same_rejection_again_is_repeated_with_the_first_decider_and_time() {
    assertThat(standard(REJECTED, "alice", WHEN_ALICE_DECIDED, REJECTION_BEFORE_EXPIRY))
        .isEqualTo(new Repeated(PROPOSAL, REJECTED, "alice", WHEN_ALICE_DECIDED));
  }

  @Test
  void a_repeated_approval_that_arrives_after_the_expiry_time_still_answers_the_first_result() {
    Decision lateRetry = new Decision(true, "alice", null, A_SECOND_AFTER_EXPIRY);

    assertThat(standard(APPROVED, "alice", WHEN_ALICE_DECIDED, lateRetry))
        .isEqualTo(new Repeated(PROPOSAL, APPROVED, "alice", WHEN_ALICE_DECIDED));
  }

  // expired (FAULTS.md A1)

  @Test
  void an_approval_at_the_moment_of_expiry_is_expired() {
    assertThat(undecided(PROPOSED, new Decision(true, "alice", null, AT_EXPIRY))).isEqualTo(new Expired(PROPOSAL, EXPIRES_AT));
  }

  @Test
  void a_rejection_after_expiry_is_expired() {
    assertThat(undecided(PROPOSED, new Decision(false, "alice", null, A_SECOND_AFTER_EXPIRY)))
        .isEqualTo(new Expired(PROPOSAL, EXPIRES_AT));
  }

  @Test
  void a_decision_on_a_proposal_already_marked_expired_is_expired_whatever_its_time() {
    assertThat(undecided(EXPIRED, APPROVAL_BEFORE_EXPIRY)).isEqualTo(new Expired(PROPOSAL, EXPIRES_AT));
    assertThat(undecided(EXPIRED, REJECTION_BEFORE_EXPIRY)).isEqualTo(new Expired(PROPOSAL, EXPIRES_AT));
  }

  // conflict

  @Test
  void an_approval_after_a_rejection_conflicts_and_names_who_rejected_and_when() {
    DecisionOutcome outcome = standard(REJECTED, "alice", WHEN_ALICE_DECIDED, APPROVAL_BY_OPERATOR);

    assertThat(outcome).isEqualTo(new Conflict(PROPOSAL, REJECTED,
        "proposal 42 is REJECTED (decided by alice at 2026-12-08T04:00:00Z); only a PROPOSED one can be approved"));
  }

  @Test
  void a_rejection_after_an_approval_conflicts() {
    DecisionOutcome outcome = standard(APPROVED, "alice", WHEN_ALICE_DECIDED, REJECTION_BEFORE_EXPIRY);

    assertThat(outcome).isInstanceOfSatisfying(Conflict.class, c -> {
      assertThat(c.status()).isEqualTo(APPROVED);
      assertThat(c.detail()).endsWith("only a PROPOSED one can be rejected");
    });
  }

  @Test
  void a_rejection_after_an_approval_conflicts_even_after_expiry_time() {
    Decision lateRejection = new Decision(false, "alice", null, A_SECOND_AFTER_EXPIRY);

    assertThat(standard(APPROVED, "alice", WHEN_ALICE_DECIDED, lateRejection)).isInstanceOf(Conflict.class);
  }

  @Test
  void a_decision_on_an_executing_proposal_conflicts() {
    assertThat(standard(EXECUTING, "alice", WHEN_ALICE_DECIDED, REJECTION_BEFORE_EXPIRY))
        .isInstanceOfSatisfying(Conflict.class, c -> assertThat(c.status()).isEqualTo(EXECUTING));
  }

  @Test
  void a_decision_on_an_executed_proposal_conflicts() {
    assertThat(standard(EXECUTED, "alice", WHEN_ALICE_DECIDED, REJECTION_BEFORE_EXPIRY)).isEqualTo(new Conflict(PROPOSAL, EXECUTED,
        "proposal 42 is EXECUTED (decided by alice at 2026-12-08T04:00:00Z); only a PROPOSED one can be rejected"));
  }

  @Test
  void a_repeat_approval_after_the_proposal_moved_on_answers_the_first_result_a2() {
    for (ProposalStatus later : new ProposalStatus[] {EXECUTING, EXECUTED, HELD, ProposalStatus.PARTIAL, ProposalStatus.FAILED,
        ProposalStatus.EXPIRED}) {
      assertThat(standard(later, "alice", WHEN_ALICE_DECIDED, APPROVAL_BEFORE_EXPIRY)).as("%s", later)
          .isEqualTo(new DecisionOutcome.Repeated(PROPOSAL, later, "alice", WHEN_ALICE_DECIDED));
    }
  }

  @Test
  void a_rejection_of_a_held_proposal_conflicts() {
    assertThat(standard(HELD, "alice", WHEN_ALICE_DECIDED, REJECTION_BEFORE_EXPIRY))
        .isInstanceOfSatisfying(Conflict.class, c -> {
          assertThat(c.status()).isEqualTo(HELD);
          assertThat(c.detail()).startsWith("proposal 42 is HELD (decided by alice");
        });
  }

  @Test
  void a_conflict_on_a_proposal_nobody_decided_leaves_the_decider_out() {
    assertThat(undecided(EXECUTING, APPROVAL_BEFORE_EXPIRY))
        .isEqualTo(new Conflict(PROPOSAL, EXECUTING, "proposal 42 is EXECUTING; only a PROPOSED one can be approved"));
  }

  @Test
  void any_decision_on_a_premium_proposal_conflicts_because_it_executes_without_one() {
    String detail = "proposal 42 belongs to a premium portfolio and executes without a decision";
    for (ProposalStatus status : ProposalStatus.values()) {
      for (Decision decision : new Decision[] {APPROVAL_BEFORE_EXPIRY, REJECTION_BEFORE_EXPIRY}) {
        assertThat(DecisionOutcome.judge(PROPOSAL, status, EXPIRES_AT, null, null, true, decision))
            .as("%s, approve=%s", status, decision.approve())
            .isEqualTo(new Conflict(PROPOSAL, status, detail));
      }
    }
  }

  @Test
  void an_approval_of_a_premium_proposal_approved_on_creation_is_a_conflict_not_a_repeat() {
    assertThat(DecisionOutcome.judge(PROPOSAL, APPROVED, EXPIRES_AT, "premium", WHEN_ALICE_DECIDED, true, APPROVAL_BEFORE_EXPIRY))
        .isInstanceOf(Conflict.class);
  }

  @Test
  void every_outcome_names_the_proposal() {
    assertThat(undecided(PROPOSED, APPROVAL_BEFORE_EXPIRY).proposalId()).isEqualTo(PROPOSAL);
    assertThat(undecided(EXPIRED, APPROVAL_BEFORE_EXPIRY).proposalId()).isEqualTo(PROPOSAL);
    assertThat(standard(APPROVED, "alice", WHEN_ALICE_DECIDED, APPROVAL_BEFORE_EXPIRY).proposalId()).isEqualTo(PROPOSAL);
    assertThat(undecided(HELD, APPROVAL_BEFORE_EXPIRY).proposalId()).isEqualTo(PROPOSAL);
    assertThat(new DecisionOutcome.NotFound(PROPOSAL).proposalId()).isEqualTo(PROPOSAL);
  }
}
