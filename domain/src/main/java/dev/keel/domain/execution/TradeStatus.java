package dev.keel.domain.execution;

/**
 * Where a proposal trade is in its execution. PENDING until execution prices it; EXECUTING while its orders are sent
 * and reconciled; then how it ended ({@link TradeResult.Status}: FILLED, PARTIAL, FAILED, REJECTED), or HELD with its
 * proposal when prices moved beyond the proposal's tolerance before anything was sent.
 */
public enum TradeStatus {
  PENDING, EXECUTING, FILLED, PARTIAL, FAILED, REJECTED, HELD;

  /** The status a trade takes when it ends so. */
  public static TradeStatus of(TradeResult.Status end) {
    return switch (end) {
      case FILLED -> FILLED;
      case PARTIAL -> PARTIAL;
      case REJECTED -> REJECTED;
      case FAILED -> FAILED;
    };
  }

  /** True while the trade may still trade: not yet started, or executing. */
  public boolean isOpen() {
    return this == PENDING || this == EXECUTING;
  }

  /**
   * How the trade counts toward its proposal's end ({@link TradeResult#proposal}): FILLED, PARTIAL and REJECTED as
   * themselves, any other status as FAILED.
   */
  public TradeResult.Status result() {
    return switch (this) {
      case FILLED -> TradeResult.Status.FILLED;
      case PARTIAL -> TradeResult.Status.PARTIAL;
      case REJECTED -> TradeResult.Status.REJECTED;
      default -> TradeResult.Status.FAILED;
    };
  }
}
