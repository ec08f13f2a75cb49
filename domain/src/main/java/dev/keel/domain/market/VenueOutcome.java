package dev.keel.domain.market;

/** How one venue's market snapshot went in one cycle, from its markets' {@link SnapshotStatus}es. */
public enum VenueOutcome {
  /** Every market of the venue is OK. */
  OK,
  /** Some markets are OK, some are not. */
  PARTIAL,
  /** No market is OK (or the venue has none). */
  FAILED;

  /** The outcome of a venue of which {@code ok} of {@code markets} markets are OK. */
  public static VenueOutcome of(long ok, long markets) {
    if (ok < 0 || ok > markets) {
      throw new IllegalArgumentException("OK markets must be between 0 and " + markets + ", was " + ok);
    }
    return ok == 0 ? FAILED : ok == markets ? OK : PARTIAL;
  }
}
