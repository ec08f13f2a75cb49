package dev.keel.domain.market.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared market data that lies beside the repository (never inside it): the system property
 * {@code keel.shared.data}, else the environment variable {@code KEEL_SHARED_DATA}, else {@code ../shared/data}
 * relative to the repository root found by walking up from the working directory. The one place that knows where it
 * is: the demo, the benches and every test that reads it ask here, and tests skip with {@link #absent()}.
 */
public final class SharedData {

  /** The system property that overrides the location. */
  public static final String PROPERTY = "keel.shared.data";
  /** The environment variable that overrides the location. */
  public static final String ENVIRONMENT = "KEEL_SHARED_DATA";
  /** The folder of daily Binance price files inside it. */
  public static final String BINANCE_DAILY = "cdd-binance-daily";

  private SharedData() {}

  /** The folder the shared data should be in, whether or not it exists. */
  public static Path location() {
    String configured = System.getProperty(PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(ENVIRONMENT);
    }
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("domain"))
          && Files.isDirectory(dir.resolve("ops"))) {
        return dir.resolveSibling("shared").resolve("data").normalize();
      }
    }
    return start.resolveSibling("shared").resolve("data").normalize();
  }

  /** Where the Binance daily history folder should be, whether or not it exists. */
  public static Path binanceDailyLocation() {
    return location().resolve(BINANCE_DAILY);
  }

  /** The Binance daily history folder inside the shared data, when it exists. */
  public static Optional<Path> binanceDaily() {
    Path p = binanceDailyLocation();
    return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
  }

  /** What a test that needs the history says when it skips: the folder it looked for and how to point elsewhere. */
  public static String absent() {
    return "shared market history not found at " + binanceDailyLocation() + " (set -D" + PROPERTY + " or " + ENVIRONMENT
        + "); skipping";
  }
}
