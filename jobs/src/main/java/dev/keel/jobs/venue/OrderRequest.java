package dev.keel.jobs.venue;

import dev.keel.domain.market.Market;
import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A marketable limit order, immediate-or-cancel: it fills what the book offers up to {@code limitPrice} at once and
 * the venue cancels the rest.
 *
 * @param market        the market
 * @param side          BUY takes the asks, SELL hits the bids
 * @param quantity      base units, positive, already on the venue's lot
 * @param limitPrice    the price cap, quote currency per base unit, positive, already on the venue's tick: a buy
 *                      never pays more, a sell never receives less
 * @param clientOrderId Keel's deterministic id of this order (at most 36 characters of {@code [A-Za-z0-9_-]}); the
 *                      venue adapter sends it in the venue's own field and finds the order by it
 */
public record OrderRequest(Market market, Side side, BigDecimal quantity, BigDecimal limitPrice, String clientOrderId) {
  public OrderRequest {
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(limitPrice, "limitPrice");
    Objects.requireNonNull(clientOrderId, "clientOrderId");
    if (quantity.signum() <= 0) {
      throw new IllegalArgumentException("order " + clientOrderId + ": quantity must be positive, was " + quantity);
    }
    if (limitPrice.signum() <= 0) {
      throw new IllegalArgumentException("order " + clientOrderId + ": limit price must be positive, was " + limitPrice);
    }
    if (!clientOrderId.matches("[A-Za-z0-9_-]{1,36}")) {
      throw new IllegalArgumentException("client order id must be 1 to 36 characters of [A-Za-z0-9_-], was '" + clientOrderId + "'");
    }
  }
}
