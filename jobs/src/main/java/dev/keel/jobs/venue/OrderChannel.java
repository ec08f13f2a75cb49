package dev.keel.jobs.venue;

import dev.keel.domain.market.Market;
import java.util.Optional;
import org.knowm.xchange.Exchange;

/**
 * How one kind of venue places, finds and cancels Keel's orders through its XChange client. Implementations throw what
 * the client throws; {@link XChangeVenue} classifies it, pauses the venue after a 429 or 418, and never calls again on
 * its own. Each method sends at most one state-changing request (the placement or the cancellation) and never repeats it.
 */
interface OrderChannel {

  /**
   * What the venue said when it accepted an order.
   *
   * @param venueOrderId the venue's id of the order
   * @param report       the whole report when the acceptance reply held it (status and every fill); empty when a
   *                     follow-up query is needed
   */
  record Accepted(String venueOrderId, Optional<OrderReport> report) {
    public Accepted {
      java.util.Objects.requireNonNull(venueOrderId, "venueOrderId");
      java.util.Objects.requireNonNull(report, "report");
    }
  }

  /** What a cancellation found. */
  enum CancelOutcome {
    /** The venue cancelled the open order. */
    CANCELLED,
    /** The order was already final (filled, expired, cancelled). */
    ALREADY_FINAL,
    /** The venue has no order with that client order id. */
    NOT_FOUND
  }

  /**
   * Sends one marketable limit order, immediate-or-cancel, with the request's client order id in the venue's field.
   * Throws when the venue refused it or the reply was lost; the caller classifies which.
   */
  Accepted place(Exchange exchange, OrderRequest request) throws Exception;

  /** Reads the status and fills of an order just accepted, when the acceptance reply did not hold them. Read-only. */
  OrderReport followUp(Exchange exchange, OrderRequest request, Accepted accepted) throws Exception;

  /** The order with this client order id and its fills; empty when the venue says it has none. Read-only. */
  Optional<OrderReport> find(Exchange exchange, Market market, String clientOrderId) throws Exception;

  /** Cancels the order with this client order id if it is still open. */
  CancelOutcome cancel(Exchange exchange, Market market, String clientOrderId) throws Exception;
}
