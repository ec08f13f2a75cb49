package dev.keel.domain.regime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The value index of a target-weighted portfolio (a basket), so a portfolio can be given a regime by the same
 * {@link RegimeClassifier} as an asset.
 *
 * <p>Constant mix: the index is rebalanced to the target weights at every bar, which is what Keel keeps a
 * portfolio close to, so its weights do not drift with the prices of a buy-and-hold index. From one bar to the
 * next the index grows by the weighted average of the assets' price relatives:
 *
 * <pre>
 *   I_0 = 100,   I_k = I_(k-1) * (w_cash + sum_i w_i * P_i(t_k) / P_i(t_(k-1)))
 * </pre>
 *
 * Its log return is, to first order, {@code sum_i w_i r_i}, so its variance is {@code w' Sigma w}, the
 * portfolio volatility of {@link PortfolioVolatility#of}. The index has a point only at the times every priced
 * asset has a close (a bar missing for one asset is missing for the index, and the next return spans the gap as
 * {@link PriceSeries} allows). Cash lines keep a constant price. Stateless.
 */
public final class ValueIndex {

  /** The index's value at its first time. */
  public static final double BASE = 100.0;

  private ValueIndex() {}

  /**
   * @param subject     the index's name, e.g. the basket's code
   * @param barInterval the interval of the closes
   * @param weights     target weight per asset, fractions summing to 1 (within 1e-9), each positive
   * @param cash        the assets of {@code weights} that are cash lines (constant price); may name assets not weighted
   * @param closes      closes per priced asset, each in strictly increasing time order; every weighted asset that is
   *                    not cash must have an entry (an empty list gives an empty index)
   * @return the index at the times all priced assets have a close, oldest first; empty when there is no priced asset
   *     or no such time
   */
  public static PriceSeries targetWeighted(String subject, Duration barInterval, Map<String, Double> weights,
      Set<String> cash, Map<String, List<ClosingPrice>> closes) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(cash, "cash");
    Objects.requireNonNull(closes, "closes");
    double sum = 0;
    double cashWeight = 0;
    Map<String, Double> priced = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      double w = e.getValue();
      if (!(w > 0 && w <= 1)) {
        throw new IllegalArgumentException(subject + ": weight of " + e.getKey() + " must be in (0, 1], was " + w);
      }
      sum += w;
      if (cash.contains(e.getKey())) {
        cashWeight += w;
      } else if (!closes.containsKey(e.getKey())) {
        throw new IllegalArgumentException(subject + ": no closes given for " + e.getKey());
      } else {
        priced.put(e.getKey(), w);
      }
    }
    if (Math.abs(sum - 1) > 1e-9) {
      throw new IllegalArgumentException(subject + ": weights must sum to 1, sum was " + sum);
    }
    List<ClosingPrice> index = new ArrayList<>();
    if (priced.isEmpty()) {
      return new PriceSeries(subject, barInterval, index);
    }
    List<String> assets = new ArrayList<>(priced.keySet());
    double[] w = new double[assets.size()];
    List<Map<Instant, Double>> byTime = new ArrayList<>();
    TreeSet<Instant> common = null;
    for (int i = 0; i < assets.size(); i++) {
      w[i] = priced.get(assets.get(i));
      Map<Instant, Double> m = new HashMap<>();
      for (ClosingPrice c : closes.get(assets.get(i))) {
        m.put(c.time(), c.price());
      }
      byTime.add(m);
      if (common == null) {
        common = new TreeSet<>(m.keySet());
      } else {
        common.retainAll(m.keySet());
      }
    }
    double value = BASE;
    double[] previous = null;
    for (Instant t : common) {
      double[] now = new double[assets.size()];
      for (int i = 0; i < assets.size(); i++) {
        now[i] = byTime.get(i).get(t);
      }
      if (previous != null) {
        double growth = cashWeight;
        for (int i = 0; i < assets.size(); i++) {
          growth += w[i] * now[i] / previous[i];
        }
        value *= growth;
      }
      index.add(new ClosingPrice(t, value));
      previous = now;
    }
    return new PriceSeries(subject, barInterval, index);
  }
}
