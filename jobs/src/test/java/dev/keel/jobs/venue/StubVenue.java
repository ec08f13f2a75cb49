package dev.keel.jobs.venue;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A WireMock server on 127.0.0.1 answering in an exchange's REST format from fixtures under venue/. */
public final class StubVenue {

  private StubVenue() {}

  public static WireMockServer start() {
    WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().asynchronousResponseEnabled(false));
    server.start();
    return server;
  }

  public static VenueConnection connection(WireMockServer server, Duration readTimeout) {
    return new VenueConnection(URI.create("http://127.0.0.1:" + server.port()), "stub-api-key",
        Base64.getEncoder().encodeToString("stub-secret".getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(2), readTimeout);
  }

  /**
   * Connects a venue created with a short read timeout: a loaded machine may miss it once at start-up, so this tries
   * again (a failed start-up is retried on the next call) until the deadline.
   */
  static boolean connectsWithin(Venue venue, dev.keel.domain.market.Market market, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < end) {
      if (venue.rules(market).isOk()) {
        return true;
      }
    }
    return false;
  }

  /** A healthy Binance: start-up metadata, BTC and ETH books, a ticker and account fees, in Binance's REST format. */
  public static void healthyBinance(WireMockServer stub) {
    stub.stubFor(get(urlPathEqualTo("/api/v3/exchangeInfo")).willReturn(okJson(fixture("binance/exchangeInfo.json"))));
    stub.stubFor(get(urlPathEqualTo("/sapi/v1/asset/assetDetail")).willReturn(okJson(fixture("binance/assetDetail.json"))));
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).withQueryParam("symbol", equalTo("BTCUSDT"))
        .willReturn(okJson(fixture("binance/depth-BTCUSDT.json"))));
    stub.stubFor(get(urlPathEqualTo("/api/v3/depth")).withQueryParam("symbol", equalTo("ETHUSDT"))
        .willReturn(okJson(fixture("binance/depth-ETHUSDT.json"))));
    stub.stubFor(get(urlPathEqualTo("/api/v3/ticker/24hr")).willReturn(okJson(fixture("binance/ticker-BTCUSDT.json"))));
    stub.stubFor(get(urlPathEqualTo("/api/v3/account")).willReturn(okJson(fixture("binance/account.json"))));
  }

  /** A healthy Kraken: asset pairs and assets, the XBTUSDT book and ticker, trade-volume fees, in Kraken's REST format. */
  public static void healthyKraken(WireMockServer stub) {
    stub.stubFor(get(urlPathEqualTo("/0/public/AssetPairs")).willReturn(okJson(fixture("kraken/AssetPairs.json"))));
    stub.stubFor(get(urlPathEqualTo("/0/public/Assets")).willReturn(okJson(fixture("kraken/Assets.json"))));
    stub.stubFor(get(urlPathEqualTo("/0/public/Depth")).withQueryParam("pair", equalTo("XBTUSDT"))
        .willReturn(okJson(fixture("kraken/Depth-XBTUSDT.json"))));
    stub.stubFor(get(urlPathEqualTo("/0/public/Ticker")).withQueryParam("pair", equalTo("XBTUSDT"))
        .willReturn(okJson(fixture("kraken/Ticker-XBTUSDT.json"))));
    stub.stubFor(post(urlPathEqualTo("/0/private/TradeVolume")).willReturn(okJson(fixture("kraken/TradeVolume.json"))));
  }

  public static String fixture(String path) {
    try (InputStream in = StubVenue.class.getResourceAsStream("/venue/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture venue/" + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
