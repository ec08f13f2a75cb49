package dev.keel.domain.market;

import java.util.List;

/**
 * Walks a checked order book: the average price and cost of a marketable order of a given size, and the
 * depth resting near mid. Sizes are notionals at mid (quantity = notional / mid), so that a book with the
 * same quantities at the same distances on both sides costs the same to buy and to sell.
 */
public final class BookWalk {

  private BookWalk() {}

  /** (best bid + best ask) / 2, quote currency per base unit. The book must have passed {@link OrderBookCheck}. */
  public static double mid(OrderBook book) {
    return (book.bids().get(0).price().doubleValue() + book.asks().get(0).price().doubleValue()) / 2;
  }

  /** (ask - bid) / mid, in basis points. */
  public static double spreadBps(OrderBook book) {
    double bid = book.bids().get(0).price().doubleValue();
    double ask = book.asks().get(0).price().doubleValue();
    return (ask - bid) / ((ask + bid) / 2) * 1e4;
  }

  /** Half the quoted spread, fraction of mid. */
  public static double halfSpread(OrderBook book) {
    return spreadBps(book) / 2e4;
  }

  /**
   * Sweeps the side a trade takes until the notional is filled or the book runs out.
   *
   * @param notional size, quote currency valued at mid, positive
   */
  public static WalkResult walk(OrderBook book, Side side, double notional) {
    if (!(notional > 0) || Double.isInfinite(notional)) {
      throw new IllegalArgumentException("notional must be positive and finite, was " + notional);
    }
    double mid = mid(book);
    double wanted = notional / mid;
    double quantity = 0;
    double paid = 0;
    for (PriceLevel level : book.levelsTakenBy(side)) {
      double take = Math.min(wanted - quantity, level.quantity().doubleValue());
      quantity += take;
      paid += take * level.price().doubleValue();
      if (quantity >= wanted) {
        break;
      }
    }
    if (quantity <= 0) {
      return new WalkResult(side, notional, 0, 0, Double.NaN, mid, Double.NaN);
    }
    double average = paid / quantity;
    double cost = side == Side.BUY ? (average - mid) / mid : (mid - average) / mid;
    return new WalkResult(side, notional, Math.min(notional, quantity * mid), quantity, average, mid, cost);
  }

  /**
   * The value resting within a distance of mid on the side a trade takes (the asks for a buy).
   *
   * @param bps distance from mid, basis points, zero or positive
   * @return the sum of price times quantity of those levels, quote currency
   */
  public static double depthWithin(OrderBook book, Side side, double bps) {
    double mid = mid(book);
    double limit = bps / 1e4;
    double depth = 0;
    for (PriceLevel level : book.levelsTakenBy(side)) {
      double price = level.price().doubleValue();
      double distance = Math.abs(price - mid) / mid;
      if (distance > limit + 1e-12) {
        break;
      }
      depth += price * level.quantity().doubleValue();
    }
    return depth;
  }

  /** The whole side's size, quote currency valued at mid (what {@link #walk} can fill at most). */
  public static double sideNotionalAtMid(OrderBook book, Side side) {
    double mid = mid(book);
    double quantity = 0;
    List<PriceLevel> levels = book.levelsTakenBy(side);
    for (PriceLevel level : levels) {
      quantity += level.quantity().doubleValue();
    }
    return quantity * mid;
  }
}
