package dev.keel.domain.market;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One market on one venue at one moment: everything the market snapshot job stores. Build it with
 * {@link MarketSnapshots}; price with it only when {@link SnapshotFreshness#unusableReason} is empty.
 *
 * @param venue      the venue
 * @param market     the market
 * @param observedAt when Keel took the snapshot, from the injected clock
 * @param venueTime  the venue's own timestamp of the book, when it reports one
 * @param outcome    OK, STALE, QUARANTINED or VENUE_FAILED, with the reason
 * @param metrics    prices, spread, depth and walk costs; present for OK and STALE, empty otherwise
 * @param fees       the fees in force, when known (from the venue or from configuration)
 * @param volume24h  the venue's 24-hour traded volume, when reported
 */
public record MarketSnapshot(VenueId venue, Market market, Instant observedAt, Optional<Instant> venueTime,
    SnapshotOutcome outcome, Optional<BookMetrics> metrics, Optional<FeeQuote> fees, Optional<TradingVolume24h> volume24h) {
  public MarketSnapshot {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(venueTime, "venueTime");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(fees, "fees");
    Objects.requireNonNull(volume24h, "volume24h");
    boolean priced = outcome.status() == SnapshotStatus.OK || outcome.status() == SnapshotStatus.STALE;
    if (priced != metrics.isPresent()) {
      throw new IllegalArgumentException(venue + " " + market + ": metrics must be present exactly for OK and STALE, status "
          + outcome.status());
    }
    if (outcome.isOk() && fees.isEmpty()) {
      throw new IllegalArgumentException(venue + " " + market + ": an OK snapshot needs fees");
    }
  }

  /**
   * The cost of a market order of one of the standard sizes, including the taker fee, fraction of traded notional;
   * empty when the snapshot has no metrics, no fees or did not measure that size.
   */
  public Optional<Double> costWithTakerFee(Side side, double notional) {
    if (metrics.isEmpty() || fees.isEmpty()) {
      return Optional.empty();
    }
    return metrics.get().costAt(notional).map(c -> c.costFor(side) + fees.get().rate().taker());
  }
}
