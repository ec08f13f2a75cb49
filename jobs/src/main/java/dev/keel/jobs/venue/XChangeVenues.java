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

/**
 * Builds the Binance and Kraken venues on the real XChange 5.2.2 clients.
 *
 * <p>Loading this class sets the JDK property {@code sun.net.http.retryPost=false} unless it was set: XChange's HTTP
 * client (rescu over {@code HttpURLConnection}) buffers a POST body, and the JDK then sends a POST once more, silently,
 * when the connection closes or resets before a reply arrives: exactly when a venue may already have accepted the
 * order, so the venue would see a second one (and Kraken, reading the same nonce again, would answer "Invalid nonce"
 * for an order that was placed). The JDK reads the property once, when its HTTP client class first loads, which in
 * the service is earlier (Liquibase's start-up makes an HTTPS call): the launcher must pass
 * {@code -Dsun.net.http.retryPost=false}. Before its first placement a JVM checks ({@link HttpPostRetry#check()}) and,
 * if it would resend, refuses every placement.
 */
public final class XChangeVenues {

  /** Binance's receive window for signed requests, ms. */
  static final long BINANCE_RECV_WINDOW_MS = 5_000;

  static {
    HttpPostRetry.disable();
  }

  private XChangeVenues() {}

  /**
   * The {@code cl_ord_id} Keel sends Kraken for one of its client order ids: Kraken accepts a UUID or at most 18
   * characters, Keel's ids run to 36, so Keel sends {@code UUID.nameUUIDFromBytes} of the id's UTF-8 bytes. For tests
   * and operators who read Kraken's side.
   */
  public static String krakenClientOrderId(String keelClientOrderId) {
    return KrakenOrderChannel.clientOrderId(keelClientOrderId);
  }

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
    }, clock, new BinanceOrderChannel());
  }

  /**
   * Kraken spot. Fees come from POST /0/private/TradeVolume (cached an hour); the configured fallback is Kraken Pro's
   * published schedule at the given 30-day volume.
   */
  public static XChangeVenue kraken(VenueId id, VenueConnection connection, List<Market> markets, double volume30d, Clock clock) {
    XChangeVenue.Settings settings = new XChangeVenue.Settings(id, markets,
        new ConfiguredFees(FeeSchedules.krakenPro(), volume30d), true, Duration.ofHours(1), false, Duration.ofMinutes(10));
    return new XChangeVenue(settings, () -> ExchangeFactory.INSTANCE.createExchange(specification(KrakenExchange.class, connection)), clock,
        new KrakenOrderChannel());
  }

  /**
   * The XChange specification of a venue. XChange's retry and rate limiter stay off: with retry on, Binance's
   * {@code newOrder} would be sent again after a {@code SocketException}, which a reset after the venue accepted the
   * order also is; Keel decides itself whether to send an order again, after looking it up.
   */
  static ExchangeSpecification specification(Class<? extends Exchange> type, VenueConnection c) {
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
