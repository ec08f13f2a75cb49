package dev.keel.ops.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code keel optimize} end to end, without a database. */
class OptimizeCommandTest {

  /** The example from docs/optimizer.md: BTC has rallied ten points over target. */
  static final String BTC_RALLY = """
      {
        "cash": "USDT",
        "riskProfile": "BALANCED",
        "covarianceScale": 0.0191780822,
        "portfolioValue": "10000",
        "covariance": [[0, 0, 0], [0, 0.36, 0.24], [0, 0.24, 0.25]],
        "assets": [
          {"symbol": "USDT", "current": 0.10, "target": 0.20, "band": 0.05},
          {"symbol": "BTC", "current": 0.60, "target": 0.50, "band": 0.05, "buyCost": 0.0015, "sellCost": 0.0015,
           "impact": 0.01, "price": "60000", "lotSize": "0.00001", "minNotional": "5"},
          {"symbol": "ETH", "current": 0.30, "target": 0.30, "band": 0.05, "buyCost": 0.0015, "sellCost": 0.0015,
           "impact": 0.01, "price": "3000", "lotSize": "0.0001", "minNotional": "5"}
        ]
      }
      """;

  @TempDir
  Path dir;

  private record Run(int exit, String out, String err) {
  }

  private Run run(String json, String... extra) throws Exception {
    Path file = dir.resolve("problem.json");
    Files.writeString(file, json);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new OptimizeCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] args = new String[extra.length + 2];
    args[0] = "--input";
    args[1] = file.toString();
    System.arraycopy(extra, 0, args, 2, extra.length);
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void a_breached_portfolio_gets_trades_with_lot_rounded_quantities_as_json() throws Exception {
    Run run = run(BTC_RALLY);
    assertThat(run.exit()).isZero();
    JsonNode answer = new ObjectMapper().readTree(run.out());
    assertThat(answer.get("outcome").asText()).isEqualTo("OPTIMAL");
    assertThat(answer.get("route").asText()).isEqualTo("ACTIVE_SET");
    JsonNode btc = answer.get("trades").get(0);
    assertThat(btc.get("asset").asText()).isEqualTo("BTC");
    assertThat(btc.get("side").asText()).isEqualTo("SELL");
    assertThat(new java.math.BigDecimal(btc.get("quantity").asText()).scale()).isLessThanOrEqualTo(5);
    assertThat(answer.get("weightsAfter").get("BTC").asDouble()).isBetween(0.45, 0.55);
    assertThat(answer.get("certificate").get("stationarityResidual").asDouble()).isLessThan(1e-8);
  }

  @Test
  void explain_writes_a_readable_breakdown_and_keeps_standard_output_valid_json() throws Exception {
    Run run = run(BTC_RALLY, "--explain");
    assertThat(new ObjectMapper().readTree(run.out()).get("outcome").asText()).isEqualTo("OPTIMAL");
    assertThat(run.err()).contains("tracking error", "BTC", "SELL", "relief", "binding:");
  }

  @Test
  void the_naive_policy_trades_back_to_target() throws Exception {
    Run run = run(BTC_RALLY, "--policy", "naive");
    JsonNode answer = new ObjectMapper().readTree(run.out());
    assertThat(answer.get("route").asText()).isEqualTo("NAIVE");
    assertThat(answer.get("weightsAfter").get("BTC").asDouble()).isBetween(0.499, 0.501);
  }

