package dev.keel.domain.backtest;

/**
 * One policy's figures summed over the live portfolios on each replayed day, for pictures of the population over
 * time. Mutable while a simulation adds to it; merged across threads; read-only afterwards.
 */
public final class DailyTotals {

  private final double[] live;
  private final double[] trackingError;
  private final double[] cost;
  private final double[] rebalances;
  private final double[] traded;

  DailyTotals(int days) {
    live = new double[days];
    trackingError = new double[days];
    cost = new double[days];
    rebalances = new double[days];
    traded = new double[days];
  }

  void add(int day, double exAnteTrackingError, double costFraction, boolean rebalanced, double tradedFraction) {
    live[day] += 1;
    trackingError[day] += exAnteTrackingError;
    cost[day] += costFraction;
    rebalances[day] += rebalanced ? 1 : 0;
    traded[day] += tradedFraction;
  }

  void addAll(DailyTotals other) {
    for (int d = 0; d < live.length; d++) {
      live[d] += other.live[d];
      trackingError[d] += other.trackingError[d];
      cost[d] += other.cost[d];
      rebalances[d] += other.rebalances[d];
      traded[d] += other.traded[d];
    }
  }

  public int days() {
    return live.length;
  }

  /** Portfolios alive on the day, count. */
  public int live(int day) {
    return (int) live[day];
  }

  /**
   * Mean ex-ante tracking error of the live portfolios before the day's trades: sqrt((w - t)' Sigma (w - t)) with
   * the day's annualised covariance, fraction per square-root year; NaN when none is alive.
   */
  public double meanTrackingError(int day) {
    return live[day] == 0 ? Double.NaN : trackingError[day] / live[day];
  }

  /** Mean trading cost of the day over the live portfolios, fraction of portfolio value; 0 when none is alive. */
  public double meanCost(int day) {
    return live[day] == 0 ? 0 : cost[day] / live[day];
  }

  /** Share of the live portfolios that traded on the day, fraction in [0, 1]; 0 when none is alive. */
  public double shareRebalanced(int day) {
    return live[day] == 0 ? 0 : rebalances[day] / live[day];
  }

  /** Mean traded weight of the non-cash lines on the day, fraction of portfolio value; 0 when none is alive. */
  public double meanTraded(int day) {
    return live[day] == 0 ? 0 : traded[day] / live[day];
  }

  /** Cumulative mean cost from the first day to {@code day}, fraction of portfolio value (a mean portfolio's drag). */
  public double cumulativeCost(int day) {
    double sum = 0;
    for (int d = 0; d <= day; d++) {
      sum += meanCost(d);
    }
    return sum;
  }
}
