package dev.keel.domain.portfolio;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the drift scan needs to know about the market in one cycle, computed once and shared
 * by every portfolio: quotes, regime band multipliers and the covariance of the assets' returns.
 *
 * @param cycle            the cycle, its scheduled time
 * @param cash             the cash line's symbol
 * @param quotes           quote per asset symbol
 * @param regimes          regime and band multiplier per asset symbol; an asset without one has multiplier 1
 * @param covarianceIndex  row of each asset in {@code covariance}
 * @param covariance       covariance of simple returns over the tracking horizon, fraction squared, symmetric PSD
 * @param maxBandHalfWidth ceiling on a band after its multiplier, fraction of portfolio value
 * @param proposalTtl      how long a proposal waits for a decision before it expires
 */
public record CycleMarket(Instant cycle, String cash, Map<String, AssetQuote> quotes, Map<String, RegimeBand> regimes,
                          Map<String, Integer> covarianceIndex, double[][] covariance, double maxBandHalfWidth,
                          Duration proposalTtl) {

  public CycleMarket {
    Objects.requireNonNull(cycle, "cycle");
    Objects.requireNonNull(cash, "cash");
    quotes = Map.copyOf(quotes);
    regimes = Map.copyOf(regimes);
    covarianceIndex = Map.copyOf(covarianceIndex);
    if (covariance.length != covarianceIndex.size()) {
      throw new IllegalArgumentException("covariance has " + covariance.length + " rows for " + covarianceIndex.size() + " assets");
    }
    if (!(maxBandHalfWidth > 0 && maxBandHalfWidth <= 1)) {
      throw new IllegalArgumentException("maxBandHalfWidth must be in (0, 1], was " + maxBandHalfWidth);
    }
    if (proposalTtl.isNegative() || proposalTtl.isZero()) {
      throw new IllegalArgumentException("proposal time-to-live must be positive, was " + proposalTtl);
    }
  }

  /**
   * An asset's regime as the scan applies it.
   *
   * @param regime     the asset's regime, e.g. HIGH
   * @param multiplier factor on the base band, dimensionless, {@code > 0}
   */
  public record RegimeBand(dev.keel.domain.regime.Regime regime, double multiplier) {
    /** An asset with no regime stored yet: NORMAL, the base band. */
    public static final RegimeBand NORMAL = new RegimeBand(dev.keel.domain.regime.Regime.NORMAL, 1.0);

    public RegimeBand {
      java.util.Objects.requireNonNull(regime, "regime");
      if (!(multiplier > 0) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("band multiplier must be positive and finite, was " + multiplier);
      }
    }
  }

  public AssetQuote quote(String asset) {
    AssetQuote q = quotes.get(asset);
    if (asset.equals(cash)) {
      return q != null ? q : AssetQuote.cash(cash);
    }
    return q != null ? q : AssetQuote.unusable(asset, AssetQuote.Status.NO_PRICE, asset + ": no snapshot of any market", null);
  }

  public RegimeBand regime(String asset) {
    return regimes.getOrDefault(asset, RegimeBand.NORMAL);
  }
}
