package dev.keel.jobs.venue;

import dev.keel.domain.execution.OrderStatus;

/** An order's state as the venue reports it. */
public enum VenueOrderStatus {
  /** Resting, nothing filled (an IOC order is never left here by a healthy venue). */
  OPEN,
  /** Resting, partly filled. */
  PARTIALLY_FILLED,
  /** Wholly filled: final. */
  FILLED,
  /** Cancelled, by Keel or by the venue's immediate-or-cancel rule, possibly after a partial fill: final. */
  CANCELLED,
  /** Expired at the venue, possibly after a partial fill: final. */
  EXPIRED,
  /** Refused by the venue after acceptance: final, nothing filled. */
  REJECTED;

  /** True when nothing more can fill. */
  public boolean isFinal() {
    return this == FILLED || this == CANCELLED || this == EXPIRED || this == REJECTED;
  }

  /** The status Keel records for an order the venue reports so. */
  public OrderStatus recorded() {
    return switch (this) {
      case OPEN -> OrderStatus.OPEN;
      case PARTIALLY_FILLED -> OrderStatus.PARTIALLY_FILLED;
      case FILLED -> OrderStatus.FILLED;
      case CANCELLED -> OrderStatus.CANCELLED;
      case EXPIRED -> OrderStatus.EXPIRED;
      case REJECTED -> OrderStatus.REJECTED;
    };
  }
}
