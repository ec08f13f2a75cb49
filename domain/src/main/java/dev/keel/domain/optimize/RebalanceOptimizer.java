package dev.keel.domain.optimize;

import dev.keel.domain.optimize.RebalanceOutcome.Failed;
import dev.keel.domain.optimize.RebalanceOutcome.Infeasible;
import dev.keel.domain.optimize.RebalanceOutcome.NoTradeNeeded;
import dev.keel.domain.optimize.SolveReport.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * Keel's rebalancing policy: mean-variance tracking of the target with trading cost inside the
 * objective, solved on two independent routes and certified before anything leaves.
 *
 * <p>Inside every band there is no trade and no solve. Otherwise the first route (by default the
 * {@linkplain ActiveSetSolver active set}) solves the problem and its answer must pass the
 * {@linkplain KktCertificate certificate}; an answer that fails, or a route that stops at its
 * iteration cap, hands the problem to the other route ({@linkplain ConvexRoute ojalgo}), whose
 * answer must pass the same certificate. If neither passes, the outcome is {@link Failed}.
 * The cash line must cover the trading cost; trades below a venue's minimum are fixed at no trade
 * and the rest re-solved, in bounded rounds. Stateless and thread-safe.
 */
public final class RebalanceOptimizer implements RebalancePolicy {

  /** Active set first, ojalgo as the fallback. */
  public static final RebalanceOptimizer DEFAULT = new RebalanceOptimizer(Route.ACTIVE_SET);

  /** Re-solves after removing trades below venue minimums, at most. */
  static final int MAX_EXCHANGE_ROUNDS = 8;
  /** Rounds to settle the cash floor that pays for the trading cost, at most. */
  static final int MAX_CASH_FLOOR_ROUNDS = 8;
  /** The cash floor is the last answer's cost plus this fraction of it. */
  static final double CASH_FLOOR_MARGIN = 0.05;

  private final Route firstRoute;
  private final RouteSolver activeSet;
  private final RouteSolver convexSolver;

  private RebalanceOptimizer(Route firstRoute) {
    this(firstRoute, RouteSolver.ACTIVE_SET, RouteSolver.CONVEX_SOLVER);
  }

  /**
   * An optimiser on the given routes, for tests: substitute a route (say one whose answers the
   * certificate rejects) or cap its iterations, and watch the other route take over or the
   * outcome come back {@link Failed}. The certificate is always the optimiser's own.
   *
   * @param firstRoute   the route tried first, ACTIVE_SET or CONVEX_SOLVER
   * @param activeSet    what runs as the ACTIVE_SET route
   * @param convexSolver what runs as the CONVEX_SOLVER route
   */
  RebalanceOptimizer(Route firstRoute, RouteSolver activeSet, RouteSolver convexSolver) {
    if (firstRoute != Route.ACTIVE_SET && firstRoute != Route.CONVEX_SOLVER) {
      throw new IllegalArgumentException("not a solver route: " + firstRoute);
    }
    this.firstRoute = firstRoute;
    this.activeSet = Objects.requireNonNull(activeSet, "activeSet");
    this.convexSolver = Objects.requireNonNull(convexSolver, "convexSolver");
  }

  /** An optimiser that tries {@code first} before the other route; NAIVE is not a solver route. */
  public static RebalanceOptimizer startingWith(Route first) {
    Objects.requireNonNull(first, "first");
    if (first == Route.NAIVE) {
      throw new IllegalArgumentException("the naive policy is NaiveRebalancePolicy, not a solver route");
    }
    return first == Route.ACTIVE_SET ? DEFAULT : new RebalanceOptimizer(first);
  }

