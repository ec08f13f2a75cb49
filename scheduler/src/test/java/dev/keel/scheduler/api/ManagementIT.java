package dev.keel.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.market.ReferencePrices;
import dev.keel.domain.portfolio.PopulationGenerator;
import dev.keel.domain.portfolio.PopulationSpec;
import dev.keel.jobs.execution.ExecutionJobConfig;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.scan.ScanJobConfig;
import dev.keel.jobs.snapshot.MarketSnapshotJobConfig;
import dev.keel.persistence.population.PopulationWriter;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Health and Prometheus metrics on the management port, over real sockets: UP on a healthy database, DOWN naming the
 * cause for each condition {@code keel ops status} calls critical there, and the jobs' meters after a cycle ran.
 */
class ManagementIT {

  private static final TestDatabase DB = TestDatabase.get();
  private static ApiServer server;

  @BeforeAll
  static void start() {
    // status-refresh 0s: each request reads the database, so a condition shows on the next one
    server = ApiServer.start("--keel.operations.status-refresh=0s", "--keel.operations.backlog-after=2m");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clean() {
    DB.reset();
  }

  private static void execute(String sql) {
    DB.jdbi().useHandle(h -> h.execute(sql));
  }

  @Test
  void health_is_up_on_a_healthy_database_and_served_without_a_key_on_the_management_port_only() {
    ApiServer.Response r = server.management("/actuator/health");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"status\":\"UP\"").contains("\"marketData\"").contains("\"executions\"")
        .contains("\"venues\"").contains("\"executionBacklog\"");
    assertThat(server.get("/actuator/health").status()).isEqualTo(404);
    assertThat(server.management("/actuator/env").status()).isEqualTo(404);
    assertThat(server.management("/actuator/info").status()).isEqualTo(200);
  }

  @Test
  void stale_market_data_turns_health_down_naming_the_venue() {
    execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('paper-z', 'PAPER', 'Paper Z', 0.001, 0.001)");
    execute("INSERT INTO market (venue_id, base_asset, quote_asset, venue_symbol, tick_size, lot_size, min_notional)"
        + " VALUES ('paper-z', 'BTC', 'USDT', 'BTCUSDT', 0.01, 0.00001, 5)");
    ApiServer.Response r = server.management("/actuator/health");
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(component(r.body(), "marketData")).contains("\"status\":\"DOWN\"")
        .contains("\"cause\":\"market data of paper-z is stale (last healthy snapshot never)");
    assertThat(component(r.body(), "venues")).contains("\"status\":\"UP\"");
  }

  @Test
  void a_halted_venue_turns_health_down_and_a_rate_limited_one_does_not() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('paper-y', 'PAPER', 'Paper Y', 0.001, 0.001)");
    execute("INSERT INTO venue_pause (venue_id, kind, paused_from, paused_until, reason) VALUES ('paper-y', 'RATE_LIMITED', '"
        + now + "', '" + now.plus(Duration.ofMinutes(10)) + "', 'HTTP 429')");
    ApiServer.Response limited = server.management("/actuator/health");
    assertThat(limited.status()).as(limited.body()).isEqualTo(200);
    assertThat(component(limited.body(), "venues")).contains("\"status\":\"UP\"").contains("venue paper-y is rate-limited");

