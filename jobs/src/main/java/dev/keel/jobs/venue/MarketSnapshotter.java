package dev.keel.jobs.venue;

import dev.keel.domain.market.FeeQuote;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketSnapshot;
import dev.keel.domain.market.MarketSnapshots;
import dev.keel.domain.market.OrderBookCheck;
import dev.keel.domain.market.Quarantine;
import dev.keel.domain.market.SnapshotSpec;
import dev.keel.domain.market.SnapshotStatus;
import dev.keel.domain.market.TradingVolume24h;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes market snapshots from a venue: the book (whose failure makes the snapshot VENUE_FAILED), then the ticker (whose
 * failure only leaves the 24-hour volume empty) and the fees (whose failure falls back to the configured schedule). Once
 * a venue answers RATE_LIMITED or BANNED, it pauses itself, so its remaining markets are recorded with that fault
 * without being called.
 *
 * <p>Bad numbers quarantine the market for the cycle (FAULTS.md M2), whichever reply carries them: a book the
 * {@link OrderBookCheck} refuses (zero or negative prices, crossed, empty), a book or ticker reply holding NaN or an
 * infinity (which XChange cannot read, see {@link NonFiniteNumbers}), and a ticker whose last price is zero or negative.
 */
public final class MarketSnapshotter {

  private MarketSnapshotter() {}

  /** One market on one venue, taken now by {@code clock}. */
  public static MarketSnapshot snapshot(Venue venue, Market market, SnapshotSpec spec, Clock clock) {
    VenueResult<VenueBook> book = venue.orderBook(market, spec.bookDepth());
    Instant observedAt = clock.instant();
    if (book instanceof VenueResult.Failed<VenueBook> failed) {
      return MarketSnapshots.venueFailed(venue.id(), market, observedAt, failed.fault());
    }
    if (book instanceof VenueResult.Quarantined<VenueBook> bad) {
      return MarketSnapshots.quarantined(venue.id(), market, observedAt, bad.quarantine(), Optional.empty());
    }
    VenueBook b = book.orThrow();
    VenueResult<VenueTicker> ticker = venue.ticker(market);
    Optional<TradingVolume24h> volume = ticker instanceof VenueResult.Ok<VenueTicker> t
        ? Optional.of(t.value().volume24h()) : Optional.empty();
    FeeQuote fees = venue.fees(market) instanceof VenueResult.Ok<FeeQuote> f ? f.value() : venue.configuredFees().quote();
    MarketSnapshot assessed = MarketSnapshots.assess(venue.id(), b.book(), observedAt, b.venueTime(), fees, volume, spec);
    if (assessed.outcome().status() == SnapshotStatus.QUARANTINED) {
      return assessed;
    }
    Optional<Quarantine> badTicker = badTicker(market, ticker);
    if (badTicker.isPresent()) {
      return MarketSnapshots.quarantined(venue.id(), market, observedAt, badTicker.get(), Optional.of(fees));
    }
    return assessed;
  }

  /** A ticker reply holding NaN or an infinity, or a last price that is zero or negative. */
  static Optional<Quarantine> badTicker(Market market, VenueResult<VenueTicker> ticker) {
    if (ticker instanceof VenueResult.Quarantined<VenueTicker> q) {
      return Optional.of(q.quarantine());
    }
    if (ticker instanceof VenueResult.Ok<VenueTicker> t && t.value().last().isPresent()) {
      return OrderBookCheck.checkPrice(market, "ticker last price", t.value().last().get().doubleValue());
    }
    return Optional.empty();
  }

  /** Every market of a venue, in order; never throws for the venue's failures. */
  public static List<MarketSnapshot> snapshotAll(Venue venue, SnapshotSpec spec, Clock clock) {
    List<MarketSnapshot> out = new ArrayList<>(venue.markets().size());
    for (Market market : venue.markets()) {
      MarketSnapshot s = snapshot(venue, market, spec, clock);
      out.add(s);
    }
    return out;
  }
}
