package dev.keel.jobs.venue;

import dev.keel.domain.market.Market;
import dev.keel.domain.market.Side;
import java.util.Optional;
import org.knowm.xchange.Exchange;
import org.knowm.xchange.dto.Order.OrderType;
import org.knowm.xchange.dto.trade.LimitOrder;

/**
 * Orders on the paper venue: a limit order flagged immediate-or-cancel with Keel's client order id as its user
 * reference, placed through XChange's generic trade service; its report (status and its one fill) is known at once.
 * Found by client id through the paper venue's own index, which the generic API lacks.
 */
final class PaperOrderChannel implements OrderChannel {

  @Override
  public Accepted place(Exchange exchange, OrderRequest request) throws Exception {
    PaperTradeService trade = trade(exchange);
    String id = trade.placeLimitOrder(new LimitOrder.Builder(request.side() == Side.BUY ? OrderType.BID : OrderType.ASK,
        XChangeVenue.pair(request.market()))
        .originalAmount(request.quantity())
        .limitPrice(request.limitPrice())
        .userReference(request.clientOrderId())
        .flag(PaperTradeService.Flag.IMMEDIATE_OR_CANCEL)
        .build());
    return new Accepted(id, Optional.of(trade.report(id)));
  }

  @Override
  public OrderReport followUp(Exchange exchange, OrderRequest request, Accepted accepted) {
    return trade(exchange).report(accepted.venueOrderId());
  }

  @Override
  public Optional<OrderReport> find(Exchange exchange, Market market, String clientOrderId) {
    return trade(exchange).lookUp(clientOrderId);
  }

  @Override
  public CancelOutcome cancel(Exchange exchange, Market market, String clientOrderId) {
    return trade(exchange).cancelByClientOrderId(clientOrderId)
        .map(cancelled -> cancelled ? CancelOutcome.CANCELLED : CancelOutcome.ALREADY_FINAL)
        .orElse(CancelOutcome.NOT_FOUND);
  }

  private static PaperTradeService trade(Exchange exchange) {
    return (PaperTradeService) exchange.getTradeService();
  }
}
