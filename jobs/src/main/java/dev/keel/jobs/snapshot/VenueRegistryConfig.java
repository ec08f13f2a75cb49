package dev.keel.jobs.snapshot;

import dev.keel.domain.market.VenueId;
import dev.keel.jobs.venue.PaperVenues;
import dev.keel.jobs.venue.VenueConnection;
import dev.keel.jobs.venue.XChangeVenue;
import dev.keel.jobs.venue.XChangeVenues;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The venues Keel uses, from configuration: the two seeded paper venues by default (offline,
 * deterministic), and Binance or Kraken through XChange when their URL and credentials are set. Each venue snapshots
 * the markets of {@code keel.venues.<venue>.markets} ({@link ConfiguredMarkets}), by default every catalogue asset
 * against USDT.
 */
@Configuration(proxyBeanMethods = false)
public class VenueRegistryConfig {

  @Bean
  public List<RegisteredVenue> registeredVenues(
      Clock clock,
      Environment env,
      @Value("${keel.venues.paper.enabled:true}") boolean paper,
      @Value("${keel.venues.paper.seed:42}") long paperSeed,
      @Value("${keel.venues.binance.enabled:false}") boolean binance,
      @Value("${keel.venues.binance.url:https://api.binance.com}") String binanceUrl,
      @Value("${keel.venues.binance.api-key:}") String binanceKey,
      @Value("${keel.venues.binance.secret-key:}") String binanceSecret,
      @Value("${keel.venues.kraken.enabled:false}") boolean kraken,
      @Value("${keel.venues.kraken.url:https://api.kraken.com}") String krakenUrl,
      @Value("${keel.venues.kraken.api-key:}") String krakenKey,
      @Value("${keel.venues.kraken.secret-key:}") String krakenSecret,
      @Value("${keel.venues.read-timeout-ms:2000}") long readTimeoutMs,
      org.springframework.beans.factory.ObjectProvider<dev.keel.jobs.venue.PaperFaults> paperFaults) {
    List<RegisteredVenue> venues = new ArrayList<>();
    if (paper) {
      for (XChangeVenue v : PaperVenues.standard(paperSeed, clock, ConfiguredMarkets.fromEnvironment(env, "keel.venues.paper.markets"),
          paperFaults.getIfAvailable(() -> dev.keel.jobs.venue.PaperFaults.NONE))) {
        venues.add(new RegisteredVenue(v, "PAPER", "Paper venue " + v.id()));
      }
    }
    Duration timeout = Duration.ofMillis(readTimeoutMs);
    if (binance) {
      venues.add(new RegisteredVenue(XChangeVenues.binance(VenueId.of("binance"),
          connection("keel.venues.binance", binanceUrl, binanceKey, binanceSecret, timeout),
          ConfiguredMarkets.fromEnvironment(env, "keel.venues.binance.markets"), 0, clock), "BINANCE", "Binance"));
    }
    if (kraken) {
      venues.add(new RegisteredVenue(XChangeVenues.kraken(VenueId.of("kraken"),
          connection("keel.venues.kraken", krakenUrl, krakenKey, krakenSecret, timeout),
          ConfiguredMarkets.fromEnvironment(env, "keel.venues.kraken.markets"), 0, clock), "KRAKEN", "Kraken"));
    }
    if (venues.isEmpty()) {
      throw new IllegalArgumentException("keel.venues: no venue is enabled; enable keel.venues.paper or a real venue");
    }
    return List.copyOf(venues);
  }

  private static VenueConnection connection(String key, String url, String apiKey, String secret, Duration timeout) {
    if (apiKey.isBlank() || secret.isBlank()) {
      throw new IllegalArgumentException(key + ".api-key and " + key + ".secret-key are required when " + key + ".enabled is true");
    }
    try {
      return new VenueConnection(URI.create(url), apiKey, secret, timeout, timeout);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ".url '" + url + "' is not a valid URL: " + e.getMessage(), e);
    }
  }
}
