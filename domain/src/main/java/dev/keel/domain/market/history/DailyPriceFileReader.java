package dev.keel.domain.market.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Reads daily OHLCV files in the CryptoDataDownload layout: an optional banner line (a URL),
 * a header {@code Unix,Date,Symbol,Open,High,Low,Close,Volume <BASE>,Volume <QUOTE>[,tradecount]},
 * then one row per day, newest first (oldest first is accepted too, as long as the order is
 * strict). Days may be missing; nothing is filled in.
 *
 * <p>Strict: a malformed number, an inconsistent bar (low above close, say), a symbol that does not
 * match the header, a {@code Unix} time that is not the start of the row's UTC day, or a duplicate or
 * out-of-order date fails with a {@link PriceFileFormatException} naming the file, the line and the value.
 * Stateless; safe to call from several threads.
 *
 * <p>The files quote nothing (every cell is a number, a date or a pair's symbol), so a row is split on its commas here,
 * each cell checked as it is taken; the domain needs no CSV library for that.
 */
public final class DailyPriceFileReader {

  private static final String[] FIXED_COLUMNS = {"unix", "date", "symbol", "open", "high", "low", "close"};

  private DailyPriceFileReader() {}

  /** Reads one file. */
  public static DailyBarSeries read(Path file) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(file.toString(), reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read price file " + file, e);
    }
  }

  /**
   * Reads every {@code *.csv} file of a directory (other files, such as a PROVENANCE.md, are ignored),
   * in pair order. Filtering by quote currency or catalogue is the caller's choice.
   */
  public static List<DailyBarSeries> readDirectory(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("price directory " + directory + " does not exist or is not a directory");
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.csv")) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list price directory " + directory, e);
    }
    files.sort(Comparator.comparing(Path::toString));
    List<DailyBarSeries> series = new ArrayList<>(files.size());
    for (Path file : files) {
      series.add(read(file));
    }
    series.sort(Comparator.comparing(DailyBarSeries::pair));
    for (int i = 1; i < series.size(); i++) {
      if (series.get(i).pair().equals(series.get(i - 1).pair())) {
        throw new IllegalArgumentException("price directory " + directory + " holds two files for " + series.get(i).pair());
      }
    }
    return Collections.unmodifiableList(series);
  }

  /**
   * Parses a file's content.
   *
   * @param source the file's name as it should appear in error messages
   */
  public static DailyBarSeries parse(String source, Reader content) {
    try {
      return new Parser(source).parse(content instanceof BufferedReader b ? b : new BufferedReader(content));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read price file " + source, e);
    }
  }

  private static final class Parser {
    private final String source;
    private int lineNumber;
    private String base;
    private String quote;
    private String pair;
    private boolean hasTradeCount;
    private int columns;

    Parser(String source) {
      this.source = source;
    }

    DailyBarSeries parse(BufferedReader reader) throws IOException {
      String line = nextLine(reader);
      if (line != null && !line.contains(",") && line.toLowerCase().startsWith("http")) {
        line = nextLine(reader);
      }
      if (line == null) {
        throw error(null, "file is empty: no header line");
      }
      readHeader(line);
      List<DailyBar> bars = new ArrayList<>(4096);
      int direction = 0;
      boolean blankSeen = false;
      int blankLine = 0;
      while ((line = nextLine(reader)) != null) {
        if (line.isBlank()) {
          if (!blankSeen) {
            blankSeen = true;
            blankLine = lineNumber;
          }
          continue;
        }
        if (blankSeen) {
          throw new PriceFileFormatException(source, blankLine, null, "blank line inside the data");
        }
        DailyBar bar = readRow(line);
        if (!bars.isEmpty()) {
          int cmp = bar.date().compareTo(bars.get(bars.size() - 1).date());
          if (cmp == 0) {
            throw error(bar.date().toString(), "duplicate date");
          }
          int step = cmp < 0 ? -1 : 1;
          if (direction == 0) {
            direction = step;
          } else if (step != direction) {
            throw error(bar.date().toString(), "date out of order (rows run "
                + (direction < 0 ? "newest first" : "oldest first") + ")");
          }
        }
        bars.add(bar);
      }
      if (direction < 0) {
        Collections.reverse(bars);
      }
      return new DailyBarSeries(base, quote, bars);
    }

    private String nextLine(BufferedReader reader) throws IOException {
      String line = reader.readLine();
      if (line != null) {
        lineNumber++;
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
          line = line.substring(1);
        }
      }
      return line;
    }

    private void readHeader(String line) {
      String[] names = line.split(",", -1);
      if (names.length < 9 || names.length > 10) {
        throw error(line, "header must have 9 or 10 columns: Unix,Date,Symbol,Open,High,Low,Close,"
            + "Volume <BASE>,Volume <QUOTE>[,tradecount]");
      }
      for (int i = 0; i < FIXED_COLUMNS.length; i++) {
        if (!names[i].trim().equalsIgnoreCase(FIXED_COLUMNS[i])) {
          throw error(names[i], "header column " + (i + 1) + " must be '" + FIXED_COLUMNS[i] + "'");
        }
      }
      base = volumeAsset(names[7]);
      quote = volumeAsset(names[8]);
      pair = base + quote;
      hasTradeCount = names.length == 10;
      if (hasTradeCount && !names[9].trim().equalsIgnoreCase("tradecount")) {
        throw error(names[9], "header column 10 must be 'tradecount'");
      }
      columns = names.length;
    }

    private String volumeAsset(String name) {
      String trimmed = name.trim();
      if (!trimmed.regionMatches(true, 0, "Volume ", 0, 7) || !trimmed.substring(7).matches("[A-Za-z0-9]{1,20}")) {
        throw error(name, "volume column must be named 'Volume <ASSET>'");
      }
      return trimmed.substring(7).toUpperCase();
    }

    private DailyBar readRow(String line) {
      String[] cells = new String[columns];
      int start = 0;
      int count = 0;
      for (int i = 0; i <= line.length(); i++) {
        if (i == line.length() || line.charAt(i) == ',') {
          if (count == columns) {
            throw error(line, "row has more than " + columns + " columns");
          }
          cells[count++] = line.substring(start, i);
          start = i + 1;
        }
      }
      if (count != columns) {
        throw error(line, "row has " + count + " columns, header has " + columns);
      }
      LocalDate date = date(cells[1]);
      long unix = integer("Unix", cells[0]);
      long dayStartMillis = date.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1000;
      if (unix != dayStartMillis && unix != dayStartMillis * 1000) {
        throw error(cells[0], "Unix time is not the start of " + date + " UTC in milliseconds ("
            + dayStartMillis + ") or microseconds");
      }
      if (!cells[2].trim().equalsIgnoreCase(pair)) {
        throw error(cells[2], "symbol does not match the header's volume columns (" + pair + ")");
      }
      double open = number("Open", cells[3]);
      double high = number("High", cells[4]);
      double low = number("Low", cells[5]);
      double close = number("Close", cells[6]);
      double baseVolume = number("Volume " + base, cells[7]);
      double quoteVolume = number("Volume " + quote, cells[8]);
      long trades = DailyBar.TRADE_COUNT_UNKNOWN;
      if (hasTradeCount && !cells[9].isBlank()) {
        trades = integer("tradecount", cells[9]);
      }
      try {
        return new DailyBar(date, open, high, low, close, baseVolume, quoteVolume, trades);
      } catch (IllegalArgumentException e) {
        throw error(line, e.getMessage());
      }
    }

    private LocalDate date(String cell) {
      String text = cell.trim();
      if (text.length() == 19 && text.endsWith(" 00:00:00")) {
        text = text.substring(0, 10);
      }
      if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
        throw error(cell, "Date is not a day in the form YYYY-MM-DD");
      }
      int year = digits(cell, text, 0, 4);
      int month = digits(cell, text, 5, 7);
      int day = digits(cell, text, 8, 10);
      try {
        return LocalDate.of(year, month, day);
      } catch (DateTimeException e) {
        throw error(cell, "Date is not a valid calendar day");
      }
    }

    private int digits(String cell, String text, int from, int to) {
      int value = 0;
      for (int i = from; i < to; i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          throw error(cell, "Date is not a day in the form YYYY-MM-DD");
        }
        value = value * 10 + (c - '0');
      }
      return value;
    }

    private double number(String column, String cell) {
      double value;
      try {
        value = Double.parseDouble(cell);
      } catch (NumberFormatException e) {
        throw error(cell, column + " is not a number");
      }
      if (!Double.isFinite(value) || value < 0) {
        throw error(cell, column + " must be a finite non-negative number");
      }
      return value;
    }

    private long integer(String column, String cell) {
      try {
        long value = Long.parseLong(cell.trim());
        if (value < 0) {
          throw error(cell, column + " must not be negative");
        }
        return value;
      } catch (NumberFormatException e) {
        throw error(cell, column + " is not a whole number");
      }
    }

    private PriceFileFormatException error(String value, String problem) {
      return new PriceFileFormatException(source, lineNumber, value, problem);
    }
  }

}
