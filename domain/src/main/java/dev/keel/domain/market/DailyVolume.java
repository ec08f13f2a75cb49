package dev.keel.domain.market;

import dev.keel.domain.market.history.DailyBar;
import dev.keel.domain.market.history.DailyBarSeries;
import dev.keel.domain.market.history.DailyPriceFileReader;
import dev.keel.domain.market.history.PriceFileFormatException;
import dev.keel.domain.statistics.Quantiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A market's recent real daily volume and last close, from a CryptoDataDownload Binance daily file
 * ({@code Binance_<BASE>USDT_d.csv}) read by {@link DailyPriceFileReader}.
 *
 * @param symbol             the base asset, e.g. "BTC"
 * @param medianQuoteVolume  median daily traded value over the days read, USDT
 * @param lastClose          the newest day's close, USDT per base unit
 * @param days               how many days the median covers
 */
public record DailyVolume(String symbol, double medianQuoteVolume, double lastClose, int days) {

  /**
   * The newest {@code days} days of the symbol's file in {@code folder} that traded (volume and close above zero);
   * empty when there is no such file, it is malformed, or no day traded.
   *
   * @param days days to take, at least 1
   */
  public static Optional<DailyVolume> read(Path folder, String symbol, int days) {
    Path file = folder.resolve("Binance_" + symbol + "USDT_d.csv");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    DailyBarSeries series;
    try {
      series = DailyPriceFileReader.read(file);
    } catch (PriceFileFormatException e) {
      return Optional.empty();
    }
    double[] volumes = new double[days];
    int n = 0;
    double lastClose = Double.NaN;
    for (int i = series.size() - 1; i >= 0 && n < days; i--) {
      DailyBar bar = series.get(i);
      if (!(bar.quoteVolume() > 0) || !(bar.close() > 0)) {
        continue;
      }
      if (n == 0) {
        lastClose = bar.close();
      }
      volumes[n++] = bar.quoteVolume();
    }
    if (n == 0) {
      return Optional.empty();
    }
    return Optional.of(new DailyVolume(symbol, Quantiles.median(volumes, 0, n), lastClose, n));
  }
}
