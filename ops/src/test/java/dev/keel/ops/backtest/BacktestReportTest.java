package dev.keel.ops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backtest's CSV files: RFC 4180 quoting, plain values left as they are. */
class BacktestReportTest {

  @Test
  void a_value_with_a_comma_or_a_quote_is_quoted_and_reads_back_whole(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("groups.csv");

    BacktestReport.write(file, w -> {
      w.printRecord("basket=BTC,ETH", "keel-static", 12, "");
      w.printRecord("profile \"balanced\"", "keel-adaptive", 3, "0.125");
    }, "group", "policy", "portfolios", "cost");

    assertThat(Files.readString(file)).isEqualTo("group,policy,portfolios,cost\n"
        + "\"basket=BTC,ETH\",keel-static,12,\n"
        + "\"profile \"\"balanced\"\"\",keel-adaptive,3,0.125\n");
    try (Reader in = Files.newBufferedReader(file);
        CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
      List<CSVRecord> rows = parser.getRecords();
      assertThat(rows.get(0).get("group")).isEqualTo("basket=BTC,ETH");
      assertThat(rows.get(1).get("group")).isEqualTo("profile \"balanced\"");
      assertThat(rows.get(1).get("cost")).isEqualTo("0.125");
    }
  }
}
