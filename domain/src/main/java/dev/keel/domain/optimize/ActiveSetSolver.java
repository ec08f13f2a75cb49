package dev.keel.domain.optimize;

import java.util.Arrays;

/**
 * The fast route: a primal active-set method on the trade {@code d = w - w0}, built for this
 * problem's structure.
 *
 * <p>Each line's cost is piecewise quadratic with breakpoints at its lower bound, at zero and at
 * its upper bound. A line is either fixed at a breakpoint or free inside one piece, where the
 * piece says whether it buys or sells and so fixes the slope of its linear cost. For the free
 * block the method solves the equality-constrained subproblem exactly: a Cholesky factor of
 * {@code H_FF + rho 11'} (adding {@code rho 11'} leaves the subproblem unchanged on the budget
 * plane and keeps the factor positive definite when only the cash line lacks curvature), two
 * triangular solves and the budget multiplier in closed form. A step that would carry a free line
 * past a breakpoint stops there and fixes the line; at a subproblem optimum the most violated
 * fixed line is released into the piece its multiplier points to.
 *
 * <p>Termination on every input: when a released line adds no curvature (singular covariance,
 * no impact cost), the method moves along the zero-curvature descent direction to the nearest
 * breakpoint, which always exists because every line's range is bounded, so the free block stays
 * non-singular. Two guards stop cycling on rounding noise: a release needs a multiplier violation
 * above a relative threshold, and a line fixed by a zero-length step cannot be released back
 * into the piece it left before the method moves (its other piece stays open, so a cash line
 * started in the buy piece can still sell). An iteration cap ends everything else.
 */
final class ActiveSetSolver {

  /** How a solve ended. */
  enum Status {
    /** Stopped at a point where no fixed line wants release: a KKT point, to be certified. */
    CONVERGED,
    /** The iteration cap was reached. */
    ITERATION_LIMIT,
    /** The covariance has negative curvature: the problem is not convex. */
    NOT_CONVEX,
    /** The bounds admit no trade that keeps the budget. */
    INFEASIBLE,
    /** Rounding broke an invariant the method relies on. */
    NUMERICAL_BREAKDOWN
  }

  /**
   * @param status     how the solve ended
   * @param trade      the trade d, fraction of portfolio value per line (buy positive); the last
   *                   iterate when the solve did not converge, null when infeasible
   * @param iterations active-set iterations used
   * @param detail     a readable reason when the status is not CONVERGED
   */
  record Result(Status status, double[] trade, int iterations, String detail) {
  }

  private static final int BUY = 0;
  private static final int SELL = 1;
  private static final int AT_LO = 2;
  private static final int AT_HI = 3;
  private static final int AT_ZERO = 4;

  /** Relative size of a multiplier violation that releases a line. */
  private static final double RELEASE_TOLERANCE = 1e-12;
  /** Relative size of a Cholesky pivot below which the free block counts as singular. */
  private static final double SINGULAR_PIVOT = 1e-11;
  /** Relative size of a negative pivot that proves negative curvature. */
  private static final double NEGATIVE_PIVOT = 1e-7;

  private ActiveSetSolver() {
  }

  /** A sensible iteration cap for n lines. */
  static int defaultIterationCap(int n) {
    return 50 + 10 * n;
  }

  static Result solve(ResolvedProblem p, int maxIterations) {
    String why = p.infeasibility();
    if (why != null) {
      return new Result(Status.INFEASIBLE, null, 0, why);
    }
    return new Run(p).run(maxIterations);
  }

  /** The working state of one solve. */
  private static final class Run {
    final ResolvedProblem p;
    final int n;
    final double[] lo;
    final double[] hi;
    final double[] h;
    final double[] kb;
    final double[] ks;
    final double[] d;
    final int[] state;
    final int[] free;
    int m;
    final double[] l;
    final double[] grad;
    final double[] step;
    final double[] u;
    final double[] v;
    final double rho;
    double failedPivot;
    /** +1 when the newest free line was released upward, -1 downward. */
    double releaseDirection;

