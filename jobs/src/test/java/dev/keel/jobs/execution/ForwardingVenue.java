package dev.keel.jobs.execution;

import dev.keel.domain.market.FeeQuote;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.VenueFault;
import dev.keel.domain.market.VenueId;
import dev.keel.jobs.venue.ConfiguredFees;
import dev.keel.jobs.venue.OrderReport;
import dev.keel.jobs.venue.OrderRequest;
import dev.keel.jobs.venue.Venue;
import dev.keel.jobs.venue.VenueBook;
import dev.keel.jobs.venue.VenueResult;
import dev.keel.jobs.venue.VenueTicker;
import java.util.List;
import java.util.Optional;

/** A venue made of two clients of it: market data from one, orders from the other; tests override what they change. */
class ForwardingVenue implements Venue {
  private final Venue data;
  private final Venue orders;

  ForwardingVenue(Venue data, Venue orders) {
    this.data = data;
    this.orders = orders;
  }

  @Override
  public VenueId id() {
    return data.id();
  }

  @Override
  public List<Market> markets() {
    return data.markets();
  }

  @Override
  public VenueResult<VenueBook> orderBook(Market market, int depth) {
    return data.orderBook(market, depth);
  }

  @Override
  public VenueResult<VenueTicker> ticker(Market market) {
    return data.ticker(market);
  }

  @Override
  public VenueResult<FeeQuote> fees(Market market) {
    return data.fees(market);
  }

  @Override
  public ConfiguredFees configuredFees() {
    return data.configuredFees();
  }

  @Override
  public VenueResult<MarketRules> rules(Market market) {
    return data.rules(market);
  }

  @Override
  public VenueResult<OrderReport> place(OrderRequest request) {
    return orders.place(request);
  }

  @Override
  public VenueResult<Optional<OrderReport>> findOrder(Market market, String clientOrderId) {
    return orders.findOrder(market, clientOrderId);
  }

  @Override
  public Optional<VenueFault> pausedBy() {
    return orders.pausedBy();
  }

  @Override
  public VenueResult<Boolean> cancel(Market market, String clientOrderId) {
    return orders.cancel(market, clientOrderId);
  }
}
