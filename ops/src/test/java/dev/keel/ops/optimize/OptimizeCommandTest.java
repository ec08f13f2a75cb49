package dev.keel.ops.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void an_infeasible_problem_exits_with_three_and_says_why() throws Exception {
    Run run = run(BTC_RALLY.replace("\"current\": 0.10, \"target\": 0.20, \"band\": 0.05", "\"current\": 0.0, \"target\": 0.0, \"band\": 0.0")
        .replace("\"current\": 0.30, \"target\": 0.30", "\"current\": 0.40, \"target\": 0.50"));
    assertThat(run.exit()).isEqualTo(OptimizeCommand.INFEASIBLE);
    assertThat(new ObjectMapper().readTree(run.out()).get("reason").asText()).contains("cash cannot cover");
  }
}
