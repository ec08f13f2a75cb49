package dev.keel.domain.market.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.market.DailyVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DailyVolumeFilesTest {

  private static final String HEADER = "https://www.CryptoDataDownload.com\n"
      + "Unix,Date,Symbol,Open,High,Low,Close,Volume BTC,Volume USDT,tradecount\n";

  @Test
  void the_newest_days_that_traded_give_the_median_volume_and_the_last_close(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Binance_BTCUSDT_d.csv"), HEADER
        + "1704240000000,2024-01-03,BTCUSDT,100,110,90,105,0,0,0\n"
        + "1704153600000,2024-01-02,BTCUSDT,100,110,90,101,1,300,5\n"
        + "1704067200000,2024-01-01,BTCUSDT,100,110,90,99,1,100,5\n"
        + "1703980800000,2023-12-31,BTCUSDT,100,110,90,98,1,900,5\n");

    DailyVolume v = DailyVolumeFiles.read(dir, "BTC", 2).orElseThrow();

    assertThat(v.days()).isEqualTo(2);
    assertThat(v.medianQuoteVolume()).isEqualTo(200);
    assertThat(v.lastClose()).as("the day without trades is left out").isEqualTo(101);
  }

  @Test
  void a_malformed_file_reads_as_absent(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Binance_BTCUSDT_d.csv"), HEADER + "1704153600000,2024-01-02,BTCUSDT,100,110,90,abc,1,300,5\n");

    assertThat(DailyVolumeFiles.read(dir, "BTC", 30)).isEmpty();
  }

  @Test
  void a_missing_file_or_no_folder_reads_as_absent() {
    assertThat(DailyVolumeFiles.read(Path.of("no-such-folder"), "BTC", 30)).isEmpty();
    assertThat(DailyVolumeFiles.in(java.util.Optional.empty(), 30).apply("BTC")).isEmpty();
  }
}
