package dev.keel.jobs.venue;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and as whom Keel reaches a real venue.
 *
 * @param baseUrl        the REST base, e.g. https://api.binance.com (a stub's http://127.0.0.1:port in tests)
 * @param apiKey         the API key
 * @param secretKey      the API secret (Kraken: Base64, as Kraken issues it)
 * @param connectTimeout connection timeout, positive
 * @param readTimeout    read timeout, positive: a reply slower than this is a TIMEOUT
 */
public record VenueConnection(URI baseUrl, String apiKey, String secretKey, Duration connectTimeout, Duration readTimeout) {
  public VenueConnection {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (connectTimeout.isZero() || connectTimeout.isNegative() || readTimeout.isZero() || readTimeout.isNegative()) {
      throw new IllegalArgumentException("timeouts must be positive (zero would mean XChange's 30 s default), were "
          + connectTimeout + " and " + readTimeout);
    }
  }

  @Override
  public String toString() {
    return "VenueConnection[" + baseUrl + ", key " + (apiKey.isEmpty() ? "none" : "set") + "]";
  }
}
