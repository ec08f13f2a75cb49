package dev.keel.domain.market;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The assets Keel knows, with their liquidity tiers. The quote and cash asset is USDT;
 * every other asset trades against it. Each symbol has daily history in the shared
 * Binance data set, so backtests and liquidity scaling cover the whole catalogue.
 */
public final class AssetCatalogue {

  /** The stablecoin every market is quoted in and every portfolio holds as cash. */
  public static final String CASH = "USDT";

  private static final Map<String, Asset> ASSETS = new LinkedHashMap<>();

  static {
    add(CASH, LiquidityTier.CASH, true);
    for (String s : List.of("BTC", "ETH")) {
      add(s, LiquidityTier.LARGE, false);
    }
    for (String s : List.of("BNB", "SOL", "XRP", "ADA", "DOGE", "TRX", "AVAX", "LINK", "DOT", "LTC", "BCH", "XLM", "ATOM")) {
      add(s, LiquidityTier.MID, false);
    }
    for (String s : List.of("UNI", "AAVE", "MKR", "COMP", "CRV", "SNX", "YFI", "NEAR", "FIL", "ETC")) {
      add(s, LiquidityTier.SMALL, false);
    }
  }

  private AssetCatalogue() {}

  private static void add(String symbol, LiquidityTier tier, boolean cash) {
    ASSETS.put(symbol, new Asset(symbol, tier, cash));
  }

  /** Every asset, the cash line first, in a stable order. */
  public static List<Asset> all() {
    return List.copyOf(ASSETS.values());
  }

  public static Optional<Asset> find(String symbol) {
    return Optional.ofNullable(ASSETS.get(symbol));
  }

  public static Asset require(String symbol) {
    Asset a = ASSETS.get(symbol);
    if (a == null) {
      throw new IllegalArgumentException("unknown asset '" + symbol + "'; known: " + ASSETS.keySet());
    }
    return a;
  }
}
