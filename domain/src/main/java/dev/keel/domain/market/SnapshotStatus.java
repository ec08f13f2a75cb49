package dev.keel.domain.market;

/** The outcome of snapshotting one market on one venue. Only OK may be priced with. */
public enum SnapshotStatus {
  /** A fresh, valid book. */
  OK,
  /** The venue's data was older than the configured maximum age (FAULTS.md M1). */
  STALE,
  /** The venue answered with data that must not be priced with (FAULTS.md M2, M3). */
  QUARANTINED,
  /** The venue did not answer usefully (timeout, HTTP 5xx, rate limit, malformed reply). */
  VENUE_FAILED
}
