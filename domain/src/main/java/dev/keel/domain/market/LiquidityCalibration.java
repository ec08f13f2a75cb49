package dev.keel.domain.market;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sets each market's {@link MarketParameters} from its real daily volume where the shared Binance history has it,
 * from its {@link LiquidityTier} otherwise. Reference prices always come from {@link ReferencePrices}, so paper books
 * and generated populations value holdings alike. With V the median daily traded value (USDT, last 30 days):
 * <ul>
 *   <li>spread, bps = clamp(3 * cbrt(1e9 / V), 1, 100): about 3 bps for BTC, 5 for SOL, tens of bps for small tokens;</li>
 *   <li>depth within 100 bps of mid, per side, USDT = 0.02 * V;</li>
 *   <li>level spacing, bps = clamp(spread / 2, 2, 10); 80 levels; the farthest level 3 times the size of the touch.</li>
 * </ul>
 */
public final class LiquidityCalibration {

  /** Days of history the median volume covers. */
  public static final int VOLUME_DAYS = 30;
  /** Resting depth within 100 bps of mid per side, as a fraction of daily traded value. */
  public static final double DEPTH_TO_DAILY_VOLUME = 0.02;
  /** Quoted spread, bps, of a market trading 1 billion USDT a day; it widens with the cube root of falling volume. */
  public static final double SPREAD_AT_ONE_BILLION = 3.0;
  /** Levels per side in every paper book. */
  public static final int LEVELS = 80;
  /** Size growth from the touch to the farthest level. */
  public static final double SIZE_GROWTH = 2.0;

  /** Daily traded value, USDT, assumed per tier where no history exists: spreads of about 3, 10 and 26 bps. */
  private static final Map<LiquidityTier, Double> TIER_VOLUME = Map.of(
      LiquidityTier.LARGE, 1.0e9, LiquidityTier.MID, 2.5e7, LiquidityTier.SMALL, 1.5e6);

  private LiquidityCalibration() {}

  /** Parameters from a real median daily traded value and price. */
  public static MarketParameters fromDailyVolume(double dailyVolume, double referencePrice, String source) {
    double spread = Math.max(1, Math.min(100, SPREAD_AT_ONE_BILLION * Math.cbrt(1e9 / dailyVolume)));
    double spacing = Math.max(2, Math.min(10, spread / 2));
    return new MarketParameters(referencePrice, spread, DEPTH_TO_DAILY_VOLUME * dailyVolume, LEVELS, spacing, SIZE_GROWTH,
        dailyVolume, source);
  }

  /** Parameters from the asset's tier alone. */
  public static MarketParameters fromTier(Asset asset) {
    if (asset.cash()) {
      throw new IllegalArgumentException("the cash line " + asset.symbol() + " has no market against itself");
    }
    return fromDailyVolume(TIER_VOLUME.get(asset.liquidity()), ReferencePrices.of(asset.symbol()).doubleValue(), "tier");
  }

  /**
   * Parameters for each non-cash asset's market against USDT: scaled to real volume where {@code volumes} knows the
   * asset's, from its tier otherwise.
   *
   * @param volumes a symbol's real daily volume over {@link #VOLUME_DAYS} days, when known (for example
   *                {@code DailyVolumeFiles.in(SharedData.binanceDaily(), VOLUME_DAYS)}, or {@code DailyVolumeFiles.NONE})
   */
  public static Map<Market, MarketParameters> forAssets(List<Asset> assets, Function<String, Optional<DailyVolume>> volumes) {
    Map<Market, MarketParameters> out = new LinkedHashMap<>();
    for (Asset asset : assets) {
      if (asset.cash()) {
        continue;
      }
      Optional<DailyVolume> real = volumes.apply(asset.symbol());
      out.put(Market.againstCash(asset), real
          .map(v -> fromDailyVolume(v.medianQuoteVolume(), ReferencePrices.of(asset.symbol()).doubleValue(), "cdd"))
          .orElseGet(() -> fromTier(asset)));
    }
    return out;
  }
}
