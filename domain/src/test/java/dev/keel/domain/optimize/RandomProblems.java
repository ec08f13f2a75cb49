package dev.keel.domain.optimize;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.R064Store;

/**
 * Seeded random rebalancing problems shaped like Keel's: a cash line at index 0, crypto-like
 * volatilities from a factor model, bands as the risk profiles set them, costs in basis points.
 * The degenerate mix adds singular covariances, vanishing impact, zero-width bands, duplicated
 * assets, zero risk aversion and no cash line.
 */
public final class RandomProblems {

  private RandomProblems() {
  }

  /** A problem with n lines (cash included) whose current weights breach at least one band. */
  public static RebalanceProblem breached(SplittableRandom rng, int n, boolean degenerate) {
    while (true) {
      RebalanceProblem p = any(rng, n, degenerate);
      if (!p.insideAllBands()) {
        return p;
      }
    }
  }

  /** Any problem with n lines, breached or not. */
  public static RebalanceProblem any(SplittableRandom rng, int n, boolean degenerate) {
    boolean withCash = !degenerate || rng.nextInt(8) != 0;
    int cash = withCash ? 0 : -1;
    List<String> assets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      assets.add(i == cash ? "USDT" : "A" + i);
    }
    double[] target = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      boolean dropped = degenerate && rng.nextInt(10) == 0;
      target[i] = dropped ? 0 : -Math.log(1 - rng.nextDouble());
      if (i == cash) {
        target[i] *= 0.3;
      }
      sum += target[i];
    }
    if (sum == 0) {
      target[0] = 1;
      sum = 1;
    }
    for (int i = 0; i < n; i++) {
      target[i] /= sum;
    }
    normalise(target);
    double absolute = new double[] {0.03, 0.05, 0.08}[rng.nextInt(3)];
    double relative = new double[] {0.20, 0.25, 0.35}[rng.nextInt(3)];
    double multiplier = new double[] {0.75, 1.0, 1.5, 2.0}[rng.nextInt(4)];
    double[] band = new double[n];
    for (int i = 0; i < n; i++) {
      band[i] = multiplier * Math.max(Math.min(absolute, relative * target[i]), 0.005);
      if (degenerate && rng.nextInt(12) == 0) {
        band[i] = 0;
      }
    }
    double[] current = new double[n];
    double drift = 0.02 + 0.3 * rng.nextDouble();
    for (int i = 0; i < n; i++) {
      current[i] = Math.max(0, target[i] * Math.exp(drift * gaussian(rng)) + (rng.nextInt(6) == 0 ? 0.02 * rng.nextDouble() : 0));
      if (degenerate && rng.nextInt(15) == 0) {
        current[i] = 0;
      }
    }
    double total = 0;
    for (double c : current) {
      total += c;
    }
    if (total == 0) {
      current[n - 1] = 1;
      total = 1;
    }
    for (int i = 0; i < n; i++) {
      current[i] /= total;
    }
    normalise(current);
    double[][] sigma = covariance(rng, n, cash, degenerate);
    double lambda = new double[] {0.5, 1, 2, 4, 10}[rng.nextInt(5)];
    if (degenerate && rng.nextInt(10) == 0) {
      lambda = 0;
    }
    double[] kb = new double[n];
    double[] ks = new double[n];
    double[] eta = new double[n];
    boolean noImpact = degenerate && rng.nextInt(4) == 0;
    for (int i = 0; i < n; i++) {
      if (i == cash) {
        continue;
      }
      kb[i] = 0.0005 + 0.01 * rng.nextDouble();
      ks[i] = kb[i] * (0.8 + 0.4 * rng.nextDouble());
      eta[i] = noImpact ? 0 : 0.001 + 0.2 * rng.nextDouble() * rng.nextDouble();
      if (degenerate && rng.nextInt(10) == 0) {
        kb[i] = 0;
        ks[i] = 0;
      }
    }
    return RebalanceProblem.of(assets, cash, current, target, band, sigma, lambda, kb, ks, eta);
  }

  /** What makes a problem degenerate for a solver: the cases the fast route must survive. */
  public enum Feature {
    /** The covariance has a zero eigenvalue (factor model without idiosyncratic risk, duplicated assets). */
    SINGULAR_COVARIANCE,
    /** No line has impact: the only curvature is the covariance's. */
    NO_IMPACT,
    /** Some line's band has zero width: its weight is pinned to its target. */
    ZERO_WIDTH_BAND,
    /** No cash line. */
    NO_CASH_LINE,
    /** Risk aversion zero: the objective is cost alone. */
    ZERO_RISK_AVERSION,
    /** Some non-cash line trades at no linear cost. */
    ZERO_COST_LINE,
    /** Some line's target is zero. */
    ZERO_TARGET
  }

  /**
   * The degenerate features a problem actually has, read from the problem itself (not from the
   * flag it was drawn with). The covariance counts as singular when its smallest eigenvalue is at
   * most 1e-12 times its largest diagonal entry.
   */
  public static Set<Feature> features(RebalanceProblem p) {
    Set<Feature> out = EnumSet.noneOf(Feature.class);
    int n = p.size();
    double[][] sigma = p.covariance();
    R064Store store = R064Store.FACTORY.make(n, n);
    double maxDiag = 0;
    for (int i = 0; i < n; i++) {
      maxDiag = Math.max(maxDiag, sigma[i][i]);
      for (int j = 0; j < n; j++) {
        store.set(i, j, sigma[i][j]);
      }
    }
    Eigenvalue<Double> eigen = Eigenvalue.R064.make(store, true);
    eigen.decompose(store);
    double smallest = Double.POSITIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      smallest = Math.min(smallest, eigen.getD().doubleValue(k, k));
    }
    if (smallest <= 1e-12 * maxDiag) {
      out.add(Feature.SINGULAR_COVARIANCE);
    }
    boolean anyImpact = false;
    for (int i = 0; i < n; i++) {
      anyImpact |= p.impactCosts()[i] > 0;
      if (p.bandHalfWidths()[i] == 0) {
        out.add(Feature.ZERO_WIDTH_BAND);
      }
      if (i != p.cashIndex() && p.buyCosts()[i] == 0 && p.sellCosts()[i] == 0) {
        out.add(Feature.ZERO_COST_LINE);
      }
      if (p.targetWeights()[i] == 0) {
        out.add(Feature.ZERO_TARGET);
      }
    }
    if (!anyImpact) {
      out.add(Feature.NO_IMPACT);
    }
    if (p.cashIndex() < 0) {
      out.add(Feature.NO_CASH_LINE);
    }
    if (p.riskAversion() == 0) {
      out.add(Feature.ZERO_RISK_AVERSION);
    }
    return out;
  }

  /** Annualised covariance: a few common factors plus idiosyncratic noise; cash has none. */
  static double[][] covariance(SplittableRandom rng, int n, int cash, boolean degenerate) {
    int factors = 1 + rng.nextInt(Math.min(n, 4));
    boolean singular = degenerate && rng.nextInt(3) == 0;
    double[][] loadings = new double[n][factors];
    double[] idio = new double[n];
    for (int i = 0; i < n; i++) {
      double vol = 0.4 + 0.8 * rng.nextDouble();
      for (int f = 0; f < factors; f++) {
        loadings[i][f] = vol * (f == 0 ? 0.7 + 0.2 * rng.nextDouble() : 0.3 * gaussian(rng));
      }
      idio[i] = singular ? 0 : Math.pow(vol * 0.4 * rng.nextDouble(), 2);
    }
    if (degenerate && n > 2 && rng.nextInt(4) == 0) {
      int a = 1 + rng.nextInt(n - 1);
      int b = 1 + rng.nextInt(n - 1);
      loadings[b] = loadings[a].clone();
      idio[b] = idio[a];
    }
    double[][] sigma = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        if (i == cash || j == cash) {
          continue;
        }
        double s = 0;
        for (int f = 0; f < factors; f++) {
          s += loadings[i][f] * loadings[j][f];
        }
        if (i == j) {
          s += idio[i];
        }
        sigma[i][j] = s;
        sigma[j][i] = s;
      }
    }
    if (cash >= 0 && !singular) {
      sigma[cash][cash] = 1e-6;
    }
    return sigma;
  }

  private static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Puts the last rounding error of a sum of one into the largest entry. */
  private static void normalise(double[] w) {
    double s = 0;
    int largest = 0;
    for (int i = 0; i < w.length; i++) {
      s += w[i];
      if (w[i] > w[largest]) {
        largest = i;
      }
    }
    w[largest] += 1 - s;
  }
}
