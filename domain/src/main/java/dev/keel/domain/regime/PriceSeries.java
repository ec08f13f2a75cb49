package dev.keel.domain.regime;

import dev.keel.domain.market.history.DailyBar;
import dev.keel.domain.market.history.DailyBarSeries;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The closing prices of one asset (or of a portfolio's value index) at a regular bar interval, oldest
 * first. Bars may be missing; a return that spans a gap is treated as the sum of the missing intervals.
 *
 * @param subject     what the prices are of, e.g. "BTC" or a portfolio's name
 * @param barInterval the nominal time between bars, e.g. one day or five minutes; positive
 * @param closes      strictly increasing in time
 */
public record PriceSeries(String subject, Duration barInterval, List<ClosingPrice> closes) {

  /** The daily bar interval. */
  public static final Duration DAILY = Duration.ofDays(1);

  public PriceSeries {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(barInterval, "barInterval");
    if (barInterval.isNegative() || barInterval.isZero()) {
      throw new IllegalArgumentException("barInterval must be positive, was " + barInterval);
    }
    closes = List.copyOf(closes);
    for (int i = 1; i < closes.size(); i++) {
      if (!closes.get(i).time().isAfter(closes.get(i - 1).time())) {
        throw new IllegalArgumentException(subject + ": closes must be in strictly increasing time order, "
            + closes.get(i).time() + " follows " + closes.get(i - 1).time());
      }
    }
  }

  /** The closes of a daily bar series, each labelled with the start of its UTC day. */
  public static PriceSeries ofDaily(DailyBarSeries series) {
    List<ClosingPrice> closes = new ArrayList<>(series.size());
    for (DailyBar bar : series.bars()) {
      closes.add(new ClosingPrice(bar.date().atStartOfDay(ZoneOffset.UTC).toInstant(), bar.close()));
    }
    return new PriceSeries(series.baseAsset(), DAILY, closes);
  }

  public int size() {
    return closes.size();
  }
}
