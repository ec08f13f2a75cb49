package dev.keel.jobs.venue;

import dev.keel.domain.market.Market;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads a venue's public market-data reply again without XChange. Used only after XChange failed to read a 2xx reply
 * and dropped its body (XChange's Binance client does: rescu then reads the body as a BinanceException without code or
 * message), to tell a NaN or infinite number, which quarantines the market, from a malformed reply, which is a venue
 * fault. Never throws: an answer it cannot get is empty.
 */
public interface RawMarketData {

  /** The body of the book request for the market, when the venue answered 2xx. */
  Optional<String> depth(Market market, int depth);

  /** The body of the 24-hour ticker request for the market, when the venue answered 2xx. */
  Optional<String> ticker(Market market);

  /** Binance's public GET /api/v3/depth and GET /api/v3/ticker/24hr, with the connection's timeouts. */
  static RawMarketData binance(VenueConnection connection) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connection.connectTimeout()).build();
    String base = connection.baseUrl().toString().replaceAll("/+$", "");
    return new RawMarketData() {
      @Override
      public Optional<String> depth(Market market, int depth) {
        return get(base + "/api/v3/depth?symbol=" + market.base() + market.quote() + "&limit=" + depth);
      }

      @Override
      public Optional<String> ticker(Market market) {
        return get(base + "/api/v3/ticker/24hr?symbol=" + market.base() + market.quote());
      }

      private Optional<String> get(String url) {
        try {
          HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(connection.readTimeout()).GET().build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
          return r.statusCode() / 100 == 2 ? Optional.ofNullable(r.body()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
          return Optional.empty();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    };
  }
}
