package dev.keel.domain.optimize;

/**
 * The check every answer passes before it leaves the optimiser: primal feasibility and the
 * Karush-Kuhn-Tucker conditions of the rebalancing problem, computed from the trade alone.
 *
 * <p>With the budget multiplier {@code mu}, a trade {@code d} is optimal exactly when for every
 * line {@code 0} lies in {@code g_i + mu + dc_i(d_i) + N_i(d_i)}, where {@code g} is the gradient
 * of the smooth part, {@code dc_i} the subdifferential of the linear cost and {@code N_i} the
 * normal cone of the line's bounds. Each line therefore admits an interval of {@code mu}; the
 * conditions hold when the intervals intersect. The stationarity residual is the gap between
 * them, which also covers complementary slackness and the signs of the bound multipliers. A line
 * within {@link #PRIMAL_TOLERANCE} of a breakpoint counts as on it.
 */
final class KktCertificate {

  /** Budget, bound and long-only violations allowed, fraction of portfolio value. */
  static final double PRIMAL_TOLERANCE = 1e-9;
  /** Stationarity gap allowed, relative to {@link ResolvedProblem#gradientScale}. */
  static final double DUAL_TOLERANCE = 1e-8;

  private KktCertificate() {
  }

  /**
   * The verdict on one answer.
   *
   * @param passed               true when both residuals are within tolerance
   * @param primalResidual       largest budget or bound violation, fraction of portfolio value
   * @param stationarityResidual gap between the lines' admissible budget multipliers, objective
   *                             units per unit of weight
   * @param budgetMultiplier     {@code mu}, the budget constraint's multiplier, objective units per
   *                             unit of weight
   * @param reason               what failed, empty when passed
   */
  record Verdict(boolean passed, double primalResidual, double stationarityResidual,
      double budgetMultiplier, String reason) {
  }

  static Verdict check(ResolvedProblem p, double[] d) {
    int n = p.n;
    double sum = 0;
    double primal = 0;
    String reason = "";
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(d[i])) {
        return new Verdict(false, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN,
            "trade of " + p.source.assets().get(i) + " is not a number");
      }
      sum += d[i];
      double below = p.lo[i] - d[i];
      double above = d[i] - p.hi[i];
      double negative = -(p.w0[i] + d[i]);
      double worst = Math.max(below, Math.max(above, negative));
      if (worst > primal) {
        primal = worst;
        if (worst > PRIMAL_TOLERANCE) {
          reason = p.source.assets().get(i) + " leaves its bounds by " + worst;
        }
      }
    }
    if (Math.abs(sum) > primal) {
      primal = Math.abs(sum);
      if (primal > PRIMAL_TOLERANCE) {
        reason = "weights miss the budget by " + sum;
      }
    }
    double[] g = p.smoothGradient(d);
    double low = Double.NEGATIVE_INFINITY;
    double high = Double.POSITIVE_INFINITY;
    int lowLine = -1;
    int highLine = -1;
    for (int i = 0; i < n; i++) {
      double x = d[i];
      double lo = p.lo[i];
      double hi = p.hi[i];
      boolean atLo = x - lo <= PRIMAL_TOLERANCE;
      boolean atHi = hi - x <= PRIMAL_TOLERANCE;
      if (atLo && atHi) {
        continue;
      }
      boolean atZero = Math.abs(x) <= PRIMAL_TOLERANCE;
      // Slopes of the linear cost just left and right of x: selling costs kappaSell, buying kappaBuy.
      double left = (x > 0 && !atZero) ? p.kappaBuy[i] : -p.kappaSell[i];
      double right = (x < 0 && !atZero) ? -p.kappaSell[i] : p.kappaBuy[i];
      double admitLow = Double.NEGATIVE_INFINITY;
      double admitHigh = Double.POSITIVE_INFINITY;
      if (!atLo) {
        // d may decrease: -(g + mu + left) <= 0 would be a descent, so mu <= -g - left.
        admitHigh = -g[i] - left;
      }
      if (!atHi) {
        admitLow = -g[i] - right;
      }
      if (admitLow > low) {
        low = admitLow;
        lowLine = i;
      }
      if (admitHigh < high) {
        high = admitHigh;
        highLine = i;
      }
    }
    double gap = Math.max(0, low - high);
    double mu;
    if (Double.isInfinite(low) && Double.isInfinite(high)) {
      mu = 0;
    } else if (Double.isInfinite(low)) {
      mu = high;
    } else if (Double.isInfinite(high)) {
      mu = low;
    } else {
      mu = 0.5 * (low + high);
    }
    double dualTolerance = DUAL_TOLERANCE * p.gradientScale;
    boolean primalOk = primal <= PRIMAL_TOLERANCE;
    boolean dualOk = gap <= dualTolerance;
    if (primalOk && !dualOk) {
      reason = "stationarity fails by " + gap + ": " + p.source.assets().get(lowLine) + " wants to buy and "
          + p.source.assets().get(highLine) + " to sell at the margin";
    }
    return new Verdict(primalOk && dualOk, primal, gap, mu, reason);
  }
}
