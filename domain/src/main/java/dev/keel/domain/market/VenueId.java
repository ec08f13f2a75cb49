package dev.keel.domain.market;

import java.util.Objects;

/**
 * The identifier of a venue Keel trades on, e.g. "binance", "kraken", "paper-a".
 *
 * @param value lower-case letters, digits and dashes, 2 to 32 characters
 */
public record VenueId(String value) {
  public VenueId {
    Objects.requireNonNull(value, "value");
    if (!value.matches("[a-z0-9][a-z0-9-]{1,31}")) {
      throw new IllegalArgumentException("venue id must be 2-32 lower-case letters, digits or dashes, was '" + value + "'");
    }
  }

  public static VenueId of(String value) {
    return new VenueId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
