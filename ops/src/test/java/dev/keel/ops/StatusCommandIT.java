package dev.keel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.persistence.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code keel ops status}, {@code ops executions} and {@code ops execution}: what an operator sees and the exit codes. */
class StatusCommandIT {

  private static final String[] JOBS = {"marketSnapshotJob", "regimeJob", "scanToleranceBandsJob", "housekeepingJob", "executionJob",
      "notificationJob"};

  private final TestDatabase db = TestDatabase.get();

  @BeforeEach
  void clean() {
    db.reset();
  }

  /** The command against the test database with only {@code enabled} jobs scheduled. */
  private CliRun.Result keel(List<String> enabled, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--db-url", db.url()));
    for (String job : JOBS) {
      all.add("--keel.schedule." + job + ".enabled=" + enabled.contains(job));
    }
    return CliRun.keel(all.toArray(String[]::new));
  }

  private void execute(String sql) {
    db.jdbi().useHandle(h -> h.execute(sql));
  }

  private long lastExecution() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT max(job_execution_id) FROM batch_job_execution").mapTo(Long.class).one());
  }

  @Test
  void a_system_whose_jobs_run_on_time_is_ok_and_exits_0() {
    assertThat(keel(List.of("housekeepingJob"), "ops", "run", "housekeepingJob").code()).isZero();
    CliRun.Result r = keel(List.of("housekeepingJob"), "ops", "status");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("housekeepingJob").contains("COMPLETED").contains(": OK");
  }

  @Test
  void a_job_that_never_ran_is_a_warning_and_exits_3() {
    CliRun.Result r = keel(List.of("regimeJob"), "ops", "status");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.out()).contains("WARNING  regimeJob has never run");
  }

  @Test
  void a_node_that_stopped_checking_in_is_a_warning_while_another_lives_and_critical_when_none_does() {
    long now = System.currentTimeMillis();
    execute("INSERT INTO qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval) VALUES"
        + " ('keel', 'node-live', " + now + ", 10000), ('keel', 'node-gone', " + (now - 600_000) + ", 10000)");
    CliRun.Result r = keel(List.of(), "ops", "status");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.out()).contains("node-live").contains("WARNING  scheduler node node-gone stopped checking in at");

    execute("DELETE FROM qrtz_scheduler_state WHERE instance_name = 'node-live'");
    CliRun.Result none = keel(List.of(), "ops", "status");
    assertThat(none.code()).as(none.out()).isEqualTo(4);
    assertThat(none.out()).contains("CRITICAL no scheduler node has checked in since");
  }

  @Test
  void a_run_stopped_by_a_shutdown_is_a_warning_naming_the_restart() {
    assertThat(keel(List.of(), "ops", "run", "housekeepingJob", "--cycle", "2026-11-24T10:00:00Z").code()).isZero();
    long id = lastExecution();
    execute("UPDATE batch_job_execution SET status = 'STOPPED', exit_code = 'STOPPED'");
    CliRun.Result r = keel(List.of(), "ops", "status");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.out()).contains("WARNING  housekeepingJob last run was STOPPED by a node's shutdown (execution " + id
        + "): `keel ops restart " + id + "`");
  }

  @Test
  void a_dead_execution_stale_market_data_and_a_halted_venue_are_critical_each_naming_its_fix_and_exit_4() {
    assertThat(keel(List.of(), "ops", "run", "housekeepingJob", "--cycle", "2026-11-24T10:00:00Z").code()).isZero();
    long id = lastExecution();
    // as if its process had died: still marked STARTED, and no lease
    execute("UPDATE batch_job_execution SET status = 'STARTED', exit_code = 'UNKNOWN', end_time = NULL");
    execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('paper-z', 'PAPER', 'Paper Z', 0.001, 0.001)");
    execute("INSERT INTO market (venue_id, base_asset, quote_asset, venue_symbol, tick_size, lot_size, min_notional)"
        + " VALUES ('paper-z', 'BTC', 'USDT', 'BTCUSDT', 0.01, 0.00001, 5)");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    execute("INSERT INTO venue_pause (venue_id, kind, paused_from, paused_until, reason) VALUES ('paper-z', 'BANNED', '"
        + now + "', '" + now.plus(Duration.ofMinutes(10)) + "', 'HTTP 418 from the venue')");

    CliRun.Result r = keel(List.of("marketSnapshotJob"), "ops", "status");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(4);
    assertThat(r.out())
        .contains("CRITICAL execution " + id + " (housekeepingJob cycle 2026-11-24T10:00:00Z) is marked STARTED but no process"
            + " holds its lease: `keel ops restart " + id + "`")
        .contains("CRITICAL market data of paper-z is stale (last healthy snapshot never)")
        .contains("CRITICAL venue paper-z is halted (BANNED) until")
        .contains("WARNING  marketSnapshotJob has never run");
  }

  @Test
  void a_live_execution_running_too_long_is_stuck_and_a_rate_limited_venue_a_warning() {
    assertThat(keel(List.of(), "ops", "run", "housekeepingJob", "--cycle", "2026-11-24T10:00:00Z").code()).isZero();
    long id = lastExecution();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    execute("UPDATE batch_job_execution SET status = 'STARTED', exit_code = 'UNKNOWN', end_time = NULL,"
        + " start_time = (now() - interval '1 hour') AT TIME ZONE current_setting('TimeZone')");
    // its process is alive: it refreshed its lease a moment ago
    execute("INSERT INTO execution_lease (job_name, cycle, execution_id, node, host, pid, acquired_at, heartbeat_at) VALUES"
        + " ('housekeepingJob', '2026-11-24T10:00:00Z', " + id + ", 'node-1', 'host-1', 4242, '" + now.minusSeconds(3600) + "', '" + now + "')");
    CliRun.Result r = keel(List.of(), "ops", "status");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(4);
    assertThat(r.out()).contains("run by node node-1 (host host-1, pid 4242)")
        .contains("CRITICAL execution " + id + " (housekeepingJob cycle 2026-11-24T10:00:00Z) has run for")
        .contains("longer than keel.operations.stuck-after");

    execute("UPDATE batch_job_execution SET status = 'COMPLETED', exit_code = 'COMPLETED', end_time = start_time");
    execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('paper-y', 'PAPER', 'Paper Y', 0.001, 0.001)");
    execute("INSERT INTO venue_pause (venue_id, kind, paused_from, paused_until, reason) VALUES ('paper-y', 'RATE_LIMITED', '"
        + now + "', '" + now.plus(Duration.ofMinutes(1)) + "', 'HTTP 429')");
    CliRun.Result warning = keel(List.of(), "ops", "status");
    assertThat(warning.code()).as(warning.out()).isEqualTo(3);
    assertThat(warning.out()).contains("WARNING  venue paper-y is rate-limited");
  }

  @Test
  void executions_show_item_counts_and_one_execution_its_steps() {
    assertThat(keel(List.of(), "ops", "run", "housekeepingJob", "--cycle", "2026-11-24T10:00:00Z").code()).isZero();
    long id = lastExecution();
    CliRun.Result list = keel(List.of(), "ops", "executions");
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("read").contains("written").contains("skip");
    assertThat(list.out()).containsPattern(id + "\\s+housekeepingJob\\s+2026-11-24T10:00:00Z\\s+COMPLETED");

    CliRun.Result one = keel(List.of(), "ops", "execution", Long.toString(id));
    assertThat(one.code()).as(one.out() + one.err()).isZero();
    assertThat(one.out()).contains("execution " + id + ": housekeepingJob cycle 2026-11-24T10:00:00Z").contains("status    COMPLETED")
        .contains("step").contains("housekeeping");

    execute("UPDATE batch_job_execution SET status = 'FAILED', exit_code = 'FAILED',"
        + " exit_message = 'java.lang.IllegalStateException: the venue went away' || E'\\n\\tat dev.keel.Somewhere(Somewhere.java:1)'");
    CliRun.Result failed = keel(List.of(), "ops", "execution", Long.toString(id));
    assertThat(failed.out()).contains("execution failed:").contains("java.lang.IllegalStateException: the venue went away");

    CliRun.Result unknown = keel(List.of(), "ops", "execution", "999999");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no execution 999999");
  }
}
