package dev.keel.domain.optimize;

import java.util.Objects;

/**
 * A constraint that holds with equality at an answer.
 *
 * @param kind       which constraint
 * @param asset      the line it concerns, or "*" for the budget
 * @param multiplier its shadow price: how much the objective would fall per unit of weight if the
 *                   constraint were relaxed, objective units per unit of weight, {@code >= 0} up to
 *                   rounding; for the budget, the budget multiplier itself (any sign)
 */
public record BindingConstraint(Kind kind, String asset, double multiplier) {
  public BindingConstraint {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(asset, "asset");
  }

  /** The constraints of the rebalancing problem. */
  public enum Kind {
    /** Weights sum to one. */
    BUDGET,
    /** The weight sits on its band's lower edge. */
    LOWER_BAND,
    /** The weight sits on its band's upper edge. */
    UPPER_BAND,
    /** The band's lower edge is below zero and the weight is zero. */
    LONG_ONLY,
    /** The band has zero width: the weight is pinned to its target. */
    ZERO_WIDTH_BAND,
    /** Trading cost keeps the line where it is, inside its band. */
    NO_TRADE_REGION,
    /** The cash line is held at the total trading cost, which it must cover. */
    CASH_COVERS_COSTS,
    /** The line's trade was below a venue minimum, so it was fixed at no trade and the rest re-solved. */
    UNTRADEABLE
  }
}
