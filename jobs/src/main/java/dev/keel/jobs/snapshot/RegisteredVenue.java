package dev.keel.jobs.snapshot;

import dev.keel.jobs.venue.Venue;
import java.util.Objects;

/**
 * A venue Keel is configured to use.
 *
 * @param venue the venue
 * @param kind  PAPER, BINANCE or KRAKEN, as stored in the venue table
 * @param name  a name for people
 */
public record RegisteredVenue(Venue venue, String kind, String name) {
  public RegisteredVenue {
    Objects.requireNonNull(venue, "venue");
    if (!java.util.Set.of("PAPER", "BINANCE", "KRAKEN").contains(kind)) {
      throw new IllegalArgumentException("venue kind must be PAPER, BINANCE or KRAKEN, was '" + kind + "'");
    }
  }
}
