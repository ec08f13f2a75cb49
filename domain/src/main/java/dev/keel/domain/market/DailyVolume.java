package dev.keel.domain.market;

import dev.keel.domain.statistics.Quantiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A market's recent real daily volume and last close, read minimally from a CryptoDataDownload Binance daily file
 * ({@code Binance_<BASE>USDT_d.csv}: a banner line, a header, then rows newest first).
 *
 * @param symbol             the base asset, e.g. "BTC"
 * @param medianQuoteVolume  median daily traded value over the days read, USDT
 * @param lastClose          the newest day's close, USDT per base unit
 * @param days               how many days the median covers
 */
public record DailyVolume(String symbol, double medianQuoteVolume, double lastClose, int days) {

  /**
   * Reads the newest {@code days} rows of the symbol's file in {@code folder}; empty when there is no such file.
   *
   * @param days rows to read, at least 1
   */
  public static Optional<DailyVolume> read(Path folder, String symbol, int days) {
    Path file = folder.resolve("Binance_" + symbol + "USDT_d.csv");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = in.readLine();
      if (line != null && !line.startsWith("Unix")) {
        line = in.readLine();
      }
      if (line == null) {
        return Optional.empty();
      }
      List<String> header = Arrays.asList(line.split(","));
      int close = header.indexOf("Close");
      int quoteVolume = header.indexOf("Volume USDT");
      if (close < 0 || quoteVolume < 0) {
        return Optional.empty();
      }
      List<Double> volumes = new ArrayList<>();
      double lastClose = Double.NaN;
      while (volumes.size() < days && (line = in.readLine()) != null) {
        String[] cells = line.split(",");
        if (cells.length <= Math.max(close, quoteVolume)) {
          continue;
        }
        double v = Double.parseDouble(cells[quoteVolume]);
        double c = Double.parseDouble(cells[close]);
        if (!(v > 0) || !(c > 0)) {
          continue;
        }
        if (Double.isNaN(lastClose)) {
          lastClose = c;
        }
        volumes.add(v);
      }
      if (volumes.isEmpty()) {
        return Optional.empty();
      }
      double median = Quantiles.median(volumes.stream().mapToDouble(Double::doubleValue).toArray());
      return Optional.of(new DailyVolume(symbol, median, lastClose, volumes.size()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
