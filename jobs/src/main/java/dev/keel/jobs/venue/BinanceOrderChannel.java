package dev.keel.jobs.venue;

import dev.keel.domain.market.Market;
import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchange.Exchange;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceAdapters;
import org.knowm.xchange.binance.BinanceErrorAdapter;
import org.knowm.xchange.binance.BinanceExchange;
import org.knowm.xchange.binance.dto.BinanceException;
import org.knowm.xchange.binance.dto.trade.BinanceNewOrder;
import org.knowm.xchange.binance.dto.trade.BinanceTrade;
import org.knowm.xchange.binance.dto.trade.OrderSide;
import org.knowm.xchange.binance.dto.trade.OrderType;
import org.knowm.xchange.binance.dto.trade.TimeInForce;
import org.knowm.xchange.binance.service.BinanceHmacDigest;
import org.knowm.xchange.binance.service.BinanceTradeService;
import org.knowm.xchange.client.ExchangeRestProxyBuilder;
import org.knowm.xchange.currency.CurrencyPair;

/**
 * Binance spot orders.
 *
 * <ul>
 *   <li>Place: POST /api/v3/order {@code type=LIMIT, timeInForce=IOC, newClientOrderId=<Keel's id>,
 *       newOrderRespType=FULL} through XChange's raw {@code newOrder}: the same request
 *       {@code placeLimitOrder(new LimitOrder.Builder(..).userReference(id).flag(TimeInForce.IOC))} sends, plus FULL,
 *       because {@code placeLimitOrder} returns only the order id and drops the reply, which for FULL holds the final
 *       status of an IOC order and its fills (trade id, price, quantity, commission and its asset; a fill there has no
 *       time of its own, so it takes the order's {@code transactTime}). No follow-up query is needed then, and none can
 *       meet Binance's "order does not exist" lag just after placing. Should the reply lack fills for what it says
 *       filled, the follow-up reads the order and its trades by client id.</li>
 *   <li>Find by client id: one signed GET /api/v3/order with {@code origClientOrderId} ({@link BinanceOrderQueries});
 *       -2013 "Order does not exist" is Ok(empty). Fills: GET /api/v3/myTrades with the order's id (XChange's raw
 *       {@code myTradesAllProducts}).</li>
 *   <li>Cancel: found as above, then DELETE /api/v3/order with the order's id; -2011 "Unknown order sent" there means it
 *       became final meanwhile.</li>
 * </ul>
 *
 * <p>Statuses: NEW → OPEN, PARTIALLY_FILLED → PARTIALLY_FILLED, FILLED → FILLED, CANCELED → CANCELLED, EXPIRED and
 * EXPIRED_IN_MATCH → EXPIRED (an IOC remainder expires), REJECTED → REJECTED, PENDING_NEW and PENDING_CANCEL → OPEN or
 * PARTIALLY_FILLED by what has filled. XChange's enum for the placement reply lacks EXPIRED_IN_MATCH (self-trade
 * prevention, which Keel's IOC orders on one account cannot trigger): such a reply would be unreadable, a
 * MALFORMED_DATA fault whose outcome is unknown, and the order would be found by its client id.
 */
final class BinanceOrderChannel implements OrderChannel {

  /** Binance: "Order does not exist." */
  static final int ORDER_DOES_NOT_EXIST = -2013;
  /** Binance: "Unknown order sent." (cancel of an order that is not open). */
  static final int UNKNOWN_ORDER_SENT = -2011;
  /** Binance: "Timeout waiting for response from backend server. Send status unknown; execution status unknown." */
  static final int BACKEND_TIMEOUT = -1007;

  private volatile Queries queries;

  /** Keel's proxy for the signed query, built once per XChange exchange (the venue builds a new one after a failed start). */
  private record Queries(Exchange exchange, BinanceOrderQueries proxy, BinanceHmacDigest digest) {}

