package dev.keel.domain.market;

/**
 * The fees one account pays on one market.
 *
 * @param maker fee on orders that rest and are filled later, fraction of traded notional, 0 to 0.05
 * @param taker fee on orders that take liquidity, fraction of traded notional, 0 to 0.05
 */
public record FeeRate(double maker, double taker) {
  public FeeRate {
    if (!(maker >= 0 && maker <= 0.05) || !(taker >= 0 && taker <= 0.05)) {
      throw new IllegalArgumentException("fees must be fractions between 0 and 0.05, were maker " + maker + " taker " + taker);
    }
  }

  /** From percentages as exchanges publish them: 0.10 means 0.10 %. */
  public static FeeRate ofPercent(double makerPercent, double takerPercent) {
    return new FeeRate(makerPercent / 100, takerPercent / 100);
  }
}
