package dev.keel.jobs.regime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.domain.portfolio.Basket;
import dev.keel.domain.portfolio.BasketCatalogue;
import dev.keel.domain.regime.RegimeAssessment;
import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.persistence.regime.BasketRegimeRow;
import dev.keel.persistence.regime.RegimeDao;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * regimeJob end to end on PostgreSQL: asset and basket history, bars timed at their close, spreads rechecked at
 * every cycle (a widening spread raises the multiplier within the day), rows written only when a cycle changes
 * something, and a rerun of a cycle computing exactly the rows it stored.
 */
class RegimeJobIT {

  private static final Instant DAY0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final int CALM_DAYS = 700;
  private static final int STORM_DAYS = 10;
  /** The first cycle after the close of the last calm bar (the bar that starts on day 699 closes at day 700). */
  private static final Instant MORNING = day(CALM_DAYS).plusSeconds(30);
  /** Spreads are three times their baseline in the half hour to noon of that day... */
  private static final Instant NOON = day(CALM_DAYS).plus(Duration.ofHours(12));
  /** ...and five times at two in the afternoon. */
  private static final Instant AFTERNOON = day(CALM_DAYS).plus(Duration.ofHours(14));
  private static AnnotationConfigApplicationContext ctx;
  private static CycleLauncher launcher;
  private final TestDatabase db = TestDatabase.get();

