package dev.keel.jobs.housekeeping;

import dev.keel.persistence.operations.HistoryDao;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.jdbi.v3.core.Jdbi;

/** Deletes per-cycle history past its retention, a bounded number of rows per table at a time. */
public final class HistoryPruner {

  /** Rows per table and batch: a few hundred milliseconds of deleting on this machine. */
  static final int BATCH_ROWS = 200_000;

  private final HistoryDao history;
  private final Duration outcomes;
  private final Duration snapshots;

  /**
   * @param outcomes  how long scan outcomes and tallies are kept
   * @param snapshots how long market and venue snapshots are kept
   */
  public HistoryPruner(Jdbi jdbi, Duration outcomes, Duration snapshots) {
    this.history = new HistoryDao(jdbi);
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
    int[] n = history.pruneBatch(now.minus(outcomes), now.minus(snapshots), limit);
    return new Batch(Arrays.stream(n).sum(), Arrays.stream(n).anyMatch(x -> x == limit));
  }
}
