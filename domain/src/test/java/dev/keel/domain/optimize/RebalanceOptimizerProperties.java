package dev.keel.domain.optimize;

import static dev.keel.domain.testing.Properties.assume;
import static dev.keel.domain.testing.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.optimize.RandomProblems.Feature;
import dev.keel.domain.optimize.RebalanceOptimizer.Attempt;
import dev.keel.domain.optimize.RebalanceOptimizer.RouteAnswer;
import dev.keel.domain.optimize.RebalanceOptimizer.RouteSolver;
import dev.keel.domain.optimize.RebalanceOptimizer.Solved;
import dev.keel.domain.optimize.RebalanceOptimizer.Unsolved;
import dev.keel.domain.optimize.RebalanceOutcome.Infeasible;
import dev.keel.domain.optimize.RebalanceOutcome.NoTradeNeeded;
import dev.keel.domain.optimize.RebalanceOutcome.Optimal;
import dev.keel.domain.optimize.SolveReport.Route;
import dev.keel.domain.testing.Properties.Tally;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The optimiser's mathematical promises, on random positive semi-definite problems. Each problem is drawn from a
 * seed of its own ({@link Drawn}), which a failure prints. Every property's first cases are one problem of every
 * size, from both mixes where the property runs on the degenerate one, and with a factor at both ends of its range.
 */
class RebalanceOptimizerProperties {

  private static final RebalanceOptimizer OPTIMIZER = RebalanceOptimizer.DEFAULT;

  /** Problem sizes, lines including cash. */
  private static final int[] SIZES = {2, 3, 5, 10, 20};

  /** Cost and risk-aversion factors are drawn from [1, 20]. */
  private static final double[] FACTOR_ENDS = {1, 20};

  /** A breached problem of {@code lines} lines drawn from {@code seed}: the regular mix, or the degenerate one. */
  record Drawn(long seed, int lines, boolean degenerate) {
    RebalanceProblem problem() {
      return RandomProblems.breached(new SplittableRandom(seed), lines, degenerate);
    }
  }

  /** A drawn problem and a factor in [1, 20]. */
  record Scaled(Drawn drawn, double factor) {}

  private static Drawn breached(SplittableRandom r) {
    return new Drawn(r.nextLong(), SIZES[r.nextInt(SIZES.length)], false);
  }

  /** Half the draws from the degenerate mix, half from the regular one. */
  private static Drawn breachedOrDegenerate(SplittableRandom r) {
    return new Drawn(r.nextLong(), SIZES[r.nextInt(SIZES.length)], r.nextBoolean());
  }

  private static Scaled scaled(Drawn drawn, SplittableRandom r) {
    return new Scaled(drawn, r.nextDouble(1, 20));
  }

  /** One problem of every size from the regular mix and, with {@code degenerateToo}, from the degenerate one. */
  private static List<Drawn> everySize(boolean degenerateToo) {
    List<Drawn> out = new ArrayList<>();
    for (boolean degenerate : degenerateToo ? new boolean[] {false, true} : new boolean[] {false}) {
      for (int n : SIZES) {
        out.add(new Drawn(out.size(), n, degenerate));
      }
    }
    return out;
  }

  /** Every size, each with both ends of the factor's range. */
  private static List<Scaled> everySizeAtBothFactorEnds(boolean degenerateToo) {
    List<Scaled> out = new ArrayList<>();
    for (Drawn d : everySize(degenerateToo)) {
      for (double factor : FACTOR_ENDS) {
        out.add(new Scaled(d, factor));
      }
    }
    return out;
  }

