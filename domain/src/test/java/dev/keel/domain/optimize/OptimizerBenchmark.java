package dev.keel.domain.optimize;

import dev.keel.domain.optimize.SolveReport.Route;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Solve times on seeded random breached problems, 5 to 50 lines, cycling through a pool of 512
 * so that percentiles cover problem-to-problem variation. Sample-time mode reports the median and
 * p99. Run as documented in docs/optimizer.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OptimizerBenchmark {

  private static final int POOL = 512;

  @Param({"5", "10", "20", "50"})
  public int assets;

  private RebalanceProblem[] problems;
  private ResolvedProblem[] resolved;
  private int next;

  @Setup
  public void generate() {
    SplittableRandom rng = new SplittableRandom(20261124L + assets);
    problems = new RebalanceProblem[POOL];
    resolved = new ResolvedProblem[POOL];
    for (int k = 0; k < POOL; k++) {
      problems[k] = RandomProblems.breached(rng, assets, false);
      resolved[k] = problems[k].resolve();
    }
  }

  private int advance() {
    int k = next;
    next = (next + 1) & (POOL - 1);
    return k;
  }

  /** The fast route alone: active-set solve of a resolved problem. */
  @Benchmark
  public Object activeSet() {
    ResolvedProblem p = resolved[advance()];
    return ActiveSetSolver.solve(p, ActiveSetSolver.defaultIterationCap(p.n));
  }

  /** The fast route with its certificate, as the optimiser runs it. */
  @Benchmark
  public Object activeSetCertified() {
    return RebalanceOptimizer.solveOn(resolved[advance()], Route.ACTIVE_SET);
  }

  /** The whole policy: resolve, curvature check, solve, certify, cash floor, assemble the answer. */
  @Benchmark
  public Object optimizer() {
    return RebalanceOptimizer.DEFAULT.rebalance(problems[advance()]);
  }

  /** The independent route: ojalgo ConvexSolver, dense direct active set, iteration cap. */
  @Benchmark
  public Object convexSolver() {
    ResolvedProblem p = resolved[advance()];
    return ConvexRoute.solve(p, ConvexRoute.defaultIterationCap(p.n));
  }
}
