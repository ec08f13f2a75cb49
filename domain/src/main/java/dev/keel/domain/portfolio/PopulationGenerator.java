package dev.keel.domain.portfolio;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates a realistic population of accounts and portfolios, deterministically for a seed.
 *
 * <p>Each account draws from its own random stream derived from the seed and its index, so a
 * population can be generated in any order or in parallel and is still the same population.
 * Holdings start from the basket's targets at reference prices and are then drifted by a
 * log-normal factor per asset, as if prices had moved since the last rebalance.
 */
public final class PopulationGenerator {

  /** Decimal places kept for generated quantities. */
  public static final int QUANTITY_SCALE = 10;

  private static final double[] PORTFOLIOS_PER_ACCOUNT = {0.72, 0.93, 1.0};
  private static final double[] BASKET_SHARE = {0.35, 0.65, 0.90, 1.0};
  private static final double[] PROFILE_SHARE = {0.30, 0.80, 1.0};

  private final PopulationSpec spec;
  private final Map<String, BigDecimal> prices;
  private final Map<String, Double> doublePrices = new java.util.HashMap<>();

  /**
   * @param spec   the population's shape
   * @param prices price per asset symbol, USDT per unit, for every asset of every basket
   */
  public PopulationGenerator(PopulationSpec spec, Map<String, BigDecimal> prices) {
    this.spec = spec;
    this.prices = Map.copyOf(prices);
    for (Basket b : BasketCatalogue.all()) {
      for (String asset : b.weights().keySet()) {
        BigDecimal p = this.prices.get(asset);
        if (p == null || p.signum() <= 0) {
          throw new IllegalArgumentException("population needs a positive price for " + asset + ", had " + p);
        }
        doublePrices.put(asset, p.doubleValue());
      }
    }
  }

  public PopulationSpec spec() {
    return spec;
  }

  /** The account at {@code index} (0-based) of this population. */
  public GeneratedAccount account(int index) {
    if (index < 0 || index >= spec.accounts()) {
      throw new IndexOutOfBoundsException("account index " + index + " outside 0.." + (spec.accounts() - 1));
    }
    SplittableRandom rng = new SplittableRandom(mix(spec.seed(), index));
    Tier tier = rng.nextDouble() < spec.premiumShare() ? Tier.PREMIUM : Tier.STANDARD;
    int count = 1 + pick(rng.nextDouble(), PORTFOLIOS_PER_ACCOUNT);
    List<GeneratedAccount.Portfolio> portfolios = new ArrayList<>(count);
    for (int p = 0; p < count; p++) {
      Basket basket = BasketCatalogue.all().get(pick(rng.nextDouble(), BASKET_SHARE));
      RiskProfile profile = RiskProfile.values()[pick(rng.nextDouble(), PROFILE_SHARE)];
      double value = Math.exp(Math.log(spec.medianValue()) + spec.valueSigma() * rng.nextGaussian());
      value = Math.min(spec.maxValue(), Math.max(spec.minValue(), value));
      portfolios.add(portfolio(rng, basket, profile, value));
    }
    return new GeneratedAccount(index, tier, portfolios);
  }

  private GeneratedAccount.Portfolio portfolio(SplittableRandom rng, Basket basket, RiskProfile profile, double value) {
    Map<String, Double> drifted = new LinkedHashMap<>();
    double sum = 0;
    for (Map.Entry<String, Double> e : basket.weights().entrySet()) {
      double factor = Math.exp(spec.driftSigma() * rng.nextGaussian());
      double w = e.getValue() * factor;
      drifted.put(e.getKey(), w);
      sum += w;
    }
    Map<String, BigDecimal> holdings = new LinkedHashMap<>();
    BigDecimal total = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
    double v = total.doubleValue();
    for (Map.Entry<String, Double> e : drifted.entrySet()) {
      // quantities are generated data: a double's 15 digits are plenty before rounding down to the quantity scale
      double qty = v * (e.getValue() / sum) / priceOf(e.getKey());
      holdings.put(e.getKey(), BigDecimal.valueOf(qty).setScale(QUANTITY_SCALE, RoundingMode.DOWN));
    }
    return new GeneratedAccount.Portfolio(basket, profile, total, holdings);
  }

  private double priceOf(String asset) {
    return doublePrices.get(asset);
  }

  private static int pick(double u, double[] cumulative) {
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }

  /** SplitMix64 finaliser over seed and index: independent, well-spread streams per account. */
  static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
