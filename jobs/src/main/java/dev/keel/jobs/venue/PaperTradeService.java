package dev.keel.jobs.venue;

import dev.keel.domain.market.Market;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.Side;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchange.dto.Order;
import org.knowm.xchange.dto.Order.OrderStatus;
import org.knowm.xchange.dto.Order.OrderType;
import org.knowm.xchange.dto.trade.LimitOrder;
import org.knowm.xchange.dto.trade.MarketOrder;
import org.knowm.xchange.dto.trade.OpenOrders;
import org.knowm.xchange.exceptions.FundsExceededException;
import org.knowm.xchange.exceptions.OrderNotValidException;
import org.knowm.xchange.service.BaseExchangeService;
import org.knowm.xchange.service.trade.TradeService;
import org.knowm.xchange.service.trade.params.CancelOrderByIdParams;
import org.knowm.xchange.service.trade.params.CancelOrderParams;
import org.knowm.xchange.service.trade.params.orders.OrderQueryParams;
import si.mazi.rescu.HttpStatusIOException;
import si.mazi.rescu.InvocationResult;

/**
 * Fills on the paper venue. A market order sweeps the model's current book (any remainder beyond the book is
 * cancelled: PARTIALLY_CANCELED); a limit order fills what the book offers up to its price and rests for the rest
 * (resting orders do not fill later; cancel them), unless it carries {@link Flag#IMMEDIATE_OR_CANCEL}: then the rest is
 * cancelled at once (CANCELED, or PARTIALLY_CANCELED after a partial fill). Fees are the taker fee on the filled value,
 * in the quote currency. Each order that filled has one trade, {@code <order id>-1}, at its average price. A repeated
 * user reference (client order id) returns the first order's id without trading again.
 *
 * <p>Orders with a user reference meet the venue's {@link PaperFaults}, thrown as XChange's clients throw them: HTTP 429
 * and 500 as rescu's {@code HttpStatusIOException} (429 with a Retry-After header), a refusal as
 * {@code OrderNotValidException}, the balance as {@code FundsExceededException}, a lost reply as a read timeout.
 */
final class PaperTradeService extends BaseExchangeService<PaperExchange> implements TradeService {

  /** Order flags the paper venue reads. */
  enum Flag implements Order.IOrderFlags {
    /** Fill what the book offers up to the limit at once, cancel the rest. */
    IMMEDIATE_OR_CANCEL
  }

  private static final MathContext MC = MathContext.DECIMAL64;

  private final Map<String, Order> orders = new LinkedHashMap<>();
  private final Map<String, String> idByClientId = new HashMap<>();
  private final Map<String, List<VenueFill>> fills = new HashMap<>();
  private final Map<String, Integer> lookups = new HashMap<>();
  private final Map<String, BigDecimal> balances = new HashMap<>();
  private final PaperFaults faults;
  private long sequence;

  PaperTradeService(PaperExchange exchange) {
    super(exchange);
    balances.putAll(exchange.config().startingBalances());
    faults = exchange.faults();
  }

  @Override
  public synchronized String placeMarketOrder(MarketOrder order) {
    Optional<String> existing = existing(order.getUserReference());
    if (existing.isPresent()) {
      return existing.get();
    }
    Market market = exchange.market(order.getInstrument());
    Fill fill = sweep(market, order.getType(), order.getOriginalAmount(), null);
    String id = nextId();
    OrderStatus status = fill.quantity.compareTo(order.getOriginalAmount()) >= 0 ? OrderStatus.FILLED
        : fill.quantity.signum() == 0 ? OrderStatus.CANCELED : OrderStatus.PARTIALLY_CANCELED;
    book(market, order.getType(), fill);
    remember(id, order.getUserReference(), new MarketOrder(order.getType(), order.getOriginalAmount(), order.getInstrument(), id,
        Date.from(exchange.clock().instant()), fill.averagePrice(), fill.quantity, fill.fee, status, order.getUserReference()));
    return id;
  }

