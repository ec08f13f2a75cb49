package dev.keel.jobs.execution;

import dev.keel.domain.execution.RoutableBook;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.Mids;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.OrderBookCheck;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.VenueFault;
import dev.keel.domain.market.VenueFaultKind;
import dev.keel.domain.market.VenueId;
import dev.keel.jobs.venue.Venue;
import dev.keel.jobs.venue.VenueBook;
import dev.keel.jobs.venue.VenueResult;
import dev.keel.persistence.execution.ExecutionDao;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What one execution run knows of the market: each market's latest healthy snapshot (for re-pricing and rules), the
 * venues paused by any executor, and the live books it fetched, once per venue and market per run. A venue is usable
 * for a market when it is not paused, its latest snapshot of the market is healthy and fresh, and the book it serves
 * now passes the book check.
 */
final class RunMarket {

  private final Instant now;
  private final Clock clock;
  private final Map<String, Venue> venues;
  private final ExecutionDao dao;
  private final int depth;
  private final Duration rateLimitWait;
  private final Duration banHalt;
  private final Map<String, List<ExecutionDao.HealthyQuote>> quotes;
  private final Map<String, ExecutionDao.Pause> pauses;
  private final Map<String, Optional<OrderBook>> books = new ConcurrentHashMap<>();

  /** @param clock the time a venue's refusal came, which a pause counts from */
  RunMarket(Instant now, Clock clock, Map<String, Venue> venues, ExecutionDao dao, Duration maxAge, int depth, Duration rateLimitWait,
            Duration banHalt) {
    this.now = now;
    this.clock = clock;
    this.venues = venues;
    this.dao = dao;
    this.depth = depth;
    this.rateLimitWait = rateLimitWait;
    this.banHalt = banHalt;
    this.quotes = dao.healthyQuotes(now, now.minus(maxAge)).stream()
        .filter(q -> venues.containsKey(q.venue()))
        .collect(Collectors.groupingBy(ExecutionDao.HealthyQuote::asset));
    this.pauses = new ConcurrentHashMap<>(dao.pauses(now));
  }

  Instant now() {
    return now;
  }

  Venue venue(String id) {
    return venues.get(id);
  }

  boolean paused(String venue) {
    return pauses.containsKey(venue);
  }

  /** The venue's pause known to this run, if it is paused. */
  Optional<ExecutionDao.Pause> pause(String venue) {
    return Optional.ofNullable(pauses.get(venue));
  }

  /** Healthy snapshots of an asset, one per venue. */
  List<ExecutionDao.HealthyQuote> quotes(String asset) {
    return quotes.getOrDefault(asset, List.of());
  }

  /** The median of the asset's healthy mids across venues, or empty. */
  Optional<BigDecimal> mid(String asset) {
    List<BigDecimal> mids = quotes(asset).stream().map(ExecutionDao.HealthyQuote::mid).toList();
    return mids.isEmpty() ? Optional.empty() : Optional.of(Mids.median(mids));
  }

  /**
   * The fair price of crossing the asset inside Keel: the mid of the best bid and the best offer among the books the
   * usable venues serve now, or empty when no venue shows both sides.
   */
  Optional<BigDecimal> fairMid(String asset) {
    BigDecimal bid = null;
    BigDecimal ask = null;
    for (RoutableBook b : routable(asset, java.util.Set.of())) {
      BigDecimal best = b.book().bestBid().map(dev.keel.domain.market.PriceLevel::price).orElse(null);
      if (best != null && (bid == null || best.compareTo(bid) > 0)) {
        bid = best;
      }
      best = b.book().bestAsk().map(dev.keel.domain.market.PriceLevel::price).orElse(null);
      if (best != null && (ask == null || best.compareTo(ask) < 0)) {
        ask = best;
      }
    }
    // halving a decimal is exact
    return bid == null || ask == null ? Optional.empty() : Optional.of(bid.add(ask).multiply(new BigDecimal("0.5")).stripTrailingZeros());
  }

  /**
   * The best cost of trading {@code notional} of the asset now on its healthy snapshots, fraction of notional: half
   * the quoted spread, the taker fee and the fitted impact, on the cheapest venue.
   */
  double costFraction(String asset, Side side, double notional) {
    double best = Double.NaN;
    for (ExecutionDao.HealthyQuote q : quotes(asset)) {
      double slope = side == Side.BUY ? q.buyImpactSlope() : q.sellImpactSlope();
      double c = q.spreadBps() / 2e4 + q.takerFee() + slope * notional;
      best = Double.isNaN(best) ? c : Math.min(best, c);
    }
    return best;
  }

  /** The venues a trade of {@code asset} may use now, with the books they serve, fees and rules; {@code excluded} left out. */
  List<RoutableBook> routable(String asset, java.util.Set<String> excluded) {
    List<RoutableBook> out = new ArrayList<>();
    for (ExecutionDao.HealthyQuote q : quotes(asset)) {
      if (excluded.contains(q.venue()) || paused(q.venue())) {
        continue;
      }
      Market market = Market.of(asset, dev.keel.domain.market.AssetCatalogue.CASH);
      Optional<OrderBook> book = book(q.venue(), market);
      if (book.isPresent()) {
        out.add(new RoutableBook(VenueId.of(q.venue()), book.get(), q.takerFee(),
            new MarketRules(market, q.tickSize(), q.lotSize(), q.minNotional())));
      }
    }
    return out;
  }

  /** True when every venue with a healthy snapshot of the asset is paused: wait rather than give the trade up. */
  boolean onlyPausedVenues(String asset, java.util.Set<String> excluded) {
    List<ExecutionDao.HealthyQuote> candidates = quotes(asset).stream().filter(q -> !excluded.contains(q.venue())).toList();
    return !candidates.isEmpty() && candidates.stream().allMatch(q -> paused(q.venue()));
  }

  /** The book a venue serves now, fetched once per run; empty when the call fails or the book fails its check. */
  Optional<OrderBook> book(String venueId, Market market) {
    return books.computeIfAbsent(venueId + "/" + market, k -> {
      Venue v = venues.get(venueId);
      if (v == null || paused(venueId)) {
        return Optional.empty();
      }
      VenueResult<VenueBook> r = v.orderBook(market, depth);
      if (r instanceof VenueResult.Failed<VenueBook> f) {
        failed(venueId, f.fault());
        return Optional.empty();
      }
      if (!(r instanceof VenueResult.Ok<VenueBook> ok) || OrderBookCheck.check(ok.value().book()).isPresent()) {
        return Optional.empty();
      }
      return Optional.of(ok.value().book());
    });
  }

  /**
   * Records what a venue's failure means for every executor: after HTTP 429, no order to it for at least its
   * Retry-After; after 418, the venue is halted and the operators alerted (FAULTS.md E6).
   */
  void failed(String venue, VenueFault fault) {
    if (fault.kind() == VenueFaultKind.RATE_LIMITED || fault.kind() == VenueFaultKind.BANNED) {
      boolean banned = fault.kind() == VenueFaultKind.BANNED;
      Duration wait = fault.retryAfter().orElse(banned ? banHalt : rateLimitWait);
      // counted from the refusal, not from the run's start: a run may reach the venue long after it began
      Instant at = clock.instant();
      Instant until = at.plus(wait);
      dao.pause(venue, fault.kind(), until, fault.describe(), at);
      pauses.put(venue, new ExecutionDao.Pause(venue, fault.kind(), until, fault.describe()));
    }
  }
}
