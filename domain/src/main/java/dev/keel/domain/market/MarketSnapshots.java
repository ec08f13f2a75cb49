package dev.keel.domain.market;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns what a venue returned into a {@link MarketSnapshot}: checks the book, measures it, and records the outcome. */
public final class MarketSnapshots {

  private MarketSnapshots() {}

  /**
   * Assesses a venue's book.
   *
   * @param venue      the venue
   * @param book       the book as reported, possibly bad
   * @param observedAt when Keel took it (the injected clock)
   * @param venueTime  the venue's timestamp of the book, if any; older than {@code spec.maxAge()} gives STALE
   * @param fees       the fees in force
   * @param volume24h  the 24-hour volume, if reported
   * @param spec       the bands and notionals to measure
   */
  public static MarketSnapshot assess(VenueId venue, OrderBook book, Instant observedAt, Optional<Instant> venueTime,
      FeeQuote fees, Optional<TradingVolume24h> volume24h, SnapshotSpec spec) {
    Optional<Quarantine> bad = OrderBookCheck.check(book);
    if (bad.isPresent()) {
      return new MarketSnapshot(venue, book.market(), observedAt, venueTime, SnapshotOutcome.quarantined(bad.get()),
          Optional.empty(), Optional.of(fees), volume24h);
    }
    BookMetrics metrics = measure(book, spec);
    SnapshotOutcome outcome = SnapshotOutcome.ok();
    if (venueTime.isPresent()) {
      Duration age = Duration.between(venueTime.get(), observedAt);
      if (age.compareTo(spec.maxAge()) > 0) {
        outcome = SnapshotOutcome.stale("venue time " + venueTime.get() + " is " + age + " before " + observedAt
            + ", more than the maximum age " + spec.maxAge());
      }
    }
    return new MarketSnapshot(venue, book.market(), observedAt, venueTime, outcome, Optional.of(metrics), Optional.of(fees), volume24h);
  }

  /** The snapshot of a market whose venue call failed. */
  public static MarketSnapshot venueFailed(VenueId venue, Market market, Instant observedAt, VenueFault fault) {
    return new MarketSnapshot(venue, market, observedAt, Optional.empty(), SnapshotOutcome.venueFailed(fault),
        Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** A quarantine found outside the book (e.g. a ticker price that is not finite). */
  public static MarketSnapshot quarantined(VenueId venue, Market market, Instant observedAt, Quarantine quarantine,
      Optional<FeeQuote> fees) {
    return new MarketSnapshot(venue, market, observedAt, Optional.empty(), SnapshotOutcome.quarantined(quarantine),
        Optional.empty(), fees, Optional.empty());
  }

  /** Measures a book that passed {@link OrderBookCheck}. */
  public static BookMetrics measure(OrderBook book, SnapshotSpec spec) {
    List<DepthBand> depth = new ArrayList<>();
    for (double bps : spec.depthBandsBps()) {
      depth.add(new DepthBand(bps, BookWalk.depthWithin(book, Side.SELL, bps), BookWalk.depthWithin(book, Side.BUY, bps)));
    }
    List<NotionalCost> costs = new ArrayList<>();
    for (double notional : spec.notionals()) {
      WalkResult buy = BookWalk.walk(book, Side.BUY, notional);
      WalkResult sell = BookWalk.walk(book, Side.SELL, notional);
      costs.add(new NotionalCost(notional, buy.costFraction(), sell.costFraction(), buy.complete(), sell.complete()));
    }
    double fitRange = spec.notionals().get(spec.notionals().size() - 1);
    PriceLevel bid = book.bids().get(0);
    PriceLevel ask = book.asks().get(0);
    return new BookMetrics(bid.price(), bid.quantity(), ask.price(), ask.quantity(),
        bid.price().add(ask.price()).divide(java.math.BigDecimal.valueOf(2)), BookWalk.spreadBps(book),
        book.bids().size(), book.asks().size(), depth, costs,
        CostModel.fitImpact(book, Side.BUY, fitRange).slope(), CostModel.fitImpact(book, Side.SELL, fitRange).slope());
  }
}
