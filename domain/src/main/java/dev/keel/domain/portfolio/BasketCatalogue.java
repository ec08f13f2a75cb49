package dev.keel.domain.portfolio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The baskets the platform sells. */
public final class BasketCatalogue {

  public static final Basket BTC_ETH_60_40 = new Basket("BTC_ETH_60_40", Map.of("BTC", 0.6, "ETH", 0.4));

  public static final Basket TOP10_EQUAL = new Basket("TOP10_EQUAL", equal(
      "BTC", "ETH", "BNB", "SOL", "XRP", "ADA", "DOGE", "TRX", "AVAX", "LINK"));

  public static final Basket LARGE_CAPS_STABLE = new Basket("LARGE_CAPS_STABLE", ordered(
      "BTC", 0.35, "ETH", 0.25, "SOL", 0.10, "BNB", 0.10, "USDT", 0.20));

  public static final Basket DEFI = new Basket("DEFI", ordered(
      "UNI", 0.25, "AAVE", 0.25, "MKR", 0.20, "COMP", 0.10, "CRV", 0.10, "SNX", 0.10));

  private static final List<Basket> ALL = List.of(BTC_ETH_60_40, TOP10_EQUAL, LARGE_CAPS_STABLE, DEFI);

  private BasketCatalogue() {}

  public static List<Basket> all() {
    return ALL;
  }

  public static Basket require(String name) {
    return ALL.stream().filter(b -> b.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown basket '" + name + "'"));
  }

  private static Map<String, Double> equal(String... symbols) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String s : symbols) {
      m.put(s, 1.0 / symbols.length);
    }
    return m;
  }

  private static Map<String, Double> ordered(Object... pairs) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Double) pairs[i + 1]);
    }
    return m;
  }
}
