package dev.keel.domain.execution;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A venue order's state as Keel records it. NEW is the intent, committed before the venue is called; SUBMITTED and
 * UNKNOWN say the venue may have it (UNKNOWN: the placement's reply was lost, FAULTS.md E1); OPEN and PARTIALLY_FILLED
 * are the venue's word that it may still fill; FILLED, CANCELLED, EXPIRED and REJECTED are the venue's final word;
 * FAILED means the venue never placed it (proven by lookups, or refused before it was read).
 */
public enum OrderStatus {
  NEW, SUBMITTED, UNKNOWN, OPEN, PARTIALLY_FILLED, FILLED, CANCELLED, EXPIRED, REJECTED, FAILED;

  /**
   * The statuses in which the venue may still fill the order, or Keel does not yet know: at most one such order per
   * trade. Read-only; in declaration order.
   */
  public static final Set<OrderStatus> LIVE = Collections.unmodifiableSet(EnumSet.of(NEW, SUBMITTED, UNKNOWN, OPEN, PARTIALLY_FILLED));

  /** True when the venue may still fill the order, or Keel does not yet know whether it has it. */
  public boolean isLive() {
    return LIVE.contains(this);
  }

  /** True when nothing more can fill, as far as Keel records it (a late report of an order given up is still booked). */
  public boolean isFinal() {
    return !isLive();
  }
}
