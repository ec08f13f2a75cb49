package dev.keel.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.persistence.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationsIT {

  private final TestDatabase db = TestDatabase.get();

  @Test
  void changelog_applied_to_an_empty_database_creates_every_table() {
    List<String> tables = db.jdbi().withHandle(h -> h.createQuery(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
        .mapTo(String.class).list());
    assertThat(tables).contains("asset", "venue", "market", "market_snapshot", "price_bar", "asset_regime", "account",
        "portfolio", "target_weight", "holding", "proposal", "proposal_trade", "venue_order", "fill", "allocation",
        "holding_entry", "notification", "scan_outcome", "scan_tally", "venue_snapshot", "audit_event",
        "batch_job_instance", "batch_job_execution", "batch_step_execution", "qrtz_triggers", "qrtz_job_details",
        "qrtz_locks", "qrtz_fired_triggers");
  }

  @Test
  void a_second_migration_changes_nothing() throws Exception {
    int applied = Migrations.migrate(db.dataSource());
    String schemaBefore = schemaFingerprint();
    int again = Migrations.migrate(db.dataSource());
    assertThat(applied).isZero();
    assertThat(again).isZero();
    assertThat(schemaFingerprint()).isEqualTo(schemaBefore);
    try (Connection c = db.dataSource().getConnection()) {
      assertThat(Migrations.appliedCount(c)).isGreaterThan(50);
    }
  }

  @Test
  void the_changelog_applies_to_a_fresh_database() {
    db.jdbi().useHandle(h -> {
      h.execute("DROP DATABASE IF EXISTS keel_fresh WITH (FORCE)");
      h.execute("CREATE DATABASE keel_fresh");
    });
    // another database on the same server, whatever the test database is called (with KEEL_TEST_DB_URL naming a
    // database other than postgres, a name-based replacement used to migrate the test database itself)
    String url = db.urlOf("keel_fresh");
    assertThat(url).isNotEqualTo(db.url()).contains("/keel_fresh");
    try (KeelDatabase fresh = KeelDatabase.open(new DatabaseSettings(url, db.user(), db.password(),
        DatabaseSettings.DEFAULT_DATA_DIR, "keel", 2))) {
      int applied = Migrations.migrate(fresh.dataSource());
      assertThat(applied).isGreaterThan(50);
      assertThat(Migrations.migrate(fresh.dataSource())).isZero();
    }
  }

  private String schemaFingerprint() {
    return db.jdbi().withHandle(h -> h.createQuery(
            "SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ',' ORDER BY table_name, column_name)"
                + " FROM information_schema.columns WHERE table_schema = 'public'")
        .mapTo(String.class).one());
  }
}