  @Test
  void the_convex_policy_answers_on_the_ojalgo_route_with_the_same_trade() throws Exception {
    Run convex = run(BTC_RALLY, "--policy", "convex");
    Run optimizer = run(BTC_RALLY);
    assertThat(convex.exit()).isZero();
    JsonNode slow = new ObjectMapper().readTree(convex.out());
    JsonNode fast = new ObjectMapper().readTree(optimizer.out());
    assertThat(slow.get("outcome").asText()).isEqualTo("OPTIMAL");
    assertThat(slow.get("route").asText()).isEqualTo("CONVEX_SOLVER");
    assertThat(slow.get("certificate").get("stationarityResidual").asDouble()).isLessThan(1e-8);
    assertThat(slow.get("trades")).hasSize(1);
    assertThat(slow.get("trades").get(0).get("quantity").asText()).isEqualTo(fast.get("trades").get(0).get("quantity").asText());
    for (String asset : new String[] {"USDT", "BTC", "ETH"}) {
      assertThat(slow.get("weightsAfter").get(asset).asDouble()).as(asset)
          .isCloseTo(fast.get("weightsAfter").get(asset).asDouble(), org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void a_failed_solve_exits_with_four_and_prints_failed_with_its_reason() throws Exception {
    // a "covariance" with negative curvature: no route may propose anything on it
    Run run = run(BTC_RALLY.replace("[[0, 0, 0], [0, 0.36, 0.24], [0, 0.24, 0.25]]", "[[0, 0, 0], [0, 0.1, 0.9], [0, 0.9, 0.1]]"),
        "--explain");
    assertThat(run.exit()).isEqualTo(OptimizeCommand.FAILED).isEqualTo(4);
    JsonNode answer = new ObjectMapper().readTree(run.out());
    assertThat(answer.get("outcome").asText()).isEqualTo("FAILED");
    assertThat(answer.get("reason").asText()).contains("not positive semi-definite");
    assertThat(answer.get("attempts").isArray()).isTrue();
    assertThat(answer.has("trades")).isFalse();
    assertThat(run.err()).startsWith("failed: ");
  }

  /** The example in docs/optimizer.md is this command's real output, both streams, line for line. */
  @Test
  void the_documented_explain_example_is_the_commands_real_output() throws Exception {
    Path doc = Path.of("..", "docs", "optimizer.md");
    String text = Files.readString(doc);
    Run run = run(BTC_RALLY, "--explain");
    assertThat(text).as("docs/optimizer.md, the JSON example").contains(stripped(run.out()));
    assertThat(text).as("docs/optimizer.md, the --explain example").contains(stripped(run.err()));
  }

  /** Lines without trailing blanks, joined by newlines. */
  private static String stripped(String text) {
    return Arrays.stream(text.split("\\R")).map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
  }

  @Test
  void a_portfolio_inside_its_bands_needs_no_trade() throws Exception {
    Run run = run(BTC_RALLY.replace("\"current\": 0.10", "\"current\": 0.18").replace("\"current\": 0.60", "\"current\": 0.52"));
    assertThat(run.exit()).isZero();
    assertThat(new ObjectMapper().readTree(run.out()).get("outcome").asText()).isEqualTo("NO_TRADE_NEEDED");
  }

  @Test
  void a_bad_field_is_named_with_its_value_and_exits_with_one() throws Exception {
    Run run = run(BTC_RALLY.replace("\"band\": 0.05}", "\"band\": -0.05}"));
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("bandHalfWidths[0]", "-0.05");
  }

  @Test
  void a_string_where_a_number_belongs_is_named_with_the_asset_and_the_value() throws Exception {
    Run run = run(BTC_RALLY.replace("\"current\": 0.60", "\"current\": \"0.60\""));
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("assets[1] (BTC).current must be a number, was \"0.60\"");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void a_missing_weight_is_named_with_the_asset() throws Exception {
    Run run = run(BTC_RALLY.replace("\"current\": 0.10, \"target\": 0.20,", "\"current\": 0.10,"));
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("assets[0] (USDT).target must be a number, was null");
  }

  @Test
  void a_lot_size_that_is_no_decimal_is_named_with_its_text() throws Exception {
    Run run = run(BTC_RALLY.replace("\"lotSize\": \"0.00001\"", "\"lotSize\": \"0.0000l\""));
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("assets[1] (BTC).lotSize is not a decimal number: '0.0000l'");
  }

  @Test
  void a_covariance_entry_that_is_no_number_is_named_by_row_and_column() throws Exception {
    Run run = run(BTC_RALLY.replace("[0, 0.36, 0.24]", "[0, 0.36, \"high\"]"));
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("covariance[1][2] must be a number, was \"high\"");
  }

  @Test
  void a_file_that_is_not_json_is_refused_as_such() throws Exception {
    Run run = run("{\"assets\": [");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("not valid JSON");
  }

  @Test
  void an_infeasible_problem_exits_with_three_and_says_why() throws Exception {
    Run run = run(BTC_RALLY.replace("\"current\": 0.10, \"target\": 0.20, \"band\": 0.05", "\"current\": 0.0, \"target\": 0.0, \"band\": 0.0")
        .replace("\"current\": 0.30, \"target\": 0.30", "\"current\": 0.40, \"target\": 0.50"));
    assertThat(run.exit()).isEqualTo(OptimizeCommand.INFEASIBLE);
    assertThat(new ObjectMapper().readTree(run.out()).get("reason").asText()).contains("cash cannot cover");
  }
}
