package dev.keel.persistence.db;

/** The database could not be reached, started or created; the message names the setting and value. */
public final class DatabaseUnavailableException extends RuntimeException {
  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