  @Override
  public RebalanceOutcome rebalance(RebalanceProblem problem) {
    Objects.requireNonNull(problem, "problem");
    if (problem.insideAllBands()) {
      return new NoTradeNeeded("every weight is inside its band");
    }
    ResolvedProblem resolved = problem.resolve();
    String infeasible = resolved.infeasibility();
    if (infeasible != null) {
      return new Infeasible(infeasible);
    }
    String curvature = resolved.negativeCurvature();
    if (curvature != null) {
      return new Failed(curvature, List.of());
    }
    List<String> notes = new ArrayList<>();
    Attempt attempt = solveWithCashFloor(resolved, notes);
    int rounds = 0;
    List<Integer> removed = new ArrayList<>();
    List<Dust> removedDust = new ArrayList<>();
    while (attempt instanceof Solved solved && problem.exchange() != null) {
      List<Integer> untradeable = ProposalAssembler.untradeable(solved.problem(), solved.trade());
      if (untradeable.isEmpty() || rounds == MAX_EXCHANGE_ROUNDS) {
        break;
      }
      rounds++;
      ResolvedProblem next = solved.problem();
      for (int i : untradeable) {
        removedDust.add(ProposalAssembler.dust(solved.problem(), i, solved.trade()[i]));
        next = next.withPinned(i);
        removed.add(i);
      }
      notes.add("round " + rounds + ": fixed " + names(problem, untradeable)
          + " at no trade (below venue minimum) and solved again");
      attempt = solveWithCashFloor(next, notes);
    }
    if (attempt instanceof Unsolved unsolved) {
      if (unsolved.infeasible() && !removed.isEmpty()) {
        // the bands cannot be restored with trades a venue accepts: nothing tradeable is worth sending
        return new RebalanceOutcome.NoTradeNeeded("the trades the bands call for are below venue minimums ("
            + names(problem, removed) + "): " + unsolved.reason());
      }
      if (unsolved.infeasible()) {
        String suffix = removed.isEmpty() ? ""
            : " (after fixing " + names(problem, removed) + " at no trade: below venue minimum)";
        return new Infeasible(unsolved.reason() + suffix);
      }
      return new Failed(unsolved.reason(), notes);
    }
    Solved solved = (Solved) attempt;
    return ProposalAssembler.assemble(solved.problem(), solved.trade(), solved.verdict(), solved.route(),
        solved.iterations(), rounds, notes, removedDust);
  }

  private static String names(RebalanceProblem problem, List<Integer> lines) {
    List<String> names = new ArrayList<>();
    for (int i : lines) {
      names.add(problem.assets().get(i));
    }
    return String.join(", ", names);
  }

  /** A solve on the certified routes, then the cash floor that pays for the costs. */
  private Attempt solveWithCashFloor(ResolvedProblem problem, List<String> notes) {
    Attempt attempt = solveCertified(problem, notes);
    if (problem.cash < 0) {
      return attempt;
    }
    for (int round = 0; round < MAX_CASH_FLOOR_ROUNDS; round++) {
      if (!(attempt instanceof Solved solved)) {
        return attempt;
      }
      ResolvedProblem current = solved.problem();
      double cost = current.tradingCost(solved.trade());
      double cashAfter = current.w0[current.cash] + solved.trade()[current.cash];
      if (cashAfter >= cost - KktCertificate.PRIMAL_TOLERANCE) {
        return attempt;
      }
      notes.add("cash line held at " + cost * (1 + CASH_FLOOR_MARGIN) + " of portfolio value to cover trading costs of " + cost);
      // The cost grows as the floor forces more sales; a margin over the last cost lets the
      // fixed point settle in a round or two instead of creeping up to it.
      ResolvedProblem floored = current.withCashFloor(cost * (1 + CASH_FLOOR_MARGIN) + KktCertificate.PRIMAL_TOLERANCE);
      String infeasible = floored.infeasibility();
      if (infeasible != null) {
        return new Unsolved(true, "cash cannot cover the trading cost of " + cost + ": " + infeasible);
      }
      attempt = solveCertified(floored, notes);
    }
    if (attempt instanceof Solved solved) {
      ResolvedProblem current = solved.problem();
      double cost = current.tradingCost(solved.trade());
      if (current.w0[current.cash] + solved.trade()[current.cash] >= cost - KktCertificate.PRIMAL_TOLERANCE) {
        return attempt;
      }
    }
    return new Unsolved(false, "the cash floor for trading costs did not settle in "
        + MAX_CASH_FLOOR_ROUNDS + " rounds");
  }

  /** The first route, then the other; only an answer that passes its certificate counts. */
  Attempt solveCertified(ResolvedProblem problem, List<String> notes) {
    Route second = firstRoute == Route.ACTIVE_SET ? Route.CONVEX_SOLVER : Route.ACTIVE_SET;
    List<String> failures = new ArrayList<>();
    for (Route route : List.of(firstRoute, second)) {
      Attempt attempt = certify(problem, route, (route == Route.ACTIVE_SET ? activeSet : convexSolver).solve(problem));
      if (attempt instanceof Solved) {
        notes.addAll(failures);
        return attempt;
      }
      Unsolved unsolved = (Unsolved) attempt;
      if (unsolved.infeasible()) {
        return attempt;
      }
      failures.add(route + ": " + unsolved.reason());
    }
    notes.addAll(failures);
    return new Unsolved(false, "no route produced an answer that passes its certificate: "
        + String.join("; ", failures));
  }

