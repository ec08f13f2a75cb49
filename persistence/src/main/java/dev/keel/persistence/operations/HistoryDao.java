package dev.keel.persistence.operations;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The history Keel writes every cycle and keeps for a retention: scan outcomes and tallies, market and venue snapshots. */
public final class HistoryDao {

  /** Tables of the scan's per-cycle results. */
  public static final List<String> SCAN_RESULTS = List.of("scan_outcome", "scan_tally");

  /** Tables of the per-cycle market data. */
  public static final List<String> SNAPSHOTS = List.of("market_snapshot", "venue_snapshot");

  private final Jdbi jdbi;

  public HistoryDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Deletes at most {@code limit} rows of each table whose cycle is before its retention's cut-off.
   *
   * @param scanResultsBefore the cut-off of {@link #SCAN_RESULTS}
   * @param snapshotsBefore   the cut-off of {@link #SNAPSHOTS}
   * @return the rows deleted from each table, {@link #SCAN_RESULTS} then {@link #SNAPSHOTS}
   */
  public int[] pruneBatch(Instant scanResultsBefore, Instant snapshotsBefore, int limit) {
    return jdbi.withHandle(h -> {
      int[] deleted = new int[SCAN_RESULTS.size() + SNAPSHOTS.size()];
      int i = 0;
      for (String table : SCAN_RESULTS) {
        deleted[i++] = delete(h, table, scanResultsBefore, limit);
      }
      for (String table : SNAPSHOTS) {
        deleted[i++] = delete(h, table, snapshotsBefore, limit);
      }
      return deleted;
    });
  }

  private static int delete(Handle h, String table, Instant before, int limit) {
    return h.createUpdate("DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table
            + " WHERE cycle < :before LIMIT :limit)")
        .bind("before", before).bind("limit", limit).execute();
  }
}
