package dev.keel.domain.market;

/**
 * What a marketable order of a given size would get by sweeping one side of a book.
 *
 * @param side               the trade's direction
 * @param requestedNotional  size asked for, quote currency valued at mid (quantity = notional / mid)
 * @param filledNotional     size the book could absorb, quote currency valued at mid, at most the requested
 * @param filledQuantity     base units taken, zero or positive
 * @param averagePrice       volume-weighted execution price, quote currency per base unit; NaN when nothing filled
 * @param mid                (best bid + best ask) / 2, quote currency per base unit
 * @param costFraction       adverse distance of the average price from mid, fraction of mid (half spread plus
 *                           impact, before fees), zero or positive for a valid book; NaN when nothing filled
 */
public record WalkResult(Side side, double requestedNotional, double filledNotional, double filledQuantity,
    double averagePrice, double mid, double costFraction) {

  /** True when the book held the whole requested size (FAULTS.md M3 otherwise). */
  public boolean complete() {
    return filledNotional >= requestedNotional * (1 - 1e-12);
  }
}
