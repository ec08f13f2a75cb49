package dev.keel.domain.optimize;

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
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The optimiser's mathematical promises, on random positive semi-definite problems. */
class RebalanceOptimizerProperties {

  private static final RebalanceOptimizer OPTIMIZER = RebalanceOptimizer.DEFAULT;

  @Provide
  Arbitrary<RebalanceProblem> breached() {
    return problems(false);
  }

  @Provide
  Arbitrary<RebalanceProblem> breachedOrDegenerate() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.of(2, 3, 5, 10, 20), Arbitraries.of(true, false))
        .as((seed, n, degenerate) -> RandomProblems.breached(new SplittableRandom(seed), n, degenerate));
  }

  private static Arbitrary<RebalanceProblem> problems(boolean degenerate) {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.of(2, 3, 5, 10, 20))
        .as((seed, n) -> RandomProblems.breached(new SplittableRandom(seed), n, degenerate));
  }

  @Property(tries = 300)
  void budget_and_bounds_hold_and_every_weight_ends_inside_its_band(
      @ForAll("breachedOrDegenerate") RebalanceProblem problem) {
    RebalanceOutcome outcome = OPTIMIZER.rebalance(problem);
    Statistics.collect(outcome.getClass().getSimpleName());
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
  @Property(tries = 300)
  void the_answer_passes_its_certificate_and_the_independent_route_finds_nothing_better(
      @ForAll("breachedOrDegenerate") RebalanceProblem problem) {
    ResolvedProblem p = problem.resolve();
    Set<Feature> features = RandomProblems.features(problem);
    Judged fast = Judged.of("active set", p, RouteSolver.ACTIVE_SET.solve(p));
    Judged slow = Judged.of("ojalgo", p, RouteSolver.CONVEX_SOLVER.solve(p));
    String both = fast.describe() + "; " + slow.describe() + "; degenerate features " + features;

    Statistics.label("problem").collect(features.isEmpty() ? "regular" : "degenerate");
    Statistics.label("problem").coverage(c -> {
      c.check("degenerate").percentage(pct -> pct >= 30);
      c.check("regular").percentage(pct -> pct >= 30);
    });
    for (Feature f : new Feature[] {Feature.SINGULAR_COVARIANCE, Feature.NO_IMPACT, Feature.ZERO_WIDTH_BAND}) {
      Statistics.label(f.name()).collect(features.contains(f));
      Statistics.label(f.name()).coverage(c -> c.check(true).percentage(pct -> pct >= 5));
    }
    Statistics.label("ojalgo").collect(slow.kind() + (features.isEmpty() ? " (regular)" : " (degenerate)"));
    if (features.isEmpty()) {
      // ojalgo is reliable on the strictly convex form: its rejections there must stay rare
      Statistics.label("ojalgo on regular problems").collect(slow.kind());
      Statistics.label("ojalgo on regular problems").coverage(c -> c.check("certified").percentage(pct -> pct >= 95));
    }
    boolean comparable = fast.feasible() && slow.feasible();
    Statistics.label("objectives compared").collect(comparable);
    Statistics.label("objectives compared").coverage(c -> c.check(true).percentage(pct -> pct >= 90));

    assertThat(fast.certified()).as("the active set's answer must pass its certificate: %s", both).isTrue();
    if (comparable) {
      assertThat(fast.objective()).as("active set worse than ojalgo by more than 1e-6: %s", both)
          .isLessThanOrEqualTo(slow.objective() + 1e-6);
    }
  }

  @Property(tries = 300)
  void the_active_set_certifies_degenerate_problems_too(@ForAll("breachedOrDegenerate") RebalanceProblem problem) {
    Attempt fast = RebalanceOptimizer.solveOn(problem.resolve(), Route.ACTIVE_SET);
    assertThat(fast).as(() -> fast instanceof Unsolved u ? u.reason() : "").isInstanceOf(Solved.class);
  }

  /**
   * Every non-cash line's linear cost set to the same kappa, scaled by 1..20, impact unchanged: the
   * scaled part of the objective is then kappa times the traded notional, so for the same feasible
   * set convexity makes the notional non-increasing ((k - 1) kappa (N_k - N_1) <= 0). A binding cash
   * floor breaks "the same feasible set" (a dearer trade needs more cash): such samples are counted
   * and left out; {@code RebalanceOptimizerTest} shows the notional rising there.
   */
  @Property(tries = 150)
  void higher_costs_never_increase_traded_notional(@ForAll("breached") RebalanceProblem base,
      @ForAll("factors") double factor) {
    RebalanceOutcome cheap = OPTIMIZER.rebalance(uniformCost(base, 0.002));
    RebalanceOutcome dear = OPTIMIZER.rebalance(uniformCost(base, 0.002 * factor));
    Assume.that(checked(cheap, dear, 85));
    assertThat(((Optimal) dear).tradedWeight()).isLessThanOrEqualTo(((Optimal) cheap).tradedWeight() + 1e-7);
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
  @Property(tries = 200)
  void scaling_every_lines_costs_and_impact_never_raises_the_cost_at_the_original_prices(
      @ForAll("breachedOrDegenerate") RebalanceProblem base, @ForAll("factors") double factor) {
    RebalanceOutcome cheap = OPTIMIZER.rebalance(base);
    RebalanceOutcome dear = OPTIMIZER.rebalance(base.withCostsScaledBy(factor));
    Assume.that(checked(cheap, dear, 70));
    Optimal a = (Optimal) cheap;
    Optimal b = (Optimal) dear;
    ResolvedProblem prices = base.resolve();
    double costA = prices.tradingCost(trade(base, a));
    double costB = prices.tradingCost(trade(base, b));
    Statistics.label("traded notional with k").collect(b.tradedWeight() > a.tradedWeight() + 1e-7 ? "rose" : "did not rise");
    assertThat(costB).as("cost at the original prices: %s at k = 1, %s at k = %s", costA, costB, factor)
        .isLessThanOrEqualTo(costA + 1e-9);
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
   * floor. The others are counted by reason (label "pair"); at least {@code minChecked} percent
   * of samples must be checked, so that the property cannot quietly become vacuous.
   */
  private static boolean checked(RebalanceOutcome cheap, RebalanceOutcome dear, double minChecked) {
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
    Statistics.label("pair").collect(kind);
    Statistics.label("pair").coverage(c -> c.check("checked").percentage(pct -> pct >= minChecked));
    return kind.equals("checked");
  }

  private static boolean cashFloored(Optimal answer) {
    return answer.report().notes().stream().anyMatch(n -> n.startsWith("cash line held at"));
  }

  @Provide
  Arbitrary<Double> factors() {
    return Arbitraries.doubles().between(1, 20);
  }

  @Property(tries = 150)
  void more_risk_aversion_never_increases_tracking_error(@ForAll("breached") RebalanceProblem problem,
      @ForAll("factors") double factor) {
    Optimal a = optimal(problem);
    Optimal b = optimal(problem.withRiskAversion(problem.riskAversion() * factor));
    assertThat(b.trackingErrorAfter()).isLessThanOrEqualTo(a.trackingErrorAfter() + 1e-7);
  }

  @Property(tries = 200)
  void the_optimiser_is_never_worse_than_trading_back_to_target(@ForAll("breached") RebalanceProblem problem) {
    RebalanceOutcome naive = NaiveRebalancePolicy.DEFAULT.rebalance(problem);
    Assume.that(naive instanceof Optimal);
    Optimal optimal = optimal(problem);
    assertThat(optimal.objective()).isLessThanOrEqualTo(((Optimal) naive).objective() + 1e-9);
  }

  @Property(tries = 200)
  void inside_every_band_neither_policy_trades(@ForAll long seed, @ForAll("sizes") int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    RebalanceProblem drifted = RandomProblems.any(rng, n, false);
    RebalanceProblem inside = insideBands(drifted, rng);
    assertThat(OPTIMIZER.rebalance(inside)).isInstanceOf(NoTradeNeeded.class);
    assertThat(NaiveRebalancePolicy.DEFAULT.rebalance(inside)).isInstanceOf(NoTradeNeeded.class);
  }

  /**
   * The optimiser's answer, when it is a plain one: a cash floor for costs adds a constraint the
   * monotonicity arguments do not cover, so such samples are left out (and counted).
   */
  private static Optimal optimal(RebalanceProblem problem) {
    RebalanceOutcome outcome = OPTIMIZER.rebalance(problem);
    assertThat(outcome).isInstanceOfAny(Optimal.class, Infeasible.class);
    boolean plain = outcome instanceof Optimal o && !cashFloored(o);
    Statistics.label("answer").collect(plain ? "plain" : "cash floor or infeasible");
    Assume.that(plain);
    return (Optimal) outcome;
  }

  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.of(2, 3, 5, 10, 20);
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
   * problems of every kind the fast route must survive. Shares seen over 1,000 tries: 47%
   * degenerate, 18% singular covariance, 13% no impact, 28% a zero-width band, 6% no cash line, 6%
   * zero risk aversion, each size 15-24%; the bounds leave at least four standard deviations.
   */
  @Property(tries = 1000)
  void the_degenerate_mix_really_holds_singular_covariances_zero_impact_and_zero_width_bands(
      @ForAll("breachedOrDegenerate") RebalanceProblem problem) {
    Set<Feature> features = RandomProblems.features(problem);
    Statistics.label("degenerate").collect(!features.isEmpty());
    Statistics.label("degenerate").coverage(c -> c.check(true).percentage(pct -> pct >= 35 && pct <= 65));
    share(features, Feature.SINGULAR_COVARIANCE, 8, 25);
    share(features, Feature.NO_IMPACT, 6, 20);
    share(features, Feature.ZERO_WIDTH_BAND, 18, 40);
    share(features, Feature.NO_CASH_LINE, 2, 12);
    share(features, Feature.ZERO_RISK_AVERSION, 1, 12);
    Statistics.label("lines").collect(problem.size());
    Statistics.label("lines").coverage(c -> {
      for (int n : new int[] {2, 3, 5, 10, 20}) {
        c.check(n).percentage(pct -> pct >= 12);
      }
    });
  }

  /** The regular mix (used where an argument needs curvature, cash and costs) holds no degenerate problem. */
  @Property(tries = 300)
  void the_regular_mix_holds_no_degenerate_problem(@ForAll("breached") RebalanceProblem problem) {
    Set<Feature> features = RandomProblems.features(problem);
    Statistics.label("features").collect(features.isEmpty() ? "none" : features.toString());
    Statistics.label("features").coverage(c -> c.check("none").percentage(pct -> pct >= 99));
  }

  private static void share(Set<Feature> features, Feature feature, double atLeast, double atMost) {
    Statistics.label(feature.name()).collect(features.contains(feature));
    Statistics.label(feature.name()).coverage(c -> c.check(true).percentage(pct -> pct >= atLeast && pct <= atMost));
  }
}
