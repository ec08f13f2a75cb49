package dev.keel.persistence.db;

import dev.keel.persistence.execution.ExecutionDao;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Empties a database's business tables and Spring Batch's and Quartz's state, keeping the schema
 * and the reference data the changelog seeds (assets, proposal transitions, Keel's internal crossing venue).
 * For the demo and for tests only.
 */
public final class Wipe {

  /** Tables holding a population and what was done for it: what a generated population replaces. */
  public static final String POPULATION_TABLES = "account, portfolio, target_weight, holding, holding_entry, scan_outcome,"
      + " scan_tally, proposal, proposal_trade, venue_order, fill, allocation, notification";

  /**
   * Tables holding business data only, emptied whole. The venue table is not among them: it holds a row the changelog
   * seeds as well, and keeps it ({@link #SEEDED_VENUES}).
   */
  public static final String BUSINESS_TABLES = POPULATION_TABLES + ", notification_delivery, webhook_endpoint, audit_event,"
      + " venue_snapshot, market_snapshot, market, price_bar, asset_regime, basket_regime, api_key, api_idempotency,"
      + " execution_lease, internal_cross, cross_leg, venue_pause";

  /** The venues the changelog seeds, which a wipe keeps: Keel's internal crossing venue. */
  static final String SEEDED_VENUES = "'" + ExecutionDao.INTERNAL_VENUE + "'";

  private Wipe() {}

  /**
   * Drops every object in the public schema and recreates it empty, ready for a fresh migration:
   * the demo's way to start clean even when its database was made by an older changelog.
   */
  public static void schema(DataSource dataSource) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    } catch (SQLException e) {
      throw new IllegalStateException("could not recreate the public schema: " + e.getMessage(), e);
    }
  }

  public static void everything(DataSource dataSource) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE " + BUSINESS_TABLES + " RESTART IDENTITY CASCADE");
      // every table that refers to a venue is emptied above, so the venues configured or made up by tests go, the seeded stay
      s.execute("DELETE FROM venue WHERE id NOT IN (" + SEEDED_VENUES + ")");
      // ids restart at 1, so client order ids get a new prefix (a venue never sees one it has seen before) and page
      // links a new key (a link to an old proposal never opens a new one that reuses its id)
      s.execute("UPDATE installation SET id = substr(md5(random()::text || clock_timestamp()::text), 1, 8),"
          + " link_key = replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')");
      s.execute("TRUNCATE batch_step_execution_context, batch_job_execution_context, batch_step_execution,"
          + " batch_job_execution_params, batch_job_execution, batch_job_instance CASCADE");
      s.execute("TRUNCATE qrtz_fired_triggers, qrtz_simple_triggers, qrtz_cron_triggers, qrtz_simprop_triggers,"
          + " qrtz_blob_triggers, qrtz_triggers, qrtz_job_details, qrtz_calendars, qrtz_paused_trigger_grps,"
          + " qrtz_scheduler_state CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not empty the database: " + e.getMessage(), e);
    }
  }
}
