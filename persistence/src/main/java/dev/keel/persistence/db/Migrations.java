package dev.keel.persistence.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.ui.LoggerUIService;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/** Applies Keel's Liquibase changelog: every table, Spring Batch's and Quartz's included. */
public final class Migrations {

  /** The master changelog on the classpath (module sql). */
  public static final String CHANGELOG = "db/changelog/db.changelog-master.yaml";

  /** Liquibase logs through java.util.logging; keep its per-change-set chatter out of operators' consoles. */
  private static final java.util.logging.Logger LIQUIBASE_LOG = java.util.logging.Logger.getLogger("liquibase");

  static {
    LIQUIBASE_LOG.setLevel(java.util.logging.Level.WARNING);
    // Liquibase 4.33 reports usage to its vendor over HTTPS on every update unless told not to: Keel's database
    // migrations stay on the machine
    if (System.getProperty("liquibase.analytics.enabled") == null) {
      System.setProperty("liquibase.analytics.enabled", "false");
    }
  }

  private Migrations() {}

  /**
   * Brings the database up to the changelog. A database already migrated is left unchanged.
   *
   * @return the number of change sets applied by this call
   */
  public static int migrate(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      int before = appliedCount(c);
      Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(Migrations.class.getClassLoader()),
          Scope.Attr.ui.name(), new LoggerUIService()), () ->
          new CommandScope(UpdateCommandStep.COMMAND_NAME)
              .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, db)
              .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
              .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY, UpdateSummaryEnum.OFF)
              .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
              .execute());
      int applied = appliedCount(c) - before;
      grantReader(c);
      return applied;
    } catch (Exception e) {
      throw new MigrationException("migration of the database failed: " + e.getMessage(), e);
    }
  }

  /** The reader role's grants, as the changelog's last word: every report view, whichever changeset made it. */
  private static void grantReader(Connection c) throws Exception {
    String sql;
    try (var in = Migrations.class.getClassLoader().getResourceAsStream(READER_GRANTS)) {
      if (in == null) {
        throw new IllegalStateException(READER_GRANTS + " is not on the classpath");
      }
      sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    serialized(c, s -> s.execute(sql));
  }

  /** Serialises the reader role's grants and password between nodes starting together on one database. */
  static final long ROLE_LOCK = 0x6b65656c_726f6c65L; // "keelrole"

  /** How often a change to the server-wide role is tried when another database's Keel changes it at the same moment. */
  static final int ROLE_ATTEMPTS = 5;

  /**
   * Runs a change of the reader role (grants, password) in one transaction under a transaction-scoped advisory lock, so
   * two nodes of one database starting together take turns (without it PostgreSQL refuses the second GRANT with "tuple
   * concurrently updated"). A role belongs to the whole server and an advisory lock to one database, so a collision
   * with another database's Keel is retried instead.
   */
  private static void serialized(Connection c, SqlWork work) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    if (!autoCommit) { // Liquibase may leave the connection in a transaction
      c.commit();
    }
    c.setAutoCommit(false);
    try {
      for (int attempt = 1; ; attempt++) {
        try (Statement s = c.createStatement()) {
          s.execute("SELECT pg_advisory_xact_lock(" + ROLE_LOCK + ")");
          work.run(s);
          c.commit();
          return;
        } catch (SQLException e) {
          c.rollback();
          if (attempt >= ROLE_ATTEMPTS || !concurrentCatalogChange(e)) {
            throw e;
          }
        }
      }
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** PostgreSQL's answers when two sessions change one catalog row (a role, a grant) at once; trying again succeeds. */
  static boolean concurrentCatalogChange(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state) || "23505".equals(state)
        || ("XX000".equals(state) && e.getMessage() != null && e.getMessage().contains("concurrently"));
  }

  @FunctionalInterface
  private interface SqlWork {
    void run(Statement s) throws SQLException;
  }

  /** The grants of the read-only role {@code keel_reader}: SELECT on the report views only. */
  public static final String READER_GRANTS = "db/reports/keel_reader_grants.sql";

  /**
   * Lets {@code keel_reader} log in with this password (keel.db.reader-password). The password is hashed (SCRAM-SHA-256)
   * by the driver before it is sent, so it never appears in statement text or the server's log.
   */
  public static void readerPassword(DataSource dataSource, String password) {
    if (password == null || password.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      serialized(c, s -> {
        c.unwrap(org.postgresql.PGConnection.class).alterUserPassword("keel_reader", password.toCharArray(), "scram-sha-256");
        s.execute("ALTER ROLE keel_reader LOGIN");
      });
    } catch (SQLException e) {
      throw new MigrationException("keel.db.reader-password: could not give keel_reader its password (" + e.getSQLState() + ")", e);
    }
  }

  /** Number of change sets recorded as applied; 0 for an empty database. */
  public static int appliedCount(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'databasechangelog'")) {
      rs.next();
      if (rs.getInt(1) == 0) {
        return 0;
      }
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM databasechangelog")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** The migration failed; nothing after the failing change set was applied. */
  public static final class MigrationException extends RuntimeException {
    MigrationException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
