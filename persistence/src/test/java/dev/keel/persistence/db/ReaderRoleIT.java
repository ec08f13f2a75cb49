package dev.keel.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.persistence.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The analysts' role: it reads every report view and nothing else. */
class ReaderRoleIT {

  private static final String PASSWORD = "reader-pw-7c1d";
  private final TestDatabase db = TestDatabase.get();

  private Connection asReader() throws SQLException {
    Migrations.readerPassword(db.dataSource(), PASSWORD);
    Properties p = new Properties();
    p.setProperty("user", "keel_reader");
    p.setProperty("password", PASSWORD);
    return DriverManager.getConnection(db.url().replaceAll("[?&](user|password)=[^&]*", ""), p);
  }

  private List<String> reportViews() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT viewname FROM pg_views WHERE schemaname = 'public'"
        + " AND viewname LIKE 'report\\_%' ORDER BY 1").mapTo(String.class).list());
  }

  @Test
  void the_reader_selects_from_every_report_view() throws Exception {
    List<String> views = reportViews();
    assertThat(views).contains("report_approval_funnel", "report_regime_history", "report_drift_distribution",
        "report_scan_outcomes", "report_scan_portfolio", "report_scan_completeness",
        "report_ledger_mismatch", "report_fills", "report_execution_drag");
    try (Connection c = asReader(); Statement s = c.createStatement()) {
      for (String view : views) {
        s.executeQuery("SELECT * FROM " + view + " LIMIT 1").close();
      }
    }
  }

  @Test
  void the_reader_reads_no_table_and_writes_nothing() throws Exception {
    List<String> tables = db.jdbi().withHandle(h -> h.createQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        + " ORDER BY 1").mapTo(String.class).list());
    assertThat(tables).contains("proposal", "installation", "batch_job_execution", "qrtz_triggers");
    try (Connection c = asReader(); Statement s = c.createStatement()) {
      for (String table : tables) {
        assertThatThrownBy(() -> s.executeQuery("SELECT 1 FROM " + table + " LIMIT 1").close()).as(table)
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
      }
      assertThatThrownBy(() -> s.execute("DELETE FROM report_fills"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isIn("42501", "55000"));
      assertThatThrownBy(() -> s.execute("CREATE TABLE mine (x int)"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }
  }

  @Test
  void the_grants_cover_a_view_added_after_the_changeset() throws Exception {
    db.jdbi().useHandle(h -> h.execute("CREATE OR REPLACE VIEW report_zz_later AS SELECT 1 AS one"));
    try {
      Migrations.migrate(db.dataSource());
      try (Connection c = asReader(); Statement s = c.createStatement()) {
        s.executeQuery("SELECT * FROM report_zz_later").close();
      }
    } finally {
      db.jdbi().useHandle(h -> h.execute("DROP VIEW report_zz_later"));
    }
  }

  /** Nodes of one database start together: each applies the changelog, the reader's grants and its password. */
  @Test
  void nodes_starting_together_migrate_and_grant_without_refusing_each_other() throws Exception {
    int nodes = 4;
    for (int round = 0; round < 5; round++) {
      var pool = java.util.concurrent.Executors.newFixedThreadPool(nodes);
      try {
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<?>> started = new java.util.ArrayList<>();
        for (int n = 0; n < nodes; n++) {
          started.add(pool.submit(() -> {
            start.await();
            Migrations.migrate(db.dataSource());
            Migrations.readerPassword(db.dataSource(), PASSWORD);
            return null;
          }));
        }
        start.countDown();
        for (var f : started) {
          f.get(2, java.util.concurrent.TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
    }
    try (Connection c = asReader(); Statement s = c.createStatement()) {
      s.executeQuery("SELECT * FROM report_fills LIMIT 1").close();
    }
  }
}