  /** One route alone (default iteration cap), with its certificate: for comparing routes. */
  static Attempt solveOn(ResolvedProblem problem, Route route) {
    RouteSolver solver;
    if (route == Route.ACTIVE_SET) {
      solver = RouteSolver.ACTIVE_SET;
    } else if (route == Route.CONVEX_SOLVER) {
      solver = RouteSolver.CONVEX_SOLVER;
    } else {
      throw new IllegalArgumentException("not a solver route: " + route);
    }
    return certify(problem, route, solver.solve(problem));
  }

  /** A route's raw answer judged by the certificate: only an answer that passes is {@link Solved}. */
  static Attempt certify(ResolvedProblem problem, Route route, RouteAnswer answer) {
    if (answer.infeasible()) {
      return new Unsolved(true, answer.detail());
    }
    double[] trade = answer.trade();
    if (trade == null) {
      return new Unsolved(false, answer.detail());
    }
    KktCertificate.Verdict verdict = KktCertificate.check(problem, trade);
    if (!verdict.passed()) {
      return new Unsolved(false, (answer.detail().isEmpty() ? "" : answer.detail() + "; ")
          + "certificate rejects the answer: " + verdict.reason());
    }
    return new Solved(problem, trade, verdict, route, answer.iterations());
  }

  /**
   * What a route returns before the certificate judges it.
   *
   * @param infeasible true when the bounds admit no trade (not a failure of the route)
   * @param trade      the trade d, fraction of portfolio value per line; null when the route has
   *                   no answer at all. A route stopped at its iteration cap returns its last
   *                   iterate, which the certificate then judges like any other answer
   * @param iterations the route's iterations (active-set steps; 0 for ojalgo)
   * @param detail     why the route stopped short (cap, ojalgo state, negative curvature), or empty
   */
  record RouteAnswer(boolean infeasible, double[] trade, int iterations, String detail) {
    RouteAnswer {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** One solver route, uncertified: the optimiser's seam between routes and certificate. */
  @FunctionalInterface
  interface RouteSolver {
    /** The active set with its default cap, 50 + 10 n iterations. */
    RouteSolver ACTIVE_SET = activeSet(ActiveSetSolver::defaultIterationCap);
    /** ojalgo with its default cap, 50 + 10 n iterations. */
    RouteSolver CONVEX_SOLVER = convexSolver(ConvexRoute::defaultIterationCap);

    RouteAnswer solve(ResolvedProblem problem);

    /** The active set, with the iteration cap {@code cap(n)} for n lines. */
    static RouteSolver activeSet(IntUnaryOperator cap) {
      return problem -> {
        ActiveSetSolver.Result r = ActiveSetSolver.solve(problem, cap.applyAsInt(problem.n));
        return switch (r.status()) {
          case INFEASIBLE -> new RouteAnswer(true, null, r.iterations(), r.detail());
          case NOT_CONVEX -> new RouteAnswer(false, null, r.iterations(), r.detail());
          case CONVERGED -> new RouteAnswer(false, r.trade(), r.iterations(), "");
          case ITERATION_LIMIT, NUMERICAL_BREAKDOWN -> new RouteAnswer(false, r.trade(), r.iterations(), r.detail());
        };
      };
    }

    /** ojalgo's ConvexSolver, with {@code iterations_abort = cap(n)} for n lines. */
    static RouteSolver convexSolver(IntUnaryOperator cap) {
      return problem -> {
        ConvexRoute.Result r = ConvexRoute.solve(problem, cap.applyAsInt(problem.n));
        return new RouteAnswer(false, r.trade(), 0, r.detail());
      };
    }
  }

  /** The result of one certified solve. */
  sealed interface Attempt permits Solved, Unsolved {
  }

  /** An answer that passed its certificate, with the problem it answers. */
  record Solved(ResolvedProblem problem, double[] trade, KktCertificate.Verdict verdict, Route route,
      int iterations) implements Attempt {
  }

  /** No certified answer: infeasible bounds, or every route failed. */
  record Unsolved(boolean infeasible, String reason) implements Attempt {
  }
}
