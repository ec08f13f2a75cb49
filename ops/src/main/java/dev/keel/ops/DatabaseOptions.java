package dev.keel.ops;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where the database is, for every subcommand. Without {@code --db-url} (or KEEL_DB_URL, or the
 * property keel.db.url) Keel starts its embedded PostgreSQL in {@code --data-dir}.
 */
public class DatabaseOptions {

  @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "PostgreSQL JDBC URL (default: KEEL_DB_URL, else the embedded server)")
  String url;

  @Option(names = "--db-user", paramLabel = "USER", description = "database user (default: KEEL_DB_USER, else postgres)")
  String user;

  @Option(names = "--db-password", paramLabel = "PASSWORD", description = "database password (default: KEEL_DB_PASSWORD)")
  String password;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "embedded server's data directory (default: KEEL_DATA_DIR, else ./keel-data)")
  Path dataDir;

  @Option(names = "--config", paramLabel = "FILE", description = "an extra configuration file (YAML or properties)")
  Path config;

  /** Spring arguments carrying these options; the ones not given fall back to environment and files. */
  public List<String> springArgs() {
    List<String> args = new ArrayList<>();
    if (url != null) {
      args.add("--keel.db.url=" + url);
    }
    if (user != null) {
      args.add("--keel.db.user=" + user);
    }
    if (password != null) {
      args.add("--keel.db.password=" + password);
    }
    if (dataDir != null) {
      args.add("--keel.db.data-dir=" + dataDir);
    }
    if (config != null) {
      if (!config.toFile().isFile()) {
        throw new IllegalArgumentException("--config: no such file '" + config + "'");
      }
      args.add("--spring.config.additional-location=file:" + config.toAbsolutePath());
    }
    return args;
  }

  /** Whether a server URL was given on the command line or in the environment. */
  public boolean serverGiven() {
    String env = System.getenv("KEEL_DB_URL");
    return url != null || (env != null && !env.isBlank());
  }
}
