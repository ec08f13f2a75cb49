package dev.keel.jobs.snapshot;

import dev.keel.domain.market.VenueId;
import dev.keel.jobs.venue.PaperFaults;
import dev.keel.jobs.venue.PaperVenues;
import dev.keel.jobs.venue.VenueConnection;
import dev.keel.jobs.venue.XChangeVenue;
import dev.keel.jobs.venue.XChangeVenues;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The venues Keel uses, from configuration: the two seeded paper venues by default (offline,
 * deterministic), and Binance or Kraken through XChange when their URL and credentials are set. Each venue snapshots
 * the markets of {@code keel.venues.<venue>.markets} ({@link ConfiguredMarkets}), by default every catalogue asset
 * against USDT.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.context.properties.EnableConfigurationProperties(VenueSettings.class)
public class VenueRegistryConfig {

  @Bean
  public List<RegisteredVenue> registeredVenues(Clock clock, VenueSettings settings,
                                                org.springframework.beans.factory.ObjectProvider<PaperFaults> paperFaults) {
    List<RegisteredVenue> venues = new ArrayList<>();
    if (settings.paper().enabled()) {
      // a PaperFaults bean (a test's) wins over keel.venues.paper.faults.*
      PaperFaults faults = paperFaults.getIfAvailable(() -> settings.paper().faults().paperFaults());
      for (XChangeVenue v : PaperVenues.standard(settings.paper().seed(), clock,
          ConfiguredMarkets.parse("keel.venues.paper.markets", settings.paper().markets()), faults)) {
        venues.add(new RegisteredVenue(v, "PAPER", "Paper venue " + v.id()));
      }
    }
    Duration timeout = settings.readTimeout();
    VenueSettings.RealVenue binance = settings.binance();
    if (binance.enabled()) {
      venues.add(new RegisteredVenue(XChangeVenues.binance(VenueId.of("binance"),
          connection("keel.venues.binance", binance.urlOr(VenueSettings.BINANCE_URL), binance.apiKey(), binance.secretKey(), timeout),
          ConfiguredMarkets.parse("keel.venues.binance.markets", binance.markets()), 0, clock), "BINANCE", "Binance"));
    }
    VenueSettings.RealVenue kraken = settings.kraken();
    if (kraken.enabled()) {
      venues.add(new RegisteredVenue(XChangeVenues.kraken(VenueId.of("kraken"),
          connection("keel.venues.kraken", kraken.urlOr(VenueSettings.KRAKEN_URL), kraken.apiKey(), kraken.secretKey(), timeout),
          ConfiguredMarkets.parse("keel.venues.kraken.markets", kraken.markets()), 0, clock), "KRAKEN", "Kraken"));
    }
    if (venues.isEmpty()) {
      throw new IllegalArgumentException("keel.venues: no venue is enabled; enable keel.venues.paper or a real venue");
    }
    return List.copyOf(venues);
  }

  private static VenueConnection connection(String key, String url, String apiKey, String secret, Duration timeout) {
    if (apiKey == null || apiKey.isBlank() || secret == null || secret.isBlank()) {
      throw new IllegalArgumentException(key + ".api-key and " + key + ".secret-key are required when " + key + ".enabled is true");
    }
    try {
      return new VenueConnection(URI.create(url), apiKey, secret, timeout, timeout);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ".url '" + url + "' is not a valid URL: " + e.getMessage(), e);
    }
  }
}