    Run(ResolvedProblem p) {
      this.p = p;
      this.n = p.n;
      this.lo = p.lo;
      this.hi = p.hi;
      this.h = p.hessian;
      this.kb = p.kappaBuy;
      this.ks = p.kappaSell;
      this.d = new double[n];
      this.state = new int[n];
      this.free = new int[n];
      this.l = new double[n * n];
      this.step = new double[n];
      this.u = new double[n];
      this.v = new double[n];
      this.rho = p.curvatureScale;
      start();
      this.grad = p.smoothGradient(d);
    }

    /** A feasible vertex near no trade: clamp to the bounds, then restore the budget greedily. */
    private void start() {
      double excess = 0;
      for (int i = 0; i < n; i++) {
        d[i] = Math.min(Math.max(0, lo[i]), hi[i]);
        excess += d[i];
      }
      int anchor = -1;
      boolean down = excess > 0;
      if (excess != 0) {
        int[] order = byGradient(down);
        for (int i : order) {
          double room = down ? d[i] - lo[i] : hi[i] - d[i];
          if (room <= 0) {
            continue;
          }
          double need = Math.abs(excess);
          anchor = i;
          if (room <= need) {
            d[i] = down ? lo[i] : hi[i];
            excess += down ? -room : room;
          } else {
            d[i] += down ? -need : need;
            excess = 0;
          }
          if (down ? excess <= 0 : excess >= 0) {
            break;
          }
        }
      }
      if (anchor < 0) {
        double widest = -1;
        for (int i = 0; i < n; i++) {
          if (hi[i] - lo[i] > widest) {
            widest = hi[i] - lo[i];
            anchor = i;
          }
        }
      }
      for (int i = 0; i < n; i++) {
        state[i] = classify(i, d[i]);
      }
      double x = d[anchor];
      if (x > 0) {
        state[anchor] = BUY;
      } else if (x < 0) {
        state[anchor] = SELL;
      } else {
        state[anchor] = (down && lo[anchor] < 0) || hi[anchor] <= 0 ? SELL : BUY;
      }
      free[0] = anchor;
      m = 1;
    }

    private int[] byGradient(boolean descending) {
      double[] g = p.gradientAtZero;
      Integer[] boxed = new Integer[n];
      for (int i = 0; i < n; i++) {
        boxed[i] = i;
      }
      Arrays.sort(boxed, (a, b) -> descending ? Double.compare(g[b], g[a]) : Double.compare(g[a], g[b]));
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = boxed[i];
      }
      return order;
    }

    private int classify(int i, double x) {
      if (x == lo[i]) {
        return AT_LO;
      }
      if (x == hi[i]) {
        return AT_HI;
      }
      return AT_ZERO;
    }

    private double slope(int i) {
      return state[i] == BUY ? kb[i] : -ks[i];
    }

    private double pieceLow(int i) {
      return state[i] == BUY ? Math.max(lo[i], 0) : lo[i];
    }

    private double pieceHigh(int i) {
      return state[i] == BUY ? hi[i] : Math.min(hi[i], 0);
    }

