package dev.keel.jobs.venue;

import dev.keel.domain.market.BookWalk;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.TradingVolume24h;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.Order.OrderType;
import org.knowm.xchange.dto.marketdata.Ticker;
import org.knowm.xchange.dto.trade.LimitOrder;
import org.knowm.xchange.instrument.Instrument;
import org.knowm.xchange.service.BaseExchangeService;
import org.knowm.xchange.service.marketdata.MarketDataService;

/** Books and tickers of the paper venue, from the seeded model at the clock's time. */
final class PaperMarketDataService extends BaseExchangeService<PaperExchange> implements MarketDataService {

  PaperMarketDataService(PaperExchange exchange) {
    super(exchange);
  }

  /** args[0], when an Integer or Long, limits the levels per side. */
  @Override
  public org.knowm.xchange.dto.marketdata.OrderBook getOrderBook(Instrument instrument, Object... args) {
    Market market = exchange.market(instrument);
    int depth = args != null && args.length > 0 && args[0] instanceof Number n ? n.intValue() : Integer.MAX_VALUE;
    OrderBook book = exchange.book(market).truncate(depth);
    Date now = Date.from(exchange.clock().instant());
    return new org.knowm.xchange.dto.marketdata.OrderBook(now, orders(book.asks(), OrderType.ASK, instrument, now),
        orders(book.bids(), OrderType.BID, instrument, now), false);
  }

  @Override
  public org.knowm.xchange.dto.marketdata.OrderBook getOrderBook(CurrencyPair pair, Object... args) {
    return getOrderBook((Instrument) pair, args);
  }

  @Override
  public Ticker getTicker(Instrument instrument, Object... args) {
    Market market = exchange.market(instrument);
    OrderBook book = exchange.book(market);
    TradingVolume24h v = exchange.config().model().volume24h(market, exchange.parameters(market), exchange.config().liquidity(),
        exchange.clock().instant());
    BigDecimal mid = new BigDecimal(BookWalk.mid(book), MathContext.DECIMAL64);
    return new Ticker.Builder().instrument(instrument)
        .bid(book.bids().get(0).price()).bidSize(book.bids().get(0).quantity())
        .ask(book.asks().get(0).price()).askSize(book.asks().get(0).quantity())
        .last(mid).vwap(mid)
        .volume(new BigDecimal(v.baseQuantity(), MathContext.DECIMAL64))
        .quoteVolume(new BigDecimal(v.quoteNotional(), MathContext.DECIMAL64))
        .timestamp(Date.from(exchange.clock().instant())).build();
  }

  @Override
  public Ticker getTicker(CurrencyPair pair, Object... args) {
    return getTicker((Instrument) pair, args);
  }

  private static List<LimitOrder> orders(List<PriceLevel> levels, OrderType type, Instrument instrument, Date now) {
    List<LimitOrder> out = new ArrayList<>(levels.size());
    for (PriceLevel l : levels) {
      out.add(new LimitOrder(type, l.quantity(), instrument, "", now, l.price()));
    }
    return out;
  }
}
