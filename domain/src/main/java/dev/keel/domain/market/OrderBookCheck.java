package dev.keel.domain.market;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a venue's book may be priced with (FAULTS.md M2, M3). Bad data yields a
 * {@link Quarantine}, never an exception: a bad market is an expected outcome of a cycle.
 */
public final class OrderBookCheck {

  private OrderBookCheck() {}

  /** The first problem found in the book, or empty when it is usable. */
  public static Optional<Quarantine> check(OrderBook book) {
    if (book.bids().isEmpty() || book.asks().isEmpty()) {
      return Optional.of(new Quarantine(QuarantineReason.EMPTY_BOOK,
          book.market() + ": " + book.bids().size() + " bid and " + book.asks().size() + " ask levels"));
    }
    Optional<Quarantine> bad = checkSide(book.market(), "bid", book.bids(), -1);
    if (bad.isEmpty()) {
      bad = checkSide(book.market(), "ask", book.asks(), +1);
    }
    if (bad.isPresent()) {
      return bad;
    }
    BigDecimal bid = book.bids().get(0).price();
    BigDecimal ask = book.asks().get(0).price();
    if (bid.compareTo(ask) >= 0) {
      return Optional.of(new Quarantine(QuarantineReason.CROSSED_BOOK,
          book.market() + ": best bid " + bid.toPlainString() + " >= best ask " + ask.toPlainString()));
    }
    return Optional.empty();
  }

  /** Checks the book and wraps the answer. */
  public static BookReading read(OrderBook book) {
    return check(book).<BookReading>map(BookReading.Quarantined::new).orElseGet(() -> new BookReading.Usable(book));
  }

  /**
   * Builds and checks a book from binary floating point levels, as a model or a parser may produce
   * them; NaN and infinities give {@link QuarantineReason#NON_FINITE_NUMBER}.
   *
   * @param bids {price, quantity} pairs, best first; price in quote currency per base unit, quantity in base units
   * @param asks {price, quantity} pairs, best first
   */
  public static BookReading read(Market market, double[][] bids, double[][] asks) {
    List<PriceLevel> b = new ArrayList<>(bids.length);
    List<PriceLevel> a = new ArrayList<>(asks.length);
    for (double[][] side : new double[][][] {bids, asks}) {
      for (double[] level : side) {
        if (level.length != 2 || !Double.isFinite(level[0]) || !Double.isFinite(level[1])) {
          return new BookReading.Quarantined(new Quarantine(QuarantineReason.NON_FINITE_NUMBER,
              market + ": " + (side == bids ? "bid" : "ask") + " level " + java.util.Arrays.toString(level)));
        }
        (side == bids ? b : a).add(new PriceLevel(BigDecimal.valueOf(level[0]), BigDecimal.valueOf(level[1])));
      }
    }
    return read(new OrderBook(market, b, a));
  }

  /** A single reported price (last trade, ticker bid) checked the same way. */
  public static Optional<Quarantine> checkPrice(Market market, String field, double price) {
    if (!Double.isFinite(price)) {
      return Optional.of(new Quarantine(QuarantineReason.NON_FINITE_NUMBER, market + ": " + field + " " + price));
    }
    if (price <= 0) {
      return Optional.of(new Quarantine(QuarantineReason.NON_POSITIVE_PRICE, market + ": " + field + " " + price));
    }
    return Optional.empty();
  }

  private static Optional<Quarantine> checkSide(Market market, String name, List<PriceLevel> levels, int direction) {
    BigDecimal previous = null;
    for (int i = 0; i < levels.size(); i++) {
      PriceLevel level = levels.get(i);
      if (level.price().signum() <= 0) {
        return Optional.of(new Quarantine(QuarantineReason.NON_POSITIVE_PRICE,
            market + ": " + name + " level " + i + " price " + level.price().toPlainString()));
      }
      if (level.quantity().signum() <= 0) {
        return Optional.of(new Quarantine(QuarantineReason.NON_POSITIVE_QUANTITY,
            market + ": " + name + " level " + i + " quantity " + level.quantity().toPlainString()));
      }
      if (previous != null && Integer.signum(level.price().compareTo(previous)) != direction) {
        return Optional.of(new Quarantine(QuarantineReason.UNORDERED_BOOK,
            market + ": " + name + " level " + i + " price " + level.price().toPlainString() + " after " + previous.toPlainString()));
      }
      previous = level.price();
    }
    return Optional.empty();
  }
}
