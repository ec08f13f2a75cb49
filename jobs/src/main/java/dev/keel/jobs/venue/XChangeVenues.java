package dev.keel.jobs.venue;

import dev.keel.domain.market.FeeSchedules;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.VenueId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.knowm.xchange.Exchange;
import org.knowm.xchange.ExchangeFactory;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceExchange;
import org.knowm.xchange.kraken.KrakenExchange;

/** Builds the Binance and Kraken venues on the real XChange 5.2.2 clients. */
public final class XChangeVenues {

  /** Binance's receive window for signed requests, ms. */
  static final long BINANCE_RECV_WINDOW_MS = 5_000;

  private XChangeVenues() {}

  /**
   * Binance spot. Fees come from GET /api/v3/account (cached an hour); the configured fallback is Binance's published
   * VIP table at the given 30-day volume.
   *
   * @param volume30d Keel's 30-day volume on Binance, USD, for the configured fallback
   */
  public static XChangeVenue binance(VenueId id, VenueConnection connection, List<Market> markets, double volume30d, Clock clock) {
    // XChange's Binance client keeps no body of a 200 reply it could not read: a second, plain read finds NaN there
    XChangeVenue.Settings settings = new XChangeVenue.Settings(id, markets,
        new ConfiguredFees(FeeSchedules.binanceSpot(), volume30d), true, Duration.ofHours(1), false, Duration.ofMinutes(10),
        Optional.of(RawMarketData.binance(connection)));
    return new XChangeVenue(settings, () -> {
      ExchangeSpecification spec = specification(BinanceExchange.class, connection);
      spec.setExchangeSpecificParametersItem("recvWindow", BINANCE_RECV_WINDOW_MS);
      return ExchangeFactory.INSTANCE.createExchange(spec);
    }, clock);
  }

  /**
   * Kraken spot. Fees come from POST /0/private/TradeVolume (cached an hour); the configured fallback is Kraken Pro's
   * published schedule at the given 30-day volume.
   */
  public static XChangeVenue kraken(VenueId id, VenueConnection connection, List<Market> markets, double volume30d, Clock clock) {
    XChangeVenue.Settings settings = new XChangeVenue.Settings(id, markets,
        new ConfiguredFees(FeeSchedules.krakenPro(), volume30d), true, Duration.ofHours(1), false, Duration.ofMinutes(10));
    return new XChangeVenue(settings, () -> ExchangeFactory.INSTANCE.createExchange(specification(KrakenExchange.class, connection)), clock);
  }

  private static ExchangeSpecification specification(Class<? extends Exchange> type, VenueConnection c) {
    ExchangeSpecification spec = new ExchangeSpecification(type);
    // XChange builds its REST proxies from sslUri alone; host and port are not used for REST
    spec.setSslUri(c.baseUrl().toString());
    spec.setApiKey(c.apiKey());
    spec.setSecretKey(c.secretKey());
    spec.setShouldLoadRemoteMetaData(true);
    spec.setHttpConnTimeout(Math.toIntExact(c.connectTimeout().toMillis()));
    spec.setHttpReadTimeout(Math.toIntExact(c.readTimeout().toMillis()));
    spec.getResilience().setRetryEnabled(false);
    spec.getResilience().setRateLimiterEnabled(false);
    return spec;
  }
}