  @Override
  public synchronized String placeLimitOrder(LimitOrder order) throws IOException {
    String clientOrderId = order.getUserReference();
    PaperFaults.Draw draw = clientOrderId == null ? null : faults.draw(clientOrderId);
    if (draw != null && draw.notPlaced() != null) {
      refuse(draw.notPlaced(), clientOrderId);
    }
    Optional<String> existing = existing(clientOrderId);
    if (existing.isPresent()) {
      if (draw.lostReply()) {
        throw lostReply(existing.get());
      }
      return existing.get();
    }
    Market market = exchange.market(order.getInstrument());
    requireFunds(market, order.getType(), order.getOriginalAmount(), order.getLimitPrice());
    Fill fill = sweep(market, order.getType(), order.getOriginalAmount(), order.getLimitPrice());
    if (draw != null && draw.fillFraction() < 1 && fill.quantity.signum() > 0) {
      BigDecimal part = fill.quantity.multiply(BigDecimal.valueOf(draw.fillFraction()), MC);
      BigDecimal lot = exchange.lot(market);
      if (lot != null && lot.signum() > 0) {
        part = part.divide(lot, 0, RoundingMode.DOWN).multiply(lot);
      }
      fill = part.signum() > 0 ? sweep(market, order.getType(), part, order.getLimitPrice()) : Fill.NONE;
    }
    boolean ioc = order.hasFlag(Flag.IMMEDIATE_OR_CANCEL);
    OrderStatus status = fill.quantity.compareTo(order.getOriginalAmount()) >= 0 ? OrderStatus.FILLED
        : ioc ? (fill.quantity.signum() == 0 ? OrderStatus.CANCELED : OrderStatus.PARTIALLY_CANCELED)
        : fill.quantity.signum() == 0 ? OrderStatus.NEW : OrderStatus.PARTIALLY_FILLED;
    book(market, order.getType(), fill);
    String id = nextId();
    remember(id, clientOrderId, new LimitOrder(order.getType(), order.getOriginalAmount(), order.getInstrument(), id,
        Date.from(exchange.clock().instant()), order.getLimitPrice(), fill.averagePrice(), fill.quantity, fill.fee, status,
        clientOrderId));
    if (fill.quantity.signum() > 0) {
      fills.put(id, List.of(new VenueFill(id + "-1", fill.quantity, fill.averagePrice(), fill.fee, market.quote(), exchange.clock().instant())));
    }
    if (draw != null && draw.lostReply()) {
      throw lostReply(id);
    }
    return id;
  }

  @Override
  public synchronized Collection<Order> getOrder(OrderQueryParams... params) {
    List<Order> out = new ArrayList<>();
    for (OrderQueryParams p : params) {
      Order o = orders.get(p.getOrderId());
      if (o != null) {
        out.add(o);
      }
    }
    return out;
  }

  @Override
  public synchronized OpenOrders getOpenOrders() {
    List<LimitOrder> open = new ArrayList<>();
    for (Order o : orders.values()) {
      if (o instanceof LimitOrder l && (o.getStatus() == OrderStatus.NEW || o.getStatus() == OrderStatus.PARTIALLY_FILLED)) {
        open.add(l);
      }
    }
    return new OpenOrders(open);
  }

  @Override
  public synchronized boolean cancelOrder(String orderId) {
    Order o = orders.get(orderId);
    if (o == null || !(o.getStatus() == OrderStatus.NEW || o.getStatus() == OrderStatus.PARTIALLY_FILLED)) {
      return false;
    }
    o.setOrderStatus(o.getStatus() == OrderStatus.NEW ? OrderStatus.CANCELED : OrderStatus.PARTIALLY_CANCELED);
    return true;
  }

  @Override
  public boolean cancelOrder(CancelOrderParams params) {
    return params instanceof CancelOrderByIdParams byId && cancelOrder(byId.getOrderId());
  }

  /** The order placed with this client order id, which XChange's generic API cannot look up. */
  synchronized Optional<Order> findByClientOrderId(String clientOrderId) {
    return Optional.ofNullable(idByClientId.get(clientOrderId)).map(orders::get);
  }

  /** The report of an order by the venue's id. */
  synchronized OrderReport report(String venueOrderId) {
    Order o = orders.get(venueOrderId);
    if (o == null) {
      throw new IllegalArgumentException("no paper order " + venueOrderId);
    }
    return new OrderReport(o.getUserReference() == null ? "" : o.getUserReference(), venueOrderId, status(o.getStatus()),
        o.getCumulativeAmount() == null ? BigDecimal.ZERO : o.getCumulativeAmount(), fills.getOrDefault(venueOrderId, List.of()));
  }

  /**
   * The report of the order with this client order id, as a lookup by client id answers it: a placed order is not found
   * by its first {@link PaperFaults#lookupNotFoundFor()} lookups.
   */
  synchronized Optional<OrderReport> lookUp(String clientOrderId) {
    String id = idByClientId.get(clientOrderId);
    if (id == null) {
      return Optional.empty();
    }
    int seen = lookups.merge(clientOrderId, 1, Integer::sum);
    return seen <= faults.lookupNotFoundFor() ? Optional.empty() : Optional.of(report(id));
  }

  /** Cancels the open order with this client order id: true when cancelled, false when final, empty when unknown. */
  synchronized Optional<Boolean> cancelByClientOrderId(String clientOrderId) {
    String id = idByClientId.get(clientOrderId);
    return id == null ? Optional.empty() : Optional.of(cancelOrder(id));
  }

  private static VenueOrderStatus status(OrderStatus s) {
    return switch (s) {
      case FILLED -> VenueOrderStatus.FILLED;
      case PARTIALLY_FILLED -> VenueOrderStatus.PARTIALLY_FILLED;
      case CANCELED, PARTIALLY_CANCELED -> VenueOrderStatus.CANCELLED;
      case EXPIRED -> VenueOrderStatus.EXPIRED;
      case REJECTED -> VenueOrderStatus.REJECTED;
      default -> VenueOrderStatus.OPEN;
    };
  }

