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
 *
 * <p>The process that starts the embedded server records how to reach it in {@code <data-dir>/keel-server.properties}
 * (port, database, pid; no password: the embedded server trusts local connections) and removes the file when it stops
 * the server. Another Keel process given the same data directory (an operator's {@code keel ops ...} beside
 * {@code keel run}) connects to that server instead of failing on its lock.
 */
public final class KeelDatabase implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KeelDatabase.class);

  private final EmbeddedPostgres server;
  private final HikariDataSource dataSource;
  private final String jdbcUrl;
  /** The file recording how to reach the embedded server this process started; null otherwise. */
  private final EmbeddedServerFile serverFile;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean logStops;

  private KeelDatabase(EmbeddedPostgres server, HikariDataSource dataSource, String jdbcUrl, EmbeddedServerFile serverFile) {
    this.server = server;
    this.dataSource = dataSource;
    this.jdbcUrl = jdbcUrl;
    this.serverFile = serverFile;
  }

  /**
   * Opens the configured server, or the embedded one: the server another live Keel process runs in the data directory,
   * else a server started here (its database created if missing).
   */
  public static KeelDatabase open(DatabaseSettings settings) {
    return open(settings, true);
  }

  /**
   * As {@link #open(DatabaseSettings)}; with {@code mayAttach} false the embedded server is always started here, and a
   * data directory whose server another process runs is refused naming that process (a long-running service owns its
   * server: it must not lose it when another process stops).
   */
  public static KeelDatabase open(DatabaseSettings settings, boolean mayAttach) {
    if (!settings.embedded()) {
      HikariDataSource ds = pool(settings.url(), settings.user(), settings.password(), settings.poolSize(), "keel");
      return new KeelDatabase(null, ds, settings.url(), null);
    }
    java.util.Optional<EmbeddedServerFile.Running> running = EmbeddedServerFile.running(settings.dataDir());
    if (running.isPresent()) {
      EmbeddedServerFile.Running r = running.get();
      if (!mayAttach) {
        throw new DatabaseUnavailableException("keel.db.data-dir: the embedded PostgreSQL in '" + settings.dataDir().toAbsolutePath()
            + "' is run by Keel process " + r.pid() + " (port " + r.port() + "); stop that process or give another --data-dir", null);
      }
      String url = "jdbc:postgresql://localhost:" + r.port() + "/" + settings.databaseName();
      ensureDatabase(adminSource(r.port()), settings.databaseName());
      log.info("using the embedded PostgreSQL of Keel process {} on port {} (data directory {})", r.pid(), r.port(),
          settings.dataDir().toAbsolutePath());
      return new KeelDatabase(null, pool(url, "postgres", null, settings.poolSize(), "keel"), url, null);
    }
    EmbeddedPostgres pg = startEmbedded(settings, false);
    try {
      ensureDatabase(pg.getPostgresDatabase(), settings.databaseName());
      String url = pg.getJdbcUrl("postgres", settings.databaseName());
      HikariDataSource ds = pool(url, "postgres", null, settings.poolSize(), "keel");
      return new KeelDatabase(pg, ds, url, EmbeddedServerFile.write(settings.dataDir(), pg.getPort(), settings.databaseName()));
    } catch (RuntimeException e) {
      closeQuietly(pg);
      throw e;
    }
  }

  private static DataSource adminSource(int port) {
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setUrl("jdbc:postgresql://localhost:" + port + "/postgres");
    ds.setUser("postgres");
    return ds;
  }

  /**
   * @param shutdownHook whether the server stops itself when the JVM exits; a Spring context owning the server stops it
   *                     itself, after everything that uses it, so it must not race that stop
   */
  private static EmbeddedPostgres startEmbedded(DatabaseSettings settings, boolean shutdownHook) {
    try {
      Files.createDirectories(settings.dataDir());
      log.info("starting embedded PostgreSQL with data directory {}", settings.dataDir().toAbsolutePath());
      return EmbeddedPostgres.builder()
          .setRegisterShutdownHook(shutdownHook)
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
    try (EmbeddedPostgres pg = startEmbedded(settings, true);
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

  /** Logs each step of {@link #close()}: for a service's stop, where an operator follows the order in the log. */
  public void logStops() {
    this.logStops = true;
  }

  /** Closes the pool, then stops the embedded server this process started; a second call does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    dataSource.close();
    if (logStops) {
      log.info("stopping: connection pool closed");
    }
    if (server != null) {
      if (serverFile != null) {
        serverFile.delete();
      }
      closeQuietly(server);
      if (logStops) {
        log.info("stopping: embedded PostgreSQL stopped");
      }
    }
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