  @Test
  void budget_and_bounds_hold_and_every_weight_ends_inside_its_band(TestReporter reporter) {
    long seed = 20261204_51L;
    Tally outcomes = new Tally("outcome", seed);
    forAll(seed, 300, everySize(true), RebalanceOptimizerProperties::breachedOrDegenerate, drawn -> {
      RebalanceProblem problem = drawn.problem();
      RebalanceOutcome outcome = OPTIMIZER.rebalance(problem);
      outcomes.collect(outcome.getClass().getSimpleName());
      if (outcome instanceof Infeasible infeasible) {
        // Only a cash line pinned too low to pay for the trades may make a problem infeasible.
        assertThat(infeasible.reason()).startsWith("cash cannot cover");
        return;
      }
      assertThat(outcome).isInstanceOf(Optimal.class);
      double[] w = ((Optimal) outcome).weightsAfter();
      double[] t = problem.targetWeights();
      double[] beta = problem.bandHalfWidths();
      double sum = 0;
      for (int i = 0; i < w.length; i++) {
        sum += w[i];
        assertThat(w[i]).isGreaterThanOrEqualTo(-1e-8);
        assertThat(w[i]).isBetween(t[i] - beta[i] - 1e-8, t[i] + beta[i] + 1e-8);
      }
      assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-8));
    });
    outcomes.publish(reporter);
  }

  /** One route's raw answer with the certificate's verdict on it, described for a failure message. */
  private record Judged(String route, RouteAnswer answer, KktCertificate.Verdict verdict, double objective) {
    static Judged of(String route, ResolvedProblem p, RouteAnswer answer) {
      if (answer.infeasible() || answer.trade() == null) {
        return new Judged(route, answer, null, Double.NaN);
      }
      return new Judged(route, answer, KktCertificate.check(p, answer.trade()), p.objective(answer.trade()));
    }

    boolean certified() {
      return verdict != null && verdict.passed();
    }

    /** Inside the bounds and on the budget (to the certificate's 1e-9): its objective is comparable. */
    boolean feasible() {
      return verdict != null && verdict.primalResidual() <= KktCertificate.PRIMAL_TOLERANCE;
    }

    String kind() {
      return certified() ? "certified" : feasible() ? "rejected, feasible" : verdict != null ? "rejected, infeasible" : "no answer";
    }

    String describe() {
      String said = answer.detail().isEmpty() ? "" : " (route said: " + answer.detail() + ")";
      if (verdict == null) {
        return route + ": no answer" + said;
      }
      return String.format(Locale.ROOT, "%s: %s by its certificate%s (primal %.2e, stationarity %.2e), objective %.12e%s",
          route, certified() ? "CERTIFIED" : "REJECTED", certified() ? "" : ": " + verdict.reason(),
          verdict.primalResidual(), verdict.stationarityResidual(), objective, said);
    }
  }

  /**
   * The active set's answer passes its certificate, and wherever ojalgo's answer is feasible
   * (certified or not) the active set's objective is not worse by more than 1e-6. Degenerate
   * problems included; the message carries both certificates' verdicts, so a disagreement says
   * which answer its certificate rejects.
   */
  @Test
  void the_answer_passes_its_certificate_and_the_independent_route_finds_nothing_better(TestReporter reporter) {
    long seed = 20261204_52L;
    Tally problems = new Tally("problem", seed);
    Tally ojalgo = new Tally("ojalgo", seed);
    Tally ojalgoOnRegular = new Tally("ojalgo on regular problems", seed);
    Tally compared = new Tally("objectives compared", seed);
    Feature[] covered = {Feature.SINGULAR_COVARIANCE, Feature.NO_IMPACT, Feature.ZERO_WIDTH_BAND};
    Tally[] coveredFeatures = new Tally[covered.length];
    for (int k = 0; k < covered.length; k++) {
      coveredFeatures[k] = new Tally(covered[k].name(), seed);
    }
    forAll(seed, 300, everySize(true), RebalanceOptimizerProperties::breachedOrDegenerate, drawn -> {
      RebalanceProblem problem = drawn.problem();
      ResolvedProblem p = problem.resolve();
      Set<Feature> features = RandomProblems.features(problem);
      Judged fast = Judged.of("active set", p, RouteSolver.ACTIVE_SET.solve(p));
      Judged slow = Judged.of("ojalgo", p, RouteSolver.CONVEX_SOLVER.solve(p));
      String both = fast.describe() + "; " + slow.describe() + "; degenerate features " + features;

      problems.collect(features.isEmpty() ? "regular" : "degenerate");
      for (int k = 0; k < covered.length; k++) {
        coveredFeatures[k].collect(features.contains(covered[k]));
      }
      ojalgo.collect(slow.kind() + (features.isEmpty() ? " (regular)" : " (degenerate)"));
      if (features.isEmpty()) {
        // ojalgo is reliable on the strictly convex form: its rejections there must stay rare
        ojalgoOnRegular.collect(slow.kind());
      }
      boolean comparable = fast.feasible() && slow.feasible();
      compared.collect(comparable);

      assertThat(fast.certified()).as("the active set's answer must pass its certificate: %s", both).isTrue();
      if (comparable) {
        assertThat(fast.objective()).as("active set worse than ojalgo by more than 1e-6: %s", both)
            .isLessThanOrEqualTo(slow.objective() + 1e-6);
      }
    });
    problems.requirePercent("degenerate", 30, 100).requirePercent("regular", 30, 100);
    for (Tally feature : coveredFeatures) {
      feature.requirePercent(true, 5, 100);
    }
    ojalgoOnRegular.requirePercent("certified", 95, 100);
    compared.requirePercent(true, 90, 100);
    for (Tally tally : new Tally[] {problems, ojalgo, ojalgoOnRegular, compared}) {
      tally.publish(reporter);
    }
  }

  @Test
  void the_active_set_certifies_degenerate_problems_too() {
    forAll(20261204_53L, 300, everySize(true), RebalanceOptimizerProperties::breachedOrDegenerate, drawn -> {
      Attempt fast = RebalanceOptimizer.solveOn(drawn.problem().resolve(), Route.ACTIVE_SET);
      assertThat(fast).as(() -> fast instanceof Unsolved u ? u.reason() : "").isInstanceOf(Solved.class);
    });
  }

  /**
   * Every non-cash line's linear cost set to the same kappa, scaled by 1..20, impact unchanged: the
   * scaled part of the objective is then kappa times the traded notional, so for the same feasible
   * set convexity makes the notional non-increasing ((k - 1) kappa (N_k - N_1) <= 0). A binding cash
   * floor breaks "the same feasible set" (a dearer trade needs more cash): such samples are counted
   * and left out; {@code RebalanceOptimizerTest} shows the notional rising there.
   */
  @Test
  void higher_costs_never_increase_traded_notional(TestReporter reporter) {
    long seed = 20261204_54L;
    Tally pairs = new Tally("pair", seed);
    forAll(seed, 150, everySizeAtBothFactorEnds(false), r -> scaled(breached(r), r), scaled -> {
      RebalanceProblem base = scaled.drawn().problem();
      RebalanceOutcome cheap = OPTIMIZER.rebalance(uniformCost(base, 0.002));
      RebalanceOutcome dear = OPTIMIZER.rebalance(uniformCost(base, 0.002 * scaled.factor()));
      assume(checked(cheap, dear, pairs));
      assertThat(((Optimal) dear).tradedWeight()).isLessThanOrEqualTo(((Optimal) cheap).tradedWeight() + 1e-7);
    });
    pairs.requirePercent("checked", 85, 100).publish(reporter);
  }

  /**
   * Every line's buy cost, sell cost and impact scaled by the same k in 1..20, on regular and
   * degenerate problems. The feasible set is the same and the objective is
   * {@code lambda TE(d) + k C(d)} with C the cost at the original prices, so convexity guarantees
   * {@code C(d_k) <= C(d_1)}: that is asserted. The traded notional is not guaranteed and is only
   * counted: with costs that differ between lines (or impact), a higher k can move trading from a
   * dear line to a cheap one that needs more notional for the same risk (a known answer in
   * {@code RebalanceOptimizerTest}; about 0.3% of such samples). Samples whose cash floor binds are
   * counted and left out, as above.
   */
  @Test
  void scaling_every_lines_costs_and_impact_never_raises_the_cost_at_the_original_prices(TestReporter reporter) {
    long seed = 20261204_55L;
    Tally pairs = new Tally("pair", seed);
    Tally notional = new Tally("traded notional with k", seed);
    forAll(seed, 200, everySizeAtBothFactorEnds(true), r -> scaled(breachedOrDegenerate(r), r), scaled -> {
      RebalanceProblem base = scaled.drawn().problem();
      double factor = scaled.factor();
      RebalanceOutcome cheap = OPTIMIZER.rebalance(base);
      RebalanceOutcome dear = OPTIMIZER.rebalance(base.withCostsScaledBy(factor));
      assume(checked(cheap, dear, pairs));
      Optimal a = (Optimal) cheap;
      Optimal b = (Optimal) dear;
      ResolvedProblem prices = base.resolve();
      double costA = prices.tradingCost(trade(base, a));
      double costB = prices.tradingCost(trade(base, b));
      notional.collect(b.tradedWeight() > a.tradedWeight() + 1e-7 ? "rose" : "did not rise");
      assertThat(costB).as("cost at the original prices: %s at k = 1, %s at k = %s", costA, costB, factor)
          .isLessThanOrEqualTo(costA + 1e-9);
    });
    pairs.requirePercent("checked", 70, 100).publish(reporter);
    notional.publish(reporter);
  }

  /** The trade an answer makes, fraction of portfolio value per line. */
  private static double[] trade(RebalanceProblem problem, Optimal answer) {
    double[] d = answer.weightsAfter();
    double[] w0 = problem.currentWeights();
    for (int i = 0; i < d.length; i++) {
      d[i] -= w0[i];
    }
    return d;
  }

  /**
   * Whether a pair of answers is one a monotonicity argument covers: both optimal without a cash
   * floor. The others are counted by reason in {@code pairs}, whose share of "checked" each
   * property then bounds from below, so that it cannot quietly become vacuous.
   */
  private static boolean checked(RebalanceOutcome cheap, RebalanceOutcome dear, Tally pairs) {
    String kind;
    if (!(cheap instanceof Optimal) || !(dear instanceof Optimal)) {
      assertThat(cheap).isInstanceOfAny(Optimal.class, Infeasible.class);
      assertThat(dear).isInstanceOfAny(Optimal.class, Infeasible.class);
      kind = "dropped: infeasible (cash cannot cover the cost)";
    } else if (cashFloored((Optimal) cheap) || cashFloored((Optimal) dear)) {
      kind = "dropped: cash floor binds";
    } else {
      kind = "checked";
    }
    pairs.collect(kind);
    return kind.equals("checked");
  }

  private static boolean cashFloored(Optimal answer) {
    return answer.report().notes().stream().anyMatch(n -> n.startsWith("cash line held at"));
  }

  @Test
  void more_risk_aversion_never_increases_tracking_error(TestReporter reporter) {
    long seed = 20261204_56L;
    Tally answers = new Tally("answer", seed);
    forAll(seed, 150, everySizeAtBothFactorEnds(false), r -> scaled(breached(r), r), scaled -> {
      RebalanceProblem problem = scaled.drawn().problem();
      Optimal a = optimal(problem, answers);
      Optimal b = optimal(problem.withRiskAversion(problem.riskAversion() * scaled.factor()), answers);
      assertThat(b.trackingErrorAfter()).isLessThanOrEqualTo(a.trackingErrorAfter() + 1e-7);
    });
    answers.publish(reporter);
  }

  @Test
  void the_optimiser_is_never_worse_than_trading_back_to_target(TestReporter reporter) {
    long seed = 20261204_57L;
    Tally answers = new Tally("answer", seed);
    forAll(seed, 200, everySize(false), RebalanceOptimizerProperties::breached, drawn -> {
      RebalanceProblem problem = drawn.problem();
      RebalanceOutcome naive = NaiveRebalancePolicy.DEFAULT.rebalance(problem);
      assume(naive instanceof Optimal);
      Optimal optimal = optimal(problem, answers);
      assertThat(optimal.objective()).isLessThanOrEqualTo(((Optimal) naive).objective() + 1e-9);
    });
    answers.publish(reporter);
  }

  /** A problem of {@code lines} lines drawn from {@code seed}, its current weights then moved inside every band. */
  record Inside(long seed, int lines) {}

  @Test
  void inside_every_band_neither_policy_trades() {
    List<Inside> everySize = everySize(false).stream().map(d -> new Inside(d.seed(), d.lines())).toList();
    forAll(20261204_58L, 200, everySize, r -> new Inside(r.nextLong(), SIZES[r.nextInt(SIZES.length)]), c -> {
      SplittableRandom rng = new SplittableRandom(c.seed());
      RebalanceProblem drifted = RandomProblems.any(rng, c.lines(), false);
      RebalanceProblem inside = insideBands(drifted, rng);
      assertThat(OPTIMIZER.rebalance(inside)).isInstanceOf(NoTradeNeeded.class);
      assertThat(NaiveRebalancePolicy.DEFAULT.rebalance(inside)).isInstanceOf(NoTradeNeeded.class);
    });
  }

  /**
   * The optimiser's answer, when it is a plain one: a cash floor for costs adds a constraint the
   * monotonicity arguments do not cover, so such samples are left out (and counted).
   */
  private static Optimal optimal(RebalanceProblem problem, Tally answers) {
    RebalanceOutcome outcome = OPTIMIZER.rebalance(problem);
    assertThat(outcome).isInstanceOfAny(Optimal.class, Infeasible.class);
    boolean plain = outcome instanceof Optimal o && !cashFloored(o);
    answers.collect(plain ? "plain" : "cash floor or infeasible");
    assume(plain);
    return (Optimal) outcome;
  }

  /** The problem with every non-cash line's buy and sell cost set to {@code kappa}. */
  static RebalanceProblem uniformCost(RebalanceProblem p, double kappa) {
    double[] kb = new double[p.size()];
    double[] ks = new double[p.size()];
    for (int i = 0; i < p.size(); i++) {
      if (i != p.cashIndex()) {
        kb[i] = kappa;
        ks[i] = kappa;
      }
    }
    return new RebalanceProblem(p.assets(), p.cashIndex(), p.currentWeights(), p.targetWeights(),
        p.bandHalfWidths(), p.covariance(), p.riskAversion(), kb, ks, p.impactCosts(), p.exchange());
  }

  /** Current weights moved strictly inside every band, summing to one. */
  static RebalanceProblem insideBands(RebalanceProblem p, SplittableRandom rng) {
    double[] t = p.targetWeights();
    double[] beta = p.bandHalfWidths();
    double[] w = t.clone();
    // Move weight between random pairs, each move small enough to stay inside both bands.
    for (int k = 0; k < 3 * t.length; k++) {
      int a = rng.nextInt(t.length);
      int b = rng.nextInt(t.length);
      if (a == b) {
        continue;
      }
      double room = Math.min(t[a] + beta[a] - w[a], w[b] - Math.max(t[b] - beta[b], 0));
      if (room > 0) {
        double move = room * rng.nextDouble() * 0.9;
        w[a] += move;
        w[b] -= move;
      }
    }
    return new RebalanceProblem(p.assets(), p.cashIndex(), w, t, beta, p.covariance(), p.riskAversion(),
        p.buyCosts(), p.sellCosts(), p.impactCosts(), null);
  }

  /**
   * The generators' real spread, read from the problems themselves ({@link RandomProblems#features}),
   * not from the flag they were drawn with: the mix the properties above run on holds degenerate
   * problems of every kind the fast route must survive. Shares seen over 1,000 cases: 47%
   * degenerate, 18% singular covariance, 13% no impact, 28% a zero-width band, 6% no cash line, 6%
   * zero risk aversion, each size 15-24%; the bounds leave at least four standard deviations.
   */
  @Test
  void the_degenerate_mix_really_holds_singular_covariances_zero_impact_and_zero_width_bands(TestReporter reporter) {
    long seed = 20261204_59L;
    Tally degenerate = new Tally("degenerate", seed);
    Tally lines = new Tally("lines", seed);
    Feature[] shared = {Feature.SINGULAR_COVARIANCE, Feature.NO_IMPACT, Feature.ZERO_WIDTH_BAND, Feature.NO_CASH_LINE,
        Feature.ZERO_RISK_AVERSION};
    Tally[] shares = new Tally[shared.length];
    for (int k = 0; k < shared.length; k++) {
      shares[k] = new Tally(shared[k].name(), seed);
    }
    forAll(seed, 1000, everySize(true), RebalanceOptimizerProperties::breachedOrDegenerate, drawn -> {
      RebalanceProblem problem = drawn.problem();
      Set<Feature> features = RandomProblems.features(problem);
      degenerate.collect(!features.isEmpty());
      for (int k = 0; k < shared.length; k++) {
        shares[k].collect(features.contains(shared[k]));
      }
      lines.collect(problem.size());
    });
    degenerate.requirePercent(true, 35, 65);
    shares[0].requirePercent(true, 8, 25);
    shares[1].requirePercent(true, 6, 20);
    shares[2].requirePercent(true, 18, 40);
    shares[3].requirePercent(true, 2, 12);
    shares[4].requirePercent(true, 1, 12);
    for (int n : SIZES) {
      lines.requirePercent(n, 12, 100);
    }
    degenerate.publish(reporter);
    for (Tally share : shares) {
      share.publish(reporter);
    }
    lines.publish(reporter);
  }

  /** The regular mix (used where an argument needs curvature, cash and costs) holds no degenerate problem. */
  @Test
  void the_regular_mix_holds_no_degenerate_problem(TestReporter reporter) {
    long seed = 20261204_60L;
    Tally features = new Tally("features", seed);
    forAll(seed, 300, everySize(false), RebalanceOptimizerProperties::breached, drawn -> {
      Set<Feature> found = RandomProblems.features(drawn.problem());
      features.collect(found.isEmpty() ? "none" : found.toString());
    });
    features.requirePercent("none", 99, 100).publish(reporter);
  }
}
