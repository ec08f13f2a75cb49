package dev.keel.domain.optimize;

import dev.keel.domain.optimize.RebalanceOptimizer.Attempt;
import dev.keel.domain.optimize.RebalanceOptimizer.Solved;
import dev.keel.domain.optimize.RebalanceOptimizer.Unsolved;
import dev.keel.domain.optimize.SolveReport.Route;
import java.util.SplittableRandom;

/**
 * The long-run check: solves many seeded random problems (degenerate ones included) on both
 * routes and counts certificate failures and disagreements. Not a test: run it from the command
 * line, see docs/optimizer.md.
 *
 * <p>Arguments: {@code [problems=1000000] [seed=20261124] [convexEvery=1]}. With
 * {@code convexEvery = k} the ojalgo route also solves every k-th problem (it is the slow one).
 */
public final class LongRunCheck {

  private static final int[] SIZES = {2, 3, 5, 10, 20, 50};

  private LongRunCheck() {
  }

  public static void main(String[] args) {
    long problems = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261124L;
    int convexEvery = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    SplittableRandom rng = new SplittableRandom(seed);
    long inside = 0;
    long infeasible = 0;
    long fastFailed = 0;
    long fastIterationCap = 0;
    long convexSolved = 0;
    long convexFailed = 0;
    long convexFailedDegenerate = 0;
    long compared = 0;
    long disagreements = 0;
    long fastWorse = 0;
    long convexWorse = 0;
    long optimiserFailed = 0;
    long degenerate = 0;
    double worstGap = 0;
    int printed = 0;
    long started = System.nanoTime();
    for (long k = 0; k < problems; k++) {
      int n = SIZES[(int) (k % SIZES.length)];
      boolean degen = (k / SIZES.length) % 2 == 1;
      if (degen) {
        degenerate++;
      }
      RebalanceProblem problem = RandomProblems.any(rng, n, degen);
      if (problem.insideAllBands()) {
        inside++;
        continue;
      }
      ResolvedProblem p = problem.resolve();
      Attempt fast = RebalanceOptimizer.solveOn(p, Route.ACTIVE_SET);
      if (fast instanceof Unsolved u && u.infeasible()) {
        infeasible++;
        continue;
      }
      if (fast instanceof Unsolved u) {
        fastFailed++;
        if (u.reason().contains("iterations")) {
          fastIterationCap++;
        }
        if (printed++ < 5) {
          System.out.println("active set failed: " + u.reason() + "\n  " + problem);
        }
      }
      boolean runConvex = fast instanceof Unsolved || k % convexEvery == 0;
      if (runConvex) {
        Attempt slow = RebalanceOptimizer.solveOn(p, Route.CONVEX_SOLVER);
        if (slow instanceof Solved s) {
          convexSolved++;
          if (fast instanceof Solved f) {
            compared++;
            double a = p.objective(f.trade());
            double b = p.objective(s.trade());
            double gap = Math.abs(a - b);
            worstGap = Math.max(worstGap, gap);
            if (gap > 1e-6) {
              disagreements++;
              if (a > b) {
                fastWorse++;
              } else {
                convexWorse++;
              }
              if (printed++ < 5) {
                System.out.println("routes disagree by " + gap + "\n  " + problem);
              }
            }
          }
        } else {
          convexFailed++;
          if (degen) {
            convexFailedDegenerate++;
          }
          if (fast instanceof Unsolved) {
            optimiserFailed++;
          }
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("problems %d (degenerate %d), seed %d, sizes 2..50, %.1f s%n", problems, degenerate, seed, seconds);
    System.out.printf("  inside every band (no solve)        %d%n", inside);
    System.out.printf("  infeasible bounds                   %d%n", infeasible);
    System.out.printf("  active set: certificate failures    %d (iteration cap %d)%n", fastFailed, fastIterationCap);
    System.out.printf("  ojalgo: certified / rejected        %d / %d (of the rejected, %d degenerate)%n",
        convexSolved, convexFailed, convexFailedDegenerate);
    System.out.printf("  both routes certified, compared     %d%n", compared);
    System.out.printf("  objective disagreements > 1e-6      %d (active set worse %d, ojalgo worse %d), largest gap %.3g%n",
        disagreements, fastWorse, convexWorse, worstGap);
    System.out.printf("  no certified answer on either route %d%n", optimiserFailed);
  }
}
