package dev.keel.domain.proposal;

import java.time.Instant;
import java.util.Objects;

/**
 * An investor's (or an operator's on their behalf) decision on a standard-tier proposal.
 *
 * @param approve true to approve, false to reject
 * @param by      who decided, as recorded (an account, an operator's name), not blank
 * @param reason  free text, stored verbatim through bound parameters, may be null
 * @param at      when
 */
public record Decision(boolean approve, String by, String reason, Instant at) {
  /** Longest reason kept, characters. */
  public static final int MAX_REASON = 2_000;

  public Decision {
    Objects.requireNonNull(at, "at");
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException("a decision needs who made it (--by), was '" + by + "'");
    }
    if (reason != null && reason.length() > MAX_REASON) {
      throw new IllegalArgumentException("reason is " + reason.length() + " characters, at most " + MAX_REASON + " are kept");
    }
  }

  public ProposalStatus target() {
    return approve ? ProposalStatus.APPROVED : ProposalStatus.REJECTED;
  }
}
