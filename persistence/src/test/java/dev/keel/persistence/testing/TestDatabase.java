package dev.keel.persistence.testing;

import dev.keel.persistence.db.Jdbis;
import dev.keel.persistence.db.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The real PostgreSQL every test uses: an embedded PostgreSQL 17 started once per test JVM
 * (or the server at KEEL_TEST_DB_URL when set), migrated with the production changelog.
 */
public final class TestDatabase {

  private static TestDatabase instance;

  private final EmbeddedPostgres server;
  private final HikariDataSource dataSource;
  private final String url;
  private final Jdbi jdbi;

  private TestDatabase(EmbeddedPostgres server, HikariDataSource dataSource, String url) {
    this.server = server;
    this.dataSource = dataSource;
    this.url = url;
    this.jdbi = Jdbis.create(dataSource);
  }

  public static synchronized TestDatabase get() {
    if (instance == null) {
      instance = start();
      Migrations.migrate(instance.dataSource);
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "test-database-stop"));
    }
    return instance;
  }

  private static TestDatabase start() {
    String external = System.getenv("KEEL_TEST_DB_URL");
    if (external != null && !external.isBlank()) {
      return new TestDatabase(null, pool(external, System.getenv("KEEL_TEST_DB_USER"), System.getenv("KEEL_TEST_DB_PASSWORD")), external);
    }
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .setServerConfig("max_connections", "200")
          .start();
      String url = pg.getJdbcUrl("postgres", "postgres");
      return new TestDatabase(pg, pool(url, "postgres", null), url);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL for tests", e);
    }
  }

  private static HikariDataSource pool(String url, String user, String password) {
    return dev.keel.persistence.db.KeelDatabase.pool(url, user, password, 24, "keel-test");
  }


  public DataSource dataSource() {
    return dataSource;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public String url() {
    return url;
  }

  /**
   * The URL of another database on the same server, whatever the test database is called: the path's database name
   * replaced, host, port and parameters kept.
   */
  public String urlOf(String database) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(.*)$").matcher(url);
    if (!m.matches()) {
      throw new IllegalStateException("the test database URL does not name a database: " + dev.keel.persistence.db.Redact.url(url));
    }
    return m.group(1) + database + m.group(3);
  }

  /** The user the tests connect as: KEEL_TEST_DB_USER with an external server, else postgres. */
  public String user() {
    String u = server == null ? System.getenv("KEEL_TEST_DB_USER") : null;
    return u == null || u.isBlank() ? "postgres" : u;
  }

  /** The password the tests connect with: KEEL_TEST_DB_PASSWORD with an external server, else none. */
  public String password() {
    return server == null ? System.getenv("KEEL_TEST_DB_PASSWORD") : null;
  }

  /** The embedded server, or null when tests run against KEEL_TEST_DB_URL. */
  public EmbeddedPostgres server() {
    return server;
  }

  /** Empties every business table and Quartz's and Spring Batch's state. */
  public void reset() {
    dev.keel.persistence.db.Wipe.everything(dataSource);
  }

  private void stop() {
    dataSource.close();
    if (server != null) {
      try {
        server.close();
      } catch (IOException ignored) {
        // the JVM is ending
      }
    }
  }
}
