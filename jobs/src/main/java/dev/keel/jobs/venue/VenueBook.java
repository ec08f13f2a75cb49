package dev.keel.jobs.venue;

import dev.keel.domain.market.OrderBook;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An order book as a venue returned it.
 *
 * @param book      the levels, possibly bad (they are checked when the snapshot is assessed)
 * @param venueTime the venue's own time of the book, where it reports one that means "as of" (not Binance's or Kraken's REST depth)
 */
public record VenueBook(OrderBook book, Optional<Instant> venueTime) {
  public VenueBook {
    Objects.requireNonNull(book, "book");
    Objects.requireNonNull(venueTime, "venueTime");
  }
}
