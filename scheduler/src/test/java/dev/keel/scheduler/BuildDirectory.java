package dev.keel.scheduler;

import java.nio.file.Path;

/**
 * Where tests write what a reader looks at afterwards (screenshots, the served OpenAPI document): the module's build
 * directory as Maven names it, passed by Failsafe as {@code keel.build.directory} (scheduler/pom.xml), so a build with
 * another output folder ({@code -Dkeel.target=target-NAME}) finds them there too; {@code target} when run without it.
 */
public final class BuildDirectory {

  public static final String PROPERTY = "keel.build.directory";

  private BuildDirectory() {}

  /** A path under the build directory. */
  public static Path resolve(String first, String... more) {
    return Path.of(System.getProperty(PROPERTY, "target")).resolve(Path.of(first, more));
  }
}
