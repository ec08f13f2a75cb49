package dev.keel.persistence.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keel's database: a PostgreSQL server at a configured URL, or, when none is configured, a real
 * embedded PostgreSQL 17 whose data directory persists between runs. Opening it checks that it
 * answers, so a wrong URL or credential fails here, with a message naming the setting.
 */
public final class KeelDatabase implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KeelDatabase.class);

  private final EmbeddedPostgres server;
  private final HikariDataSource dataSource;
  private final String jdbcUrl;

  private KeelDatabase(EmbeddedPostgres server, HikariDataSource dataSource, String jdbcUrl) {
    this.server = server;
    this.dataSource = dataSource;
    this.jdbcUrl = jdbcUrl;
  }

  /** Opens the configured server, or starts the embedded one and creates its database if missing. */
  public static KeelDatabase open(DatabaseSettings settings) {
    if (!settings.embedded()) {
      HikariDataSource ds = pool(settings.url(), settings.user(), settings.password(), settings.poolSize(), "keel");
      return new KeelDatabase(null, ds, settings.url());
    }
    EmbeddedPostgres pg = startEmbedded(settings);
    try {
      ensureDatabase(pg.getPostgresDatabase(), settings.databaseName());
      String url = pg.getJdbcUrl("postgres", settings.databaseName());
      return new KeelDatabase(pg, pool(url, "postgres", null, settings.poolSize(), "keel"), url);
    } catch (RuntimeException e) {
      closeQuietly(pg);
      throw e;
    }
  }

  private static EmbeddedPostgres startEmbedded(DatabaseSettings settings) {
    try {
      Files.createDirectories(settings.dataDir());
      log.info("starting embedded PostgreSQL with data directory {}", settings.dataDir().toAbsolutePath());
      return EmbeddedPostgres.builder()
          .setDataDirectory(settings.dataDir().resolve("pg"))
          .setCleanDataDirectory(false)
          .setServerConfig("max_connections", "300")
          .setServerConfig("shared_buffers", "256MB")
          .setServerConfig("max_wal_size", "4GB")
          .start();
    } catch (IOException e) {
      throw new DatabaseUnavailableException("keel.db.data-dir: could not start the embedded PostgreSQL in '"
          + settings.dataDir().toAbsolutePath() + "': " + e.getMessage(), e);
    }
  }

  private static void ensureDatabase(DataSource admin, String name) {
    try (Connection c = admin.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException("could not create database '" + name + "' in the embedded server: " + e.getMessage(), e);
    }
  }

  /** Drops and recreates a database of the embedded server; used by the demo to start clean. */
  public static void recreateEmbeddedDatabase(DatabaseSettings settings) {
    if (!settings.embedded()) {
      throw new IllegalStateException("only an embedded database is recreated; keel.db.url is set to " + Redact.url(settings.url()));
    }
    try (EmbeddedPostgres pg = startEmbedded(settings);
         Connection c = pg.getPostgresDatabase().getConnection();
         Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + settings.databaseName() + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + settings.databaseName());
    } catch (IOException | SQLException e) {
      throw new DatabaseUnavailableException("could not recreate database '" + settings.databaseName() + "': " + e.getMessage(), e);
    }
  }

  /** Keel's connection pool on a URL: batched inserts rewritten, a start-up failure named with the URL and user. */
  public static HikariDataSource pool(String url, String user, String password, int size, String name) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setUsername(user);
    cfg.setPassword(password);
    cfg.setMaximumPoolSize(size);
    cfg.setPoolName(name);
    // batched INSERTs are sent as multi-row statements: the scan writes tens of thousands of rows per cycle
    cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
    cfg.setConnectionTimeout(10_000);
    cfg.setInitializationFailTimeout(3_000);
    try {
      return new HikariDataSource(cfg);
    } catch (RuntimeException e) {
      throw new DatabaseUnavailableException("keel.db.url: cannot connect to '" + Redact.url(url) + "' as user '" + user + "': "
          + Redact.without(rootMessage(e), password), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The URL as it may be printed: without a password. */
  public String displayUrl() {
    return Redact.url(jdbcUrl);
  }

  public boolean embedded() {
    return server != null;
  }

  @Override
  public void close() {
    dataSource.close();
    closeQuietly(server);
  }

  private static void closeQuietly(EmbeddedPostgres pg) {
    if (pg == null) {
      return;
    }
    try {
      pg.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
    }
  }
}
