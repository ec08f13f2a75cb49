package dev.keel.domain.market;

import java.util.Objects;

/**
 * The outcome of one market's snapshot, with a machine-readable reason code and a human-readable detail.
 *
 * @param status what happened
 * @param code   empty for OK; a {@link QuarantineReason} name for QUARANTINED, a {@link VenueFaultKind} name for
 *               VENUE_FAILED, "VENUE_TIME_TOO_OLD" for STALE
 * @param detail empty for OK; otherwise what was seen, for the operator
 */
public record SnapshotOutcome(SnapshotStatus status, String code, String detail) {
  public SnapshotOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(detail, "detail");
    if ((status == SnapshotStatus.OK) != code.isEmpty()) {
      throw new IllegalArgumentException("an OK outcome has no reason code and any other has one, was " + status + " '" + code + "'");
    }
  }

  public static SnapshotOutcome ok() {
    return new SnapshotOutcome(SnapshotStatus.OK, "", "");
  }

  public static SnapshotOutcome quarantined(Quarantine q) {
    return new SnapshotOutcome(SnapshotStatus.QUARANTINED, q.reason().name(), q.detail());
  }

  public static SnapshotOutcome venueFailed(VenueFault fault) {
    return new SnapshotOutcome(SnapshotStatus.VENUE_FAILED, fault.kind().name(), fault.describe());
  }

  public static SnapshotOutcome stale(String detail) {
    return new SnapshotOutcome(SnapshotStatus.STALE, "VENUE_TIME_TOO_OLD", detail);
  }

  /** True when the snapshot may be priced with, subject to its age at the time of use. */
  public boolean isOk() {
    return status == SnapshotStatus.OK;
  }
}
