package dev.keel.domain.notification;

import dev.keel.domain.proposal.ProposalStatus;

/**
 * What an event in the outbox ({@code notification.kind}) says. Every kind but {@link #VENUE_ALERT} is about one
 * proposal and goes to its investor as well as to the webhooks; a venue alert is for the operators and goes to the
 * webhooks only.
 */
public enum NotificationKind {
  /** A standard-tier proposal waits for the investor's decision. */
  PROPOSAL_READY("proposal.ready"),
  /** A premium-tier proposal (approved on creation) executed in full, with no decision asked. */
  PROPOSAL_AUTO_EXECUTED("proposal.auto_executed"),
  /** An approved standard-tier proposal executed in full. */
  PROPOSAL_EXECUTED("proposal.executed"),
  /** Some trades executed, others did not: the reason says which and why. */
  PROPOSAL_PARTIAL("proposal.partially_executed"),
  /** No trade executed. */
  PROPOSAL_FAILED("proposal.failed"),
  /** Prices moved beyond the proposal's tolerance before execution; the next scan proposes afresh. */
  PROPOSAL_HELD("proposal.held"),
  /** Nobody decided, or no executor took it, before its expiry. */
  PROPOSAL_EXPIRED("proposal.expired"),
  /** A venue halted Keel's orders (HTTP 418): for the operators. */
  VENUE_ALERT("venue.alert");

  private final String type;

  NotificationKind(String type) {
    this.type = type;
  }

  /** The event type receivers see in a webhook's body: lower case, dotted, stable. */
  public String type() {
    return type;
  }

  /** True when the event is about a proposal and its investor is told by email too. */
  public boolean forInvestor() {
    return this != VENUE_ALERT;
  }

  /**
   * The event an executing proposal's end causes.
   *
   * @param premium true when the proposal was approved on creation (premium tier)
   */
  public static NotificationKind ended(ProposalStatus end, boolean premium) {
    return switch (end) {
      case EXECUTED -> premium ? PROPOSAL_AUTO_EXECUTED : PROPOSAL_EXECUTED;
      case PARTIAL -> PROPOSAL_PARTIAL;
      case FAILED -> PROPOSAL_FAILED;
      case HELD -> PROPOSAL_HELD;
      default -> throw new IllegalArgumentException("a proposal does not end executing as " + end);
    };
  }
}
