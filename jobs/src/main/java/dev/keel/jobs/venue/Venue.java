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
 * <p>Order placement (marketable limit orders with a client order id, lookup by that id, cancel) joins this interface
 * with the execution router; the XChange trade services it will use are already wired for every venue.
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
}
