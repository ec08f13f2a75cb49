package dev.keel.domain.regime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keel.domain.market.history.DailyBarSeries;
import dev.keel.domain.market.history.DailyPriceFileReader;
import dev.keel.domain.market.history.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default configuration on real daily history (Binance via CryptoDataDownload, 2017-2026), read from the
 * shared data folder beside the repository. When it is absent every test here, each per-asset case included, is
 * reported as skipped with the folder it looked for: the per-asset list then holds one placeholder, so the
 * parameterised test is skipped visibly instead of vanishing with an empty argument list.
 */
class RegimeEvidenceTest {

  /** Where the daily files should be, whether or not they are there. */
  private static final Path DATA = SharedData.binanceDailyLocation();
  /** The single argument of the per-asset test when the data is absent. */
  private static final String NO_DATA = "(no shared data)";

  /** No asset may switch regime more often than this in any full calendar year: about twice a month. */
  static final int MAX_SWITCHES_IN_A_YEAR = 24;
  /** Nor, over its whole history, more often than this per year on average: about once every four weeks. */
  static final double MAX_MEAN_SWITCHES_PER_YEAR = 15.0;

  private static Map<String, RegimeTimeline> timelines;

  static boolean dataPresent() {
    return Files.isDirectory(DATA);
  }

  @BeforeEach
  void skipWithoutData() {
    assumeTrue(dataPresent(), SharedData.absent());
  }

  /** Every USDT market of the data set (ARBUSD, Arweave in BUSD, is left out as the data README says), classified once. */
  private static synchronized Map<String, RegimeTimeline> timelines() {
    if (timelines == null) {
      Map<String, RegimeTimeline> map = new LinkedHashMap<>();
      for (DailyBarSeries series : DailyPriceFileReader.readDirectory(DATA)) {
        if (series.quoteAsset().equals("USDT")) {
          map.put(series.baseAsset(), RegimeClassifier.DEFAULT.classify(PriceSeries.ofDaily(series)));
        }
      }
      timelines = map;
    }
    return timelines;
  }

  static Stream<Arguments> shocks() {
    return Stream.of("BTC", "ETH").flatMap(asset -> Stream.of(
        Arguments.of(asset, "COVID crash", LocalDate.of(2020, 3, 12), LocalDate.of(2020, 3, 12)),
        Arguments.of(asset, "May 2021 crash", LocalDate.of(2021, 5, 19), LocalDate.of(2021, 5, 19)),
        Arguments.of(asset, "LUNA collapse", LocalDate.of(2022, 5, 9), LocalDate.of(2022, 5, 12)),
        Arguments.of(asset, "FTX collapse", LocalDate.of(2022, 11, 8), LocalDate.of(2022, 11, 9))));
  }

  @ParameterizedTest(name = "{0} is high or extreme within two trading days of the {1}")
  @MethodSource("shocks")
  void a_shock_is_classified_high_or_extreme_within_two_trading_days_of_its_first_day(
      String asset, String name, LocalDate start, LocalDate end) {
    RegimeTimeline timeline = timelines().get(asset);

    Optional<RegimeAssessment> flagged = Stream.iterate(start, d -> d.plusDays(1)).limit(3)
        .map(timeline::onDay).flatMap(Optional::stream)
        .filter(a -> a.regime().compareTo(Regime.HIGH) >= 0)
        .findFirst();

    assertThat(flagged).as("%s %s from %s", asset, name, start).isPresent();
    for (LocalDate d = flagged.orElseThrow().asOf().atZone(java.time.ZoneOffset.UTC).toLocalDate(); !d.isAfter(end);
        d = d.plusDays(1)) {
      assertThat(timeline.onDay(d).orElseThrow().regime()).as("%s on %s", asset, d).isIn(Regime.HIGH, Regime.EXTREME);
    }
  }

  @Test
  void bitcoin_in_mid_2023_is_calm_or_normal_most_of_the_time() {
    RegimeTimeline btc = timelines().get("BTC");

    List<RegimeAssessment> summer = btc.assessments().stream()
        .filter(a -> !a.asOf().isBefore(LocalDate.of(2023, 6, 1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))
        .filter(a -> a.asOf().isBefore(LocalDate.of(2023, 10, 1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()))
        .toList();
    long quiet = summer.stream().filter(a -> a.regime().compareTo(Regime.NORMAL) <= 0).count();

    assertThat(summer).hasSizeGreaterThan(110);
    assertThat((double) quiet / summer.size()).isGreaterThanOrEqualTo(0.8);
  }

  /** The least share of all markets' shock episodes (after each asset's warm-up) the detector must catch in time. */
  static final double MIN_CATCH_RATE = 0.95;

  private static final Map<String, List<ShockCatch>> catches = new java.util.concurrent.ConcurrentHashMap<>();

  /** The outcome of each episode of an asset by the shared definition (ShockEpisodes.DEFAULT, ShockCatch.GRACE). */
  private static List<ShockCatch> catches(String asset) {
    return catches.computeIfAbsent(asset, a -> ShockCatch.of(timelines().get(a),
        ShockEpisodes.DEFAULT.episodes(PriceSeries.ofDaily(DailyPriceFileReader.read(DATA.resolve("Binance_" + a + "USDT_d.csv")))),
        ShockCatch.GRACE));
  }

  private static String misses(List<ShockCatch> outcomes) {
    StringBuilder out = new StringBuilder();
    for (ShockCatch c : outcomes) {
      if (!c.caught()) {
        RegimeAssessment first = c.firstDay();
        out.append(String.format(java.util.Locale.ROOT, "%n  %s %s: %.0f%% below the week's high, %s (signal p%.2f)",
            c.episode().asset(), first.asOf().atZone(java.time.ZoneOffset.UTC).toLocalDate(), 100 * c.episode().shocks().get(0).drop(),
            first.regime(), first.signal()));
      }
    }
    return out.toString();
  }

  @ParameterizedTest(name = "every {0} crash is high or extreme within two days of its first shock")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"BTC", "ETH"})
  void every_shock_episode_of_bitcoin_and_ether_is_caught_within_two_days(String asset) {
    List<ShockCatch> outcomes = catches(asset);

    assertThat(outcomes).as("%s episodes after the warm-up", asset).isNotEmpty();
    assertThat(outcomes.stream().filter(c -> !c.caught()).count()).as("%s episodes missed:%s", asset, misses(outcomes)).isZero();
  }

