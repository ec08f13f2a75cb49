package dev.keel.ops.regimes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keel.domain.market.history.SharedData;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RegimesCommandTest {

  @TempDir
  static Path prices;

  /** Two synthetic markets of 700 days: quiet, a 40-day storm from day 450, quiet again. */
  @BeforeAll
  static void writePriceFiles() throws Exception {
    writeMarket("AAA", 1);
    writeMarket("BBB", 2);
    Files.writeString(prices.resolve("PROVENANCE.md"), "synthetic\n");
  }

  private static void writeMarket(String asset, long seed) throws Exception {
    Random random = new Random(seed);
    List<String> rows = new ArrayList<>();
    LocalDate start = LocalDate.of(2021, 1, 1);
    double close = 100;
    for (int d = 0; d < 700; d++) {
      double sigma = d >= 450 && d < 490 ? 0.09 : 0.02;
      double open = close;
      close = open * Math.exp(random.nextGaussian() * sigma);
      LocalDate date = start.plusDays(d);
      long unix = date.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1000;
      rows.add(String.format(Locale.ROOT, "%d,%s,%sUSDT,%.6f,%.6f,%.6f,%.6f,%.2f,%.2f,%d", unix, date, asset, open,
          Math.max(open, close) * 1.01, Math.min(open, close) * 0.99, close, 1000.0, 1000.0 * close, 500));
    }
    Collections.reverse(rows);
    Files.writeString(prices.resolve("Binance_" + asset + "USDT_d.csv"), "https://www.CryptoDataDownload.com\n"
        + "Unix,Date,Symbol,Open,High,Low,Close,Volume " + asset + ",Volume USDT,tradecount\n" + String.join("\n", rows) + "\n");
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RegimesCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void prints_each_assets_timeline_days_per_regime_and_switches_per_year() {
    Run r = run("--prices", prices.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("AAA (AAAUSDT): 2021-01-01 .. 2022-12-01, 700 daily bars, 0 days missing");
    assertThat(r.out()).contains("BBB (BBBUSDT)");
    assertThat(r.out()).contains("EXTREME");
    assertThat(r.out()).contains("switches per year: 2021:");
    assertThat(r.out()).contains("asset   classified      calm  normal    high  extreme   switches/yr");
  }

  @Test
  void the_storm_shows_as_an_extreme_stretch_in_the_timeline() {
    Run r = run("--prices", prices.toString(), "--asset", "AAA");

    String stormLine = r.out().lines().filter(l -> l.contains("EXTREME") && l.startsWith("  2022-0")).findFirst().orElse("");
    assertThat(stormLine).startsWith("  2022-03-2");
    assertThat(r.out()).doesNotContain("BBB");
  }

  @Test
  void an_unknown_asset_fails_naming_the_assets_found() {
    Run r = run("--prices", prices.toString(), "--asset", "ZZZ");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("no USDT price file for ZZZ").contains("found AAA, BBB");
  }

  @Test
  void a_missing_folder_fails_naming_it() {
    Run r = run("--prices", prices.resolve("nowhere").toString());

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("nowhere");
  }

  @Test
  void the_chart_is_a_readable_png_with_a_strip_per_asset(@TempDir Path out) throws Exception {
    Path png = out.resolve("regimes.png");

    Run r = run("--prices", prices.toString(), "--chart", png.toString(), "--summary-only");

    assertThat(r.exitCode()).isZero();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1600);
    assertThat(image.getHeight()).isGreaterThan(40);
  }

  @Test
  void the_single_asset_chart_adds_price_and_volatility_panels(@TempDir Path out) throws Exception {
    Path png = out.resolve("aaa.png");

    assertThat(run("--prices", prices.toString(), "--asset", "aaa", "--chart", png.toString()).exitCode()).isZero();

    assertThat(ImageIO.read(png.toFile()).getHeight()).isGreaterThan(400);
  }

  @Test
  void on_the_shared_history_bitcoin_is_extreme_in_march_2020() {
    Path folder = SharedData.binanceDailyLocation();
    assumeTrue(Files.isDirectory(folder), SharedData.absent());

    Run r = run("--prices", folder.toString(), "--asset", "BTC");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).containsPattern("  2020-03-1[2-4]  2020-0[3-6]-\\d\\d  EXTREME");
  }

  @Test
  void the_summary_counts_each_assets_crash_episodes_and_how_many_were_caught() {
    Run r = run("--prices", prices.toString(), "--summary-only");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("shock rule 20% below the 7-day high, hold 20 days");
    assertThat(r.out()).contains("episodes  counted  caught");
    assertThat(r.out()).containsPattern("all 2: \\d+ episodes, \\d+ after the warm-up, \\d+ caught");
  }

  @Test
  void without_the_shock_rule_the_summary_says_so() {
    assertThat(run("--prices", prices.toString(), "--summary-only", "--without-shock-rule").out()).contains("shock rule off");
  }

  @Test
  void the_shock_rule_options_reach_the_classifier_and_bad_ones_fail_naming_the_setting() {
    assertThat(run("--prices", prices.toString(), "--summary-only", "--shock-hold", "30", "--shock-drop", "0.25").out())
        .contains("shock rule 25% below the 7-day high, hold 30 days");
    Run bad = run("--prices", prices.toString(), "--summary-only", "--shock-drop", "2");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("shock.drop must be a fraction in (0, 1), was 2.0");
  }

  @Test
  void on_the_shared_history_every_bitcoin_crash_is_caught() {
    Path folder = SharedData.binanceDailyLocation();
    assumeTrue(Files.isDirectory(folder), SharedData.absent());

    Run r = run("--prices", folder.toString(), "--asset", "BTC", "--summary-only");

    assertThat(r.out()).containsPattern("BTC .* 15 +12 +12\\n");
    assertThat(r.out()).doesNotContain("missed");
  }
}
