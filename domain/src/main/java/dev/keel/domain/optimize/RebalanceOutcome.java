package dev.keel.domain.optimize;

import java.util.List;
import java.util.Objects;

/**
 * What a rebalancing policy decided for one portfolio. Every expected result is one of these
 * types; none of them is signalled by an exception.
 */
public sealed interface RebalanceOutcome
    permits RebalanceOutcome.NoTradeNeeded, RebalanceOutcome.Optimal, RebalanceOutcome.Infeasible,
    RebalanceOutcome.Failed {

  /**
   * Every weight is inside its band: nothing to trade, nothing solved.
   *
   * @param reason why, in words
   */
  record NoTradeNeeded(String reason) implements RebalanceOutcome {
    public NoTradeNeeded {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A certified answer, ready to become a proposal.
   *
   * @param trades              the orders to place, cash line excluded, sells and buys in line order
   * @param weightsAfter        post-trade weights per line in the problem's order, fraction of
   *                            portfolio value, after rounding to lot steps (the cash line absorbs
   *                            what rounding leaves)
   * @param expectedCost        total trading cost of the trades, fraction of portfolio value
   * @param trackingErrorBefore tracking error to target before trading: sqrt((w0 - t)' Sigma (w0 - t)),
   *                            fraction of portfolio value over the covariance's horizon
   * @param trackingErrorAfter  the same after trading, from {@code weightsAfter}
   * @param objective           the optimised objective, lambda times tracking-error variance plus
   *                            cost, for the trade before lot rounding; objective units (fraction
   *                            of portfolio value)
   * @param bindingConstraints  constraints that hold with equality at the answer, with their
   *                            multipliers
   * @param dust                trade that venue limits left undone, reported rather than hidden
   * @param report              how the answer was found and checked
   */
  record Optimal(List<Trade> trades, double[] weightsAfter, double expectedCost,
      double trackingErrorBefore, double trackingErrorAfter, double objective,
      List<BindingConstraint> bindingConstraints, List<Dust> dust, SolveReport report)
      implements RebalanceOutcome {
    public Optimal {
      trades = List.copyOf(trades);
      weightsAfter = weightsAfter.clone();
      bindingConstraints = List.copyOf(bindingConstraints);
      dust = List.copyOf(dust);
      Objects.requireNonNull(report, "report");
      if (!(expectedCost >= 0) || !(trackingErrorBefore >= 0) || !(trackingErrorAfter >= 0)
          || !Double.isFinite(objective)) {
        throw new IllegalArgumentException("cost and tracking errors must be finite and >= 0");
      }
    }

    @Override
    public double[] weightsAfter() {
      return weightsAfter.clone();
    }

    /** Sum of |trade| over all lines but cash, fraction of portfolio value. */
    public double tradedWeight() {
      double sum = 0;
      for (Trade t : trades) {
        sum += Math.abs(t.weight());
      }
      return sum;
    }
  }

  /**
   * No trade satisfies the constraints.
   *
   * @param reason which constraints conflict, in words
   */
  record Infeasible(String reason) implements RebalanceOutcome {
    public Infeasible {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * No route produced an answer that passed its certificate (FAULTS.md M6): no partial proposal.
   *
   * @param reason   what went wrong, in words
   * @param attempts one line per route tried
   */
  record Failed(String reason, List<String> attempts) implements RebalanceOutcome {
    public Failed {
      Objects.requireNonNull(reason, "reason");
      attempts = List.copyOf(attempts);
    }
  }
}
