package dev.keel.domain.market;

/**
 * How liquid an asset's markets are. Sets the defaults of the microstructure model where
 * no real volume history is available.
 */
public enum LiquidityTier {
  /** The stablecoin cash line: never traded against itself. */
  CASH,
  /** BTC and ETH: spreads of a few basis points, deep books. */
  LARGE,
  /** Other top-20 coins: spreads around ten basis points. */
  MID,
  /** Small tokens: spreads of tens of basis points, thin books. */
  SMALL
}
