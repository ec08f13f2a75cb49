package dev.keel.persistence.db;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where Keel's database is.
 *
 * @param url          a JDBC URL of a PostgreSQL server, or null for the embedded server
 * @param user         the user for {@code url}; ignored by the embedded server
 * @param password     the password for {@code url}; ignored by the embedded server
 * @param dataDir      the embedded server's data directory, kept between runs
 * @param databaseName the database to use inside the embedded server
 * @param poolSize     the most connections Keel opens
 */
public record DatabaseSettings(String url, String user, String password, Path dataDir, String databaseName, int poolSize) {

  public static final Path DEFAULT_DATA_DIR = Path.of("keel-data");
  public static final String DEFAULT_DATABASE = "keel";

  public DatabaseSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(databaseName, "databaseName");
    if (url != null && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("keel.db.url must be a PostgreSQL JDBC URL starting with jdbc:postgresql:, was '" + url + "'");
    }
    if (!databaseName.matches("[a-z][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("keel.db.name must be a lower-case PostgreSQL identifier, was '" + databaseName + "'");
    }
    if (poolSize < 2 || poolSize > 200) {
      throw new IllegalArgumentException("keel.db.pool-size must be between 2 and 200, was " + poolSize);
    }
  }

  public boolean embedded() {
    return url == null;
  }

  public static DatabaseSettings embedded(Path dataDir, String databaseName) {
    return new DatabaseSettings(null, null, null, dataDir, databaseName, 16);
  }
}
