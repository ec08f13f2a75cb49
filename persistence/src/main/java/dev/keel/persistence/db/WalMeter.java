package dev.keel.persistence.db;

import org.jdbi.v3.core.Jdbi;

/**
 * The server's write-ahead log position, to measure what a piece of work writes: every byte of WAL is also shipped to
 * replicas, kept in backups and, for rows deleted later, paid for again by vacuum. The figure covers the whole server
 * (autovacuum and other sessions included) between two readings.
 */
public final class WalMeter {

  private final Jdbi jdbi;

  public WalMeter(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The current WAL insert position, as PostgreSQL prints it (for example {@code 0/1A2B3C4}). */
  public String position() {
    return jdbi.withHandle(h -> h.createQuery("SELECT pg_current_wal_lsn()::text").mapTo(String.class).one());
  }

  /** Bytes of WAL written since {@code position} (a value {@link #position()} returned). */
  public long bytesSince(String position) {
    return jdbi.withHandle(h -> h.createQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), CAST(:since AS pg_lsn))::bigint")
        .bind("since", position).mapTo(Long.class).one());
  }

  /**
   * Autovacuum and autoanalyze runs so far per table of the current database: a run between two readings writes WAL
   * of its own (visibility map, freezing, statistics) that the work measured may have caused earlier.
   */
  public java.util.Map<String, Long> autovacuums() {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT relname, autovacuum_count + autoanalyze_count AS n FROM pg_stat_user_tables")
        .map((rs, ctx) -> out.put(rs.getString("relname"), rs.getLong("n"))).list());
    return out;
  }

  /** The tables whose autovacuum or autoanalyze count grew between two readings of {@link #autovacuums()}. */
  public static java.util.List<String> grew(java.util.Map<String, Long> before, java.util.Map<String, Long> after) {
    return after.entrySet().stream().filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0L))
        .map(java.util.Map.Entry::getKey).toList();
  }

  /**
   * Checkpoints the server has started (timed and requested), or -1 before PostgreSQL 17 (no pg_stat_checkpointer): after
   * a checkpoint the next change of every page writes the whole page, so a reading that spans one is larger.
   */
  public long checkpoints() {
    return jdbi.withHandle(h -> {
      if (h.createQuery("SELECT current_setting('server_version_num')::int").mapTo(Integer.class).one() < 170000) {
        return -1L;
      }
      return h.createQuery("SELECT num_timed + num_requested FROM pg_stat_checkpointer").mapTo(Long.class).one();
    });
  }
}
