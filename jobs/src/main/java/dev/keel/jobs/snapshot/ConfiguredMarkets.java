package dev.keel.jobs.snapshot;

import dev.keel.domain.market.Asset;
import dev.keel.domain.market.AssetCatalogue;
import dev.keel.domain.market.Market;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The markets a venue is configured to snapshot: {@code keel.venues.<venue>.markets}, a list of base symbols
 * ({@code BTC}, meaning BTC/USDT) or {@code BASE/QUOTE} pairs; without the setting, every catalogue asset against the
 * cash line (USDT). Both assets must be in the catalogue (the market table refers to them), and the quote must be the
 * cash line: snapshots, price bars and the drift scan price each asset in USDT.
 */
public final class ConfiguredMarkets {

  private ConfiguredMarkets() {}

  /** Every catalogue asset against the cash stablecoin, in catalogue order: the default. */
  public static List<Market> catalogue() {
    List<Market> markets = new ArrayList<>();
    for (Asset a : AssetCatalogue.all()) {
      if (!a.cash()) {
        markets.add(Market.againstCash(a));
      }
    }
    return List.copyOf(markets);
  }

  /**
   * Parses the setting.
   *
   * @param key     the setting's name, e.g. {@code keel.venues.binance.markets}, named in every error
   * @param entries the configured entries; null for the default
   * @return the markets, in the configured order
   * @throws IllegalArgumentException naming the key and the bad value
   */
  public static List<Market> parse(String key, List<String> entries) {
    if (entries == null) {
      return catalogue();
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException(key + " lists no market; leave it out for every catalogue asset against "
          + AssetCatalogue.CASH);
    }
    Set<Market> out = new LinkedHashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String raw = entries.get(i);
      Market m = parseOne(key + "[" + i + "]", raw);
      if (!out.add(m)) {
        throw new IllegalArgumentException(key + " lists " + m + " twice (at [" + i + "], '" + raw + "')");
      }
    }
    return List.copyOf(out);
  }

  private static Market parseOne(String key, String raw) {
    String text = raw == null ? "" : raw.trim().toUpperCase(Locale.ROOT);
    if (!text.matches("[A-Z0-9]+(/[A-Z0-9]+)?")) {
      throw new IllegalArgumentException(key + " must read BASE or BASE/QUOTE (e.g. BTC or BTC/USDT), was '" + raw + "'");
    }
    String[] parts = text.split("/");
    String base = parts[0];
    String quote = parts.length == 2 ? parts[1] : AssetCatalogue.CASH;
    Optional<Asset> asset = AssetCatalogue.find(base);
    if (asset.isEmpty() || asset.get().cash()) {
      throw new IllegalArgumentException(key + " '" + raw + "': " + base + " is not a catalogue asset Keel trades; known: "
          + catalogue().stream().map(Market::base).toList());
    }
    if (!quote.equals(AssetCatalogue.CASH)) {
      throw new IllegalArgumentException(key + " '" + raw + "': the quote must be " + AssetCatalogue.CASH
          + " (Keel prices every asset in its cash line), was " + quote);
    }
    return Market.of(base, quote);
  }
}
