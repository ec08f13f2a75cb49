package dev.keel.domain.proposal;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a proposal is in its life. PROPOSED waits for the investor (standard tier) until it expires; APPROVED (by the
 * investor, or on creation for premium) waits for an executor; EXECUTING is claimed by one; EXECUTED, PARTIAL and FAILED
 * say how it ended; HELD means prices moved beyond the proposal's tolerance before execution and the next scan proposes
 * afresh; REJECTED and EXPIRED end it without a trade.
 */
public enum ProposalStatus {
  PROPOSED, APPROVED, REJECTED, EXPIRED, EXECUTING, EXECUTED, PARTIAL, FAILED, HELD;

  private static final Map<ProposalStatus, Set<ProposalStatus>> NEXT = Map.of(
      PROPOSED, EnumSet.of(APPROVED, REJECTED, EXPIRED),
      APPROVED, EnumSet.of(EXECUTING, EXPIRED),
      EXECUTING, EnumSet.of(EXECUTED, PARTIAL, FAILED, HELD),
      REJECTED, EnumSet.noneOf(ProposalStatus.class),
      EXPIRED, EnumSet.noneOf(ProposalStatus.class),
      EXECUTED, EnumSet.noneOf(ProposalStatus.class),
      PARTIAL, EnumSet.noneOf(ProposalStatus.class),
      FAILED, EnumSet.noneOf(ProposalStatus.class),
      HELD, EnumSet.noneOf(ProposalStatus.class));

  /**
   * The statuses in which a portfolio's proposal blocks another: at most one per portfolio (a unique index says so).
   * Read-only: a caller adding to it would change {@link #isOpen()} for everyone.
   */
  public static final Set<ProposalStatus> OPEN = Collections.unmodifiableSet(EnumSet.of(PROPOSED, APPROVED, EXECUTING));

  /** True when the proposal still blocks a new one for its portfolio. */
  public boolean isOpen() {
    return OPEN.contains(this);
  }

  /** True when nothing more happens to it. */
  public boolean isFinal() {
    return NEXT.get(this).isEmpty();
  }

  /** True when the lifecycle allows going from this status to {@code next}. */
  public boolean canBecome(ProposalStatus next) {
    return NEXT.get(this).contains(next);
  }

  /** The statuses this one may become. */
  public Set<ProposalStatus> next() {
    return NEXT.get(this).isEmpty() ? Set.of() : EnumSet.copyOf(NEXT.get(this));
  }
}
