package dev.keel.domain.optimize;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One portfolio's rebalancing problem, in weights: where it is, where it should be, how far it
 * may stray, how its assets move together and what trading them costs.
 *
 * <p>Index {@code i} runs over the portfolio's lines, cash included, in the order of
 * {@link #assets()}. Every weight is a fraction of portfolio value at mid prices, long positive.
 * The trade is {@code d = w - w0}: positive buys, negative sells, as fractions of portfolio value.
 * Arrays are copied in and out, so a problem never changes once built.
 *
 * @param assets         the lines' symbols, unique, cash line included
 * @param cashIndex      index of the cash (stablecoin) line that pays for trades and costs, or
 *                       {@code -1} when the portfolio has none
 * @param currentWeights {@code w0}: today's weights, fraction of portfolio value, each in [0, 1],
 *                       summing to 1 within 1e-9
 * @param targetWeights  {@code t}: target weights, fraction of portfolio value, each in [0, 1],
 *                       summing to 1 within 1e-9
 * @param bandHalfWidths {@code beta}: tolerance band half-width around each target after any
 *                       regime multiplier, fraction of portfolio value, {@code >= 0}; zero pins the
 *                       weight to its target
 * @param covariance     {@code Sigma}: covariance of the lines' simple returns over the horizon
 *                       that {@code riskAversion} is stated for, fraction squared; symmetric and
 *                       positive semi-definite (see {@link CovarianceEstimator})
 * @param riskAversion   {@code lambda}: weight of the tracking-error variance against cost,
 *                       dimensionless, {@code >= 0}
 * @param buyCosts       {@code kappa_buy}: half spread plus fee for buying, fraction of traded
 *                       notional, {@code >= 0}; zero for the cash line
 * @param sellCosts      {@code kappa_sell}: half spread plus fee for selling, fraction of traded
 *                       notional, {@code >= 0}; zero for the cash line
 * @param impactCosts    {@code eta}: quadratic market-impact coefficient, so that trading
 *                       {@code d} costs {@code eta * d^2} as a fraction of portfolio value;
 *                       {@code >= 0}, zero allowed
 * @param exchange       venue limits and prices for turning weights into order quantities, or
 *                       {@code null} when the caller only wants weights
 */
public record RebalanceProblem(
    List<String> assets,
    int cashIndex,
    double[] currentWeights,
    double[] targetWeights,
    double[] bandHalfWidths,
    double[][] covariance,
    double riskAversion,
    double[] buyCosts,
    double[] sellCosts,
    double[] impactCosts,
    ExchangeConstraints exchange) {

  /** How far the weights may miss a sum of one. */
  public static final double WEIGHT_SUM_TOLERANCE = 1e-9;

  public RebalanceProblem {
    Objects.requireNonNull(assets, "assets");
    assets = List.copyOf(assets);
    int n = assets.size();
    if (n < 1) {
      throw new IllegalArgumentException("a problem needs at least one asset");
    }
    if (assets.stream().distinct().count() != n) {
      throw new IllegalArgumentException("asset symbols must be unique, were " + assets);
    }
    if (cashIndex < -1 || cashIndex >= n) {
      throw new IllegalArgumentException("cashIndex must be -1 or in [0, " + n + "), was " + cashIndex);
    }
    currentWeights = weights("currentWeights", currentWeights, n);
    targetWeights = weights("targetWeights", targetWeights, n);
    bandHalfWidths = nonNegative("bandHalfWidths", bandHalfWidths, n);
    buyCosts = nonNegative("buyCosts", buyCosts, n);
    sellCosts = nonNegative("sellCosts", sellCosts, n);
    impactCosts = nonNegative("impactCosts", impactCosts, n);
    covariance = covariance(covariance, n);
    if (!(riskAversion >= 0 && Double.isFinite(riskAversion))) {
      throw new IllegalArgumentException("riskAversion must be finite and >= 0, was " + riskAversion);
    }
    if (exchange != null && exchange.limits().size() != n) {
      throw new IllegalArgumentException("exchange limits must have one entry per asset (" + n + "), had "
          + exchange.limits().size());
    }
  }

  /** A problem without venue limits: the answer is in weights only. */
  public static RebalanceProblem of(List<String> assets, int cashIndex, double[] currentWeights,
      double[] targetWeights, double[] bandHalfWidths, double[][] covariance, double riskAversion,
      double[] buyCosts, double[] sellCosts, double[] impactCosts) {
    return new RebalanceProblem(assets, cashIndex, currentWeights, targetWeights, bandHalfWidths,
        covariance, riskAversion, buyCosts, sellCosts, impactCosts, null);
  }

  /** The same problem with venue limits, so the answer carries order quantities. */
  public RebalanceProblem withExchange(ExchangeConstraints constraints) {
    return new RebalanceProblem(assets, cashIndex, currentWeights, targetWeights, bandHalfWidths,
        covariance, riskAversion, buyCosts, sellCosts, impactCosts, constraints);
  }

  /** The same problem with every cost coefficient (kappa and eta) multiplied by {@code factor}. */
  public RebalanceProblem withCostsScaledBy(double factor) {
    return new RebalanceProblem(assets, cashIndex, currentWeights, targetWeights, bandHalfWidths,
        covariance, riskAversion, scale(buyCosts, factor), scale(sellCosts, factor),
        scale(impactCosts, factor), exchange);
  }

  /** The same problem with a different risk aversion. */
  public RebalanceProblem withRiskAversion(double lambda) {
    return new RebalanceProblem(assets, cashIndex, currentWeights, targetWeights, bandHalfWidths,
        covariance, lambda, buyCosts, sellCosts, impactCosts, exchange);
  }

  /** Number of lines, cash included. */
  public int size() {
    return assets.size();
  }

  /** Venue limits, when the problem has them. */
  public Optional<ExchangeConstraints> exchangeConstraints() {
    return Optional.ofNullable(exchange);
  }

  /**
   * What trading every line exactly back to its target would cost under this problem's cost model (linear plus
   * impact, at today's weights), fraction of portfolio value: the cost-blind yardstick an investor is shown beside the
   * proposal's own cost.
   */
  public double costToTarget() {
    double c = 0;
    for (int i = 0; i < currentWeights.length; i++) {
      c += lineCost(buyCosts[i], sellCosts[i], impactCosts[i], targetWeights[i] - currentWeights[i]);
    }
    return c;
  }

  /**
   * The cost of changing one line's weight by {@code d} (positive buys), fraction of portfolio value: the linear half
   * spread and fee on the side traded, plus impact {@code eta * d^2}.
   */
  static double lineCost(double kappaBuy, double kappaSell, double eta, double d) {
    double linear = d > 0 ? kappaBuy * d : -kappaSell * d;
    return linear + eta * d * d;
  }

  /** True when every current weight lies inside its band, edges included: no trade, no solve. */
  public boolean insideAllBands() {
    for (int i = 0; i < currentWeights.length; i++) {
      if (currentWeights[i] < targetWeights[i] - bandHalfWidths[i]
          || currentWeights[i] > targetWeights[i] + bandHalfWidths[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public double[] currentWeights() {
    return currentWeights.clone();
  }

  @Override
  public double[] targetWeights() {
    return targetWeights.clone();
  }

  @Override
  public double[] bandHalfWidths() {
    return bandHalfWidths.clone();
  }

  @Override
  public double[][] covariance() {
    double[][] copy = new double[covariance.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = covariance[i].clone();
    }
    return copy;
  }

  @Override
  public double[] buyCosts() {
    return buyCosts.clone();
  }

  @Override
  public double[] sellCosts() {
    return sellCosts.clone();
  }

  @Override
  public double[] impactCosts() {
    return impactCosts.clone();
  }

  /** The solver's working form, read straight from this record's own arrays. */
  ResolvedProblem resolve() {
    return new ResolvedProblem(this, currentWeights, targetWeights, bandHalfWidths, covariance,
        riskAversion, buyCosts, sellCosts, impactCosts, cashIndex);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof RebalanceProblem p)) {
      return false;
    }
    return assets.equals(p.assets) && cashIndex == p.cashIndex
        && java.util.Arrays.equals(currentWeights, p.currentWeights)
        && java.util.Arrays.equals(targetWeights, p.targetWeights)
        && java.util.Arrays.equals(bandHalfWidths, p.bandHalfWidths)
        && java.util.Arrays.deepEquals(covariance, p.covariance)
        && Double.compare(riskAversion, p.riskAversion) == 0
        && java.util.Arrays.equals(buyCosts, p.buyCosts)
        && java.util.Arrays.equals(sellCosts, p.sellCosts)
        && java.util.Arrays.equals(impactCosts, p.impactCosts)
        && Objects.equals(exchange, p.exchange);
  }

  @Override
  public int hashCode() {
    return Objects.hash(assets, cashIndex, java.util.Arrays.hashCode(currentWeights),
        java.util.Arrays.hashCode(targetWeights), riskAversion);
  }

  @Override
  public String toString() {
    return "RebalanceProblem" + assets + " w0=" + java.util.Arrays.toString(currentWeights)
        + " t=" + java.util.Arrays.toString(targetWeights)
        + " beta=" + java.util.Arrays.toString(bandHalfWidths)
        + " Sigma=" + java.util.Arrays.deepToString(covariance) + " lambda=" + riskAversion
        + " kappaBuy=" + java.util.Arrays.toString(buyCosts)
        + " kappaSell=" + java.util.Arrays.toString(sellCosts)
        + " eta=" + java.util.Arrays.toString(impactCosts);
  }

  private static double[] weights(String name, double[] values, int n) {
    double[] copy = nonNegative(name, values, n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (copy[i] > 1) {
        throw new IllegalArgumentException(name + "[" + i + "] must be in [0, 1], was " + copy[i]);
      }
      sum += copy[i];
    }
    if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
      throw new IllegalArgumentException(name + " must sum to 1, summed to " + sum);
    }
    return copy;
  }

  private static double[] nonNegative(String name, double[] values, int n) {
    Objects.requireNonNull(values, name);
    if (values.length != n) {
      throw new IllegalArgumentException(name + " must have " + n + " entries, had " + values.length);
    }
    double[] copy = values.clone();
    for (int i = 0; i < n; i++) {
      if (!(copy[i] >= 0 && Double.isFinite(copy[i]))) {
        throw new IllegalArgumentException(name + "[" + i + "] must be finite and >= 0, was " + copy[i]);
      }
    }
    return copy;
  }

  private static double[][] covariance(double[][] sigma, int n) {
    Objects.requireNonNull(sigma, "covariance");
    if (sigma.length != n) {
      throw new IllegalArgumentException("covariance must be " + n + " x " + n + ", had " + sigma.length + " rows");
    }
    double[][] copy = new double[n][];
    for (int i = 0; i < n; i++) {
      if (sigma[i] == null || sigma[i].length != n) {
        throw new IllegalArgumentException("covariance row " + i + " must have " + n + " entries");
      }
      copy[i] = sigma[i].clone();
    }
    for (int i = 0; i < n; i++) {
      if (!(copy[i][i] >= 0 && Double.isFinite(copy[i][i]))) {
        throw new IllegalArgumentException("covariance[" + i + "][" + i + "] must be finite and >= 0, was " + copy[i][i]);
      }
      for (int j = 0; j < i; j++) {
        double a = copy[i][j];
        double b = copy[j][i];
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
          throw new IllegalArgumentException("covariance[" + i + "][" + j + "] must be finite");
        }
        if (Math.abs(a - b) > 1e-12 * (1 + Math.abs(a) + Math.abs(b))) {
          throw new IllegalArgumentException("covariance must be symmetric: [" + i + "][" + j + "]=" + a
              + " but [" + j + "][" + i + "]=" + b);
        }
        double mean = 0.5 * (a + b);
        copy[i][j] = mean;
        copy[j][i] = mean;
      }
    }
    return copy;
  }

  private static double[] scale(double[] values, double factor) {
    if (!(factor >= 0 && Double.isFinite(factor))) {
      throw new IllegalArgumentException("cost factor must be finite and >= 0, was " + factor);
    }
    double[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= factor;
    }
    return out;
  }
}
