package dev.keel.domain.market.history;

import dev.keel.domain.market.DailyVolume;
import dev.keel.domain.statistics.Quantiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a market's recent real daily volume from a CryptoDataDownload Binance daily file
 * ({@code Binance_<BASE>USDT_d.csv}) with {@link DailyPriceFileReader}.
 */
public final class DailyVolumeFiles {

  /** No files: every market falls back to its tier. */
  public static final Function<String, Optional<DailyVolume>> NONE = symbol -> Optional.empty();

  private DailyVolumeFiles() {}

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

  /** Each symbol's volume over {@code days} from {@code folder} when it is given, else nothing. */
  public static Function<String, Optional<DailyVolume>> in(Optional<Path> folder, int days) {
    return folder.<Function<String, Optional<DailyVolume>>>map(dir -> symbol -> read(dir, symbol, days)).orElse(NONE);
  }
}
