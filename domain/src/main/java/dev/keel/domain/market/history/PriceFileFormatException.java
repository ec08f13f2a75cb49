package dev.keel.domain.market.history;

import java.util.Objects;

/** A price file that does not follow its format; the message names the file, the line and the offending value. */
public final class PriceFileFormatException extends RuntimeException {

  private final String file;
  private final int line;
  private final String value;

  public PriceFileFormatException(String file, int line, String value, String problem) {
    super(file + ":" + line + ": " + problem + (value == null ? "" : " (value '" + value + "')"));
    this.file = Objects.requireNonNull(file, "file");
    this.line = line;
    this.value = value;
  }

  /** The file's name or path as given to the reader. */
  public String file() {
    return file;
  }

  /** The 1-based line number, counting the banner and header lines. */
  public int line() {
    return line;
  }

  /** The offending text, or null when the problem is the line as a whole. */
  public String value() {
    return value;
  }
}
