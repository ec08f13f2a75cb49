package dev.keel.jobs.venue;

import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketParameters;
import dev.keel.domain.market.OrderBook;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.knowm.xchange.BaseExchange;
import org.knowm.xchange.Exchange;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.currency.Currency;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.dto.meta.CurrencyMetaData;
import org.knowm.xchange.dto.meta.ExchangeMetaData;
import org.knowm.xchange.dto.meta.InstrumentMetaData;
import org.knowm.xchange.exceptions.InstrumentNotValidException;
import org.knowm.xchange.instrument.Instrument;

/**
 * An XChange {@link Exchange} with no network: books, tickers, fees and fills come from the seeded microstructure model
 * at the injected clock's time. Create it with {@link #create(PaperVenueConfig, Clock)}.
 */
public final class PaperExchange extends BaseExchange implements Exchange {

  static final String CONFIG = "keel.paper.config";
  static final String CLOCK = "keel.paper.clock";
  static final String FAULTS = "keel.paper.faults";

  /** For XChange's factory; use {@link #create}. */
  public PaperExchange() {}

  /** A paper exchange serving {@code config} at {@code clock}'s time. */
  public static PaperExchange create(PaperVenueConfig config, Clock clock) {
    return create(config, clock, PaperFaults.NONE);
  }

  /** A paper exchange serving {@code config} at {@code clock}'s time, whose order calls meet {@code faults}. */
  public static PaperExchange create(PaperVenueConfig config, Clock clock, PaperFaults faults) {
    java.util.Objects.requireNonNull(faults, "faults");
    ExchangeSpecification spec = new ExchangeSpecification(PaperExchange.class);
    spec.setExchangeName("Paper " + config.liquidity().venue().value());
    spec.setShouldLoadRemoteMetaData(false);
    spec.setExchangeSpecificParametersItem(CONFIG, config);
    spec.setExchangeSpecificParametersItem(CLOCK, clock);
    spec.setExchangeSpecificParametersItem(FAULTS, faults);
    PaperExchange exchange = new PaperExchange();
    exchange.applySpecification(spec);
    return exchange;
  }

  PaperVenueConfig config() {
    Object c = exchangeSpecification.getExchangeSpecificParametersItem(CONFIG);
    if (!(c instanceof PaperVenueConfig config)) {
      throw new IllegalStateException("a paper exchange needs its PaperVenueConfig; create it with PaperExchange.create");
    }
    return config;
  }

  Clock clock() {
    return (Clock) exchangeSpecification.getExchangeSpecificParametersItem(CLOCK);
  }

  PaperFaults faults() {
    return exchangeSpecification.getExchangeSpecificParametersItem(FAULTS) instanceof PaperFaults f ? f : PaperFaults.NONE;
  }

  /** The lot of a listed market: quantities are multiples of it. */
  BigDecimal lot(Market market) {
    InstrumentMetaData m = exchangeMetaData.getInstruments().get(pair(market));
    return m == null || m.getAmountStepSize() == null ? null : m.getAmountStepSize();
  }

  @Override
  protected void initServices() {
    marketDataService = new PaperMarketDataService(this);
    tradeService = new PaperTradeService(this);
    accountService = new PaperAccountService(this);
  }

  @Override
  public ExchangeSpecification getDefaultExchangeSpecification() {
    ExchangeSpecification spec = new ExchangeSpecification(getClass());
    spec.setExchangeName("Paper");
    spec.setExchangeDescription("Keel's seeded paper venue");
    spec.setShouldLoadRemoteMetaData(false);
    return spec;
  }

  /** Metadata from the configuration, not from a paper.json on the classpath. */
  @Override
  protected void loadExchangeMetaData(InputStream ignored) {
    Object c = exchangeSpecification.getExchangeSpecificParametersItem(CONFIG);
    if (!(c instanceof PaperVenueConfig config)) {
      exchangeMetaData = new ExchangeMetaData(Map.of(), Map.of(), null, null, false);
      return;
    }
    Map<Instrument, InstrumentMetaData> instruments = new HashMap<>();
    Map<Currency, CurrencyMetaData> currencies = new HashMap<>();
    config.markets().forEach((market, p) -> {
      int priceScale = Math.max(0, 8 - (int) Math.floor(Math.log10(p.referencePrice())) - 1);
      BigDecimal tick = BigDecimal.ONE.movePointLeft(priceScale);
      BigDecimal lot = BigDecimal.ONE.movePointLeft(Math.max(0, (int) Math.ceil(Math.log10(p.referencePrice())) + 2));
      instruments.put(pair(market), new InstrumentMetaData.Builder()
          .priceScale(priceScale).priceStepSize(tick)
          .amountStepSize(lot).minimumAmount(lot)
          .counterMinimumAmount(new BigDecimal("5"))
          .tradingFee(BigDecimal.valueOf(config.fees().quote().rate().taker()))
          .marketOrderEnabled(true).build());
      currencies.put(Currency.getInstance(market.base()), new CurrencyMetaData(8, null));
      currencies.put(Currency.getInstance(market.quote()), new CurrencyMetaData(8, null));
    });
    exchangeMetaData = new ExchangeMetaData(instruments, currencies, null, null, false);
  }

  @Override
  public void remoteInit() {
    // nothing remote: the metadata comes from the configuration
  }

  /** The market of an XChange instrument the paper venue lists. */
  Market market(Instrument instrument) {
    if (instrument instanceof CurrencyPair pair) {
      Market m = Market.of(pair.getBase().getCurrencyCode(), pair.getCounter().getCurrencyCode());
      if (config().markets().containsKey(m)) {
        return m;
      }
    }
    throw new InstrumentNotValidException("paper venue " + config().liquidity().venue() + " does not list " + instrument);
  }

  MarketParameters parameters(Market market) {
    return config().markets().get(market);
  }

  /** The book of a listed market now. */
  OrderBook book(Market market) {
    PaperVenueConfig config = config();
    MarketParameters p = parameters(market);
    java.time.Instant t = clock().instant();
    // the model's book depends on the instant only through its epoch second: built once a second, not for every order
    CachedBook cached = books.get(market);
    if (cached != null && cached.second() == t.getEpochSecond() && cached.config() == config && cached.parameters() == p) {
      return cached.book();
    }
    OrderBook book = config.model().book(market, p, config.liquidity(), t);
    books.put(market, new CachedBook(config, p, t.getEpochSecond(), book));
    return book;
  }

  private final java.util.Map<Market, CachedBook> books = new java.util.concurrent.ConcurrentHashMap<>();

  /** A market's book as the model built it for one second, with what it was built from. */
  private record CachedBook(PaperVenueConfig config, MarketParameters parameters, long second, OrderBook book) {}

  static CurrencyPair pair(Market market) {
    return new CurrencyPair(market.base(), market.quote());
  }
}
