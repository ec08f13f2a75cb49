package dev.keel.jobs.venue;

import dev.keel.domain.market.FeeQuote;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.VenueId;
import java.util.List;

/**
 * A place Keel trades: Binance, Kraken or a paper venue. Every call answers with a {@link VenueResult}; none throws
 * for a venue's failure. Implementations back off on their own after a rate limit (HTTP 429) and halt after a ban
 * (HTTP 418), answering further calls with the same fault until the wait is over.
 *
 * <p>Orders are marketable limit orders, immediate-or-cancel, each carrying Keel's client order id. A failed placement
 * whose fault {@link dev.keel.domain.market.VenueFaultKind#outcomeUnknown() leaves the outcome unknown} (a timeout, a
 * 5xx, a reset) may still have placed the order: the caller finds it by its client order id before anything else.
 * Nothing here retries an order on its own.
 */
public interface Venue {

  VenueId id();

  /** The markets Keel snapshots and trades on this venue. */
  List<Market> markets();

  /**
   * The book of a market.
   *
   * @param depth levels per side to ask for (Binance accepts 5, 10, 20, 50, 100, 500, 1000, 5000)
   */
  VenueResult<VenueBook> orderBook(Market market, int depth);

  /** The market's 24-hour statistics. */
  VenueResult<VenueTicker> ticker(Market market);

  /** The account's fees on the market: from the venue when it reports them, from configuration otherwise. */
  VenueResult<FeeQuote> fees(Market market);

  /** The fees assumed when the venue does not report them or the call fails. */
  ConfiguredFees configuredFees();

  /** Tick, lot and minimum notional of the market, from the venue's metadata. */
  VenueResult<MarketRules> rules(Market market);

  /**
   * Places a marketable limit order, immediate-or-cancel, sending {@code request.clientOrderId()} in the venue's own
   * field. Ok: the venue accepted it (the report holds what is known at once, possibly already its fills). Failed: a
   * fault whose {@code outcomeUnknown()} is false means the venue did not place it (REJECTED, INSUFFICIENT_FUNDS,
   * RATE_LIMITED, BANNED, UNAVAILABLE before sending); otherwise the order may exist and must be looked up.
   */
  default VenueResult<OrderReport> place(OrderRequest request) {
    return VenueResult.failed(dev.keel.domain.market.VenueFault.of(dev.keel.domain.market.VenueFaultKind.REJECTED,
        id() + " does not place orders"));
  }

  /**
   * The order with this client order id, with its trades. Ok(empty): the venue says it has no such order (Binance
   * -2013, which it may also answer for a while after a real placement; one answer proves nothing). Failed: the
   * question could not be asked or answered.
   */
  default VenueResult<java.util.Optional<OrderReport>> findOrder(Market market, String clientOrderId) {
    return VenueResult.failed(dev.keel.domain.market.VenueFault.of(dev.keel.domain.market.VenueFaultKind.REJECTED,
        id() + " does not look up orders"));
  }

  /**
   * The fault this client is paused by now, its Retry-After the time left; empty when it is not paused. A call can
   * pause the venue and still answer Ok: a 429 or 418 met by the status query that follows an accepted placement
   * (Kraken's reply never carries the order's status), so the caller asks here to share that pause.
   */
  default java.util.Optional<dev.keel.domain.market.VenueFault> pausedBy() {
    return java.util.Optional.empty();
  }

  /** Cancels the order if it is still open; Ok(true) when the venue cancelled it, Ok(false) when it was already final. */
  default VenueResult<Boolean> cancel(Market market, String clientOrderId) {
    return VenueResult.failed(dev.keel.domain.market.VenueFault.of(dev.keel.domain.market.VenueFaultKind.REJECTED,
        id() + " does not cancel orders"));
  }
}
