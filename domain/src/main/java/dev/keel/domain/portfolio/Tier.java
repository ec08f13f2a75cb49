package dev.keel.domain.portfolio;

/** An account's service tier: it decides whether a proposal waits for the investor. */
public enum Tier {
  /** The investor approves each proposal before it executes. */
  STANDARD,
  /** Proposals execute automatically. */
  PREMIUM;

  /** Whether a proposal made for this tier is approved on creation. */
  public boolean autoApproves() {
    return this == PREMIUM;
  }
}