    execute("UPDATE venue_pause SET kind = 'BANNED', reason = 'HTTP 418 from the venue'");
    ApiServer.Response halted = server.management("/actuator/health");
    assertThat(halted.status()).as(halted.body()).isEqualTo(503);
    assertThat(component(halted.body(), "venues")).contains("\"status\":\"DOWN\"")
        .contains("\"cause\":\"venue paper-y is halted (BANNED) until");
  }

  @Test
  void an_execution_stuck_running_turns_health_down_naming_it_and_the_fix() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    long id = startedExecution("housekeepingJob", "2026-11-24T10:00:00Z");
    // its process is alive (a fresh lease) but it has run an hour, past keel.operations.stuck-after
    execute("INSERT INTO execution_lease (job_name, cycle, execution_id, node, host, pid, acquired_at, heartbeat_at) VALUES"
        + " ('housekeepingJob', '2026-11-24T10:00:00Z', " + id + ", 'node-1', 'host-1', 4242, '" + now.minusSeconds(3600) + "', '"
        + now + "')");
    ApiServer.Response r = server.management("/actuator/health");
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(component(r.body(), "executions")).contains("\"status\":\"DOWN\"")
        .contains("\"cause\":\"execution " + id + " (housekeepingJob cycle 2026-11-24T10:00:00Z) has run for")
        .contains("longer than keel.operations.stuck-after");

    // no process behind it any more: still down, now naming the restart
    execute("DELETE FROM execution_lease");
    ApiServer.Response orphan = server.management("/actuator/health");
    assertThat(component(orphan.body(), "executions")).contains("\"status\":\"DOWN\"")
        .contains("is marked STARTED but no process holds its lease: `keel ops restart " + id + "`");
  }

  @Test
  void approved_proposals_not_executed_past_the_threshold_turn_health_down_as_a_backlog() {
    ApiFixtures.account(DB, 1, "acc-1", "STANDARD");
    ApiFixtures.proposal(DB, 101, 1, "STANDARD", "APPROVED", Duration.ofHours(1));
    execute("UPDATE proposal SET decided_by = 'acc-1', decided_at = now() - interval '1 minute'");
    ApiServer.Response fresh = server.management("/actuator/health");
    assertThat(component(fresh.body(), "executionBacklog")).contains("\"status\":\"UP\"");

    execute("UPDATE proposal SET decided_at = now() - interval '10 minutes'");
    ApiServer.Response r = server.management("/actuator/health");
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(component(r.body(), "executionBacklog")).contains("\"status\":\"DOWN\"")
        .contains("\"cause\":\"proposal #101 was approved 10 min ago and is not executed (1 approved in all,"
            + " keel.operations.backlog-after 2 min)");
  }

  @Test
  void prometheus_shows_the_jobs_meters_with_values_after_a_cycle_ran() {
    Instant now = server.context.getBean(Clock.class).instant();
    PopulationSpec d = PopulationSpec.defaults(120, 17);
    new PopulationWriter(DB.dataSource()).write(new PopulationGenerator(new PopulationSpec(120, 17, 1.0, d.medianValue(),
        d.valueSigma(), d.minValue(), d.maxValue(), 0.5), ReferencePrices.all()), now, PopulationWriter.Existing.REPLACE, n -> { });
    CycleLauncher launcher = server.context.getBean(CycleLauncher.class);
    Instant cycle = now.truncatedTo(ChronoUnit.SECONDS);
    assertThat(launcher.launch(MarketSnapshotJobConfig.JOB, cycle).ranAndCompleted()).isTrue();
    assertThat(launcher.launch(ScanJobConfig.JOB, cycle).ranAndCompleted()).isTrue();
    assertThat(launcher.launch(ExecutionJobConfig.JOB, cycle).ranAndCompleted()).isTrue();

    ApiServer.Response r = server.management("/actuator/prometheus");
    assertThat(r.status()).isEqualTo(200);
    String text = r.body();
    assertThat(value(text, "keel_job_cycle_seconds_count", "job=\"scanToleranceBandsJob\"")).isGreaterThanOrEqualTo(1);
    assertThat(value(text, "keel_job_cycle_seconds_count", "job=\"executionJob\"")).isGreaterThanOrEqualTo(1);
    assertThat(value(text, "keel_scan_portfolios_total", "outcome=\"PROPOSAL\"")).isPositive();
    assertThat(value(text, "keel_scan_breaches_total", "")).isPositive();
    assertThat(value(text, "keel_scan_solve_seconds_count", "")).isPositive();
    assertThat(text).contains("keel_scan_solve_seconds_bucket{");
    assertThat(text).contains("application=\"keel\"");
    long proposals = DB.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM proposal WHERE status = 'EXECUTED'")
        .mapTo(Long.class).one());
    assertThat(value(text, "keel_proposals", "status=\"EXECUTED\"")).isEqualTo(proposals).isPositive();
    assertThat(value(text, "keel_orders_total", "venue=\"paper-")).isPositive();
    assertThat(value(text, "keel_fills_total", "venue=\"paper-")).isPositive();
    assertThat(value(text, "keel_execution_notional_usdt_total", "venue=\"paper-")).isPositive();
    assertThat(text).contains("keel_execution_cost_usdt_total{").contains("keel_execution_drag_bps{");
    assertThat(Double.isFinite(value(text, "keel_execution_drag_bps", "venue=\"paper-"))).isTrue();
  }

  @Test
  void neither_a_page_token_nor_an_api_key_seen_by_the_api_shows_in_health_or_metrics() {
    String key = server.key("client-m");
    server.get("/api/v1/accounts/acc-1/proposals", "Authorization", "Bearer " + key);
    server.get("/api/v1/accounts/acc-1/proposals", "Authorization", "Bearer not-a-key-4711");
    server.get("/p/page-token-0815");
    String prometheus = server.management("/actuator/prometheus").body();
    String health = server.management("/actuator/health").body();
    assertThat(prometheus).contains("http_server_requests").contains("uri=\"/p/{token}\"");
    for (String text : new String[] {prometheus, health}) {
      assertThat(text).doesNotContain(key).doesNotContain("not-a-key-4711").doesNotContain("page-token-0815")
          .doesNotContain(DB.url());
    }
  }

  /** An execution of {@code job} for {@code cycle} marked STARTED an hour ago, as a running one is. */
  private static long startedExecution(String job, String cycle) {
    return DB.jdbi().withHandle(h -> {
      long instance = h.createQuery("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)"
          + " VALUES (nextval('batch_job_instance_seq'), 0, :job, md5(:cycle)) RETURNING job_instance_id")
          .bind("job", job).bind("cycle", cycle).mapTo(Long.class).one();
      long execution = h.createQuery("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time,"
          + " start_time, status, exit_code) VALUES (nextval('batch_job_execution_seq'), 0, :i, now() - interval '1 hour',"
          + " (now() - interval '1 hour') AT TIME ZONE current_setting('TimeZone'), 'STARTED', 'UNKNOWN') RETURNING job_execution_id")
          .bind("i", instance).mapTo(Long.class).one();
      h.createUpdate("INSERT INTO batch_job_execution_params (job_execution_id, parameter_name, parameter_type, parameter_value,"
          + " identifying) VALUES (:e, 'cycle', 'java.lang.String', :cycle, 'Y')").bind("e", execution).bind("cycle", cycle).execute();
      return execution;
    });
  }

  /** One component of a health response: its JSON object, up to the next component. */
  private static String component(String health, String name) {
    int at = health.indexOf("\"" + name + "\":{");
    assertThat(at).as(name + " in " + health).isNotNegative();
    return health.substring(at, Math.min(health.length(), at + 2_000));
  }

  /** The sum of the samples of {@code metric} whose labels contain {@code label}. */
  private static double value(String text, String metric, String label) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      if (m.group(1).contains(label)) {
        sum += Double.parseDouble(m.group(2));
        found = true;
      }
    }
    assertThat(found).as(metric + " {" + label + "} in\n" + text).isTrue();
    return sum;
  }
}
