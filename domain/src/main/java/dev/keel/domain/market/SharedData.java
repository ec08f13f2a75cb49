package dev.keel.domain.market;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared market data that lies beside the repository (never inside it): the system property
 * {@code keel.shared.data}, else the environment variable {@code KEEL_SHARED_DATA}, else {@code ../shared/data}
 * relative to the repository root found by walking up from the working directory.
 */
public final class SharedData {

  /** The system property that overrides the location. */
  public static final String PROPERTY = "keel.shared.data";
  /** The environment variable that overrides the location. */
  public static final String ENVIRONMENT = "KEEL_SHARED_DATA";

  private SharedData() {}

  /** The shared data folder, when it exists. */
  public static Optional<Path> locate() {
    String configured = System.getProperty(PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(ENVIRONMENT);
    }
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("domain"))) {
        Path shared = dir.resolve("../shared/data").normalize();
        return Files.isDirectory(shared) ? Optional.of(shared) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The Binance daily history folder inside the shared data, when it exists. */
  public static Optional<Path> binanceDaily() {
    return locate().map(p -> p.resolve("cdd-binance-daily")).filter(Files::isDirectory);
  }
}
