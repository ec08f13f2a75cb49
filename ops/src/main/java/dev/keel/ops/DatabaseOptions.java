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

  @Option(names = "--db-password-file", paramLabel = "FILE", description = "a file holding the database password (default:"
      + " KEEL_DB_PASSWORD); never on the command line, where the process list shows it")
  Path passwordFile;

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
    if (passwordFile != null) {
      args.add("--keel.db.password=" + password(passwordFile));
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

  /** The password in a file: its first line, without the line break. */
  static String password(Path file) {
    try {
      java.util.List<String> lines = java.nio.file.Files.readAllLines(file);
      if (lines.isEmpty() || lines.get(0).isEmpty()) {
        throw new IllegalArgumentException("--db-password-file: '" + file + "' is empty");
      }
      return lines.get(0);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("--db-password-file: cannot read '" + file + "' (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Whether a server URL was given on the command line or in the environment. */
  public boolean serverGiven() {
    String env = System.getenv("KEEL_DB_URL");
    return url != null || (env != null && !env.isBlank());
  }
}
