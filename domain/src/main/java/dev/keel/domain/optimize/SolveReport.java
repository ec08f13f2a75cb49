package dev.keel.domain.optimize;

import java.util.List;
import java.util.Objects;

/**
 * How an answer was found and checked.
 *
 * @param route                the route whose answer passed its certificate
 * @param iterations           that route's iterations (active-set steps; 0 for ojalgo and naive)
 * @param primalResidual       largest budget or bound violation, fraction of portfolio value
 * @param stationarityResidual KKT stationarity gap, objective units per unit of weight
 * @param exchangeRounds       re-solves after removing trades below venue minimums
 * @param notes                what else happened: routes that failed first, cash floors applied
 */
public record SolveReport(Route route, int iterations, double primalResidual, double stationarityResidual,
    int exchangeRounds, List<String> notes) {
  public SolveReport {
    Objects.requireNonNull(route, "route");
    notes = List.copyOf(notes);
    if (iterations < 0 || exchangeRounds < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
  }

  /** The ways Keel turns a problem into trades. */
  public enum Route {
    /** The specialised primal active-set method on the trade. */
    ACTIVE_SET,
    /** ojalgo's ConvexSolver on buys and sells. */
    CONVEX_SOLVER,
    /** Back to target whenever a band is breached, cost-blind. */
    NAIVE
  }
}