  @Override
  public Accepted place(Exchange exchange, OrderRequest request) throws Exception {
    if (HttpPostRetry.check()) {
      throw new OrderNotSentException("this JVM would send the order again if its reply were lost; start it with -D"
          + HttpPostRetry.PROPERTY + "=false");
    }
    BinanceTradeService trade = (BinanceTradeService) exchange.getTradeService();
    CurrencyPair pair = XChangeVenue.pair(request.market());
    BinanceNewOrder o;
    try {
      o = trade.newOrder(pair, request.side() == Side.BUY ? OrderSide.BUY : OrderSide.SELL, OrderType.LIMIT, TimeInForce.IOC,
          request.quantity(), null, request.limitPrice(), request.clientOrderId(), null, null, null,
          BinanceNewOrder.NewOrderResponseType.FULL);
    } catch (BinanceException e) {
      if (e.getCode() == BACKEND_TIMEOUT) {
        // Binance's own word that the outcome is unknown, whatever the HTTP status
        throw new SocketTimeoutException("Binance " + BACKEND_TIMEOUT + ": " + e.getMessage());
      }
      throw BinanceErrorAdapter.adapt(e);
    }
    if (o == null || o.status == null || o.executedQty == null) {
      throw new MalformedReplyException("Binance accepted order " + request.clientOrderId() + " without a status or executed quantity");
    }
    String venueOrderId = Long.toString(o.orderId);
    List<VenueFill> fills = new ArrayList<>();
    BigDecimal reported = BigDecimal.ZERO;
    if (o.fills != null) {
      for (BinanceTrade f : o.fills) {
        fills.add(new VenueFill(tradeId(request.market(), f.tradeId), f.qty, f.price, f.commission, f.commissionAsset,
            Instant.ofEpochMilli(o.transactTime)));
        reported = reported.add(f.qty);
      }
    }
    OrderReport report = new OrderReport(request.clientOrderId(), venueOrderId, status(o.status.name(), o.executedQty), o.executedQty, fills);
    // a reply without its fills (ACK or RESULT, or fills still being reported) needs the trades read
    return new Accepted(venueOrderId, reported.compareTo(o.executedQty) == 0 ? Optional.of(report) : Optional.empty());
  }

  /** The most trades one myTrades call answers (Binance's maximum). */
  static final int TRADES_PAGE = 1000;

  @Override
  public OrderReport followUp(Exchange exchange, OrderRequest request, Accepted accepted) throws Exception {
    return find(exchange, request.market(), request.clientOrderId())
        .orElseThrow(() -> new MalformedReplyException("Binance does not report order " + request.clientOrderId() + " yet"));
  }

