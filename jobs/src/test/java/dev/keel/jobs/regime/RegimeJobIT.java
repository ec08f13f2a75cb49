package dev.keel.jobs.regime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** regimeJob end to end on PostgreSQL: history written per asset and cycle, reruns idempotent, state carried over. */
class RegimeJobIT {

  private static final Instant DAY0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final int CALM_DAYS = 700;
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
    // BTC: 700 calm days (1% daily moves) then 10 stormy days (8% daily moves); ETH: no bars at all
    SplittableRandom rng = new SplittableRandom(7);
    double price = 40_000;
    StringBuilder values = new StringBuilder();
    for (int d = 0; d < CALM_DAYS + 10; d++) {
      double vol = d < CALM_DAYS ? 0.01 : 0.08;
      price *= Math.exp(vol * rng.nextGaussian());
      Instant t = DAY0.plus(Duration.ofDays(d));
      if (values.length() > 0) {
        values.append(',');
      }
      values.append(String.format("('BTC', '1d', '%s', %.8f, %.8f, %.8f, %.8f, 'test')", t, price, price, price, price));
    }
    db.jdbi().useHandle(h -> h.execute("INSERT INTO price_bar (asset, bar_interval, bar_start, open, high, low, close, source)"
        + " VALUES " + values));
  }

  private static Instant day(int d) {
    return DAY0.plus(Duration.ofDays(d));
  }

  private Map<String, Object> row(String asset, Instant cycle) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT regime, decision, band_multiplier::float8 AS m, regime_since,"
            + " as_of, reason FROM asset_regime WHERE asset = :a AND cycle = :c")
        .bind("a", asset).bind("c", cycle).mapToMap().one());
  }

  private long rows() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM asset_regime").mapTo(Long.class).one());
  }

  @Test
  void every_traded_asset_gets_one_row_per_cycle_with_its_reason() {
    LaunchOutcome o = launcher.launch(RegimeJobConfig.JOB, day(CALM_DAYS));
    assertThat(o.ranAndCompleted()).isTrue();
    long assets = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM asset WHERE NOT is_cash").mapTo(Long.class).one());
    assertThat(rows()).isEqualTo(assets);
    Map<String, Object> btc = row("BTC", day(CALM_DAYS));
    assertThat(btc.get("regime")).isIn("CALM", "NORMAL");
    assertThat(btc.get("as_of").toString()).startsWith("2025-11-30"); // the last bar complete at the cycle
    Map<String, Object> eth = row("ETH", day(CALM_DAYS));
    assertThat(eth.get("regime")).isEqualTo("NORMAL");
    assertThat(eth.get("decision")).isEqualTo("WARMING_UP");
    assertThat((double) eth.get("m")).isEqualTo(1.0);
    assertThat((String) eth.get("reason")).contains("no 1d price bars");
  }

  @Test
  void a_storm_raises_the_regime_and_the_multiplier_in_the_next_cycles() {
    launcher.launch(RegimeJobConfig.JOB, day(CALM_DAYS));
    double calmMultiplier = (double) row("BTC", day(CALM_DAYS)).get("m");
    for (int d = CALM_DAYS + 1; d <= CALM_DAYS + 10; d++) {
      assertThat(launcher.launch(RegimeJobConfig.JOB, day(d)).ranAndCompleted()).isTrue();
    }
    Map<String, Object> after = row("BTC", day(CALM_DAYS + 10));
    assertThat(after.get("regime")).isIn("HIGH", "EXTREME");
    assertThat((double) after.get("m")).isGreaterThan(calmMultiplier);
    assertThat((String) after.get("reason")).isNotBlank();
  }

  @Test
  void rerunning_a_cycle_writes_nothing_twice_and_changes_nothing() {
    launcher.launch(RegimeJobConfig.JOB, day(CALM_DAYS));
    String before = db.jdbi().withHandle(h -> h.createQuery("SELECT md5(string_agg(asset || regime || band_multiplier || as_of,"
        + " ',' ORDER BY asset)) FROM asset_regime").mapTo(String.class).one());
    // a second JobInstance of the same cycle is refused; rerunning the work itself must also be a no-op
    assertThat(launcher.launch(RegimeJobConfig.JOB, day(CALM_DAYS)).kind()).isEqualTo(LaunchOutcome.Kind.ALREADY_COMPLETE);
    RegimeUpdate update = ctx.getBean(RegimeUpdate.class);
    ctx.getBean(dev.keel.persistence.regime.RegimeDao.class)
        .store(day(CALM_DAYS), JobsTestContext.NOW, List.of(update.assess("BTC", day(CALM_DAYS))));
    String after = db.jdbi().withHandle(h -> h.createQuery("SELECT md5(string_agg(asset || regime || band_multiplier || as_of,"
        + " ',' ORDER BY asset)) FROM asset_regime").mapTo(String.class).one());
    assertThat(after).isEqualTo(before);
  }

  @Test
  void a_cycle_with_no_new_bar_carries_the_last_assessment_forward() {
    launcher.launch(RegimeJobConfig.JOB, day(CALM_DAYS).plus(Duration.ofHours(1)));
    launcher.launch(RegimeJobConfig.JOB, day(CALM_DAYS).plus(Duration.ofHours(2)));
    Map<String, Object> a = row("BTC", day(CALM_DAYS).plus(Duration.ofHours(1)));
    Map<String, Object> b = row("BTC", day(CALM_DAYS).plus(Duration.ofHours(2)));
    assertThat(b.get("as_of")).isEqualTo(a.get("as_of"));
    assertThat(b.get("regime")).isEqualTo(a.get("regime"));
    assertThat(b.get("regime_since")).isEqualTo(a.get("regime_since"));
  }
}