  /** Throws the refusal a fault answers with, as XChange's clients throw it; the order is not placed. */
  private void refuse(PaperFaults.Fault fault, String clientOrderId) throws IOException {
    String venue = "paper venue " + exchange.config().liquidity().venue();
    switch (fault) {
      case RATE_LIMITED -> {
        HttpStatusIOException e = new HttpStatusIOException("HTTP status code was not OK: 429",
            new InvocationResult(venue + ": too many requests, order " + clientOrderId + " not placed", 429));
        e.setResponseHeaders(Map.of("Retry-After", List.of(Long.toString(faults.retryAfterSeconds()))));
        throw e;
      }
      case SERVER_ERROR -> throw new HttpStatusIOException("HTTP status code was not OK: 500",
          new InvocationResult(venue + ": internal error, order " + clientOrderId + " not placed", 500));
      case REJECTED -> throw new OrderNotValidException(venue + " refused order " + clientOrderId);
      case INSUFFICIENT_FUNDS -> throw new FundsExceededException("Account has insufficient balance for requested action (" + venue
          + ", order " + clientOrderId + ")");
    }
  }

  private SocketTimeoutException lostReply(String venueOrderId) {
    return new SocketTimeoutException("Read timed out: paper venue " + exchange.config().liquidity().venue() + " placed order "
        + venueOrderId + " and lost the reply");
  }

  /** Current balances, asset symbol to quantity. */
  synchronized Map<String, BigDecimal> balances() {
    return Map.copyOf(balances);
  }

  private Optional<String> existing(String clientOrderId) {
    return clientOrderId == null ? Optional.empty() : Optional.ofNullable(idByClientId.get(clientOrderId));
  }

  private void remember(String id, String clientOrderId, Order order) {
    orders.put(id, order);
    if (clientOrderId != null) {
      idByClientId.put(clientOrderId, id);
    }
  }

  private String nextId() {
    return exchange.config().liquidity().venue().value() + "-" + (++sequence);
  }

  /** What sweeping the current book for {@code quantity}, up to {@code limit} when given, fills. */
  private Fill sweep(Market market, OrderType type, BigDecimal quantity, BigDecimal limit) {
    Side side = type == OrderType.BID ? Side.BUY : Side.SELL;
    OrderBook book = exchange.book(market);
    BigDecimal filled = BigDecimal.ZERO;
    BigDecimal value = BigDecimal.ZERO;
    for (PriceLevel level : book.levelsTakenBy(side)) {
      if (limit != null && (side == Side.BUY ? level.price().compareTo(limit) > 0 : level.price().compareTo(limit) < 0)) {
        break;
      }
      BigDecimal take = quantity.subtract(filled).min(level.quantity());
      filled = filled.add(take);
      value = value.add(take.multiply(level.price(), MC));
      if (filled.compareTo(quantity) >= 0) {
        break;
      }
    }
    BigDecimal fee = value.multiply(BigDecimal.valueOf(exchange.config().fees().quote().rate().taker()), MC)
        .setScale(8, RoundingMode.HALF_UP);
    return new Fill(filled, value, fee);
  }

  /**
   * Refuses a limit order the account could not pay in full, as a venue does when it locks an order's whole amount: a
   * sell needs its quantity of the base, a buy its quantity at the limit plus the taker fee in the quote.
   */
  private void requireFunds(Market market, OrderType type, BigDecimal quantity, BigDecimal limit) {
    if (type == OrderType.BID) {
      BigDecimal cost = quantity.multiply(limit, MC).multiply(BigDecimal.ONE.add(BigDecimal.valueOf(exchange.config().fees().quote().rate().taker())), MC);
      if (balances.getOrDefault(market.quote(), BigDecimal.ZERO).compareTo(cost) < 0) {
        throw new FundsExceededException("Account has insufficient balance for requested action: needs " + cost + " " + market.quote());
      }
    } else if (balances.getOrDefault(market.base(), BigDecimal.ZERO).compareTo(quantity) < 0) {
      throw new FundsExceededException("Account has insufficient balance for requested action: needs " + quantity + " " + market.base());
    }
  }

  /** Moves balances for a fill; refuses, as a venue would, when the account cannot pay. */
  private void book(Market market, OrderType type, Fill fill) {
    BigDecimal base = balances.getOrDefault(market.base(), BigDecimal.ZERO);
    BigDecimal quote = balances.getOrDefault(market.quote(), BigDecimal.ZERO);
    if (type == OrderType.BID) {
      BigDecimal cost = fill.value.add(fill.fee);
      if (quote.compareTo(cost) < 0) {
        throw new FundsExceededException("Account has insufficient balance for requested action: needs " + cost + " " + market.quote());
      }
      balances.put(market.quote(), quote.subtract(cost));
      balances.put(market.base(), base.add(fill.quantity));
    } else {
      if (base.compareTo(fill.quantity) < 0) {
        throw new FundsExceededException("Account has insufficient balance for requested action: needs " + fill.quantity + " " + market.base());
      }
      balances.put(market.base(), base.subtract(fill.quantity));
      balances.put(market.quote(), quote.add(fill.value).subtract(fill.fee));
    }
  }

  private record Fill(BigDecimal quantity, BigDecimal value, BigDecimal fee) {
    static final Fill NONE = new Fill(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    BigDecimal averagePrice() {
      return quantity.signum() == 0 ? null : value.divide(quantity, MC);
    }
  }
}
