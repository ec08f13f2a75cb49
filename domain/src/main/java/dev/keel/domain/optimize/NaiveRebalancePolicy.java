package dev.keel.domain.optimize;

import dev.keel.domain.optimize.RebalanceOutcome.NoTradeNeeded;
import dev.keel.domain.optimize.SolveReport.Route;
import java.util.List;
import java.util.Objects;

/**
 * The cost-blind baseline: when any band is breached, trade every line back to its target.
 * Same outcome types and the same lot rounding as the optimiser, so tests and backtests compare
 * like with like. Stateless.
 */
public final class NaiveRebalancePolicy implements RebalancePolicy {

  /** The one instance. */
  public static final NaiveRebalancePolicy DEFAULT = new NaiveRebalancePolicy();

  private NaiveRebalancePolicy() {
  }

  @Override
  public RebalanceOutcome rebalance(RebalanceProblem problem) {
    Objects.requireNonNull(problem, "problem");
    if (problem.insideAllBands()) {
      return new NoTradeNeeded("every weight is inside its band");
    }
    ResolvedProblem p = problem.resolve();
    double[] d = new double[p.n];
    for (int i = 0; i < p.n; i++) {
      d[i] = p.target[i] - p.w0[i];
    }
    return ProposalAssembler.assemble(p, d, null, Route.NAIVE, 0, 0, List.of(), List.of());
  }
}