    Result run(int maxIterations) {
      double releaseTolerance = RELEASE_TOLERANCE * p.gradientScale;
      // A line fixed by a zero-length step may not go back into the piece it left (tabuPiece)
      // before the method moves again; its other piece stays open, since that is where it was heading.
      int tabu = -1;
      int tabuPiece = -1;
      int releasedState = 0;
      boolean refreshed = false;
      int iterations = 0;
      while (true) {
        if (iterations >= maxIterations) {
          return new Result(Status.ITERATION_LIMIT, d.clone(), iterations,
              "active set did not settle within " + maxIterations + " iterations");
        }
        iterations++;
        int bad = factor();
        boolean zeroCurvature = false;
        if (bad >= 0) {
          int j = free[bad];
          if (failedPivot < -NEGATIVE_PIVOT * (h[j * n + j] + rho)) {
            return new Result(Status.NOT_CONVEX, d.clone(), iterations,
                "the covariance is not positive semi-definite (negative curvature along "
                    + p.source.assets().get(j) + ")");
          }
          if (bad != m - 1) {
            return new Result(Status.NUMERICAL_BREAKDOWN, d.clone(), iterations,
                "the free block lost positive definiteness away from the newest line");
          }
          zeroCurvatureDirection(j);
          double slopeAlong = 0;
          for (int k = 0; k < m; k++) {
            slopeAlong += (grad[free[k]] + slope(free[k])) * step[k];
          }
          if (!(slopeAlong < 0)) {
            // Rounding made the released line's violation vanish: put it back and move on.
            m--;
            tabuPiece = state[j];
            state[j] = releasedState;
            tabu = j;
            continue;
          }
          zeroCurvature = true;
        } else {
          newtonStep();
        }
        double maxStep = 0;
        for (int k = 0; k < m; k++) {
          maxStep = Math.max(maxStep, Math.abs(step[k]));
        }
        double stepTolerance = 1e-15 * Math.max(1, maxStep);
        double alpha = zeroCurvature ? Double.POSITIVE_INFINITY : 1;
        int block = -1;
        for (int k = 0; k < m; k++) {
          int i = free[k];
          double pk = step[k];
          double a;
          if (pk > stepTolerance) {
            a = Math.max(pieceHigh(i) - d[i], 0) / pk;
          } else if (pk < -stepTolerance) {
            a = Math.max(d[i] - pieceLow(i), 0) / -pk;
          } else {
            continue;
          }
          if (a < alpha || (a == alpha && block >= 0 && Math.abs(pk) > Math.abs(step[block]))) {
            alpha = a;
            block = k;
          }
        }
        if (zeroCurvature && block < 0) {
          return new Result(Status.NUMERICAL_BREAKDOWN, d.clone(), iterations,
              "a zero-curvature direction met no breakpoint");
        }
        if (alpha > 0) {
          move(alpha);
        }
        if (block >= 0 && (zeroCurvature || alpha < 1)) {
          int i = free[block];
          double breakpoint = step[block] > 0 ? pieceHigh(i) : pieceLow(i);
          int left = state[i];
          d[i] = breakpoint;
          state[i] = classify(i, breakpoint);
          System.arraycopy(free, block + 1, free, block, m - block - 1);
          m--;
          tabu = alpha * maxStep <= 1e-15 ? i : -1;
          tabuPiece = left;
          refreshed = false;
          continue;
        }
        if (alpha * maxStep > 1e-15) {
          tabu = -1;
        }
        double mu = 0;
        for (int k = 0; k < m; k++) {
          mu -= grad[free[k]] + slope(free[k]);
        }
        mu /= m;
        int best = -1;
        int bestPiece = 0;
        double bestDirection = 0;
        double worst = releaseTolerance;
        for (int i = 0; i < n; i++) {
          int s = state[i];
          if (s == BUY || s == SELL || lo[i] == hi[i]) {
            continue;
          }
          int closed = i == tabu ? tabuPiece : -1;
          double g = grad[i] + mu;
          if (s == AT_ZERO) {
            if (closed != BUY && -(g + kb[i]) > worst) {
              worst = -(g + kb[i]);
              best = i;
              bestPiece = BUY;
              bestDirection = 1;
            }
            if (closed != SELL && g - ks[i] > worst) {
              worst = g - ks[i];
              best = i;
              bestPiece = SELL;
              bestDirection = -1;
            }
          } else if (s == AT_LO) {
            boolean buy = lo[i] >= 0;
            double violation = -(g + (buy ? kb[i] : -ks[i]));
            if ((buy ? BUY : SELL) != closed && violation > worst) {
              worst = violation;
              best = i;
              bestPiece = buy ? BUY : SELL;
              bestDirection = 1;
            }
          } else {
            boolean sell = hi[i] <= 0;
            double violation = g + (sell ? -ks[i] : kb[i]);
            if ((sell ? SELL : BUY) != closed && violation > worst) {
              worst = violation;
              best = i;
              bestPiece = sell ? SELL : BUY;
              bestDirection = -1;
            }
          }
        }
        if (best < 0) {
          if (refreshed) {
            return new Result(Status.CONVERGED, d.clone(), iterations, "");
          }
          // Confirm on a freshly computed gradient, free of accumulated rounding.
          double[] fresh = p.smoothGradient(d);
          System.arraycopy(fresh, 0, grad, 0, n);
          refreshed = true;
          continue;
        }
        refreshed = false;
        releasedState = state[best];
        releaseDirection = bestDirection;
        state[best] = bestPiece;
        free[m++] = best;
      }
    }