  @BeforeAll
  static void start() {
    ctx = JobsTestContext.start(RegimeJobConfig.class);
    launcher = ctx.getBean(CycleLauncher.class);
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @BeforeEach
  void history() {
    db.reset();
    // BTC: 700 calm days (1% daily moves) then 10 stormy days (8%); ETH: 710 calm days; no other asset has bars
    bars("BTC", 7, 40_000, STORM_DAYS);
    bars("ETH", 8, 2_000, 0);
    // BTC quoted every 10 minutes for a week at 5 bps, wider in the half hours to noon (15 bps) and to 14:00 (25 bps)
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('paper-a', 'PAPER', 'Paper A', 0.001, 0.001)");
      h.execute("INSERT INTO market (venue_id, base_asset, quote_asset, venue_symbol, tick_size, lot_size, min_notional)"
          + " VALUES ('paper-a', 'BTC', 'USDT', 'BTCUSDT', 0.01, 0.00001, 5)");
      h.createUpdate("INSERT INTO market_snapshot (cycle, market_id, taken_at, outcome, best_bid, best_ask, mid, spread_bps,"
              + " taker_fee) SELECT t, m.id, t, 'OK', 40000 * (1 - s / 20000), 40000 * (1 + s / 20000), 40000, s, 0.001"
              + " FROM market m, generate_series(CAST(:from AS timestamptz), CAST(:to AS timestamptz), interval '10 minutes') t,"
              + " LATERAL (SELECT CASE WHEN t > CAST(:noon AS timestamptz) - interval '30 minutes' AND t <= :noon THEN 15.0"
              + " WHEN t > CAST(:afternoon AS timestamptz) - interval '30 minutes' AND t <= :afternoon THEN 25.0"
              + " ELSE 5.0 END AS s) spread WHERE m.base_asset = 'BTC'")
          .bind("from", day(CALM_DAYS - 7)).bind("to", day(CALM_DAYS + 2))
          .bind("noon", NOON).bind("afternoon", AFTERNOON)
          .execute();
    });
  }

  private void bars(String asset, long seed, double start, int stormDays) {
    SplittableRandom rng = new SplittableRandom(seed);
    double price = start;
    StringBuilder values = new StringBuilder();
    for (int d = 0; d < CALM_DAYS + STORM_DAYS; d++) {
      double vol = d < CALM_DAYS + STORM_DAYS - stormDays ? 0.01 : 0.08;
      price *= Math.exp(vol * rng.nextGaussian());
      if (values.length() > 0) {
        values.append(',');
      }
      values.append(String.format("('%s', '1d', '%s', %.8f, %.8f, %.8f, %.8f, 'test')", asset, day(d), price, price, price, price));
    }
    db.jdbi().useHandle(h -> h.execute("INSERT INTO price_bar (asset, bar_interval, bar_start, open, high, low, close, source)"
        + " VALUES " + values));
  }

  /** SQL that renders a timestamptz column as {@link Instant#toString()} does, whatever the session's time zone. */
  private static String iso(String column) {
    return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS " + column;
  }

  private static Instant day(int d) {
    return DAY0.plus(Duration.ofDays(d));
  }

  private void launch(Instant cycle) {
    assertThat(launcher.launch(RegimeJobConfig.JOB, cycle).ranAndCompleted()).as("regimeJob at %s", cycle).isTrue();
  }

  private Map<String, Object> row(String asset, Instant cycle) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT regime, decision, band_multiplier::float8 AS m, regime_since,"
            + " " + iso("as_of") + ", spread_regime, spread_ratio, reason FROM asset_regime WHERE asset = :a AND cycle = :c")
        .bind("a", asset).bind("c", cycle).mapToMap().one());
  }

  /** The row the drift scan would read at {@code cycle}: the asset's latest row stored in or before it. */
  private Map<String, Object> current(String asset, Instant cycle) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT " + iso("cycle") + ", regime, band_multiplier::float8 AS m, spread_regime"
            + " FROM asset_regime WHERE asset = :a AND cycle <= :c ORDER BY cycle DESC LIMIT 1")
        .bind("a", asset).bind("c", cycle).mapToMap().one());
  }

  private Map<String, Object> basketRow(String basket, Instant cycle) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT regime, decision, volatility_fast, " + iso("as_of") + ", reason FROM basket_regime"
            + " WHERE basket = :b AND cycle = :c")
        .bind("b", basket).bind("c", cycle).mapToMap().one());
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  /** Every column of a cycle's rows but the id and the time they were written, as one text. */
  private String content(String table, String key, Instant cycle) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT coalesce(jsonb_agg(to_jsonb(r) - 'id' - 'computed_at' ORDER BY "
            + key + "), '[]')::text FROM " + table + " r WHERE cycle = :c")
        .bind("c", cycle).mapTo(String.class).one());
  }

  @Test
  void every_traded_asset_and_every_basket_gets_a_row_with_its_reason_timed_at_the_bars_close() {
    launch(MORNING);

    assertThat(count("SELECT count(*) FROM asset_regime")).isEqualTo(count("SELECT count(*) FROM asset WHERE NOT is_cash"));
    Map<String, Object> btc = row("BTC", MORNING);
    assertThat(btc.get("regime")).isIn("CALM", "NORMAL");
    // the last bar complete at the cycle starts on day 699 and closes at day 700: the assessment is as of its close
    assertThat(btc.get("as_of")).isEqualTo(day(CALM_DAYS).toString());
    assertThat(btc.get("spread_regime")).isEqualTo("NORMAL");
    Map<String, Object> sol = row("SOL", MORNING);
    assertThat(sol.get("regime")).isEqualTo("NORMAL");
    assertThat(sol.get("decision")).isEqualTo("WARMING_UP");
    assertThat((double) sol.get("m")).isEqualTo(1.0);
    assertThat((String) sol.get("reason")).contains("no 1d price bars");

    assertThat(count("SELECT count(*) FROM basket_regime")).isEqualTo(BasketCatalogue.all().size());
    Map<String, Object> sixtyForty = basketRow("BTC_ETH_60_40", MORNING);
    assertThat(sixtyForty.get("regime")).isIn("CALM", "NORMAL");
    assertThat(sixtyForty.get("decision")).isNotEqualTo("WARMING_UP");
    assertThat(sixtyForty.get("as_of")).isEqualTo(day(CALM_DAYS).toString());
    // two independent assets at 1% a day, weighted 60/40: about sqrt(0.6^2 + 0.4^2) * 1% * sqrt(365) = 13.8% a year
    assertThat((double) sixtyForty.get("volatility_fast")).isBetween(0.07, 0.25);
    Map<String, Object> largeCaps = basketRow("LARGE_CAPS_STABLE", MORNING);
    assertThat(largeCaps.get("decision")).isEqualTo("WARMING_UP");
    assertThat((String) largeCaps.get("reason")).startsWith("no 1d price bars of SOL, BNB yet"); // USDT is cash, not missing
    assertThat((String) basketRow("DEFI", MORNING).get("reason")).startsWith("no 1d price bars of UNI, AAVE, MKR, COMP, CRV, SNX yet");
  }

  @Test
  void a_storm_raises_the_regime_and_the_multiplier_of_the_asset_and_of_its_baskets_in_the_next_cycles() {
    portfolios();
    launch(MORNING);
    double calmMultiplier = (double) row("BTC", MORNING).get("m");
    for (int d = CALM_DAYS + 1; d <= CALM_DAYS + STORM_DAYS; d++) {
      launch(day(d).plusSeconds(30));
    }

    Instant last = day(CALM_DAYS + STORM_DAYS).plusSeconds(30);
    Map<String, Object> after = row("BTC", last);
    assertThat(after.get("regime")).isIn("HIGH", "EXTREME");
    assertThat((double) after.get("m")).isGreaterThan(calmMultiplier);
    assertThat((String) after.get("reason")).isNotBlank();
    // the 60/40 basket: one row per new bar of its index, escalated by the storm in its 60% leg
    assertThat(count("SELECT count(*) FROM basket_regime WHERE basket = 'BTC_ETH_60_40'")).isEqualTo(STORM_DAYS + 1);
    assertThat(basketRow("BTC_ETH_60_40", last).get("regime")).isIn("HIGH", "EXTREME");
    assertThat(count("SELECT count(*) FROM basket_regime WHERE basket = 'BTC_ETH_60_40' AND decision = 'ESCALATED'"))
        .isGreaterThanOrEqualTo(1);
    // a basket whose index has no bar writes its first row and nothing more
    assertThat(count("SELECT count(*) FROM basket_regime WHERE basket = 'DEFI'")).isEqualTo(1);
    // the analysts' view: the latest row per basket, with the active portfolios that hold it
    assertThat(count("SELECT count(*) FROM report_basket_regime")).isEqualTo(BasketCatalogue.all().size());
    Map<String, Object> view = db.jdbi().withHandle(h -> h.createQuery("SELECT regime, " + iso("cycle") + ", portfolios FROM report_basket_regime"
        + " WHERE basket = 'BTC_ETH_60_40'").mapToMap().one());
    assertThat(view.get("regime")).isIn("HIGH", "EXTREME");
    assertThat(view.get("cycle")).isEqualTo(last.toString());
    assertThat(((Number) view.get("portfolios")).longValue()).isEqualTo(2);
    assertThat(count("SELECT portfolios FROM report_basket_regime WHERE basket = 'DEFI'")).isEqualTo(1);
    assertThat(count("SELECT portfolios FROM report_basket_regime WHERE basket = 'TOP10_EQUAL'")).isZero();
  }

  /** Two active 60/40 portfolios, an inactive one, and a DEFI one. */
  private void portfolios() {
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (1, 'acc-1', 'STANDARD', now())");
      String sql = "INSERT INTO portfolio (account_id, name, basket, risk_profile, base_currency, active, created_at)"
          + " VALUES (1, 'p', ?, 'BALANCED', 'USDT', ?, now())";
      h.execute(sql, "BTC_ETH_60_40", true);
      h.execute(sql, "BTC_ETH_60_40", true);
      h.execute(sql, "BTC_ETH_60_40", false);
      h.execute(sql, "DEFI", true);
    });
  }

  @Test
  void widening_spreads_raise_the_multiplier_to_the_documented_floor_within_the_same_day() {
    launch(MORNING);
    double morning = (double) row("BTC", MORNING).get("m");
    launch(NOON);
    launch(NOON.plus(Duration.ofMinutes(5)));
    launch(AFTERNOON);

    assertThat(morning).isLessThanOrEqualTo(1.0);
    Map<String, Object> noon = row("BTC", NOON);
    assertThat(noon.get("as_of")).isEqualTo(row("BTC", MORNING).get("as_of")); // no new bar: the same day's close
    assertThat(noon.get("spread_regime")).isEqualTo("WIDE");
    assertThat((double) noon.get("spread_ratio")).isCloseTo(3.0, within(1e-9));
    assertThat((double) noon.get("m")).isGreaterThanOrEqualTo(1.25).isGreaterThan(morning);
    assertThat((String) noon.get("reason")).contains("spread x3.00 of baseline (WIDE) raises the multiplier from");
    // five minutes later nothing changed: no row, and the scan still reads the noon row
    assertThat(count("SELECT count(*) FROM asset_regime WHERE cycle = '" + NOON.plus(Duration.ofMinutes(5)) + "'")).isZero();
    assertThat(current("BTC", NOON.plus(Duration.ofMinutes(5))).get("m")).isEqualTo(noon.get("m"));
    Map<String, Object> afternoon = row("BTC", AFTERNOON);
    assertThat(afternoon.get("spread_regime")).isEqualTo("STRESSED");
    assertThat((double) afternoon.get("m")).isGreaterThanOrEqualTo(1.6);
    // only BTC is quoted: the other assets' rows are not rewritten by spread checks
    assertThat(count("SELECT count(*) FROM asset_regime WHERE cycle IN ('" + NOON + "', '" + AFTERNOON + "')")).isEqualTo(2);
  }

  @Test
  void a_cycle_with_no_new_bar_and_unchanged_spreads_writes_nothing_and_the_last_row_stays_current() {
    launch(MORNING);
    long rows = count("SELECT count(*) FROM asset_regime");
    long baskets = count("SELECT count(*) FROM basket_regime");
    launch(day(CALM_DAYS).plus(Duration.ofHours(1)));
    launch(day(CALM_DAYS).plus(Duration.ofHours(2)));

    assertThat(count("SELECT count(*) FROM asset_regime")).isEqualTo(rows);
    assertThat(count("SELECT count(*) FROM basket_regime")).isEqualTo(baskets);
    Map<String, Object> current = current("BTC", day(CALM_DAYS).plus(Duration.ofHours(2)));
    assertThat(current.get("cycle")).isEqualTo(MORNING.toString());
  }

  @Test
  void rerunning_a_cycle_after_later_data_and_later_cycles_computes_exactly_the_rows_it_stored() {
    launch(MORNING);
    launch(NOON);
    launch(day(CALM_DAYS + 1).plusSeconds(30)); // a later cycle with a new (stormy) bar and its own rows
    RegimeUpdate update = ctx.getBean(RegimeUpdate.class);
    BasketRegimeUpdate baskets = ctx.getBean(BasketRegimeUpdate.class);
    RegimeDao dao = ctx.getBean(RegimeDao.class);

    // a second JobInstance of the same cycle is refused...
    assertThat(launcher.launch(RegimeJobConfig.JOB, NOON).kind()).isEqualTo(LaunchOutcome.Kind.ALREADY_COMPLETE);
    // ...and the work itself, done again, computes what was stored, though bars and spreads after the cycle now exist
    RegimeAssessment stored = dao.storedAt("BTC", NOON).orElseThrow();
    assertThat(update.assess("BTC", NOON)).isEqualTo(stored);
    assertThat(stored.spreadRegime().name()).isEqualTo("WIDE");
    BasketRegimeRow storedBasket = dao.basketStoredAt("BTC_ETH_60_40", MORNING).orElseThrow();
    assertThat(baskets.update(BasketCatalogue.BTC_ETH_60_40, MORNING).row()).isEqualTo(storedBasket);

    // delete the cycle's rows and redo the cycle's work: the same rows come back, and nothing else is written
    long assetRows = count("SELECT count(*) FROM asset_regime");
    long basketRows = count("SELECT count(*) FROM basket_regime");
    for (Instant cycle : List.of(MORNING, NOON)) {
      String assetsBefore = content("asset_regime", "asset", cycle);
      String basketsBefore = content("basket_regime", "basket", cycle);
      db.jdbi().useHandle(h -> {
        h.execute("DELETE FROM asset_regime WHERE cycle = ?", cycle);
        h.execute("DELETE FROM basket_regime WHERE cycle = ?", cycle);
      });
      List<RegimeAssessment> assets = new ArrayList<>();
      for (String asset : dao.tradedAssets()) {
        RegimeUpdate.Result r = update.update(asset, cycle);
        if (r.changed()) {
          assets.add(r.assessment());
        }
      }
      dao.store(cycle, JobsTestContext.NOW, assets);
      List<BasketRegimeRow> basketRowsAgain = new ArrayList<>();
      for (Basket b : BasketCatalogue.all()) {
        BasketRegimeUpdate.Result r = baskets.update(b, cycle);
        if (r.changed()) {
          basketRowsAgain.add(r.row());
        }
      }
      dao.storeBaskets(cycle, JobsTestContext.NOW, basketRowsAgain);

      assertThat(content("asset_regime", "asset", cycle)).as("asset rows of %s", cycle).isEqualTo(assetsBefore);
      assertThat(content("basket_regime", "basket", cycle)).as("basket rows of %s", cycle).isEqualTo(basketsBefore);
    }
    assertThat(content("asset_regime", "asset", NOON)).contains("\"asset\": \"BTC\"");
    assertThat(count("SELECT count(*) FROM asset_regime")).isEqualTo(assetRows);
    assertThat(count("SELECT count(*) FROM basket_regime")).isEqualTo(basketRows);
  }

  @Test
  void the_configured_multipliers_not_the_defaults_reach_the_stored_regimes() {
    Map<String, Object> wider = Map.of("keel.regime.multipliers.calm", "0.8", "keel.regime.multipliers.normal", "1.3",
        "keel.regime.multipliers.high", "1.6", "keel.regime.multipliers.extreme", "2.2");
    try (AnnotationConfigApplicationContext configured = JobsTestContext.start(wider, RegimeJobConfig.class)) {
      assertThat(configured.getBean(CycleLauncher.class).launch(RegimeJobConfig.JOB, MORNING).ranAndCompleted()).isTrue();
    }
    // SOL has no bars yet: NORMAL, whose multiplier is configured 1.3 instead of 1.0
    assertThat((double) row("SOL", MORNING).get("m")).isEqualTo(1.3);
  }
}
