package dev.keel.domain.portfolio;

import dev.keel.domain.market.AssetCatalogue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A basket the platform sells: target weights over assets (the cash line included when the
 * basket holds a stablecoin sleeve).
 *
 * @param name    the basket's code, e.g. "BTC_ETH_60_40"
 * @param weights target weight per asset symbol, fractions of portfolio value summing to 1
 */
public record Basket(String name, Map<String, Double> weights) {

  /** How far the weights may sum from 1. */
  public static final double SUM_TOLERANCE = 1e-9;

  public Basket {
    Objects.requireNonNull(name, "name");
    weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    double sum = 0;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      AssetCatalogue.require(e.getKey());
      double w = e.getValue();
      if (!(w > 0 && w <= 1)) {
        throw new IllegalArgumentException("basket " + name + ": weight of " + e.getKey() + " must be in (0, 1], was " + w);
      }
      sum += w;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw new IllegalArgumentException("basket " + name + ": weights must sum to 1, sum was " + sum);
    }
  }
}