  @Test
  void at_least_95_percent_of_all_markets_shock_episodes_are_caught_within_two_days() {
    List<ShockCatch> all = timelines().keySet().stream().flatMap(a -> catches(a).stream()).toList();
    long caught = all.stream().filter(ShockCatch::caught).count();

    assertThat((double) caught / all.size()).as("caught %d of %d episodes; missed:%s", caught, all.size(), misses(all))
        .isGreaterThanOrEqualTo(MIN_CATCH_RATE);
  }

  @Test
  void the_shock_definition_finds_fifteen_bitcoin_and_twenty_four_ether_episodes() {
    assertThat(ShockEpisodes.DEFAULT.episodes(PriceSeries.ofDaily(btcSeries()))).hasSize(15);
    assertThat(ShockEpisodes.DEFAULT.episodes(PriceSeries.ofDaily(DailyPriceFileReader.read(DATA.resolve("Binance_ETHUSDT_d.csv")))))
        .hasSize(24);
  }

  /** Every asset of the data set; a single placeholder when the data is absent (its test then skips in {@link #skipWithoutData}). */
  static Stream<String> assets() {
    return dataPresent() ? timelines().keySet().stream() : Stream.of(NO_DATA);
  }

  @ParameterizedTest(name = "{0} does not flap")
  @MethodSource("assets")
  void no_asset_switches_regime_more_often_than_the_stated_bound(String asset) {
    RegimeTimeline timeline = timelines().get(asset);
    Map<Integer, Integer> byYear = timeline.switchesByYear();
    int firstYear = byYear.keySet().stream().findFirst().orElseThrow();
    int lastYear = timeline.latest().orElseThrow().asOf().atZone(java.time.ZoneOffset.UTC).getYear();

    byYear.forEach((year, count) -> {
      if (year != firstYear && year != lastYear) {
        assertThat(count).as("%s switches in %d", asset, year).isLessThanOrEqualTo(MAX_SWITCHES_IN_A_YEAR);
      }
    });
    double years = timeline.establishedCount() / 365.25;
    assertThat(timeline.switches().size() / years).as("%s mean switches per year", asset)
        .isLessThanOrEqualTo(MAX_MEAN_SWITCHES_PER_YEAR);
  }

  @Test
  void daily_runs_that_read_only_the_history_they_need_and_continue_from_the_stored_state_agree_with_one_full_run() {
    RegimeTimeline full = timelines().get("BTC");
    List<dev.keel.domain.regime.ClosingPrice> closes = PriceSeries.ofDaily(btcSeries()).closes();
    java.time.Duration needed = RegimeClassifier.DEFAULT.config().historyToRead();
    int firstRun = closes.size() - 180;
    RegimeState stored = full.assessments().get(firstRun - 1).state();
    int agree = 0;

    for (int i = firstRun; i < closes.size(); i++) {
      java.time.Instant now = closes.get(i).time();
      List<dev.keel.domain.regime.ClosingPrice> window = closes.subList(0, i + 1).stream()
          .filter(c -> !c.time().isBefore(now.minus(needed))).toList();
      RegimeAssessment latest = RegimeClassifier.DEFAULT
          .continueFrom(stored, new PriceSeries("BTC", PriceSeries.DAILY, window), List.of()).latest().orElseThrow();
      stored = latest.state();
      if (latest.regime() == full.assessments().get(i).regime()) {
        agree++;
      }
    }

    assertThat(agree).as("days of 180 that agree").isGreaterThanOrEqualTo(178);
  }

  private static DailyBarSeries btcSeries() {
    return DailyPriceFileReader.read(DATA.resolve("Binance_BTCUSDT_d.csv"));
  }

  @Test
  void the_data_set_holds_every_usdt_market_of_the_catalogue() {
    assertThat(timelines()).hasSize(43);
    for (var asset : dev.keel.domain.market.AssetCatalogue.all()) {
      if (!asset.cash()) {
        assertThat(timelines()).as("history of %s", asset.symbol()).containsKey(asset.symbol());
      }
    }
  }
}
