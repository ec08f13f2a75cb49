package dev.keel.domain.execution;

import java.time.Duration;

/**
 * The execution router's rules, with their defaults in {@link #DEFAULT}; settings name them
 * {@code keel.execution.*}.
 *
 * @param costRiseTolerance   a proposal is HELD when re-pricing on the latest snapshots raises its expected cost by
 *                            more than this fraction (0.5: by more than half) (FAULTS.md E10)
 * @param midMoveBandFraction a proposal is HELD when any traded asset's mid moved, relative to the mid it was priced
 *                            at, by more than this fraction of the asset's band half-width (1.0: a 5 % band allows a
 *                            5 % move)
 * @param capCostMultiple     an order's price cap sits this many times the trade's expected cost (bps of its notional,
 *                            fee included) away from the mid at execution
 * @param minCapSlippage      and never closer than this fraction of mid (0.001 = 10 bps), so a cheap trade still fills
 * @param notFoundChecks      "order does not exist" answers needed before an order whose placement reply was lost
 *                            counts as not placed (FAULTS.md E2, E3)
 * @param notFoundWindow      and the least time between the first such answer and that conclusion
 * @param maxOrdersPerTrade   orders one trade may send in all (first venue, fallbacks, new attempts)
 */
public record ExecutionPolicy(double costRiseTolerance, double midMoveBandFraction, double capCostMultiple, double minCapSlippage,
                              int notFoundChecks, Duration notFoundWindow, int maxOrdersPerTrade) {

  public static final ExecutionPolicy DEFAULT = new ExecutionPolicy(0.5, 1.0, 2.0, 0.001, 4, Duration.ofSeconds(60), 4);

  public ExecutionPolicy {
    if (notFoundWindow == null) {
      throw new IllegalArgumentException("keel.execution.not-found-window must be set, was null");
    }
    if (!(costRiseTolerance >= 0) || Double.isInfinite(costRiseTolerance)) {
      throw new IllegalArgumentException("keel.execution.cost-rise-tolerance must be zero or positive, was " + costRiseTolerance);
    }
    if (!(midMoveBandFraction > 0) || Double.isInfinite(midMoveBandFraction)) {
      throw new IllegalArgumentException("keel.execution.mid-move-band-fraction must be positive, was " + midMoveBandFraction);
    }
    if (!(capCostMultiple >= 1) || Double.isInfinite(capCostMultiple)) {
      throw new IllegalArgumentException("keel.execution.cap-cost-multiple must be at least 1, was " + capCostMultiple);
    }
    if (!(minCapSlippage > 0 && minCapSlippage < 0.5)) {
      throw new IllegalArgumentException("keel.execution.min-cap-slippage must be between 0 and 0.5, was " + minCapSlippage);
    }
    if (notFoundChecks < 2) {
      throw new IllegalArgumentException("keel.execution.not-found-checks must be at least 2, was " + notFoundChecks);
    }
    if (notFoundWindow.isNegative() || notFoundWindow.isZero()) {
      throw new IllegalArgumentException("keel.execution.not-found-window must be positive, was " + notFoundWindow);
    }
    if (maxOrdersPerTrade < 1) {
      throw new IllegalArgumentException("keel.execution.max-orders-per-trade must be at least 1, was " + maxOrdersPerTrade);
    }
  }
}
