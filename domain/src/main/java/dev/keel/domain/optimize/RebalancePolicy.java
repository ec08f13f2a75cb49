package dev.keel.domain.optimize;

/** A rule that turns a portfolio's rebalancing problem into an outcome. Stateless. */
public interface RebalancePolicy {

  /** Decides what to trade; never throws for an expected outcome. */
  RebalanceOutcome rebalance(RebalanceProblem problem);
}
