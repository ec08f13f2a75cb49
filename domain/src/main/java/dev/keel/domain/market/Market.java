package dev.keel.domain.market;

import java.util.Objects;

/**
 * A spot market on any venue: the base asset priced in the quote asset, e.g. BTC/USDT.
 *
 * @param base  the traded asset's symbol, upper case, e.g. "BTC"
 * @param quote the asset prices and notionals are expressed in, upper case, e.g. "USDT"
 */
public record Market(String base, String quote) {
  public Market {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(quote, "quote");
    if (!base.matches("[A-Z0-9]{2,12}") || !quote.matches("[A-Z0-9]{2,12}")) {
      throw new IllegalArgumentException("market symbols must be 2-12 upper-case letters or digits, was " + base + "/" + quote);
    }
    if (base.equals(quote)) {
      throw new IllegalArgumentException("a market needs two different assets, was " + base + "/" + quote);
    }
  }

  public static Market of(String base, String quote) {
    return new Market(base, quote);
  }

  /** Parses "BTC/USDT". */
  public static Market parse(String text) {
    String[] parts = Objects.requireNonNull(text, "text").split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("market must read BASE/QUOTE, was '" + text + "'");
    }
    return new Market(parts[0].trim(), parts[1].trim());
  }

  /** The asset's market against Keel's cash line, e.g. BTC/USDT. */
  public static Market againstCash(Asset asset) {
    return new Market(asset.symbol(), AssetCatalogue.CASH);
  }

  @Override
  public String toString() {
    return base + "/" + quote;
  }
}
