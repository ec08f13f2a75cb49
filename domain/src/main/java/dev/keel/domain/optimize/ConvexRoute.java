package dev.keel.domain.optimize;

import org.ojalgo.matrix.store.R064Store;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.convex.ConvexSolver;

/**
 * The independent route: ojalgo's {@link ConvexSolver} on buys and sells.
 *
 * <p>Variables are {@code x = [b; s]}, buys and sells as fractions of portfolio value, with
 * {@code d = b - s}, for the lines whose bounds differ; weights are eliminated. A line whose bounds
 * meet (zero-width band, pinned at no trade) is held at its bound and enters through the gradient
 * and the budget only. The form is strictly convex: impact gives each buy
 * and sell its own curvature, and a tiny ridge of {@link #RIDGE} times the curvature scale is
 * added where impact vanishes (the cash line, or a problem with no impact at all), which moves
 * the optimum by far less than the certificate's tolerance. The solver runs its dense direct
 * active set ({@code sparse = FALSE}) under an iteration cap.
 */
final class ConvexRoute {

  /** The ridge that makes the form strictly convex, relative to the curvature scale. */
  static final double RIDGE = 1e-8;

  /**
   * @param converged  true when ojalgo reported an optimal or feasible answer
   * @param trade      the trade d = b - s, fraction of portfolio value; null when none came back
   * @param state      ojalgo's final state
   * @param detail     a readable reason when not converged
   */
  record Result(boolean converged, double[] trade, String state, String detail) {
  }

  private ConvexRoute() {
  }

  /**
   * ojalgo meets the budget only to its feasibility tolerance (around 1e-9 to 1e-8 here); the
   * residual goes to the line with the most room in the needed direction, so the certificate
   * judges the answer's optimality rather than ojalgo's tolerance.
   */
  private static void repairBudget(ResolvedProblem p, double[] d) {
    double residual = 0;
    for (double di : d) {
      residual += di;
    }
    int best = -1;
    double room = 0;
    for (int i = 0; i < p.n; i++) {
      double r = residual > 0 ? d[i] - p.lo[i] : p.hi[i] - d[i];
      if (r > room) {
        room = r;
        best = i;
      }
    }
    if (best >= 0 && room >= Math.abs(residual)) {
      d[best] -= residual;
    }
  }

  static int defaultIterationCap(int n) {
    return 50 + 10 * n;
  }

  static Result solve(ResolvedProblem p, int iterationCap) {
    int n = p.n;
    double[] h = p.hessian;
    // Lines whose bounds meet (zero-width bands, lines pinned at no trade) are not variables: with
    // b, s >= 0 and lo = b - s = hi they would make four active constraints on two variables at
    // the start, a degenerate vertex where ojalgo's active set stops without moving.
    double[] fixedTrade = new double[n];
    int[] index = new int[n];
    int m = 0;
    double fixedSum = 0;
    for (int i = 0; i < n; i++) {
      if (p.hi[i] - p.lo[i] > 0) {
        index[m++] = i;
      } else {
        fixedTrade[i] = p.lo[i];
        fixedSum += p.lo[i];
      }
    }
    if (m == 0) {
      return new Result(true, fixedTrade, "OPTIMAL", "");
    }
    double[] gradient = p.smoothGradient(fixedTrade);
    int size = 2 * m;
    R064Store q = R064Store.FACTORY.make(size, size);
    R064Store c = R064Store.FACTORY.make(size, 1);
    double ridge = RIDGE * p.curvatureScale;
    for (int a = 0; a < m; a++) {
      int i = index[a];
      for (int col = 0; col < m; col++) {
        int j = index[col];
        double v = h[i * n + j];
        if (i == j) {
          v -= 2 * p.eta[i];
        }
        q.set(a, col, v);
        q.set(m + a, m + col, v);
        q.set(a, m + col, -v);
        q.set(m + a, col, -v);
      }
      double curvature = 2 * p.eta[i] + ridge;
      q.set(a, a, q.doubleValue(a, a) + curvature);
      q.set(m + a, m + a, q.doubleValue(m + a, m + a) + curvature);
      // ojalgo minimises 1/2 x'Qx - c'x; the gradient includes the fixed lines' trades.
      c.set(a, 0, -(gradient[i] + p.kappaBuy[i]));
      c.set(m + a, 0, gradient[i] - p.kappaSell[i]);
    }
    R064Store ae = R064Store.FACTORY.make(1, size);
    R064Store be = R064Store.FACTORY.make(1, 1);
    for (int a = 0; a < m; a++) {
      ae.set(0, a, 1);
      ae.set(0, m + a, -1);
    }
    be.set(0, 0, -fixedSum);
    R064Store ai = R064Store.FACTORY.make(4L * m, size);
    R064Store bi = R064Store.FACTORY.make(4L * m, 1);
    for (int a = 0; a < m; a++) {
      int i = index[a];
      ai.set(a, a, -1);
      ai.set(m + a, m + a, -1);
      ai.set(2 * m + a, a, 1);
      ai.set(2 * m + a, m + a, -1);
      bi.set(2 * m + a, 0, p.hi[i]);
      ai.set(3 * m + a, a, -1);
      ai.set(3 * m + a, m + a, 1);
      bi.set(3 * m + a, 0, -p.lo[i]);
    }
    Optimisation.Options options = new Optimisation.Options();
    options.sparse = Boolean.FALSE;
    options.iterations_abort = iterationCap;
    Optimisation.Result result;
    try {
      result = ConvexSolver.newBuilder()
          .objective(q, c)
          .equalities(ae, be)
          .inequalities(ai, bi)
          .build(options)
          .solve();
    } catch (RuntimeException e) {
      return new Result(false, null, "FAILED", "ojalgo threw " + e);
    }
    Optimisation.State state = result.getState();
    if (result.size() < size) {
      return new Result(false, null, state.name(), "ojalgo returned no solution (" + state + ")");
    }
    double[] d = fixedTrade.clone();
    for (int a = 0; a < m; a++) {
      d[index[a]] = result.doubleValue(a) - result.doubleValue(m + a);
    }
    repairBudget(p, d);
    boolean converged = state.isOptimal() || state == Optimisation.State.FEASIBLE;
    return new Result(converged, d, state.name(), converged ? "" : "ojalgo stopped in state " + state);
  }
}
