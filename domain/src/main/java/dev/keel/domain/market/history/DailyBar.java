package dev.keel.domain.market.history;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One UTC day of trading in one market (open, high, low, close and volumes).
 *
 * @param date        the UTC calendar day the bar covers (candle open at 00:00 UTC)
 * @param open        first trade price of the day, quote currency per unit of base asset, positive
 * @param high        highest trade price of the day, quote per base, at least {@code max(open, close, low)}
 * @param low         lowest trade price of the day, quote per base, positive and at most {@code min(open, close)}
 * @param close       last trade price of the day, quote per base, positive
 * @param baseVolume  traded quantity over the day, units of the base asset, non-negative
 * @param quoteVolume traded notional over the day, units of the quote currency, non-negative
 * @param tradeCount  number of trades in the day, or {@link #TRADE_COUNT_UNKNOWN} when the source omits it
 */
public record DailyBar(
    LocalDate date, double open, double high, double low, double close,
    double baseVolume, double quoteVolume, long tradeCount) {

  /** The trade count of a source that does not report one. */
  public static final long TRADE_COUNT_UNKNOWN = -1;

  public DailyBar {
    Objects.requireNonNull(date, "date");
    requirePositive("open", open);
    requirePositive("high", high);
    requirePositive("low", low);
    requirePositive("close", close);
    requireNonNegative("baseVolume", baseVolume);
    requireNonNegative("quoteVolume", quoteVolume);
    if (low > Math.min(open, close) || high < Math.max(open, close)) {
      throw new IllegalArgumentException("bar of " + date + " is inconsistent: open " + open + ", high " + high
          + ", low " + low + ", close " + close + " (need low <= open, close <= high)");
    }
    if (tradeCount < TRADE_COUNT_UNKNOWN) {
      throw new IllegalArgumentException("tradeCount must be non-negative or -1 (unknown), was " + tradeCount);
    }
  }

  private static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a positive finite price, was " + value);
    }
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a non-negative finite volume, was " + value);
    }
  }
}
