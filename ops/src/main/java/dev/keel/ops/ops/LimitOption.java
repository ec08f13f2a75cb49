package dev.keel.ops.ops;

import picocli.CommandLine.Option;

/** The {@code --limit} of a command that lists rows, newest first. */
public final class LimitOption {

  @Option(names = "--limit", defaultValue = "20", description = "how many (default ${DEFAULT-VALUE})")
  int limit;

  /** The limit given, checked: 1 to 10,000. */
  public int value() {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("--limit must be between 1 and 10000, was " + limit);
    }
    return limit;
  }
}