  @Override
  public Optional<OrderReport> find(Exchange exchange, Market market, String clientOrderId) throws Exception {
    Optional<BinanceOrderQueries.BinanceOrderReply> found = order(exchange, market, clientOrderId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    BinanceOrderQueries.BinanceOrderReply o = found.get();
    if (o.status == null || o.executedQty == null) {
      throw new MalformedReplyException("Binance order " + clientOrderId + " without a status or executed quantity");
    }
    List<VenueFill> fills = new ArrayList<>();
    if (o.executedQty.signum() > 0) {
      for (BinanceTrade t : trades(exchange, market, o.orderId)) {
        if (t.orderId == o.orderId) {
          fills.add(new VenueFill(tradeId(market, t.id), t.qty, t.price, t.commission, t.commissionAsset, Instant.ofEpochMilli(t.time)));
        }
      }
    }
    return Optional.of(new OrderReport(clientOrderId, Long.toString(o.orderId), status(o.status, o.executedQty), o.executedQty, fills));
  }

  /**
   * Every trade of one order, page by page: myTrades answers at most {@value #TRADES_PAGE} trades a call (500 unless
   * asked), and an order that swept a thin book can have more; a short read would leave its fills pending forever.
   * Pages by {@code symbol + orderId + fromId}, a combination Binance documents.
   */
  private static List<BinanceTrade> trades(Exchange exchange, Market market, long orderId) throws Exception {
    BinanceTradeService service = (BinanceTradeService) exchange.getTradeService();
    List<BinanceTrade> all = new ArrayList<>();
    Long fromId = null;
    while (true) {
      List<BinanceTrade> page;
      try {
        page = service.myTradesAllProducts(XChangeVenue.pair(market), orderId, null, null, fromId, TRADES_PAGE);
      } catch (BinanceException e) {
        throw BinanceErrorAdapter.adapt(e);
      }
      all.addAll(page);
      if (page.size() < TRADES_PAGE) {
        return all;
      }
      long next = page.stream().mapToLong(t -> t.id).max().getAsLong() + 1;
      if (fromId != null && next <= fromId) {
        throw new MalformedReplyException("Binance answered trades of order " + orderId + " from id " + fromId
            + " that do not advance (highest " + (next - 1) + ")");
      }
      fromId = next;
    }
  }

  @Override
  public CancelOutcome cancel(Exchange exchange, Market market, String clientOrderId) throws Exception {
    Optional<BinanceOrderQueries.BinanceOrderReply> found = order(exchange, market, clientOrderId);
    if (found.isEmpty()) {
      return CancelOutcome.NOT_FOUND;
    }
    if (status(found.get().status, found.get().executedQty).isFinal()) {
      return CancelOutcome.ALREADY_FINAL;
    }
    try {
      ((BinanceTradeService) exchange.getTradeService()).cancelOrderAllProducts(XChangeVenue.pair(market), found.get().orderId, null, null);
      return CancelOutcome.CANCELLED;
    } catch (BinanceException e) {
      if (e.getCode() == UNKNOWN_ORDER_SENT) {
        return CancelOutcome.ALREADY_FINAL;
      }
      throw BinanceErrorAdapter.adapt(e);
    }
  }

  private Optional<BinanceOrderQueries.BinanceOrderReply> order(Exchange exchange, Market market, String clientOrderId) throws Exception {
    Queries q = queries(exchange);
    BinanceTradeService trade = (BinanceTradeService) exchange.getTradeService();
    try {
      BinanceOrderQueries.BinanceOrderReply o = q.proxy().orderByClientId(BinanceAdapters.toSymbol(XChangeVenue.pair(market)), clientOrderId,
          trade.getRecvWindow(), ((BinanceExchange) exchange).getTimestampFactory(), exchange.getExchangeSpecification().getApiKey(), q.digest());
      if (o == null) {
        throw new MalformedReplyException("Binance answered nothing for order " + clientOrderId);
      }
      if (o.clientOrderId != null && !o.clientOrderId.equals(clientOrderId)) {
        throw new MalformedReplyException("Binance answered order " + o.clientOrderId + " when asked for " + clientOrderId);
      }
      return Optional.of(o);
    } catch (BinanceException e) {
      if (e.getCode() == ORDER_DOES_NOT_EXIST) {
        return Optional.empty();
      }
      throw BinanceErrorAdapter.adapt(e);
    }
  }

  private Queries queries(Exchange exchange) {
    Queries q = queries;
    if (q == null || q.exchange() != exchange) {
      ExchangeSpecification spec = exchange.getExchangeSpecification();
      q = new Queries(exchange, ExchangeRestProxyBuilder.forInterface(BinanceOrderQueries.class, spec).build(),
          BinanceHmacDigest.createInstance(spec.getSecretKey()));
      queries = q;
    }
    return q;
  }

  /** Binance's order status as Keel's. */
  static VenueOrderStatus status(String binance, BigDecimal executed) {
    boolean filledSome = executed != null && executed.signum() > 0;
    return switch (binance) {
      case "NEW", "PENDING_NEW", "PENDING_CANCEL" -> filledSome ? VenueOrderStatus.PARTIALLY_FILLED : VenueOrderStatus.OPEN;
      case "PARTIALLY_FILLED" -> VenueOrderStatus.PARTIALLY_FILLED;
      case "FILLED" -> VenueOrderStatus.FILLED;
      case "CANCELED" -> VenueOrderStatus.CANCELLED;
      case "EXPIRED", "EXPIRED_IN_MATCH" -> VenueOrderStatus.EXPIRED;
      case "REJECTED" -> VenueOrderStatus.REJECTED;
      default -> throw new MalformedReplyException("unknown Binance order status " + binance);
    };
  }

  /**
   * A Binance trade id as Keel keys fills: Binance numbers trades per symbol, so the same number on two symbols is two
   * trades; the key is {@code BTCUSDT:123456}.
   */
  static String tradeId(dev.keel.domain.market.Market market, long id) {
    return market.base() + market.quote() + ":" + id;
  }
}
