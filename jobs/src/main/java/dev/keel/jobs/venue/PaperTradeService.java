package dev.keel.jobs.venue;

import dev.keel.domain.market.Market;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.Side;
import java.math.BigDecimal;
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
import org.knowm.xchange.service.BaseExchangeService;
import org.knowm.xchange.service.trade.TradeService;
import org.knowm.xchange.service.trade.params.CancelOrderByIdParams;
import org.knowm.xchange.service.trade.params.CancelOrderParams;
import org.knowm.xchange.service.trade.params.orders.OrderQueryParams;

/**
 * Fills on the paper venue. A market order sweeps the model's current book (any remainder beyond the book is
 * cancelled: PARTIALLY_CANCELED); a limit order fills what the book offers up to its price and rests for the rest
 * (resting orders do not fill later; cancel them). Fees are the taker fee on the filled value, in the quote currency.
 * A repeated user reference (client order id) returns the first order's id without trading again, as Binance does for
 * a duplicate client id.
 */
final class PaperTradeService extends BaseExchangeService<PaperExchange> implements TradeService {

  private static final MathContext MC = MathContext.DECIMAL64;

  private final Map<String, Order> orders = new LinkedHashMap<>();
  private final Map<String, String> idByClientId = new HashMap<>();
  private final Map<String, BigDecimal> balances = new HashMap<>();
  private long sequence;

  PaperTradeService(PaperExchange exchange) {
    super(exchange);
    balances.putAll(exchange.config().startingBalances());
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
  public synchronized String placeLimitOrder(LimitOrder order) {
    Optional<String> existing = existing(order.getUserReference());
    if (existing.isPresent()) {
      return existing.get();
    }
    Market market = exchange.market(order.getInstrument());
    Fill fill = sweep(market, order.getType(), order.getOriginalAmount(), order.getLimitPrice());
    String id = nextId();
    OrderStatus status = fill.quantity.compareTo(order.getOriginalAmount()) >= 0 ? OrderStatus.FILLED
        : fill.quantity.signum() == 0 ? OrderStatus.NEW : OrderStatus.PARTIALLY_FILLED;
    book(market, order.getType(), fill);
    remember(id, order.getUserReference(), new LimitOrder(order.getType(), order.getOriginalAmount(), order.getInstrument(), id,
        Date.from(exchange.clock().instant()), order.getLimitPrice(), fill.averagePrice(), fill.quantity, fill.fee, status,
        order.getUserReference()));
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
    BigDecimal averagePrice() {
      return quantity.signum() == 0 ? null : value.divide(quantity, MC);
    }
  }
}
