package dev.keel.jobs.housekeeping;

import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/** Deletes per-cycle history past its retention, a bounded number of rows per table at a time. */
public final class HistoryPruner {

  /** Rows per table and batch: a few hundred milliseconds of deleting on this machine. */
  static final int BATCH_ROWS = 200_000;

  private final Jdbi jdbi;
  private final Duration outcomes;
  private final Duration snapshots;

  /**
   * @param outcomes  how long scan outcomes and tallies are kept
   * @param snapshots how long market and venue snapshots are kept
   */
  public HistoryPruner(Jdbi jdbi, Duration outcomes, Duration snapshots) {
    this.jdbi = jdbi;
    this.outcomes = outcomes;
    this.snapshots = snapshots;
  }

  /**
   * @param deleted rows deleted by this batch
   * @param more    whether some table had more to delete than the batch took
   */
  public record Batch(int deleted, boolean more) {}

  /** One batch: at most {@code limit} rows of each table older than its retention before {@code now}. */
  public Batch pruneBatch(Instant now, int limit) {
    return jdbi.withHandle(h -> {
      int[] n = {
          delete(h, "scan_outcome", now.minus(outcomes), limit),
          delete(h, "scan_tally", now.minus(outcomes), limit),
          delete(h, "market_snapshot", now.minus(snapshots), limit),
          delete(h, "venue_snapshot", now.minus(snapshots), limit)};
      return new Batch(java.util.Arrays.stream(n).sum(), java.util.Arrays.stream(n).anyMatch(x -> x == limit));
    });
  }

  private static int delete(org.jdbi.v3.core.Handle h, String table, Instant before, int limit) {
    return h.createUpdate("DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table
            + " WHERE cycle < :before LIMIT :limit)")
        .bind("before", before).bind("limit", limit).execute();
  }
}
