package dev.keel.domain.optimize;

/**
 * A problem in the solvers' working form: bounds on the trade {@code d = w - w0}, the Hessian
 * and the gradient at {@code d = 0}. Arrays are shared, never written after construction.
 */
final class ResolvedProblem {

  final RebalanceProblem source;
  final int n;
  final int cash;
  final double[] w0;
  final double[] target;
  final double[][] sigma;
  final double lambda;
  final double[] kappaBuy;
  final double[] kappaSell;
  final double[] eta;
  /** Lower bound on d_i: max(t - beta, 0) - w0, fraction of portfolio value. */
  final double[] lo;
  /** Upper bound on d_i: min(t + beta, 1) - w0, fraction of portfolio value. */
  final double[] hi;
  /** True where the lower bound comes from long-only (w >= 0) rather than the band. */
  final boolean[] loIsLongOnly;
  /** True where a line was pinned at its current weight because its trade is untradeable. */
  final boolean[] pinned;
  /** H = 2 lambda Sigma + 2 diag(eta), row-major n x n. */
  final double[] hessian;
  /** Gradient of the smooth part at d = 0: 2 lambda Sigma (w0 - t). */
  final double[] gradientAtZero;
  /** max diag(H), or 1 when H vanishes: the scale of curvature. */
  final double curvatureScale;
  /** A scale for gradients: 1 + max |gradient at zero| + max kappa + max diag(H). */
  final double gradientScale;

  ResolvedProblem(RebalanceProblem source, double[] w0, double[] target, double[] beta,
      double[][] sigma, double lambda, double[] kappaBuy, double[] kappaSell, double[] eta, int cash) {
    this.source = source;
    this.n = w0.length;
    this.cash = cash;
    this.w0 = w0;
    this.target = target;
    this.sigma = sigma;
    this.lambda = lambda;
    this.kappaBuy = kappaBuy;
    this.kappaSell = kappaSell;
    this.eta = eta;
    this.lo = new double[n];
    this.hi = new double[n];
    this.loIsLongOnly = new boolean[n];
    this.pinned = new boolean[n];
    for (int i = 0; i < n; i++) {
      double lower = target[i] - beta[i];
      loIsLongOnly[i] = lower <= 0;
      lo[i] = Math.max(lower, 0) - w0[i];
      hi[i] = Math.min(target[i] + beta[i], 1) - w0[i];
    }
    this.hessian = new double[n * n];
    this.gradientAtZero = new double[n];
    double maxDiag = 0;
    double maxGrad = 0;
    double maxKappa = 0;
    for (int i = 0; i < n; i++) {
      double g = 0;
      double[] row = sigma[i];
      for (int j = 0; j < n; j++) {
        hessian[i * n + j] = 2 * lambda * row[j];
        g += row[j] * (w0[j] - target[j]);
      }
      hessian[i * n + i] += 2 * eta[i];
      gradientAtZero[i] = 2 * lambda * g;
      maxDiag = Math.max(maxDiag, hessian[i * n + i]);
      maxGrad = Math.max(maxGrad, Math.abs(gradientAtZero[i]));
      maxKappa = Math.max(maxKappa, Math.max(kappaBuy[i], kappaSell[i]));
    }
    this.curvatureScale = maxDiag > 0 ? maxDiag : 1;
    this.gradientScale = 1 + maxGrad + maxKappa + maxDiag;
  }

  private ResolvedProblem(ResolvedProblem base, double[] lo, double[] hi, boolean[] pinned) {
    this.source = base.source;
    this.n = base.n;
    this.cash = base.cash;
    this.w0 = base.w0;
    this.target = base.target;
    this.sigma = base.sigma;
    this.lambda = base.lambda;
    this.kappaBuy = base.kappaBuy;
    this.kappaSell = base.kappaSell;
    this.eta = base.eta;
    this.lo = lo;
    this.hi = hi;
    this.loIsLongOnly = base.loIsLongOnly;
    this.pinned = pinned;
    this.hessian = base.hessian;
    this.gradientAtZero = base.gradientAtZero;
    this.curvatureScale = base.curvatureScale;
    this.gradientScale = base.gradientScale;
  }

  /** The same problem with the cash line's weight held at or above {@code floor}. */
  ResolvedProblem withCashFloor(double floor) {
    double[] newLo = lo.clone();
    newLo[cash] = Math.max(lo[cash], floor - w0[cash]);
    return new ResolvedProblem(this, newLo, hi, pinned);
  }

  /** The same problem with line {@code i} held at its current weight: no trade. */
  ResolvedProblem withPinned(int i) {
    double[] newLo = lo.clone();
    double[] newHi = hi.clone();
    boolean[] newPinned = pinned.clone();
    newLo[i] = 0;
    newHi[i] = 0;
    newPinned[i] = true;
    return new ResolvedProblem(this, newLo, newHi, newPinned);
  }

