package dev.keel.jobs.venue;

import dev.keel.domain.market.Market;
import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.knowm.xchange.Exchange;
import org.knowm.xchange.client.ExchangeRestProxyBuilder;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.Order.IOrderFlags;
import org.knowm.xchange.exceptions.ExchangeException;
import org.knowm.xchange.kraken.KrakenUtils;
import org.knowm.xchange.kraken.dto.trade.KrakenOrder;
import org.knowm.xchange.kraken.dto.trade.KrakenOrderFlags;
import org.knowm.xchange.kraken.dto.trade.KrakenOrderResponse;
import org.knowm.xchange.kraken.dto.trade.KrakenStandardOrder;
import org.knowm.xchange.kraken.dto.trade.KrakenTrade;
import org.knowm.xchange.kraken.dto.trade.KrakenType;
import org.knowm.xchange.kraken.dto.trade.TimeInForce;
import org.knowm.xchange.kraken.service.KrakenDigest;
import org.knowm.xchange.kraken.service.KrakenTradeService;

/**
 * Kraken spot orders.
 *
 * <ul>
 *   <li>Client order id: Kraken's {@code cl_ord_id} takes a UUID or at most 18 characters of free text, and Keel's ids
 *       run to 36 characters, so Keel sends {@link #clientOrderId(String) UUID.nameUUIDFromBytes} of its id (UTF-8):
 *       the same id always maps to the same UUID, so the order is found again by Keel's id alone. {@code userref} is
 *       not used (a 32-bit number Kraken does not keep unique).</li>
 *   <li>Place: POST /0/private/AddOrder {@code ordertype=limit, timeinforce=IOC, oflags=fciq, cl_ord_id=<UUID>}
 *       through XChange's raw {@code placeKrakenOrder}. {@code fciq} asks for the fee in the quote currency whatever
 *       the side, so every fill's fee asset is the market's quote. Kraken's reply holds only the order's txid; one
 *       follow-up reads it (QueryOrders with its trades) and its fills (QueryTrades).</li>
 *   <li>Find by client id: OpenOrders, then ClosedOrders, each filtered by {@code cl_ord_id} ({@link KrakenOrderQueries}),
 *       keeping only orders that carry that {@code cl_ord_id}; fills by the order's trade ids through QueryTrades, 20 at
 *       a time. Kraken keeps {@code cl_ord_id} unique among open orders only: should two closed orders carry it, the
 *       newest is reported.</li>
 *   <li>Cancel: found as above, then CancelOrder with its txid.</li>
 * </ul>
 *
 * <p>Statuses: pending → OPEN; open → OPEN or PARTIALLY_FILLED by what has filled; closed → FILLED, or CANCELLED when
 * less than the volume filled (an IOC remainder); canceled → CANCELLED; expired → EXPIRED.
 */
final class KrakenOrderChannel implements OrderChannel {

  /** Kraken's QueryTrades takes at most this many trade ids. */
  private static final int TRADES_PER_QUERY = 20;

  private volatile Queries queries;

  private record Queries(Exchange exchange, KrakenOrderQueries proxy, KrakenDigest digest) {}

