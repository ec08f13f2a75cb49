package dev.keel.jobs.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.domain.market.Market;
import dev.keel.jobs.venue.Venue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ConfiguredMarketsTest {

  private static final String KEY = "keel.venues.binance.markets";
  private static final Market BTC = Market.of("BTC", "USDT");
  private static final Market ETH = Market.of("ETH", "USDT");

  @Test
  void without_the_setting_every_catalogue_asset_against_usdt() {
    List<Market> all = ConfiguredMarkets.parse(KEY, null);
    assertThat(all).hasSize(25).startsWith(BTC, ETH).allMatch(m -> m.quote().equals("USDT"));
    assertThat(ConfiguredMarkets.parse(KEY, settings(new MockEnvironment()).binance().markets())).isEqualTo(all);
  }

  @Test
  void base_symbols_and_pairs_in_the_configured_order() {
    assertThat(ConfiguredMarkets.parse(KEY, List.of("ETH/USDT", " btc ", "sol"))).containsExactly(ETH, BTC, Market.of("SOL", "USDT"));
  }

  @Test
  void a_yaml_list_or_one_comma_separated_value() {
    MockEnvironment list = new MockEnvironment().withProperty(KEY + "[0]", "BTC").withProperty(KEY + "[1]", "ETH/USDT");
    assertThat(ConfiguredMarkets.parse(KEY, settings(list).binance().markets())).containsExactly(BTC, ETH);
    MockEnvironment commas = new MockEnvironment().withProperty(KEY, "ETH, BTC");
    assertThat(ConfiguredMarkets.parse(KEY, settings(commas).binance().markets())).containsExactly(ETH, BTC);
  }

  @Test
  void a_bad_entry_is_refused_naming_the_key_and_the_value() {
    assertThatThrownBy(() -> ConfiguredMarkets.parse(KEY, List.of("BTC", "FOO")))
        .hasMessageStartingWith("keel.venues.binance.markets[1] 'FOO': FOO is not a catalogue asset");
    assertThatThrownBy(() -> ConfiguredMarkets.parse(KEY, List.of("ETH/BTC")))
        .hasMessageContaining("keel.venues.binance.markets[0] 'ETH/BTC'").hasMessageContaining("quote must be USDT");
    assertThatThrownBy(() -> ConfiguredMarkets.parse(KEY, List.of("USDT")))
        .hasMessageStartingWith("keel.venues.binance.markets[0] 'USDT'");
    assertThatThrownBy(() -> ConfiguredMarkets.parse(KEY, List.of("BTC-USDT")))
        .hasMessage("keel.venues.binance.markets[0] must read BASE or BASE/QUOTE (e.g. BTC or BTC/USDT), was 'BTC-USDT'");
    assertThatThrownBy(() -> ConfiguredMarkets.parse(KEY, Arrays.asList("BTC", " ")))
        .hasMessageStartingWith("keel.venues.binance.markets[1] must read");
    assertThatThrownBy(() -> ConfiguredMarkets.parse(KEY, List.of("BTC", "BTC/USDT")))
        .hasMessage("keel.venues.binance.markets lists BTC/USDT twice (at [1], 'BTC/USDT')");
    assertThatThrownBy(() -> settings(new MockEnvironment().withProperty(KEY, "")))
        .rootCause().hasMessageStartingWith("keel.venues.binance.markets lists no market");
  }

  private static final org.springframework.beans.factory.ObjectProvider<dev.keel.jobs.venue.PaperFaults> NO_FAULTS =
      new org.springframework.beans.factory.support.StaticListableBeanFactory().getBeanProvider(dev.keel.jobs.venue.PaperFaults.class);

  @Test
  void the_registry_gives_each_venue_its_configured_markets() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    MockEnvironment env = new MockEnvironment().withProperty("keel.venues.paper.markets", "ETH,BTC")
        .withProperty("keel.venues.kraken.markets[0]", "SOL");
    env.withProperty("keel.venues.kraken.enabled", "true").withProperty("keel.venues.kraken.url", "http://127.0.0.1:1")
        .withProperty("keel.venues.kraken.api-key", "key").withProperty("keel.venues.kraken.secret-key", "c2VjcmV0");
    List<RegisteredVenue> venues = new VenueRegistryConfig().registeredVenues(clock, settings(env), NO_FAULTS);
    assertThat(venues).extracting(rv -> rv.venue().id().value()).containsExactly("paper-a", "paper-b", "kraken");
    assertThat(venues.get(0).venue().markets()).containsExactly(ETH, BTC);
    assertThat(venues.get(1).venue().markets()).containsExactly(ETH, BTC);
    assertThat(venues.get(2).venue().markets()).containsExactly(Market.of("SOL", "USDT"));
    assertThat(venues.get(1).venue().orderBook(ETH, 10).isOk()).as("the paper venue serves the configured market").isTrue();
    Venue paperA = venues.get(0).venue();
    assertThat(paperA.rules(Market.of("SOL", "USDT")).isOk()).as("and not the others").isFalse();
    MockEnvironment bad = new MockEnvironment().withProperty("keel.venues.paper.markets", "BTC,DOGE/USDC");
    assertThatThrownBy(() -> new VenueRegistryConfig().registeredVenues(clock, settings(bad), NO_FAULTS))
        .rootCause().hasMessageContaining("keel.venues.paper.markets[1] 'DOGE/USDC'");
  }

  /** keel.venues.* bound as the application binds them: a YAML list, or one comma-separated value. */
  private static VenueSettings settings(MockEnvironment env) {
    return org.springframework.boot.context.properties.bind.Binder.get(env).bindOrCreate("keel.venues", VenueSettings.class);
  }
}
