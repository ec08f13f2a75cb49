package dev.keel.domain.market.history;

import dev.keel.domain.statistics.SortedByKey;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The daily bars of one market, oldest first, one bar per date at most. Days may be missing
 * (a source's export gaps); {@link #missingDays()} lists them and nothing fills them in.
 *
 * @param baseAsset  the traded asset, upper case, e.g. "BTC"
 * @param quoteAsset the currency prices are quoted in, upper case, e.g. "USDT"
 * @param bars       the bars in strictly increasing date order; may be empty
 */
public record DailyBarSeries(String baseAsset, String quoteAsset, List<DailyBar> bars) {

  public DailyBarSeries {
    Objects.requireNonNull(baseAsset, "baseAsset");
    Objects.requireNonNull(quoteAsset, "quoteAsset");
    if (!baseAsset.matches("[A-Z0-9]{1,20}") || !quoteAsset.matches("[A-Z0-9]{1,20}")) {
      throw new IllegalArgumentException("asset symbols must be upper-case letters or digits, were '"
          + baseAsset + "' and '" + quoteAsset + "'");
    }
    bars = List.copyOf(bars);
    for (int i = 1; i < bars.size(); i++) {
      if (!bars.get(i).date().isAfter(bars.get(i - 1).date())) {
        throw new IllegalArgumentException(baseAsset + quoteAsset + ": bars must be in strictly increasing date order, "
            + bars.get(i).date() + " follows " + bars.get(i - 1).date());
      }
    }
  }

  /** The market's symbol as venues write it, base then quote, e.g. "BTCUSDT". */
  public String pair() {
    return baseAsset + quoteAsset;
  }

  public int size() {
    return bars.size();
  }

  public boolean isEmpty() {
    return bars.isEmpty();
  }

  public DailyBar get(int index) {
    return bars.get(index);
  }

  public DailyBar first() {
    requireNotEmpty();
    return bars.get(0);
  }

  public DailyBar last() {
    requireNotEmpty();
    return bars.get(bars.size() - 1);
  }

  /** The closing prices, oldest first, quote currency per unit of base asset. */
  public double[] closes() {
    double[] closes = new double[bars.size()];
    for (int i = 0; i < closes.length; i++) {
      closes[i] = bars.get(i).close();
    }
    return closes;
  }

  /** The quote-currency volumes, oldest first. */
  public double[] quoteVolumes() {
    double[] volumes = new double[bars.size()];
    for (int i = 0; i < volumes.length; i++) {
      volumes[i] = bars.get(i).quoteVolume();
    }
    return volumes;
  }

  /** The position of the bar of {@code date}, or a negative number (binary-search convention) if there is none. */
  public int indexOf(LocalDate date) {
    return SortedByKey.indexOf(bars, DailyBar::date, date);
  }

  public Optional<DailyBar> on(LocalDate date) {
    int i = indexOf(date);
    return i >= 0 ? Optional.of(bars.get(i)) : Optional.empty();
  }

  /** The bars dated from {@code from} to {@code to}, both inclusive. */
  public DailyBarSeries between(LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("range end " + to + " is before its start " + from);
    }
    int start = indexOf(from);
    start = start >= 0 ? start : -start - 1;
    int end = indexOf(to);
    end = end >= 0 ? end + 1 : -end - 1;
    return new DailyBarSeries(baseAsset, quoteAsset, bars.subList(start, Math.max(start, end)));
  }

  /** The calendar days between the first and the last bar that have no bar, in order. */
  public List<LocalDate> missingDays() {
    List<LocalDate> missing = new ArrayList<>();
    for (int i = 1; i < bars.size(); i++) {
      LocalDate previous = bars.get(i - 1).date();
      long gap = ChronoUnit.DAYS.between(previous, bars.get(i).date());
      for (long d = 1; d < gap; d++) {
        missing.add(previous.plusDays(d));
      }
    }
    return Collections.unmodifiableList(missing);
  }

  private void requireNotEmpty() {
    if (bars.isEmpty()) {
      throw new IllegalStateException(pair() + " has no bars");
    }
  }
}