  /** The {@code cl_ord_id} Keel sends to Kraken for its client order id: a name-based UUID of its UTF-8 bytes. */
  static String clientOrderId(String keelClientOrderId) {
    return UUID.nameUUIDFromBytes(keelClientOrderId.getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Override
  public Accepted place(Exchange exchange, OrderRequest request) throws Exception {
    if (HttpPostRetry.check()) {
      throw new OrderNotSentException("this JVM would send the order again if its reply were lost; start it with -D"
          + HttpPostRetry.PROPERTY + "=false");
    }
    CurrencyPair pair = XChangeVenue.pair(request.market());
    if (KrakenUtils.createKrakenCurrencyPair(pair) == null) {
      throw new OrderNotSentException("Kraken's metadata has no pair for " + request.market());
    }
    Set<IOrderFlags> flags = Set.of(KrakenOrderFlags.FCIQ);
    KrakenStandardOrder order = KrakenStandardOrder.getLimitOrderBuilder(pair, request.side() == Side.BUY ? KrakenType.BUY : KrakenType.SELL,
            request.limitPrice().toPlainString(), request.quantity())
        .withTimeInForce(TimeInForce.IOC)
        .withOrderFlags(flags)
        .withClientOrderId(clientOrderId(request.clientOrderId()))
        .buildOrder();
    KrakenOrderResponse r = trade(exchange).placeKrakenOrder(order);
    if (r == null || r.getTransactionIds() == null || r.getTransactionIds().size() != 1) {
      throw new MalformedReplyException("Kraken accepted order " + request.clientOrderId() + " without exactly one txid");
    }
    return new Accepted(r.getTransactionIds().get(0), Optional.empty());
  }

  @Override
  public OrderReport followUp(Exchange exchange, OrderRequest request, Accepted accepted) throws Exception {
    Map<String, KrakenOrder> found = trade(exchange).queryKrakenOrders(true, null, accepted.venueOrderId());
    KrakenOrder o = found == null ? null : found.get(accepted.venueOrderId());
    if (o == null || o.getStatus() == null || o.getVolumeExecuted() == null) {
      throw new MalformedReplyException("Kraken does not report order " + accepted.venueOrderId() + " yet");
    }
    return report(exchange, request.market(), request.clientOrderId(), accepted.venueOrderId(), o.getStatus().toString(), o.getVolume(),
        o.getVolumeExecuted(), o.getTradeIds());
  }

  @Override
  public Optional<OrderReport> find(Exchange exchange, Market market, String clientOrderId) throws Exception {
    Optional<Map.Entry<String, KrakenOrderQueries.ClientOrder>> found = order(exchange, clientOrderId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    KrakenOrderQueries.ClientOrder o = found.get().getValue();
    return Optional.of(report(exchange, market, clientOrderId, found.get().getKey(), o.status, o.volume, o.volumeExecuted, o.tradeIds));
  }

  @Override
  public CancelOutcome cancel(Exchange exchange, Market market, String clientOrderId) throws Exception {
    Optional<Map.Entry<String, KrakenOrderQueries.ClientOrder>> found = order(exchange, clientOrderId);
    if (found.isEmpty()) {
      return CancelOutcome.NOT_FOUND;
    }
    KrakenOrderQueries.ClientOrder o = found.get().getValue();
    if (status(o.status, o.volume, o.volumeExecuted).isFinal()) {
      return CancelOutcome.ALREADY_FINAL;
    }
    try {
      return trade(exchange).cancelKrakenOrder(found.get().getKey()).getCount() > 0 ? CancelOutcome.CANCELLED : CancelOutcome.ALREADY_FINAL;
    } catch (ExchangeException e) {
      if (e.getMessage() != null && e.getMessage().contains("EOrder:Unknown order")) {
        return CancelOutcome.ALREADY_FINAL;
      }
      throw e;
    }
  }

  /** The order carrying Keel's client order id, open first, then closed; its txid and info. */
  private Optional<Map.Entry<String, KrakenOrderQueries.ClientOrder>> order(Exchange exchange, String clientOrderId) throws Exception {
    String clOrdId = clientOrderId(clientOrderId);
    Queries q = queries(exchange);
    KrakenTradeService trade = trade(exchange);
    String key = exchange.getExchangeSpecification().getApiKey();
    KrakenOrderQueries.ClientOrders open = trade.checkResult(q.proxy().openOrders(true, clOrdId, key, q.digest(), exchange.getNonceFactory()));
    Optional<Map.Entry<String, KrakenOrderQueries.ClientOrder>> found = carrying(open, clOrdId);
    if (found.isPresent()) {
      return found;
    }
    KrakenOrderQueries.ClientOrders closed = trade.checkResult(q.proxy().closedOrders(true, clOrdId, key, q.digest(), exchange.getNonceFactory()));
    return carrying(closed, clOrdId);
  }

  private static Optional<Map.Entry<String, KrakenOrderQueries.ClientOrder>> carrying(KrakenOrderQueries.ClientOrders orders, String clOrdId) {
    if (orders == null) {
      throw new MalformedReplyException("Kraken answered no order list");
    }
    return orders.orders.entrySet().stream()
        .filter(e -> e.getValue() != null && clOrdId.equalsIgnoreCase(e.getValue().clientOrderId))
        .max(Comparator.comparingDouble(e -> e.getValue().openedAt));
  }

  private OrderReport report(Exchange exchange, Market market, String clientOrderId, String txid, String status, BigDecimal volume,
      BigDecimal executed, List<String> tradeIds) throws Exception {
    if (status == null || executed == null) {
      throw new MalformedReplyException("Kraken order " + txid + " without a status or executed volume");
    }
    List<VenueFill> fills = new ArrayList<>();
    List<String> ids = tradeIds == null ? List.of() : tradeIds;
    for (int from = 0; from < ids.size(); from += TRADES_PER_QUERY) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + TRADES_PER_QUERY));
      Map<String, KrakenTrade> trades = trade(exchange).queryKrakenTrades(true, chunk.toArray(String[]::new));
      for (String id : chunk) {
        KrakenTrade t = trades == null ? null : trades.get(id);
        if (t == null || t.getVolume() == null || t.getPrice() == null || t.getFee() == null) {
          throw new MalformedReplyException("Kraken did not report trade " + id + " of order " + txid);
        }
        fills.add(new VenueFill(id, t.getVolume(), t.getPrice(), t.getFee(), market.quote(),
            Instant.ofEpochMilli(Math.round(t.getUnixTimestamp() * 1000))));
      }
    }
    return new OrderReport(clientOrderId, txid, status(status, volume, executed), executed, fills);
  }

  static VenueOrderStatus status(String kraken, BigDecimal volume, BigDecimal executed) {
    boolean filledSome = executed != null && executed.signum() > 0;
    return switch (kraken == null ? "" : kraken.toLowerCase(java.util.Locale.ROOT)) {
      case "pending" -> VenueOrderStatus.OPEN;
      case "open" -> filledSome ? VenueOrderStatus.PARTIALLY_FILLED : VenueOrderStatus.OPEN;
      case "closed" -> volume != null && executed != null && executed.compareTo(volume) >= 0 ? VenueOrderStatus.FILLED : VenueOrderStatus.CANCELLED;
      case "canceled", "cancelled" -> VenueOrderStatus.CANCELLED;
      case "expired" -> VenueOrderStatus.EXPIRED;
      default -> throw new MalformedReplyException("unknown Kraken order status " + kraken);
    };
  }

  private static KrakenTradeService trade(Exchange exchange) {
    return (KrakenTradeService) exchange.getTradeService();
  }

  private Queries queries(Exchange exchange) {
    Queries q = queries;
    if (q == null || q.exchange() != exchange) {
      q = new Queries(exchange, ExchangeRestProxyBuilder.forInterface(KrakenOrderQueries.class, exchange.getExchangeSpecification()).build(),
          KrakenDigest.createInstance(exchange.getExchangeSpecification().getSecretKey()));
      queries = q;
    }
    return q;
  }
}
