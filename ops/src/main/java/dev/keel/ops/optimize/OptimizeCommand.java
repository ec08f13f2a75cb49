package dev.keel.ops.optimize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.domain.optimize.BindingConstraint;
import dev.keel.domain.optimize.Dust;
import dev.keel.domain.optimize.NaiveRebalancePolicy;
import dev.keel.domain.optimize.RebalanceOptimizer;
import dev.keel.domain.optimize.RebalanceOutcome;
import dev.keel.domain.optimize.RebalanceOutcome.Failed;
import dev.keel.domain.optimize.RebalanceOutcome.Infeasible;
import dev.keel.domain.optimize.RebalanceOutcome.NoTradeNeeded;
import dev.keel.domain.optimize.RebalanceOutcome.Optimal;
import dev.keel.domain.optimize.RebalancePolicy;
import dev.keel.domain.optimize.RebalanceProblem;
import dev.keel.domain.optimize.SolveReport.Route;
import dev.keel.domain.optimize.Trade;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keel optimize --input problem.json [--explain]}: reads one rebalancing problem, solves it
 * and prints the answer as JSON on standard output. With {@code --explain} a readable breakdown
 * (each trade, its cost, what it buys in tracking error, the binding constraints) goes to
 * standard error, so standard output stays valid JSON. Needs no database.
 *
 * <p>Exit codes: 0 an answer (a trade or no trade needed), 1 an unreadable problem, 3 infeasible,
 * 4 failed.
 */
@Command(name = "optimize", mixinStandardHelpOptions = true,
    description = "Solve one rebalancing problem from a JSON file and print the answer as JSON.")
public class OptimizeCommand implements Callable<Integer> {

  /** Exit code for an infeasible problem. */
  public static final int INFEASIBLE = 3;
  /** Exit code when no route produced a certified answer. */
  public static final int FAILED = 4;

