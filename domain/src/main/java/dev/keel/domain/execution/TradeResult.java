package dev.keel.domain.execution;

import java.math.BigDecimal;
import java.util.Collection;

/** How a trade, and then its proposal, ended once none of its orders can fill any more. */
public final class TradeResult {

  private TradeResult() {}

  /** A trade's end. */
  public enum Status { FILLED, PARTIAL, FAILED, REJECTED }

  /** A proposal's end. */
  public enum ProposalEnd { EXECUTED, PARTIAL, FAILED }

  /**
   * @param executed  base units filled and allocated to the trade
   * @param quantity  base units proposed
   * @param refused   true when a venue refused it for insufficient balance (FAULTS.md E7): REJECTED unless something filled
   */
  public static Status of(BigDecimal executed, BigDecimal quantity, boolean refused) {
    if (executed.compareTo(quantity) >= 0) {
      return Status.FILLED;
    }
    if (executed.signum() > 0) {
      return Status.PARTIAL;
    }
    return refused ? Status.REJECTED : Status.FAILED;
  }

  /** EXECUTED when every trade filled, PARTIAL when any traded, FAILED when none did. */
  public static ProposalEnd proposal(Collection<Status> trades) {
    if (!trades.isEmpty() && trades.stream().allMatch(s -> s == Status.FILLED)) {
      return ProposalEnd.EXECUTED;
    }
    if (trades.stream().anyMatch(s -> s == Status.FILLED || s == Status.PARTIAL)) {
      return ProposalEnd.PARTIAL;
    }
    return ProposalEnd.FAILED;
  }
}
