package dev.keel.jobs.snapshot;

import dev.keel.jobs.venue.PaperFaults;
import dev.keel.persistence.db.Redact;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The venues' settings ({@code keel.venues.*}), their defaults and their checks: the one place they are stated. The
 * keys of the real venues are secrets: {@link RealVenue#toString()} never shows them.
 *
 * @param paper         the two seeded paper venues (the offline default)
 * @param binance       Binance spot through XChange
 * @param kraken        Kraken through XChange
 * @param readTimeoutMs HTTP connect and read timeout for real venues, milliseconds
 */
@ConfigurationProperties(prefix = "keel.venues")
public record VenueSettings(@DefaultValue Paper paper, @DefaultValue RealVenue binance, @DefaultValue RealVenue kraken,
                            @DefaultValue("2000") long readTimeoutMs) {

  /** Binance's REST base when {@code keel.venues.binance.url} is left out. */
  public static final String BINANCE_URL = "https://api.binance.com";
  /** Kraken's REST base when {@code keel.venues.kraken.url} is left out. */
  public static final String KRAKEN_URL = "https://api.kraken.com";

  public VenueSettings {
    if (readTimeoutMs < 100 || readTimeoutMs > 60_000) {
      throw new IllegalArgumentException("keel.venues.read-timeout-ms must be between 100 and 60000, was " + readTimeoutMs);
    }
    // a bad entry stops start-up with one line naming it
    ConfiguredMarkets.parse("keel.venues.paper.markets", paper.markets());
    ConfiguredMarkets.parse("keel.venues.binance.markets", binance.markets());
    ConfiguredMarkets.parse("keel.venues.kraken.markets", kraken.markets());
  }

  public Duration readTimeout() {
    return Duration.ofMillis(readTimeoutMs);
  }


  /**
   * @param enabled whether the paper venues are used
   * @param seed    the seed of their order books
   * @param markets markets both paper venues list: base symbols (BTC, meaning BTC/USDT) or BASE/USDT; absent for every
   *                catalogue asset against USDT
   * @param faults  faults the paper venues inject into order calls (docs/venue-orders.md); absent for none
   */
  public record Paper(@DefaultValue("true") boolean enabled, @DefaultValue("42") long seed, List<String> markets,
                      @DefaultValue Faults faults) {}

  /**
   * keel.venues.paper.faults.*: rates in [0, 1] of each fault on an order call, left out for none.
   *
   * @param lostReply         the order is placed and its reply lost
   * @param serverError       HTTP 5xx, not placed
   * @param rateLimited       HTTP 429, not placed, with {@code retryAfterSeconds}
   * @param retryAfterSeconds the Retry-After of a 429
   * @param partialFill       only part of what the book offers fills
   * @param rejected          refused, not placed
   * @param insufficientFunds refused for the balance, not placed
   * @param lookupNotFoundFor a placed order is "not found" by this many lookups first
   * @param seed              seeds the draws
   */
  public record Faults(Double lostReply, Double serverError, Double rateLimited, Long retryAfterSeconds, Double partialFill,
                       Double rejected, Double insufficientFunds, Integer lookupNotFoundFor, Long seed) {
    public Faults {
      paperFaults(lostReply, serverError, rateLimited, retryAfterSeconds, partialFill, rejected, insufficientFunds, lookupNotFoundFor,
          seed);
    }

    /** The paper venues' faults these settings give. */
    public PaperFaults paperFaults() {
      return paperFaults(lostReply, serverError, rateLimited, retryAfterSeconds, partialFill, rejected, insufficientFunds,
          lookupNotFoundFor, seed);
    }

    private static PaperFaults paperFaults(Double lost, Double server, Double limited, Long retryAfter,
                                                                Double partial, Double rejected, Double funds, Integer notFound,
                                                                Long seed) {
      return new PaperFaults(v(lost), v(server), v(limited), retryAfter == null ? 30 : retryAfter, v(partial),
          v(rejected), v(funds), notFound == null ? 0 : notFound, seed == null ? 42 : seed);
    }

    private static double v(Double d) {
      return d == null ? 0 : d;
    }
  }

  /**
   * @param enabled   whether the venue is used
   * @param url       REST base URL
   * @param apiKey    API key
   * @param secretKey API secret
   * @param markets   markets to snapshot there: base symbols (BTC, meaning BTC/USDT) or BASE/USDT; absent for every
   *                  catalogue asset against USDT
   */
  public record RealVenue(@DefaultValue("false") boolean enabled, String url, String apiKey, String secretKey,
                          List<String> markets) {
    /** The REST base: the one configured, else the venue's own. */
    public String urlOr(String standard) {
      return url == null || url.isBlank() ? standard : url;
    }

    /** Never shows the keys. */
    @Override
    public String toString() {
      return "RealVenue[enabled=" + enabled + ", url=" + url + ", apiKey=" + (apiKey == null ? null : Redact.HIDDEN)
          + ", secretKey=" + (secretKey == null ? null : Redact.HIDDEN) + ", markets=" + markets + "]";
    }
  }
}
