package dev.keel.ops.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keel.domain.portfolio.Basket;
import dev.keel.domain.portfolio.BasketCatalogue;
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
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BacktestCommandTest {

  static final List<String> OUTPUTS = List.of("summary.csv", "portfolios.csv", "daily.csv", "bands.csv",
      "evidence.csv", "overview.png", "stress.png", "frontier.png");

  @TempDir
  static Path prices;

  /** Every basket asset as a synthetic market of 800 days from 2019-06-01, with a storm in March 2020. */
  @BeforeAll
  static void writePriceFiles() throws Exception {
    Set<String> assets = new TreeSet<>();
    for (Basket b : BasketCatalogue.all()) {
      assets.addAll(b.weights().keySet());
    }
    assets.remove("USDT");
    long seed = 1;
    for (String asset : assets) {
      writeMarket(asset, seed++);
    }
    Files.writeString(prices.resolve("PROVENANCE.md"), "synthetic\n");
  }

  private static void writeMarket(String asset, long seed) throws Exception {
    Random random = new Random(seed);
    List<String> rows = new ArrayList<>();
    LocalDate start = LocalDate.of(2019, 6, 1);
    double close = 100;
    for (int d = 0; d < 800; d++) {
      LocalDate date = start.plusDays(d);
      boolean storm = !date.isBefore(LocalDate.of(2020, 3, 8)) && date.isBefore(LocalDate.of(2020, 4, 1));
      double sigma = storm ? 0.10 : 0.03;
      double open = close;
      close = open * Math.exp(random.nextGaussian() * sigma);
      long unix = date.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1000;
      double volume = (date.getDayOfWeek().getValue() >= 6 ? 0.6 : 1.0) * 5e7;
      rows.add(String.format(Locale.ROOT, "%d,%s,%sUSDT,%.6f,%.6f,%.6f,%.6f,%.2f,%.2f,%d", unix, date, asset, open,
          Math.max(open, close) * (1 + sigma / 2), Math.min(open, close) * (1 - sigma / 2), close, volume / close, volume, 500));
    }
    Collections.reverse(rows);
    Files.writeString(prices.resolve("Binance_" + asset + "USDT_d.csv"), "https://www.CryptoDataDownload.com\n"
        + "Unix,Date,Symbol,Open,High,Low,Close,Volume " + asset + ",Volume USDT,tradecount\n" + String.join("\n", rows) + "\n");
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BacktestCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static void assertOutputsWritten(Path out) throws Exception {
    for (String name : OUTPUTS) {
      assertThat(out.resolve(name)).as(name).isRegularFile();
      assertThat(Files.size(out.resolve(name))).as(name).isPositive();
    }
    BufferedImage overview = ImageIO.read(out.resolve("overview.png").toFile());
    assertThat(overview.getWidth()).isEqualTo(1600);
    List<String> portfolios = Files.readAllLines(out.resolve("portfolios.csv"));
    assertThat(portfolios.get(0)).startsWith("portfolio,basket,profile");
    assertThat(Files.readString(out.resolve("summary.csv"))).contains("all,keel-adaptive,execution_drag",
        "all,naive-keel-bands,cost");
    assertThat(Files.readString(out.resolve("daily.csv"))).contains(",naive-keel-bands,");
  }

  @Test
  void the_command_replays_a_folder_of_price_files_and_writes_the_table_the_csv_files_and_the_charts(@TempDir Path out)
      throws Exception {
    Run r = run("--prices", prices.toString(), "--from", "2019-06-01", "--to", "2021-08-01", "--portfolios", "24",
        "--seed", "3", "--out", out.toString(), "--split", "2020-06-01");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("naive-threshold", "naive-keel-bands", "keel-static", "keel-adaptive",
        "keel-cost-aware", "calendar-monthly", "By profile", "By basket", "24 portfolios x 8 policies",
        "Evidence, all", "Evidence, in-sample", "Evidence, out-of-sample");
    assertThat(r.out()).containsPattern("group +policy +n +TE % +out % +reb/yr +turnover % +cost bp");
    assertOutputsWritten(out);
    // header plus one row per live portfolio and policy (portfolios joining after the period are skipped)
    int live = 24 - Integer.parseInt(r.out().replaceAll("(?s).*; (\\d+) skipped.*", "$1"));
    assertThat(live).isPositive();
    assertThat(Files.readAllLines(out.resolve("portfolios.csv"))).hasSize(1 + live * 8);
    assertThat(Files.readString(out.resolve("evidence.csv"))).contains("in-sample,keel-cost-aware,",
        "out-of-sample,naive-threshold,");
  }

  @Test
  void basket_assets_put_every_portfolio_on_one_equal_weight_basket(@TempDir Path out) throws Exception {
    Run r = run("--prices", prices.toString(), "--from", "2019-06-01", "--to", "2020-12-01", "--portfolios", "6",
        "--seed", "3", "--out", out.toString(), "--no-charts", "--static-population", "--basket-assets",
        "BTC,ETH,SOL,UNI,AAVE");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("basket=EQUAL_5").doesNotContain("basket=BTC_ETH_60_40").contains("6 assets");
    List<String> rows = Files.readAllLines(out.resolve("portfolios.csv"));
    assertThat(rows).hasSize(1 + 6 * 8);
    assertThat(rows.subList(1, rows.size())).allSatisfy(row -> assertThat(row).contains(",EQUAL_5,"));
  }

  @Test
  void basket_assets_without_a_price_file_or_repeated_are_refused_naming_them(@TempDir Path out) {
    Run missing = run("--prices", prices.toString(), "--out", out.toString(), "--basket-assets", "BTC,XMR");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.err()).contains("--basket-assets").contains("XMR");

    Run repeated = run("--prices", prices.toString(), "--out", out.toString(), "--basket-assets", "BTC,ETH,BTC");
    assertThat(repeated.exitCode()).isNotZero();
    assertThat(repeated.err()).contains("--basket-assets").contains("repeated symbol 'BTC'");
  }

  @Test
  void a_missing_price_folder_is_refused_with_a_message_naming_it(@TempDir Path out) {
    Run r = run("--prices", out.resolve("nowhere").toString(), "--out", out.toString());

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("nowhere");
  }

  @Test
  void the_real_history_from_2019_to_2026_replays_and_writes_every_output(@TempDir Path out) throws Exception {
    Path folder = SharedData.binanceDailyLocation();
    assumeTrue(Files.isDirectory(folder), SharedData.absent());

    Run r = run("--prices", folder.toString(), "--portfolios", "40", "--seed", "42", "--out", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("2019-01-01 to 2026-04-26", "40 portfolios x 8 policies");
    assertOutputsWritten(out);
  }
}
