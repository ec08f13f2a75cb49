package dev.keel.domain.proposal;

import dev.keel.domain.portfolio.Tier;
import java.time.Instant;
import java.util.Objects;

/**
 * How a proposal starts its life: whether it waits for the investor (the account's tier at creation decides), and
 * whether it is born already out of time (a rerun of an old cycle). {@link ProposalStatus} holds which transitions
 * follow; {@link DecisionOutcome#judge} what a decision does. Persistence writes what these decide.
 */
public final class ProposalLifecycle {

  /** Who approved a premium proposal on creation, as recorded in {@code decided_by}. */
  public static final String AUTO_APPROVER = "keel:auto-premium";

  private ProposalLifecycle() {}

  /**
   * A new proposal's first status.
   *
   * @param status        PROPOSED (asks the investor), APPROVED (premium, approved on creation) or EXPIRED (kept for
   *                      the record, never asks anyone and never executes)
   * @param decidedBy     {@link #AUTO_APPROVER} for an approval on creation, else null
   * @param reason        why it was born so, for people; null for an ordinary PROPOSED one
   * @param asksInvestor  true when the investor is to be asked for a decision (the PROPOSAL_READY event)
   */
  public record Birth(ProposalStatus status, String decidedBy, String reason, boolean asksInvestor) {
    public Birth {
      Objects.requireNonNull(status, "status");
    }

    public boolean approvedOnCreation() {
      return decidedBy != null;
    }
  }

  /**
   * The status a proposal of this tier is written in.
   *
   * @param tier            the account's tier when the proposal is made
   * @param cycle           the scan cycle whose prices it was computed on
   * @param expiresAt       the proposal's expiry
   * @param recordedAt      when it is written
   * @param actionableUntil the latest time its cycle's prices may still be acted on
   */
  public static Birth born(Tier tier, Instant cycle, Instant expiresAt, Instant recordedAt, Instant actionableUntil) {
    Objects.requireNonNull(tier, "tier");
    if (!expiresAt.isAfter(recordedAt)) {
      return new Birth(ProposalStatus.EXPIRED, null,
          "written at " + recordedAt + ", after its expiry at " + expiresAt + " (a rerun of an old cycle)", false);
    }
    if (recordedAt.isAfter(actionableUntil)) {
      return new Birth(ProposalStatus.EXPIRED, null, "written at " + recordedAt + ", after " + actionableUntil
          + ": the prices of cycle " + cycle
          + " are too old to act on (a rerun of an old cycle)", false);
    }
    if (tier.autoApproves()) {
      return new Birth(ProposalStatus.APPROVED, AUTO_APPROVER, "premium tier: approved on creation", false);
    }
    return new Birth(ProposalStatus.PROPOSED, null, null, true);
  }
}