  /** Why the bounds admit no trade at all, or null when some trade satisfies them. */
  String infeasibility() {
    double sumLo = 0;
    double sumHi = 0;
    for (int i = 0; i < n; i++) {
      if (lo[i] > hi[i]) {
        return "no weight of " + source.assets().get(i) + " satisfies both its band and [0, 1]";
      }
      sumLo += lo[i];
      sumHi += hi[i];
    }
    if (sumLo > 1e-12) {
      return "the lower band edges sum to more than the whole portfolio (by " + sumLo + ")";
    }
    if (sumHi < -1e-12) {
      return "the upper band edges sum to less than the whole portfolio (by " + (-sumHi) + ")";
    }
    return null;
  }

  /**
   * Why the covariance is not positive semi-definite, or null when it is (to a relative
   * tolerance of 1e-10): a Cholesky factorisation with diagonal pivoting (the largest remaining
   * variance first) that stops once every remaining variance is below the tolerance, and then
   * requires what remains to be zero within it. Pivoting matters on singular covariances: taken in
   * order, a tiny positive pivot (a line almost spanned by the lines before it) divides the
   * rounding error of every later line by itself and can fake negative curvature of 1e-10 and more.
   */
  String negativeCurvature() {
    double scale = 0;
    for (int i = 0; i < n; i++) {
      scale = Math.max(scale, sigma[i][i]);
    }
    if (scale == 0) {
      return null;
    }
    double tolerance = 1e-10 * scale;
    // The Schur complement of the lines factored so far, updated in place, kept symmetric.
    double[][] s = new double[n][];
    for (int i = 0; i < n; i++) {
      s[i] = sigma[i].clone();
    }
    boolean[] done = new boolean[n];
    for (int step = 0; step < n; step++) {
      int j = -1;
      for (int i = 0; i < n; i++) {
        if (!done[i] && (j < 0 || s[i][i] > s[j][j])) {
          j = i;
        }
      }
      double pivot = s[j][j];
      if (pivot <= tolerance) {
        // Every remaining variance is zero within the tolerance: so must be every remaining covariance.
        for (int a = 0; a < n; a++) {
          if (done[a]) {
            continue;
          }
          if (s[a][a] < -tolerance) {
            return "the covariance is not positive semi-definite (pivot " + s[a][a] + " at " + source.assets().get(a) + ")";
          }
          for (int b = 0; b < a; b++) {
            if (!done[b] && Math.abs(s[a][b]) > Math.sqrt(tolerance) * Math.sqrt(scale)) {
              return "the covariance is not positive semi-definite (a zero-variance direction at "
                  + source.assets().get(b) + " still covaries with " + source.assets().get(a) + ")";
            }
          }
        }
        return null;
      }
      done[j] = true;
      for (int a = 0; a < n; a++) {
        if (done[a]) {
          continue;
        }
        double la = s[a][j] / pivot;
        for (int b = 0; b <= a; b++) {
          if (!done[b]) {
            s[a][b] -= la * s[b][j];
            s[b][a] = s[a][b];
          }
        }
      }
    }
    return null;
  }

  /** Gradient of the smooth part (tracking error and impact) at d, freshly computed. */
  double[] smoothGradient(double[] d) {
    double[] g = gradientAtZero.clone();
    for (int i = 0; i < n; i++) {
      double s = 0;
      int row = i * n;
      for (int j = 0; j < n; j++) {
        s += hessian[row + j] * d[j];
      }
      g[i] += s;
    }
    return g;
  }

  /** Tracking-error variance (w - t)' Sigma (w - t) after trade d, fraction squared. */
  double trackingVariance(double[] d) {
    double v = 0;
    for (int i = 0; i < n; i++) {
      double ei = w0[i] + d[i] - target[i];
      if (ei == 0) {
        continue;
      }
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += sigma[i][j] * (w0[j] + d[j] - target[j]);
      }
      v += ei * s;
    }
    return Math.max(v, 0);
  }

  /** Trading cost of d: linear plus impact, fraction of portfolio value. */
  double tradingCost(double[] d) {
    double c = 0;
    for (int i = 0; i < n; i++) {
      c += lineCost(i, d[i]);
    }
    return c;
  }

  /** Cost of trading d_i on line i, fraction of portfolio value. */
  double lineCost(int i, double di) {
    return RebalanceProblem.lineCost(kappaBuy[i], kappaSell[i], eta[i], di);
  }

  /** The objective: lambda times tracking-error variance plus trading cost. */
  double objective(double[] d) {
    return lambda * trackingVariance(d) + tradingCost(d);
  }
}
