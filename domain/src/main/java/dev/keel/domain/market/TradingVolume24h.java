package dev.keel.domain.market;

/**
 * A market's traded volume over the venue's rolling 24 hours.
 *
 * @param baseQuantity  base units traded, zero or positive
 * @param quoteNotional value traded, quote currency, zero or positive (base quantity times VWAP where the venue reports no quote volume)
 */
public record TradingVolume24h(double baseQuantity, double quoteNotional) {
  public TradingVolume24h {
    if (!(baseQuantity >= 0) || !(quoteNotional >= 0) || Double.isInfinite(baseQuantity) || Double.isInfinite(quoteNotional)) {
      throw new IllegalArgumentException("24h volumes must be finite and not negative, were " + baseQuantity + " and " + quoteNotional);
    }
  }
}
