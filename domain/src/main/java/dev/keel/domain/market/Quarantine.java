package dev.keel.domain.market;

import java.util.Objects;

/**
 * A market excluded from pricing for one cycle, with the reason to record.
 *
 * @param reason the kind of bad data
 * @param detail what was seen, for the operator, e.g. "best bid 101 >= best ask 100"
 */
public record Quarantine(QuarantineReason reason, String detail) {
  public Quarantine {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
