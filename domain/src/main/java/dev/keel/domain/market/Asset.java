package dev.keel.domain.market;

import java.util.Objects;

/**
 * A tradeable crypto asset, or the stablecoin that is a portfolio's cash line.
 *
 * @param symbol    the asset's ticker as venues quote it, upper case, e.g. "BTC"
 * @param liquidity how deep and tight its markets are, which sets default spreads and depth
 * @param cash      true for the quote stablecoin that serves as the portfolio's cash line
 */
public record Asset(String symbol, LiquidityTier liquidity, boolean cash) {
  public Asset {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(liquidity, "liquidity");
    if (!symbol.matches("[A-Z0-9]{2,12}")) {
      throw new IllegalArgumentException("asset symbol must be 2-12 upper-case letters or digits, was '" + symbol + "'");
    }
  }
}
