package dev.keel.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.domain.regime.RegimeConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binding keel.* the way start-up does: relaxed names, unknown keys refused, every value checked. */
class KeelPropertiesTest {

  private static KeelProperties bind(Map<String, String> settings) {
    Binder binder = new Binder(new MapConfigurationPropertySource(settings));
    return binder.bindOrCreate("keel", Bindable.of(KeelProperties.class), new NoUnboundElementsBindHandler(org.springframework.boot.context.properties.bind.BindHandler.DEFAULT));
  }

  private static Throwable root(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Test
  void without_regime_settings_the_detector_runs_on_its_calibrated_defaults() {
    assertThat(bind(Map.of()).regime().config()).isEqualTo(RegimeConfig.DEFAULT);
    assertThat(bind(Map.of("keel.regime.bar-interval", "1h")).regime().config()).isEqualTo(RegimeConfig.DEFAULT);
  }

  @Test
  void each_regime_setting_reaches_the_detector_and_the_rest_keep_their_defaults() {
    RegimeConfig c = bind(Map.of(
        "keel.regime.dwell", "5d",
        "keel.regime.look-back", "365d",
        "keel.regime.thresholds.extreme-enter", "0.97",
        "keel.regime.multipliers.extreme", "3.0",
        "keel.regime.max-band-half-width", "0.2",
        "keel.regime.spread.wide-floor", "1.4",
        "keel.regime.spread.window", "15m")).regime().config();
    assertThat(c.dwell()).isEqualTo(Duration.ofDays(5));
    assertThat(c.lookBack()).isEqualTo(Duration.ofDays(365));
    assertThat(c.thresholds().extremeEnter()).isEqualTo(0.97);
    assertThat(c.thresholds().extremeHold()).isEqualTo(RegimeConfig.DEFAULT.thresholds().extremeHold());
    assertThat(c.multipliers().extreme()).isEqualTo(3.0);
    assertThat(c.multipliers().calm()).isEqualTo(RegimeConfig.DEFAULT.multipliers().calm());
    assertThat(c.maxBandHalfWidth()).isEqualTo(0.2);
    assertThat(c.spread().wideFloor()).isEqualTo(1.4);
    assertThat(c.spread().window()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.spread().stressedFloor()).isEqualTo(RegimeConfig.DEFAULT.spread().stressedFloor());
    assertThat(c.fastHalfLife()).isEqualTo(RegimeConfig.DEFAULT.fastHalfLife());
  }

  @Test
  void a_bad_regime_setting_fails_naming_the_setting_and_the_value() {
    assertThatThrownBy(() -> bind(Map.of("keel.regime.multipliers.calm", "-1")))
        .isInstanceOf(BindException.class)
        .satisfies(e -> assertThat(root(e).getMessage()).contains("keel.regime").contains("calm").contains("-1"));
    assertThatThrownBy(() -> bind(Map.of("keel.regime.slow-half-life", "5d")))
        .satisfies(e -> assertThat(root(e).getMessage()).startsWith("keel.regime: slow-half-life (PT120H) must be longer than"
            + " fast-half-life"));
    assertThatThrownBy(() -> bind(Map.of("keel.regime.max-band-half-width", "1.5")))
        .satisfies(e -> assertThat(root(e).getMessage()).contains("max-band-half-width").contains("1.5"));
    assertThatThrownBy(() -> bind(Map.of("keel.regime.thresholds.calm-enter", "1.5")))
        .satisfies(e -> assertThat(root(e).getMessage()).contains("calm-enter").contains("1.5"));
    assertThatThrownBy(() -> bind(Map.of("keel.regime.bar-interval", "2h")))
        .satisfies(e -> assertThat(root(e).getMessage()).isEqualTo("keel.regime.bar-interval must be one of 1m, 5m, 1h, 1d, was '2h'"));
  }

  @Test
  void the_shock_rule_settings_reach_the_detector_and_bad_ones_fail_naming_key_and_value() {
    RegimeConfig c = bind(Map.of("keel.regime.shock.drop", "0.25", "keel.regime.shock.hold", "30d")).regime().config();
    assertThat(c.shock().drop()).isEqualTo(0.25);
    assertThat(c.shock().hold()).isEqualTo(Duration.ofDays(30));
    assertThat(c.shock().window()).isEqualTo(RegimeConfig.DEFAULT.shock().window());
    assertThat(c.shock().enabled()).isTrue();
    assertThat(bind(Map.of("keel.regime.shock.enabled", "false")).regime().config().shock().enabled()).isFalse();

    assertThatThrownBy(() -> bind(Map.of("keel.regime.shock.drop", "1.5")))
        .satisfies(e -> assertThat(root(e).getMessage()).isEqualTo("keel.regime: shock.drop must be a fraction in (0, 1), was 1.5"));
    assertThatThrownBy(() -> bind(Map.of("keel.regime.shock.window", "0d")))
        .satisfies(e -> assertThat(root(e).getMessage()).contains("keel.regime: shock.window").contains("PT0S"));
  }

  @Test
  void an_unknown_regime_key_is_refused() {
    assertThatThrownBy(() -> bind(Map.of("keel.regime.multipliers.stormy", "2")))
        .isInstanceOf(BindException.class)
        .satisfies(e -> assertThat(e.getMessage() + root(e).getMessage()).contains("stormy"));
  }

  @Test
  void configured_markets_bind_and_a_bad_one_is_named() {
    KeelProperties p = bind(Map.of("keel.venues.binance.markets", "BTC,ETH/USDT"));
    assertThat(p.venues().binance().markets()).containsExactly("BTC", "ETH/USDT");
    assertThatThrownBy(() -> bind(Map.of("keel.venues.binance.markets", "BTC,FOO")))
        .satisfies(e -> assertThat(root(e).getMessage()).contains("keel.venues.binance.markets").contains("FOO"));
  }

  @Test
  void retention_defaults_and_a_retention_too_short_for_the_usual_cost_rule_is_named() {
    assertThat(bind(Map.of()).retention()).isEqualTo(new dev.keel.jobs.housekeeping.RetentionSettings(48, 35));
    assertThat(bind(Map.of("keel.retention.scan-outcome-hours", "6")).retention().scanOutcomeHours()).isEqualTo(6);
    assertThatThrownBy(() -> bind(Map.of("keel.retention.snapshot-days", "7")))
        .satisfies(e -> assertThat(root(e).getMessage()).isEqualTo("keel.retention.snapshot-days must be between 29 and 3650, was 7"));
  }

  @Test
  void the_actionable_window_of_a_proposal_is_a_setting() {
    assertThat(bind(Map.of()).scan().actionableMinutes()).isEqualTo(15);
    assertThat(bind(Map.of("keel.scan.actionable-minutes", "30")).scan().actionableMinutes()).isEqualTo(30);
    assertThatThrownBy(() -> bind(Map.of("keel.scan.actionable-minutes", "0")))
        .satisfies(e -> assertThat(root(e).getMessage()).isEqualTo("keel.scan.actionable-minutes must be between 1 and 1440, was 0"));
  }

  @Test
  void api_settings_have_defaults_and_a_bad_one_is_named_with_its_value() {
    dev.keel.jobs.api.ApiSettings d = bind(Map.of()).api();
    assertThat(d.rateLimitPerSecond()).isEqualTo(50.0);
    assertThat(d.rateLimitBurst()).isEqualTo(100);
    assertThat(d.authCacheTtl()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(d.idempotencyRetention()).isEqualTo(java.time.Duration.ofHours(24));
    assertThat(d.idempotencyAbandonAfter()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(d.maxPageSize()).isEqualTo(200);
    assertThatThrownBy(() -> bind(Map.of("keel.api.rate-limit-per-second", "0")))
        .satisfies(t -> assertThat(root(t)).hasMessage("keel.api.rate-limit-per-second must be above 0 and at most 100000, was 0.0"));
    assertThatThrownBy(() -> bind(Map.of("keel.api.rate-limit-burst", "0")))
        .satisfies(t -> assertThat(root(t)).hasMessage("keel.api.rate-limit-burst must be between 1 and 100000, was 0"));
    assertThatThrownBy(() -> bind(Map.of("keel.api.idempotency-retention", "10m")))
        .satisfies(t -> assertThat(root(t)).hasMessage("keel.api.idempotency-retention must be between 1h and 30d, was PT10M"));
    assertThatThrownBy(() -> bind(Map.of("keel.api.max-page-size", "0")))
        .satisfies(t -> assertThat(root(t)).hasMessage("keel.api.max-page-size must be between 1 and 10000, was 0"));
  }

  @Test
  void the_public_url_defaults_to_the_local_port_and_a_bad_one_is_named_without_echoing_a_credential() {
    assertThat(bind(Map.of()).api().publicUrl()).isEqualTo("http://localhost:8080");
    assertThat(bind(Map.of("keel.api.public-url", "https://keel.example.com/rebalance")).api().publicUrl())
        .isEqualTo("https://keel.example.com/rebalance");
    assertThatThrownBy(() -> bind(Map.of("keel.api.public-url", "ftp://keel.example.com")))
        .satisfies(t -> assertThat(root(t)).hasMessage("keel.api.public-url must be http(s)://host[:port][/path] without"
            + " credentials, query or trailing slash, was 'ftp://keel.example.com'"));
    assertThatThrownBy(() -> bind(Map.of("keel.api.public-url", "https://ops:hunter2@keel.example.com")))
        .satisfies(t -> assertThat(root(t)).hasMessage("keel.api.public-url must not carry credentials"));
  }

  @Test
  void notification_settings_default_to_the_policy_with_email_off_and_a_bad_one_is_named_without_echoing_the_password() {
    var n = bind(Map.of()).notifications().settings(bind(Map.of()).api().publicUrl());
    assertThat(n.policy()).isEqualTo(new dev.keel.domain.notification.DeliveryPolicy(10, Duration.ofSeconds(30), Duration.ofHours(1),
        Duration.ofSeconds(5), Duration.ofSeconds(10), 20));
    assertThat(n.email().enabled()).isFalse();
    assertThat(n.publicUrl()).isEqualTo("http://localhost:8080");
    var on = bind(Map.of("keel.notifications.max-attempts", "3", "keel.notifications.email.host", "smtp.example.com",
        "keel.notifications.email.from", "keel@example.com", "keel.notifications.email.user", "keel",
        "keel.notifications.email.password", "hunter2")).notifications();
    assertThat(on.policy().maxAttempts()).isEqualTo(3);
    assertThat(on.email().enabled()).isTrue();
    assertThat(on.toString()).doesNotContain("hunter2");
    assertThatThrownBy(() -> bind(Map.of("keel.notifications.max-attempts", "0")))
        .satisfies(t -> assertThat(root(t)).hasMessage("keel.notifications.max-attempts must be between 1 and 100, was 0"));
    assertThatThrownBy(() -> bind(Map.of("keel.notifications.base-delay", "2h")))
        .satisfies(t -> assertThat(root(t)).hasMessage("keel.notifications.max-delay must be at least base-delay (PT2H), was PT1H"));
    assertThatThrownBy(() -> bind(Map.of("keel.notifications.email.host", "smtp.example.com", "keel.notifications.email.password", "hunter2")))
        .satisfies(t -> assertThat(root(t)).hasMessage("keel.notifications.email.from must be an address when email is on, was ''"));
    assertThatThrownBy(() -> bind(Map.of("keel.notifications.email.password", "hunter2")))
        .satisfies(t -> assertThat(root(t).getMessage()).doesNotContain("hunter2")
            .isEqualTo("keel.notifications.email.password is set without keel.notifications.email.user"));
  }

  @Test
  void the_database_settings_never_show_their_passwords() {
    KeelProperties p = bind(Map.of("keel.db.url", "jdbc:postgresql://db/keel?password=url-pw-1", "keel.db.password", "db-pw-2",
        "keel.db.reader-password", "reader-pw-3"));
    assertThat(p.db().toString()).doesNotContain("url-pw-1").doesNotContain("db-pw-2").doesNotContain("reader-pw-3")
        .contains("password=(hidden)");
    assertThat(p.toString()).doesNotContain("db-pw-2");
    KeelProperties v = bind(Map.of("keel.venues.binance.api-key", "api-key-4", "keel.venues.binance.secret-key", "secret-key-5"));
    assertThat(v.toString()).doesNotContain("api-key-4").doesNotContain("secret-key-5");
  }

  @Test
  void operations_settings_have_defaults_and_a_bad_one_is_named_with_its_value() {
    dev.keel.jobs.launch.OperationsSettings d = bind(Map.of()).operations();
    assertThat(d).isEqualTo(new dev.keel.jobs.launch.OperationsSettings(Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofSeconds(15), Duration.ofMinutes(15), 2, Duration.ofMinutes(15), Duration.ofSeconds(5)));
    dev.keel.jobs.launch.OperationsSettings o = bind(Map.of("keel.operations.heartbeat", "2s")).operations();
    assertThat(o.heartbeat()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.leases().staleAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> bind(Map.of("keel.operations.lease-stale-after", "5s")))
        .satisfies(e -> assertThat(root(e).getMessage()).isEqualTo("keel.operations.lease-stale-after must be at least twice"
            + " keel.operations.heartbeat (PT5S), was PT5S"));
    assertThatThrownBy(() -> bind(Map.of("keel.operations.missed-slots", "0")))
        .satisfies(e -> assertThat(root(e).getMessage()).contains("keel.operations.missed-slots").contains("was 0"));
    assertThatThrownBy(() -> bind(Map.of("keel.operations.status-refresh", "2m")))
        .satisfies(e -> assertThat(root(e).getMessage()).isEqualTo("keel.operations.status-refresh must be between 0s and 1m, was PT2M"));
    assertThatThrownBy(() -> bind(Map.of("keel.operations.backlog-after", "0s")))
        .satisfies(e -> assertThat(root(e).getMessage()).isEqualTo("keel.operations.backlog-after must be positive, was PT0S"));
    assertThat(bind(Map.of("keel.operations.status-refresh", "0s")).operations().statusRefresh()).isZero();
  }

  @Test
  void execution_settings_default_to_the_router_policy_and_a_bad_one_is_named_with_its_value() {
    dev.keel.jobs.execution.ExecutionSettings d = bind(Map.of()).execution();
    assertThat(d.policy()).isEqualTo(dev.keel.domain.execution.ExecutionPolicy.DEFAULT);
    assertThat(d.claimBatch()).isEqualTo(500);
    assertThat(d.threads()).isEqualTo(4);
    assertThat(d.group()).isEqualTo(50);
    assertThat(d.naiveVenue()).isEqualTo("paper-a");
    assertThat(d.rateLimitWait()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.banHalt()).isEqualTo(Duration.ofMinutes(10));
    assertThat(d.crossing()).isTrue();
    var s = bind(Map.of("keel.execution.not-found-checks", "6", "keel.execution.group", "10", "keel.snapshot.book-depth", "50"));
    var settings = s.execution().settings(s.snapshot());
    assertThat(settings.policy().notFoundChecks()).isEqualTo(6);
    assertThat(settings.policy().costRiseTolerance()).isEqualTo(dev.keel.domain.execution.ExecutionPolicy.DEFAULT.costRiseTolerance());
    assertThat(settings.group()).isEqualTo(10);
    assertThat(settings.bookDepth()).isEqualTo(50);
    assertThat(bind(Map.of("keel.execution.naive-venue", " ")).execution().naiveVenue()).isEqualTo("paper-a");
    assertThatThrownBy(() -> bind(Map.of("keel.execution.claim-batch", "0")))
        .satisfies(e -> assertThat(root(e)).hasMessage("keel.execution.claim-batch must be between 1 and 100000, was 0"));
    assertThatThrownBy(() -> bind(Map.of("keel.execution.cap-cost-multiple", "0.5")))
        .satisfies(e -> assertThat(root(e)).hasMessage("keel.execution.cap-cost-multiple must be at least 1, was 0.5"));
  }

  @Test
  void the_scheduler_has_no_auto_start_setting_it_starts_only_in_keel_run() {
    assertThatThrownBy(() -> bind(Map.of("keel.scheduler.auto-start", "true")))
        .isInstanceOf(BindException.class)
        .satisfies(e -> assertThat(e.getMessage() + root(e).getMessage()).contains("auto-start"));
  }

  /** IDEs complete keel.* keys from the metadata the build generates from the settings records, defaults included. */
  @Test
  void the_build_generates_settings_metadata_with_each_default() throws Exception {
    Map<String, tools.jackson.databind.JsonNode> keys = new java.util.HashMap<>();
    var found = getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
    while (found.hasMoreElements()) {
      try (var in = found.nextElement().openStream()) {
        for (tools.jackson.databind.JsonNode p : tools.jackson.databind.json.JsonMapper.builder().build().readTree(in).get("properties")) {
          keys.put(p.get("name").asString(), p);
        }
      }
    }
    // the defaults each record states
    Map<String, String> defaults = new java.util.LinkedHashMap<>();
    defaults.put("keel.scan.chunk-size", "500");
    defaults.put("keel.db.pool-size", "24");
    defaults.put("keel.execution.claim-batch", "500");
    defaults.put("keel.execution.naive-venue", "paper-a");
    defaults.put("keel.execution.crossing", "true");
    defaults.put("keel.api.idempotency-retention", "24h");
    defaults.put("keel.api.public-url", "http://localhost:8080");
    defaults.put("keel.api.max-page-size", "200");
    defaults.put("keel.notifications.max-attempts", "10");
    defaults.put("keel.notifications.base-delay", "30s");
    defaults.put("keel.notifications.email.port", "587");
    defaults.put("keel.operations.heartbeat", "5s");
    defaults.put("keel.operations.lease-stale-after", "30s");
    defaults.put("keel.operations.missed-slots", "2");
    defaults.put("keel.regime.bar-interval", "1d");
    defaults.forEach((key, value) -> {
      assertThat(keys).as(key).containsKey(key);
      assertThat(keys.get(key).path("defaultValue").asString()).as(key).isEqualTo(value);
      assertThat(keys.get(key).path("description").asString()).as(key).isNotBlank();
    });
    // and the keys whose calibrated defaults the domain holds (ExecutionPolicy.DEFAULT, RegimeConfig.DEFAULT)
    assertThat(keys).containsKeys("keel.snapshot.max-age-seconds", "keel.retention.snapshot-days", "keel.execution.cost-rise-tolerance",
        "keel.execution.not-found-window", "keel.regime.fast-half-life", "keel.regime.multipliers.high", "keel.regime.shock.drop",
        "keel.regime.spread.wide-floor", "keel.regime.thresholds.calm-enter", "keel.notifications.email.host");
  }
}
