package dev.keel.domain.market;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reference prices in USDT per unit: the closing prices of late April 2026 (MKR: its last
 * listed close). They seed generated populations and the paper venues' opening mids, so an
 * offline installation starts from a believable market.
 */
public final class ReferencePrices {

  private static final Map<String, BigDecimal> PRICES = new LinkedHashMap<>();

  static {
    put("USDT", "1");
    put("BTC", "78657.55");
    put("ETH", "2369.44");
    put("BNB", "635.76");
    put("SOL", "86.93");
    put("XRP", "1.4307");
    put("ADA", "0.2522");
    put("DOGE", "0.09922");
    put("TRX", "0.3234");
    put("AVAX", "9.45");
    put("LINK", "9.48");
    put("DOT", "1.26");
    put("LTC", "56.28");
    put("BCH", "454.9");
    put("XLM", "0.1708");
    put("ATOM", "2.0");
    put("UNI", "3.283");
    put("AAVE", "96.53");
    put("MKR", "1800.1");
    put("COMP", "22.45");
    put("CRV", "0.2299");
    put("SNX", "0.323");
    put("YFI", "2763.0");
    put("NEAR", "1.394");
    put("FIL", "0.943");
    put("ETC", "8.53");
  }

  private ReferencePrices() {}

  private static void put(String symbol, String price) {
    PRICES.put(symbol, new BigDecimal(price));
  }

  /** Every reference price, USDT per unit, keyed by asset symbol. */
  public static Map<String, BigDecimal> all() {
    return Map.copyOf(PRICES);
  }

  /** The reference price of one asset, USDT per unit. */
  public static BigDecimal of(String symbol) {
    BigDecimal p = PRICES.get(symbol);
    if (p == null) {
      throw new IllegalArgumentException("no reference price for asset '" + symbol + "'");
    }
    return p;
  }
}
