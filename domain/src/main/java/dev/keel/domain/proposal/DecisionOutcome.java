package dev.keel.domain.proposal;

import java.time.Instant;

/**
 * What recording a decision did. A repeat of the decision already recorded answers {@link Repeated} with the first
 * one's details, so a caller that lost the first reply can ask again safely (FAULTS.md A2).
 */
public sealed interface DecisionOutcome {

  long proposalId();

  /** Where an approved proposal can be later on: a repeat of its approval answers the first result from any of them. */
  java.util.Set<ProposalStatus> APPROVED_AND_AFTER = java.util.Collections.unmodifiableSet(java.util.EnumSet.of(ProposalStatus.APPROVED,
      ProposalStatus.EXECUTING, ProposalStatus.EXECUTED, ProposalStatus.PARTIAL, ProposalStatus.FAILED, ProposalStatus.HELD,
      ProposalStatus.EXPIRED));

  /** The decision was recorded: one transition. */
  record Recorded(long proposalId, ProposalStatus status, String by, Instant at) implements DecisionOutcome {}

  /** The same decision had already been recorded; nothing changed. */
  record Repeated(long proposalId, ProposalStatus status, String by, Instant at) implements DecisionOutcome {}

  /** The proposal expired before the decision (FAULTS.md A1): nothing changed, nothing executes. */
  record Expired(long proposalId, Instant expiresAt) implements DecisionOutcome {}

  /** The proposal is in a state the decision cannot apply to (decided otherwise, executed, premium, held). */
  record Conflict(long proposalId, ProposalStatus status, String detail) implements DecisionOutcome {}

  /** No such proposal. */
  record NotFound(long proposalId) implements DecisionOutcome {}

  /**
   * Decides what a decision does to a proposal seen as it is now; persistence then applies it with one conditional
   * UPDATE (status and expiry checked in its WHERE), so two concurrent calls make one transition.
   *
   * @param status    the proposal's status
   * @param expiresAt its expiry
   * @param decidedBy who decided it, when someone did
   * @param premium   true when the proposal was approved on creation for a premium account
   */
  static DecisionOutcome judge(long proposalId, ProposalStatus status, Instant expiresAt, String decidedBy, Instant decidedAt,
                               boolean premium, Decision decision) {
    if (decidedBy != null && !premium && (status == decision.target() || (decision.approve() && APPROVED_AND_AFTER.contains(status)))) {
      // the same decision again (a client that lost the first reply): the first one's result, whatever happened since
      return new Repeated(proposalId, status, decidedBy, decidedAt);
    }
    if (premium) {
      return new Conflict(proposalId, status, "proposal " + proposalId + " belongs to a premium portfolio and executes without a decision");
    }
    if (status == ProposalStatus.EXPIRED || (status == ProposalStatus.PROPOSED && !decision.at().isBefore(expiresAt))) {
      return new Expired(proposalId, expiresAt);
    }
    if (status != ProposalStatus.PROPOSED) {
      return new Conflict(proposalId, status, "proposal " + proposalId + " is " + status
          + (decidedBy == null ? "" : " (decided by " + decidedBy + " at " + decidedAt + ")") + "; only a PROPOSED one can be "
          + (decision.approve() ? "approved" : "rejected"));
    }
    return new Recorded(proposalId, decision.target(), decision.by(), decision.at());
  }
}
