package dev.keel.domain.market;

/**
 * The shape of one market's book in the paper microstructure model, on a weekday, before a venue's multipliers.
 *
 * @param referencePrice    mid around which prices move, quote currency per base unit, positive
 * @param spreadBps         quoted spread (ask - bid) / mid, basis points, positive
 * @param depthWithin100Bps value resting within 100 bps of mid on each side, quote currency, positive
 * @param levels            price levels per side, 2 to 1000
 * @param levelSpacingBps   distance between neighbouring levels, basis points, positive
 * @param sizeGrowth        how much larger the farthest level is than the touch before noise: size at level i is
 *                          proportional to 1 + sizeGrowth * i / (levels - 1); zero or positive
 * @param dailyVolume       typical 24-hour traded value, quote currency, zero or positive (what the ticker reports)
 * @param source            where the figures came from: "cdd" (scaled to real daily volume) or "tier" (configured defaults)
 */
public record MarketParameters(double referencePrice, double spreadBps, double depthWithin100Bps, int levels,
    double levelSpacingBps, double sizeGrowth, double dailyVolume, String source) {
  public MarketParameters {
    if (!(referencePrice > 0) || !(spreadBps > 0) || !(depthWithin100Bps > 0) || !(levelSpacingBps > 0)
        || !(sizeGrowth >= 0) || !(dailyVolume >= 0) || Double.isInfinite(referencePrice) || Double.isInfinite(depthWithin100Bps)
        || Double.isInfinite(dailyVolume) || Double.isInfinite(spreadBps)) {
      throw new IllegalArgumentException("market parameters must be positive and finite: price " + referencePrice + ", spread "
          + spreadBps + ", depth " + depthWithin100Bps + ", spacing " + levelSpacingBps + ", growth " + sizeGrowth + ", volume " + dailyVolume);
    }
    if (levels < 2 || levels > 1000) {
      throw new IllegalArgumentException("levels must be 2 to 1000, was " + levels);
    }
    java.util.Objects.requireNonNull(source, "source");
  }
}
