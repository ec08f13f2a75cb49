package dev.keel.domain.market.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DailyPriceFileReaderTest {

  private static final String BANNER = "https://www.CryptoDataDownload.com\n";
  private static final String HEADER = "Unix,Date,Symbol,Open,High,Low,Close,Volume BTC,Volume USDT,tradecount\n";
  private static final String ROW_0314 = "1584144000000,2020-03-14,BTCUSDT,5573.03,5640.0,5055.0,5360.0,100.5,540000.0,12000\n";
  private static final String ROW_0312 = "1583971200000,2020-03-12,BTCUSDT,7932.56,7966.17,4410.0,4800.0,261505.0,1600000000.0,700000\n";
  private static final String ROW_0311 = "1583884800000,2020-03-11,BTCUSDT,7910.0,7990.0,7590.0,7932.56,1000.0,7800000.0,50000\n";

  private static DailyBarSeries parse(String content) {
    return DailyPriceFileReader.parse("Binance_BTCUSDT_d.csv", new StringReader(content));
  }

  @Test
  void newest_first_rows_become_an_oldest_first_series_of_the_header_pair() {
    DailyBarSeries series = parse(BANNER + HEADER + ROW_0314 + ROW_0312 + ROW_0311);

    assertThat(series.pair()).isEqualTo("BTCUSDT");
    assertThat(series.baseAsset()).isEqualTo("BTC");
    assertThat(series.quoteAsset()).isEqualTo("USDT");
    assertThat(series.bars()).extracting(DailyBar::date)
        .containsExactly(LocalDate.of(2020, 3, 11), LocalDate.of(2020, 3, 12), LocalDate.of(2020, 3, 14));
    DailyBar crash = series.on(LocalDate.of(2020, 3, 12)).orElseThrow();
    assertThat(crash.open()).isEqualTo(7932.56);
    assertThat(crash.high()).isEqualTo(7966.17);
    assertThat(crash.low()).isEqualTo(4410.0);
    assertThat(crash.close()).isEqualTo(4800.0);
    assertThat(crash.baseVolume()).isEqualTo(261505.0);
    assertThat(crash.quoteVolume()).isEqualTo(1.6e9);
    assertThat(crash.tradeCount()).isEqualTo(700000);
  }

  @Test
  void missing_days_are_listed_not_filled() {
    DailyBarSeries series = parse(BANNER + HEADER + ROW_0314 + ROW_0312 + ROW_0311);

    assertThat(series.size()).isEqualTo(3);
    assertThat(series.missingDays()).containsExactly(LocalDate.of(2020, 3, 13));
  }

  @Test
  void a_file_without_banner_or_trade_count_and_oldest_first_is_read_too() {
    String header = "Unix,Date,Symbol,Open,High,Low,Close,Volume ETH,Volume USDT\n";
    DailyBarSeries series = parse(header
        + "1583884800000,2020-03-11,ETHUSDT,190.0,195.0,180.0,194.0,10.0,1900.0\n"
        + "1583971200000,2020-03-12,ETHUSDT,194.0,195.0,90.0,110.0,20.0,3000.0\n\n");

    assertThat(series.pair()).isEqualTo("ETHUSDT");
    assertThat(series.closes()).containsExactly(194.0, 110.0);
    assertThat(series.last().tradeCount()).isEqualTo(DailyBar.TRADE_COUNT_UNKNOWN);
  }

  @Test
  void a_malformed_price_names_file_line_and_value() {
    String bad = "1583971200000,2020-03-12,BTCUSDT,7932.56,7966.17,4410.0,4,8OO,261505.0,1600000000.0\n";

    assertThatThrownBy(() -> parse(BANNER + HEADER + ROW_0314 + bad))
        .isInstanceOf(PriceFileFormatException.class)
        .hasMessageContaining("Binance_BTCUSDT_d.csv:4")
        .satisfies(e -> assertThat(((PriceFileFormatException) e).line()).isEqualTo(4));
  }

  @Test
  void a_non_numeric_close_names_the_column_and_the_value() {
    String bad = ROW_0312.replace(",4800.0,", ",48OO.0,");

    assertThatThrownBy(() -> parse(BANNER + HEADER + ROW_0314 + bad))
        .isInstanceOf(PriceFileFormatException.class)
        .hasMessageContaining("Binance_BTCUSDT_d.csv:4")
        .hasMessageContaining("Close is not a number")
        .hasMessageContaining("'48OO.0'");
  }

  @Test
  void a_not_a_number_price_is_rejected() {
    String bad = ROW_0312.replace(",4800.0,", ",NaN,");

    assertThatThrownBy(() -> parse(BANNER + HEADER + bad))
        .isInstanceOf(PriceFileFormatException.class)
        .hasMessageContaining(":3:")
        .hasMessageContaining("'NaN'");
  }

  @Test
  void a_low_above_the_close_is_rejected_with_its_line() {
    String bad = "1583971200000,2020-03-12,BTCUSDT,7932.56,7966.17,5000.0,4800.0,261505.0,1600000000.0,700000\n";

    assertThatThrownBy(() -> parse(BANNER + HEADER + ROW_0314 + bad))
        .isInstanceOf(PriceFileFormatException.class)
        .hasMessageContaining(":4:")
        .hasMessageContaining("inconsistent");
  }

  @Test
  void a_duplicate_date_is_rejected() {
    assertThatThrownBy(() -> parse(BANNER + HEADER + ROW_0312 + ROW_0312))
        .isInstanceOf(PriceFileFormatException.class)
        .hasMessageContaining(":4:")
        .hasMessageContaining("duplicate date")
        .hasMessageContaining("2020-03-12");
  }

  @Test
  void a_date_out_of_order_is_rejected() {
    assertThatThrownBy(() -> parse(BANNER + HEADER + ROW_0314 + ROW_0311 + ROW_0312))
        .isInstanceOf(PriceFileFormatException.class)
        .hasMessageContaining(":5:")
        .hasMessageContaining("out of order");
  }

  @Test
  void a_unix_time_that_is_not_the_rows_day_is_rejected() {
    String bad = ROW_0312.replace("1583971200000", "1583884800000");

    assertThatThrownBy(() -> parse(BANNER + HEADER + bad))
        .isInstanceOf(PriceFileFormatException.class)
        .hasMessageContaining("'1583884800000'")
        .hasMessageContaining("not the start of 2020-03-12");
  }

  @Test
  void a_symbol_of_another_market_is_rejected() {
    String bad = ROW_0312.replace("BTCUSDT", "ETHUSDT");

    assertThatThrownBy(() -> parse(BANNER + HEADER + bad))
        .isInstanceOf(PriceFileFormatException.class)
        .hasMessageContaining("'ETHUSDT'")
        .hasMessageContaining("BTCUSDT");
  }

  @Test
  void a_row_with_a_missing_column_is_rejected() {
    String bad = "1583971200000,2020-03-12,BTCUSDT,7932.56,7966.17,4410.0,4800.0,261505.0\n";

    assertThatThrownBy(() -> parse(BANNER + HEADER + bad))
        .isInstanceOf(PriceFileFormatException.class)
        .hasMessageContaining("8 columns, header has 10");
  }

  @Test
  void an_unexpected_header_is_rejected() {
    assertThatThrownBy(() -> parse(BANNER + "Date,Unix,Symbol,Open,High,Low,Close,Volume BTC,Volume USDT\n"))
        .isInstanceOf(PriceFileFormatException.class)
        .hasMessageContaining(":2:")
        .hasMessageContaining("'Date'");
  }

  @Test
  void a_directory_is_read_file_by_file_in_pair_order_ignoring_other_files(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Binance_BTCUSDT_d.csv"), BANNER + HEADER + ROW_0312 + ROW_0311);
    Files.writeString(dir.resolve("Binance_ADAUSDT_d.csv"), BANNER
        + "Unix,Date,Symbol,Open,High,Low,Close,Volume ADA,Volume USDT,tradecount\n"
        + "1583971200000,2020-03-12,ADAUSDT,0.04,0.041,0.025,0.03,1000.0,30.0,10\n");
    Files.writeString(dir.resolve("PROVENANCE.md"), "# not a price file\n");

    List<DailyBarSeries> all = DailyPriceFileReader.readDirectory(dir);

    assertThat(all).extracting(DailyBarSeries::pair).containsExactly("ADAUSDT", "BTCUSDT");
  }

  @Test
  void the_error_of_a_file_in_a_directory_names_that_file(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Binance_BTCUSDT_d.csv"), BANNER + HEADER + ROW_0312.replace("7966.17", "x"));

    assertThatThrownBy(() -> DailyPriceFileReader.readDirectory(dir))
        .isInstanceOf(PriceFileFormatException.class)
        .hasMessageContaining("Binance_BTCUSDT_d.csv:3")
        .hasMessageContaining("High is not a number");
  }

  @Test
  void the_shared_binance_history_reads_whole_with_its_known_gaps() {
    List<DailyBarSeries> all = DailyPriceFileReader.readDirectory(binanceDailyOrSkip());

    assertThat(all).hasSize(44);
    DailyBarSeries btc = all.stream().filter(s -> s.pair().equals("BTCUSDT")).findFirst().orElseThrow();
    assertThat(btc.size()).isEqualTo(3167);
    assertThat(btc.first().date()).isEqualTo(LocalDate.of(2017, 8, 17));
    assertThat(btc.last().date()).isEqualTo(LocalDate.of(2026, 4, 26));
    assertThat(btc.missingDays()).hasSize(8).allMatch(d -> d.getYear() == 2026);
    assertThat(btc.on(LocalDate.of(2020, 3, 12)).orElseThrow().low()).isEqualTo(4410.0);
    assertThat(all.stream().filter(s -> s.pair().equals("ARBUSD")).findFirst().orElseThrow().quoteAsset()).isEqualTo("BUSD");
  }

  private static Path binanceDailyOrSkip() {
    java.util.Optional<Path> folder = SharedData.binanceDaily();
    org.junit.jupiter.api.Assumptions.assumeTrue(folder.isPresent(), SharedData.absent());
    return folder.get();
  }
}
