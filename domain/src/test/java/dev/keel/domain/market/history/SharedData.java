package dev.keel.domain.market.history;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared market history beside the repository ({@code ../shared/data} from the repository root),
 * or where the system property {@code keel.shared.data} or the environment variable {@code KEEL_SHARED_DATA}
 * points. Tests that need it skip, naming the folder they looked for, when it is absent.
 */
public final class SharedData {

  private SharedData() {}

  /** The folder the shared data should be in, whether or not it exists. */
  public static Path location() {
    String override = System.getProperty("keel.shared.data");
    if (override == null || override.isBlank()) {
      override = System.getenv("KEEL_SHARED_DATA");
    }
    if (override != null && !override.isBlank()) {
      return Path.of(override).toAbsolutePath().normalize();
    }
    return repositoryRoot().resolveSibling("shared").resolve("data").normalize();
  }

  /** The daily Binance price folder; skips the calling test when it is absent. */
  public static Path binanceDailyOrSkip() {
    Path folder = location().resolve("cdd-binance-daily");
    assumeTrue(Files.isDirectory(folder),
        "shared market history not found at " + folder + " (set -Dkeel.shared.data or KEEL_SHARED_DATA); skipping");
    return folder;
  }

  /** The nearest folder upwards from the working directory whose pom.xml is Keel's parent (Maven runs tests in a module). */
  static Path repositoryRoot() {
    Path start = Path.of("").toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path pom = dir.resolve("pom.xml");
      if (Files.isRegularFile(pom) && Files.isDirectory(dir.resolve("domain")) && isParentPom(pom)) {
        return dir;
      }
    }
    return start;
  }

  private static boolean isParentPom(Path pom) {
    try {
      return Files.readString(pom).contains("<modules>");
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