  @Spec
  CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "the problem, as JSON (see docs/optimizer.md)")
  Path input;

  @Option(names = "--explain", description = "also write a readable breakdown to standard error")
  boolean explain;

  @Option(names = "--policy", defaultValue = "optimizer", paramLabel = "POLICY",
      description = "optimizer (default), naive (back to target) or convex (ojalgo route first)")
  String policy;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public OptimizeCommand() {
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RebalanceProblem problem;
    RebalancePolicy chosen;
    try {
      chosen = policy(policy);
      problem = ProblemJson.read(Files.readString(input));
    } catch (ProblemJson.InvalidProblem e) {
      err.println("optimize: " + input + ": " + e.getMessage());
      err.flush();
      return 1;
    }
    RebalanceOutcome outcome = chosen.rebalance(problem);
    out.println(JSON.writeValueAsString(toJson(problem, outcome)));
    out.flush();
    if (explain) {
      err.print(explain(problem, outcome));
      err.flush();
    }
    if (outcome instanceof Infeasible) {
      return INFEASIBLE;
    }
    if (outcome instanceof Failed) {
      return FAILED;
    }
    return 0;
  }

  private static RebalancePolicy policy(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "optimizer":
        return RebalanceOptimizer.DEFAULT;
      case "convex":
        return RebalanceOptimizer.startingWith(Route.CONVEX_SOLVER);
      case "naive":
        return NaiveRebalancePolicy.DEFAULT;
      default:
        throw new ProblemJson.InvalidProblem("--policy must be optimizer, convex or naive, was '" + name + "'");
    }
  }

  /** The answer as the JSON documented in docs/optimizer.md. */
  static ObjectNode toJson(RebalanceProblem problem, RebalanceOutcome outcome) {
    ObjectNode root = JSON.createObjectNode();
    if (outcome instanceof NoTradeNeeded none) {
      root.put("outcome", "NO_TRADE_NEEDED");
      root.put("reason", none.reason());
    } else if (outcome instanceof Infeasible infeasible) {
      root.put("outcome", "INFEASIBLE");
      root.put("reason", infeasible.reason());
    } else if (outcome instanceof Failed failed) {
      root.put("outcome", "FAILED");
      root.put("reason", failed.reason());
      ArrayNode attempts = root.putArray("attempts");
      failed.attempts().forEach(attempts::add);
    } else {
      Optimal o = (Optimal) outcome;
      root.put("outcome", "OPTIMAL");
      root.put("route", o.report().route().name());
      root.put("iterations", o.report().iterations());
      root.put("objective", o.objective());
      root.put("expectedCost", o.expectedCost());
      root.put("trackingErrorBefore", o.trackingErrorBefore());
      root.put("trackingErrorAfter", o.trackingErrorAfter());
      ObjectNode weights = root.putObject("weightsAfter");
      double[] after = o.weightsAfter();
      for (int i = 0; i < after.length; i++) {
        weights.put(problem.assets().get(i), after[i]);
      }
      ArrayNode trades = root.putArray("trades");
      for (Trade t : o.trades()) {
        ObjectNode node = trades.addObject();
        node.put("asset", t.asset());
        node.put("side", t.side().name());
        node.put("weight", t.weight());
        node.put("expectedCost", t.expectedCost());
        node.put("trackingRelief", t.trackingRelief());
        t.size().ifPresent(size -> {
          node.put("quantity", size.quantity().toPlainString());
          node.put("notional", size.notional().toPlainString());
        });
      }
      ArrayNode binding = root.putArray("bindingConstraints");
      for (BindingConstraint b : o.bindingConstraints()) {
        ObjectNode node = binding.addObject();
        node.put("kind", b.kind().name());
        node.put("asset", b.asset());
        node.put("multiplier", b.multiplier());
      }
      ArrayNode dust = root.putArray("dust");
      for (Dust d : o.dust()) {
        ObjectNode node = dust.addObject();
        node.put("asset", d.asset());
        node.put("quantity", d.quantity().toPlainString());
        node.put("notional", d.notional().toPlainString());
        node.put("reason", d.reason().name());
      }
      ObjectNode certificate = root.putObject("certificate");
      certificate.put("primalResidual", o.report().primalResidual());
      certificate.put("stationarityResidual", o.report().stationarityResidual());
      root.put("exchangeRounds", o.report().exchangeRounds());
      ArrayNode notes = root.putArray("notes");
      o.report().notes().forEach(notes::add);
    }
    return root;
  }

  /** The readable breakdown: percentages of portfolio value and basis points. */
  static String explain(RebalanceProblem problem, RebalanceOutcome outcome) {
    StringBuilder s = new StringBuilder();
    if (!(outcome instanceof Optimal o)) {
      String reason = outcome instanceof NoTradeNeeded n ? "no trade needed: " + n.reason()
          : outcome instanceof Infeasible i ? "infeasible: " + i.reason()
          : "failed: " + ((Failed) outcome).reason();
      return s.append(reason).append('\n').toString();
    }
    s.append(String.format(Locale.ROOT, "%d trade(s) by %s, certified (primal %.1e, stationarity %.1e)%n",
        o.trades().size(), o.report().route(), o.report().primalResidual(), o.report().stationarityResidual()));
    s.append(String.format(Locale.ROOT, "tracking error %.3f%% -> %.3f%% of portfolio value; cost %.2f bp; objective %.3e%n",
        100 * o.trackingErrorBefore(), 100 * o.trackingErrorAfter(), 1e4 * o.expectedCost(), o.objective()));
    s.append(String.format(Locale.ROOT, "%-8s %-4s %9s %10s %14s %14s%n", "asset", "side", "weight%", "cost bp",
        "relief bp", "quantity"));
    for (Trade t : o.trades()) {
      s.append(String.format(Locale.ROOT, "%-8s %-4s %9.3f %10.3f %14.3f %14s%n", t.asset(), t.side(),
          100 * t.weight(), 1e4 * t.expectedCost(), 1e4 * t.trackingRelief(),
          t.size().map(z -> z.quantity().toPlainString()).orElse("-")));
    }
    s.append("relief: how much lambda x tracking-error variance would rise without that trade, same units as cost\n");
    double[] w0 = problem.currentWeights();
    double[] after = o.weightsAfter();
    double[] t = problem.targetWeights();
    double[] beta = problem.bandHalfWidths();
    s.append(String.format(Locale.ROOT, "%-8s %9s %9s %9s %17s%n", "asset", "now%", "after%", "target%", "band%"));
    for (int i = 0; i < w0.length; i++) {
      s.append(String.format(Locale.ROOT, "%-8s %9.3f %9.3f %9.3f %8.3f..%-8.3f%n", problem.assets().get(i),
          100 * w0[i], 100 * after[i], 100 * t[i], 100 * Math.max(0, t[i] - beta[i]), 100 * Math.min(1, t[i] + beta[i])));
    }
    for (BindingConstraint b : o.bindingConstraints()) {
      s.append(String.format(Locale.ROOT, "binding: %-18s %-8s shadow price %.3e%n", b.kind(), b.asset(), b.multiplier()));
    }
    for (Dust d : o.dust()) {
      s.append(String.format(Locale.ROOT, "dust: %-8s %s units (%s quote) %s%n", d.asset(), d.quantity().toPlainString(),
          d.notional().toPlainString(), d.reason()));
    }
    for (String note : o.report().notes()) {
      s.append("note: ").append(note).append('\n');
    }
    return s.toString();
  }
}