    /**
     * Cholesky factor of H_FF + rho 11' into l (row stride n). Returns -1 on success, else the
     * position of the first pivot that is not clearly positive, with its value in failedPivot.
     */
    private int factor() {
      for (int a = 0; a < m; a++) {
        int ia = free[a];
        int rowA = a * n;
        int hRow = ia * n;
        for (int b = 0; b <= a; b++) {
          int rowB = b * n;
          double sum = h[hRow + free[b]] + rho;
          for (int k = 0; k < b; k++) {
            sum -= l[rowA + k] * l[rowB + k];
          }
          if (a == b) {
            if (sum <= SINGULAR_PIVOT * (h[hRow + ia] + rho)) {
              failedPivot = sum;
              return a;
            }
            l[rowA + a] = Math.sqrt(sum);
          } else {
            l[rowA + b] = sum / l[rowB + b];
          }
        }
      }
      return -1;
    }

    /** Solves (L L') x = x in place over the first size entries. */
    private void solveInPlace(double[] x, int size) {
      for (int a = 0; a < size; a++) {
        double sum = x[a];
        int row = a * n;
        for (int k = 0; k < a; k++) {
          sum -= l[row + k] * x[k];
        }
        x[a] = sum / l[row + a];
      }
      for (int a = size - 1; a >= 0; a--) {
        double sum = x[a];
        for (int k = a + 1; k < size; k++) {
          sum -= l[k * n + a] * x[k];
        }
        x[a] = sum / l[a * n + a];
      }
    }

    /** The step to the free block's equality-constrained optimum, budget multiplier in closed form. */
    private void newtonStep() {
      double residual = 0;
      for (int i = 0; i < n; i++) {
        residual -= d[i];
      }
      for (int k = 0; k < m; k++) {
        int i = free[k];
        u[k] = grad[i] + slope(i);
        v[k] = 1;
      }
      solveInPlace(u, m);
      solveInPlace(v, m);
      double sumU = 0;
      double sumV = 0;
      for (int k = 0; k < m; k++) {
        sumU += u[k];
        sumV += v[k];
      }
      double nu = -(residual + sumU) / sumV;
      for (int k = 0; k < m; k++) {
        step[k] = -u[k] - nu * v[k];
      }
    }

    /** Null vector of the singular free block: the newest line moves, the others compensate. */
    private void zeroCurvatureDirection(int j) {
      int size = m - 1;
      for (int k = 0; k < size; k++) {
        u[k] = h[free[k] * n + j] + rho;
      }
      solveInPlace(u, size);
      double sign = releaseDirection;
      for (int k = 0; k < size; k++) {
        step[k] = -sign * u[k];
      }
      step[size] = sign;
    }

    private void move(double alpha) {
      for (int k = 0; k < m; k++) {
        int i = free[k];
        double delta = alpha * step[k];
        if (delta == 0) {
          continue;
        }
        d[i] += delta;
        int row = i * n;
        for (int r = 0; r < n; r++) {
          grad[r] += h[row + r] * delta;
        }
      }
    }
  }
}
