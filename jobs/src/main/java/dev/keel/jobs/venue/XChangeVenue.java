package dev.keel.jobs.venue;

import dev.keel.domain.market.FeeQuote;
import dev.keel.domain.market.FeeRate;
import dev.keel.domain.market.FeeSource;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.Quarantine;
import dev.keel.domain.market.TradingVolume24h;
import dev.keel.domain.market.VenueFault;
import dev.keel.domain.market.VenueFaultKind;
import dev.keel.domain.market.VenueId;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.knowm.xchange.Exchange;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.account.Fee;
import org.knowm.xchange.dto.marketdata.Ticker;
import org.knowm.xchange.dto.meta.InstrumentMetaData;
import org.knowm.xchange.dto.trade.LimitOrder;
import org.knowm.xchange.instrument.Instrument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Venue} over any XChange {@link Exchange}: Binance, Kraken, or the paper exchange. The exchange is created on
 * first use (its creation calls the venue for metadata, and a venue down at start-up must not stop the others) and
 * again after a failed creation. After HTTP 429 the venue answers RATE_LIMITED without calling until Retry-After has
 * passed; after HTTP 418 it answers BANNED until then (or for the configured halt when no Retry-After was given). A book
 * or ticker reply XChange could not read because it holds NaN or an infinity answers QUARANTINED for that market alone.
 *
 * <p>Orders go through the venue's {@link OrderChannel} (Binance, Kraken or paper; none refuses them), under the same
 * pause: an order call while paused is answered without calling, and a 429 or 418 on an order call pauses the venue. A
 * placement is sent once and never repeated here; what it threw is classified by {@link VenueFaults#classifyPlacement}.
 */
public final class XChangeVenue implements Venue {

  /**
   * How an XChange venue behaves.
   *
   * @param venue              Keel's id of the venue
   * @param markets            markets Keel snapshots and trades there
   * @param configuredFees     fees to assume when the venue does not report them
   * @param venueReportsFees   true to ask the venue (Binance: GET /api/v3/account; Kraken: POST /0/private/TradeVolume)
   * @param feeCacheFor        how long fees fetched from the venue are reused, e.g. one hour
   * @param bookTimeIsVenueTime true when the XChange book's timestamp is the venue's "as of" time (paper venue); false
   *                           where it is absent or the newest order's entry time (Binance, Kraken)
   * @param banHalt            how long to halt after HTTP 418 without Retry-After
   * @param rawMarketData      reads a book or ticker reply again without XChange when XChange could not read a 2xx
   *                           reply and kept no body (Binance), to find a NaN or infinite number in it; empty where
   *                           XChange keeps the body (Kraken) or there is no HTTP (paper)
   */
  public record Settings(VenueId venue, List<Market> markets, ConfiguredFees configuredFees, boolean venueReportsFees,
      Duration feeCacheFor, boolean bookTimeIsVenueTime, Duration banHalt, Optional<RawMarketData> rawMarketData) {
    public Settings {
      Objects.requireNonNull(venue, "venue");
      markets = List.copyOf(Objects.requireNonNull(markets, "markets"));
      Objects.requireNonNull(configuredFees, "configuredFees");
      Objects.requireNonNull(feeCacheFor, "feeCacheFor");
      Objects.requireNonNull(banHalt, "banHalt");
      Objects.requireNonNull(rawMarketData, "rawMarketData");
    }

    /** Settings of a venue that needs no second read of its replies. */
    public Settings(VenueId venue, List<Market> markets, ConfiguredFees configuredFees, boolean venueReportsFees,
        Duration feeCacheFor, boolean bookTimeIsVenueTime, Duration banHalt) {
      this(venue, markets, configuredFees, venueReportsFees, feeCacheFor, bookTimeIsVenueTime, banHalt, Optional.empty());
    }
  }

  private static final Logger log = LoggerFactory.getLogger(XChangeVenue.class);

  private final Settings settings;
  private final Supplier<Exchange> connector;
  private final Clock clock;
  private final OrderChannel orders;
  private volatile Exchange exchange;
  private VenueFault pausedBy;
  private Instant pausedUntil = Instant.MIN;
  private Map<Instrument, Fee> fees;
  private Instant feesFetchedAt = Instant.MIN;

  /**
   * @param connector creates the XChange exchange (it may call the venue and throw)
   * @param clock     the clock for back-off and fee caching
   */
  public XChangeVenue(Settings settings, Supplier<Exchange> connector, Clock clock) {
    this(settings, connector, clock, null);
  }

  /**
   * A venue that trades through {@code orders}; without it (null) the venue refuses every order call, as
   * {@link Venue}'s defaults do.
   */
  XChangeVenue(Settings settings, Supplier<Exchange> connector, Clock clock, OrderChannel orders) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.connector = Objects.requireNonNull(connector, "connector");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.orders = orders;
  }

  @Override
  public VenueId id() {
    return settings.venue();
  }

  @Override
  public List<Market> markets() {
    return settings.markets();
  }

  @Override
  public ConfiguredFees configuredFees() {
    return settings.configuredFees();
  }

  @Override
  public VenueResult<VenueBook> orderBook(Market market, int depth) {
    return call(market, "depth", () -> settings.rawMarketData().flatMap(r -> r.depth(market, depth)), () -> {
      org.knowm.xchange.dto.marketdata.OrderBook b = exchange().getMarketDataService().getOrderBook(pair(market), depth);
      if (b == null || b.getBids() == null || b.getAsks() == null) {
        throw new MalformedReplyException("no book for " + market);
      }
      OrderBook book = new OrderBook(market, levels(b.getBids(), depth), levels(b.getAsks(), depth));
      Optional<Instant> time = settings.bookTimeIsVenueTime() && b.getTimeStamp() != null
          ? Optional.of(b.getTimeStamp().toInstant()) : Optional.empty();
      return new VenueBook(book, time);
    });
  }

  @Override
  public VenueResult<VenueTicker> ticker(Market market) {
    return call(market, "ticker", () -> settings.rawMarketData().flatMap(r -> r.ticker(market)), () -> {
      Ticker t = exchange().getMarketDataService().getTicker(pair(market));
      if (t == null || t.getVolume() == null) {
        throw new MalformedReplyException("no 24h volume for " + market);
      }
      double base = t.getVolume().doubleValue();
      // XChange's Ticker answers volume x last when the venue reported no quote volume (Kraken); prefer volume x VWAP then
      BigDecimal reported = t.getQuoteVolume();
      boolean madeUp = reported != null && t.getLast() != null && reported.compareTo(t.getVolume().multiply(t.getLast())) == 0;
      double quote;
      if (reported != null && !madeUp) {
        quote = reported.doubleValue();
      } else if (t.getVwap() != null) {
        quote = base * t.getVwap().doubleValue();
      } else if (reported != null) {
        quote = reported.doubleValue();
      } else {
        throw new MalformedReplyException("no quote volume, VWAP or last price for " + market);
      }
      return new VenueTicker(market, new TradingVolume24h(base, quote), Optional.ofNullable(t.getLast()));
    });
  }

  @Override
  public VenueResult<FeeQuote> fees(Market market) {
    if (!settings.venueReportsFees()) {
      return VenueResult.ok(settings.configuredFees().quote());
    }
    return call(() -> {
      Instant now = clock.instant();
      synchronized (this) {
        if (fees == null || !now.isBefore(feesFetchedAt.plus(settings.feeCacheFor()))) {
          fees = Map.copyOf(exchange().getAccountService().getDynamicTradingFeesByInstrument());
          feesFetchedAt = now;
        }
      }
      Fee fee = fees.get(pair(market));
      if (fee == null) {
        return settings.configuredFees().quote();
      }
      return new FeeQuote(new FeeRate(fee.getMakerFee().doubleValue(), fee.getTakerFee().doubleValue()), FeeSource.VENUE);
    });
  }

  @Override
  public VenueResult<MarketRules> rules(Market market) {
    return call(() -> {
      InstrumentMetaData m = exchange().getExchangeMetaData() == null ? null
          : exchange().getExchangeMetaData().getInstruments().get(pair(market));
      if (m == null) {
        throw new MalformedReplyException("no metadata for " + market);
      }
      BigDecimal tick = m.getPriceStepSize() != null ? m.getPriceStepSize()
          : m.getPriceScale() != null ? BigDecimal.ONE.movePointLeft(m.getPriceScale()) : null;
      BigDecimal lot = m.getAmountStepSize() != null ? m.getAmountStepSize()
          : m.getVolumeScale() != null ? BigDecimal.ONE.movePointLeft(m.getVolumeScale()) : m.getMinimumAmount();
      if (tick == null || lot == null) {
        throw new MalformedReplyException("no tick or lot size for " + market);
      }
      BigDecimal minNotional = m.getCounterMinimumAmount() != null ? m.getCounterMinimumAmount() : BigDecimal.ZERO;
      return new MarketRules(market, tick.stripTrailingZeros(), lot.stripTrailingZeros(), minNotional);
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>The client is connected first (a venue that cannot be reached answers UNAVAILABLE: nothing was sent), then one
   * request is sent and never repeated; what it threw is classified by {@link VenueFaults#classifyPlacement}. When the
   * venue accepted the order but its reply did not carry the order's status and fills (Kraken's never does; Binance's
   * does), one follow-up query reads them. If that query fails, the answer is still Ok, with what is known: the venue's
   * order id, status OPEN, nothing filled. The caller then learns the rest from {@link #findOrder} like for any open
   * order; the follow-up's fault is logged, and a 429 or 418 there pauses the venue as for any call.
   */
  @Override
  public VenueResult<OrderReport> place(OrderRequest request) {
    if (orders == null) {
      return Venue.super.place(request);
    }
    if (!settings.markets().contains(request.market())) {
      return VenueResult.failed(VenueFault.of(VenueFaultKind.REJECTED, "not sent: " + settings.venue() + " does not list " + request.market()));
    }
    VenueResult<Exchange> connected = connect();
    if (!(connected instanceof VenueResult.Ok<Exchange> ok)) {
      return connected.map(e -> null);
    }
    Exchange ex = ok.value();
    VenueResult<OrderChannel.Accepted> placed = call(CallKind.PLACEMENT, null, null, Optional::empty, () -> orders.place(ex, request));
    if (!(placed instanceof VenueResult.Ok<OrderChannel.Accepted> accepted)) {
      return placed.map(a -> null);
    }
    OrderChannel.Accepted a = accepted.value();
    if (a.report().isPresent()) {
      return VenueResult.ok(a.report().get());
    }
    VenueResult<OrderReport> followUp = call(CallKind.QUERY, null, null, Optional::empty, () -> orders.followUp(ex, request, a));
    if (followUp instanceof VenueResult.Ok<OrderReport> report) {
      return report;
    }
    log.warn("{} accepted order {} as {} but its status could not be read ({}); reported OPEN until found again",
        settings.venue(), request.clientOrderId(), a.venueOrderId(),
        followUp instanceof VenueResult.Failed<OrderReport> f ? f.fault().describe() : "quarantined");
    return VenueResult.ok(new OrderReport(request.clientOrderId(), a.venueOrderId(), VenueOrderStatus.OPEN, BigDecimal.ZERO, List.of()));
  }

  @Override
  public VenueResult<Optional<OrderReport>> findOrder(Market market, String clientOrderId) {
    if (orders == null) {
      return Venue.super.findOrder(market, clientOrderId);
    }
    Objects.requireNonNull(clientOrderId, "clientOrderId");
    VenueResult<Exchange> connected = connect();
    if (!(connected instanceof VenueResult.Ok<Exchange> ok)) {
      return connected.map(e -> null);
    }
    return call(CallKind.QUERY, null, null, Optional::empty, () -> orders.find(ok.value(), market, clientOrderId));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Failed REJECTED when the venue has no order with this client order id (which, right after a placement, may also
   * be the venue's lag; see {@link #findOrder}).
   */
  @Override
  public VenueResult<Boolean> cancel(Market market, String clientOrderId) {
    if (orders == null) {
      return Venue.super.cancel(market, clientOrderId);
    }
    Objects.requireNonNull(clientOrderId, "clientOrderId");
    VenueResult<Exchange> connected = connect();
    if (!(connected instanceof VenueResult.Ok<Exchange> ok)) {
      return connected.map(e -> null);
    }
    VenueResult<OrderChannel.CancelOutcome> r = call(CallKind.QUERY, null, null, Optional::empty,
        () -> orders.cancel(ok.value(), market, clientOrderId));
    if (r instanceof VenueResult.Ok<OrderChannel.CancelOutcome> outcome && outcome.value() == OrderChannel.CancelOutcome.NOT_FOUND) {
      return VenueResult.failed(VenueFault.of(VenueFaultKind.REJECTED, settings.venue() + " has no order " + clientOrderId + " on " + market));
    }
    return r.map(o -> o == OrderChannel.CancelOutcome.CANCELLED);
  }

  /**
   * The client, created now if it was not: before an order call, so that a venue that cannot be reached answers
   * UNAVAILABLE (nothing was sent) rather than a fault that would leave an order's outcome unknown. A 429 or 418 at
   * start-up still pauses the venue and keeps its kind.
   */
  private VenueResult<Exchange> connect() {
    VenueResult<Exchange> r = call(CallKind.CONNECT, null, null, Optional::empty, this::exchange);
    if (r instanceof VenueResult.Failed<Exchange> f && f.fault().kind().outcomeUnknown()) {
      VenueFault fault = f.fault();
      return VenueResult.failed(new VenueFault(VenueFaultKind.UNAVAILABLE, "could not connect, nothing sent: " + fault.describe(),
          fault.httpStatus(), fault.retryAfter()));
    }
    return r;
  }

  @Override
  public synchronized Optional<VenueFault> pausedBy() {
    Instant now = clock.instant();
    if (pausedBy == null || !now.isBefore(pausedUntil)) {
      return Optional.empty();
    }
    return Optional.of(new VenueFault(pausedBy.kind(), settings.venue() + " paused until " + pausedUntil + " after " + pausedBy.describe(),
        pausedBy.httpStatus(), Optional.of(Duration.between(now, pausedUntil))));
  }

  /** The XChange exchange, created on first use; for the trade services the execution router will use. */
  synchronized Exchange exchange() {
    if (exchange == null) {
      exchange = connector.get();
    }
    return exchange;
  }

  static CurrencyPair pair(Market market) {
    return new CurrencyPair(market.base(), market.quote());
  }

  private static List<PriceLevel> levels(List<LimitOrder> orders, int depth) {
    List<PriceLevel> out = new ArrayList<>(Math.min(depth, orders.size()));
    for (LimitOrder o : orders) {
      if (out.size() == depth) {
        break;
      }
      if (o.getLimitPrice() == null || o.getOriginalAmount() == null) {
        throw new MalformedReplyException("a book level without price or quantity");
      }
      out.add(new PriceLevel(o.getLimitPrice(), o.getOriginalAmount()));
    }
    return out;
  }

  private <T> VenueResult<T> call(Callable<T> request) {
    return call(CallKind.MARKET_DATA, null, null, Optional::empty, request);
  }

  private <T> VenueResult<T> call(Market market, String reply, Supplier<Optional<String>> reread, Callable<T> request) {
    return call(CallKind.MARKET_DATA, market, reply, reread, request);
  }

  /** What a call does, which decides how its failure is classified. */
  private enum CallKind {
    /** Reads market data, fees or metadata. */
    MARKET_DATA,
    /** Creates the client before an order call. */
    CONNECT,
    /** Sends an order: classified by {@link VenueFaults#classifyPlacement}. */
    PLACEMENT,
    /** Looks an order up or cancels it. */
    QUERY
  }

  /**
   * Calls the venue and classifies what it throws. A market-data reply XChange could not read (MALFORMED_DATA) is looked
   * at once more: when it holds a NaN or an infinite number, the market is quarantined rather than the venue failed.
   *
   * @param kind    what the call does: an order placement's failure is classified by what it means for the order
   * @param market  the market of a market-data call, null for other calls
   * @param reply   "depth" or "ticker", naming the reply in a quarantine's detail
   * @param reread  the reply's body read again without XChange, for clients that keep no body
   */
  private <T> VenueResult<T> call(CallKind kind, Market market, String reply, Supplier<Optional<String>> reread, Callable<T> request) {
    Instant now = clock.instant();
    synchronized (this) {
      if (pausedBy != null && now.isBefore(pausedUntil)) {
        return VenueResult.failed(new VenueFault(pausedBy.kind(), "not called: " + settings.venue() + " paused until " + pausedUntil
            + " after " + pausedBy.describe(), pausedBy.httpStatus(), Optional.of(Duration.between(now, pausedUntil))));
      }
    }
    try {
      return VenueResult.ok(request.call());
    } catch (Exception e) {
      VenueFault fault = kind == CallKind.PLACEMENT ? VenueFaults.classifyPlacement(e) : VenueFaults.classify(e);
      if (market != null && fault.kind() == VenueFaultKind.MALFORMED_DATA) {
        Optional<String> body = VenueFaults.replyBody(e);
        Optional<Quarantine> bad = NonFiniteNumbers.find(market, reply, body.or(reread).orElse(null));
        if (bad.isPresent()) {
          return VenueResult.quarantined(bad.get());
        }
      }
      if (fault.kind() == VenueFaultKind.RATE_LIMITED || fault.kind() == VenueFaultKind.BANNED) {
        Duration wait = fault.retryAfter().orElse(fault.kind() == VenueFaultKind.BANNED ? settings.banHalt() : VenueFaults.DEFAULT_RATE_LIMIT_WAIT);
        synchronized (this) {
          pausedBy = fault;
          pausedUntil = clock.instant().plus(wait);
        }
      }
      if (kind == CallKind.MARKET_DATA && exchange == null && fault.kind() == VenueFaultKind.OTHER) {
        return VenueResult.failed(new VenueFault(VenueFaultKind.UNAVAILABLE, "could not connect: " + fault.detail(), OptionalInt.empty(),
            fault.retryAfter()));
      }
      return VenueResult.failed(fault);
    }
  }
}
