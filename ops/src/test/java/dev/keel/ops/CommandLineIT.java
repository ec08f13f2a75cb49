package dev.keel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.persistence.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line against a real database: what an operator sees for good and bad input. */
class CommandLineIT {

  private final TestDatabase db = TestDatabase.get();
  private String out;
  private String err;

  @TempDir
  Path tmp;

  @BeforeEach
  void clean() {
    db.reset();
  }

  private int keel(String... args) {
    CliRun.Result r = CliRun.keel(args);
    out = r.out();
    err = r.err();
    return r.code();
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void generate_writes_the_population_and_reports_it() {
    assertThat(keel("generate", "--db-url", db.url(), "--accounts", "300", "--seed", "9")).isZero();
    assertThat(out).contains("generated 300 accounts").contains("portfolios/s");
    assertThat(count("SELECT count(*) FROM account")).isEqualTo(300);
  }

  @Test
  void generate_refuses_an_existing_population_without_replace() {
    keel("generate", "--db-url", db.url(), "--accounts", "50");
    assertThat(keel("generate", "--db-url", db.url(), "--accounts", "60")).isEqualTo(1);
    assertThat(err).contains("already holds 50 accounts").contains("--replace");
    assertThat(count("SELECT count(*) FROM account")).isEqualTo(50);
    assertThat(keel("generate", "--db-url", db.url(), "--accounts", "60", "--replace")).isZero();
    assertThat(count("SELECT count(*) FROM account")).isEqualTo(60);
  }

  @Test
  void generator_argument_out_of_range_is_one_clear_line() {
    assertThat(keel("generate", "--db-url", db.url(), "--accounts", "0")).isEqualTo(1);
    assertThat(err.strip()).isEqualTo("keel generate: error: --accounts must be between 1 and 10000000, was 0");
    assertThat(keel("generate", "--db-url", db.url(), "--accounts", "10", "--premium-share", "2")).isEqualTo(1);
    assertThat(err.strip()).isEqualTo("keel generate: error: --premium-share must be in [0, 1], was 2.0");
    assertThat(keel("generate", "--db-url", db.url(), "--accounts", "10", "--drift", "-1")).isEqualTo(1);
    assertThat(err.strip()).isEqualTo("keel generate: error: --drift must be in [0, 2], was -1.0");
    assertThat(count("SELECT count(*) FROM account")).isZero();
  }

  @Test
  void a_malformed_or_unknown_option_is_one_line_naming_it() {
    assertThat(keel("generate", "--db-url", db.url(), "--accounts", "abc")).isEqualTo(2);
    assertThat(err.strip()).doesNotContain("\n").startsWith("keel generate: error: ").contains("--accounts").contains("'abc'")
        .endsWith("(see keel generate --help)");
    assertThat(keel("migrate", "--db-url", db.url(), "--frobnicate")).isEqualTo(2);
    assertThat(err.strip()).doesNotContain("\n").contains("--frobnicate");
    for (String[] listing : new String[][] {{"ops", "executions"}, {"ops", "proposals", "list"}, {"ops", "notifications", "list"}}) {
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(listing));
      args.addAll(java.util.List.of("--db-url", db.url(), "--limit", "0"));
      assertThat(keel(args.toArray(String[]::new))).as(String.join(" ", listing)).isEqualTo(1);
      assertThat(err).as(String.join(" ", listing)).contains("--limit must be between 1 and 10000, was 0");
    }
    assertThat(keel("migrate", "--db-url", db.url(), "--keel.scheduler.thread-count")).isEqualTo(2);
    assertThat(err.strip()).isEqualTo("keel: error: setting --keel.scheduler.thread-count needs a value: "
        + "--keel.scheduler.thread-count=VALUE");
  }

  @Test
  void settings_on_the_command_line_reach_the_application_and_unknown_ones_are_refused() {
    assertThat(keel("ops", "jobs", "--db-url", db.url(), "--keel.scheduler.thread-count=lots")).isEqualTo(1);
    assertThat(err).contains("keel.scheduler.thread-count").contains("lots");
    assertThat(keel("ops", "jobs", "--db-url", db.url(), "--keel.scheduler.no-such-setting=1")).isEqualTo(1);
    assertThat(err).contains("keel.scheduler.no-such-setting");
    assertThat(keel("ops", "jobs", "--db-url", db.url(), "--keel.scheduler.thread-count=8")).as(err).isZero();
    assertThat(keel("ops", "jobs", "--db-url", db.url(), "--logging.level.dev.keel=WARN")).as(err).isZero();
    assertThat(keel("ops", "jobs", "--db-url", db.url(), "--spring.datasource.url=jdbc:postgresql://elsewhere/keel")).isEqualTo(1);
    assertThat(err).contains("spring.datasource.url is not read by Keel").contains("use keel.db.*").doesNotContain("elsewhere");
    assertThat(keel("backtest", "--prices", tmp.toString(), "--keel.regime.dwell=5d")).isEqualTo(2);
    assertThat(err.strip()).isEqualTo("keel: error: --keel.regime.dwell=5d: 'keel backtest' reads files, not the service's"
        + " settings; it takes none");
  }

  @Test
  void unreachable_database_names_the_setting_and_the_url() {
    assertThat(keel("migrate", "--db-url", "jdbc:postgresql://127.0.0.1:9/keel")).isEqualTo(1);
    assertThat(err).contains("keel.db.url").contains("jdbc:postgresql://127.0.0.1:9/keel").doesNotContain("\tat ");
    assertThat(err.strip().lines().count()).isEqualTo(1);
  }

  @Test
  void a_url_that_is_not_postgresql_is_refused() {
    assertThat(keel("migrate", "--db-url", "jdbc:mysql://127.0.0.1/keel")).isEqualTo(1);
    assertThat(err).contains("keel.db.url must be a PostgreSQL JDBC URL").contains("jdbc:mysql://127.0.0.1/keel");
  }

  @Test
  void wrong_credentials_name_the_user() {
    String url = db.url().replaceAll("\\?.*$", "");
    assertThat(keel("migrate", "--db-url", url, "--db-user", "nosuchuser")).isEqualTo(1);
    assertThat(err).contains("keel.db.url").contains("nosuchuser");
  }

  @Test
  void unknown_setting_is_named_with_its_value() throws Exception {
    Path cfg = tmp.resolve("keel.yml");
    Files.writeString(cfg, "keel:\n  db:\n    colour: blue\n");
    assertThat(keel("migrate", "--db-url", db.url(), "--config", cfg.toString())).isEqualTo(1);
    assertThat(err.strip()).isEqualTo("keel migrate: error: unknown setting keel.db.colour=blue");
  }

  @Test
  void an_unknown_setting_whose_name_looks_secret_is_named_without_its_value() throws Exception {
    Path cfg = tmp.resolve("keel.yml");
    Files.writeString(cfg, "keel:\n  venues:\n    binance:\n      secret-kye: s3cr3t-value\n  db:\n    passwrd-token: hunter2\n");
    assertThat(keel("migrate", "--db-url", db.url(), "--config", cfg.toString())).isEqualTo(1);
    assertThat(err).contains("unknown setting").contains("(hidden)").doesNotContain("s3cr3t-value").doesNotContain("hunter2");
  }

  @Test
  void a_secret_setting_on_the_command_line_is_refused_before_anything_runs() {
    assertThat(keel("migrate", "--db-url", db.url(), "--keel.db.password=hunter2")).isEqualTo(2);
    assertThat(err.strip()).isEqualTo("keel: error: setting keel.db.password holds a secret: give it in the environment"
        + " (KEEL_DB_PASSWORD) or a file (--config FILE, --db-password-file FILE), not on the command line");
    assertThat(keel("ops", "jobs", "--keel.venues.binance.secret-key=abc")).isEqualTo(2);
    assertThat(err).doesNotContain("abc");
  }

  @Test
  void a_password_file_gives_the_password_and_a_wrong_one_is_never_echoed() throws Exception {
    Path secret = tmp.resolve("db-password");
    Files.writeString(secret, "not-the-password-9f8e\n");
    String url = db.url().replaceAll("\\?.*$", "");
    assertThat(keel("migrate", "--db-url", url + "?password=url-secret-1a2b", "--db-user", "nosuchuser", "--db-password-file",
        secret.toString())).isEqualTo(1);
    assertThat(err).contains("keel.db.url").contains("nosuchuser").contains("password=(hidden)")
        .doesNotContain("not-the-password-9f8e").doesNotContain("url-secret-1a2b");
    assertThat(keel("migrate", "--db-url", url, "--db-password-file", tmp.resolve("missing").toString())).isEqualTo(1);
    assertThat(err).contains("--db-password-file: cannot read");
  }

  @Test
  void cron_that_does_not_parse_is_named() throws Exception {
    Path cfg = tmp.resolve("keel.yml");
    Files.writeString(cfg, "keel:\n  schedule:\n    housekeepingJob:\n      cron: \"every minute\"\n");
    assertThat(keel("ops", "jobs", "--db-url", db.url(), "--config", cfg.toString())).isEqualTo(1);
    assertThat(err).contains("keel.schedule.housekeepingJob.cron 'every minute' does not parse");
  }

  @Test
  void malformed_number_setting_is_named() throws Exception {
    Path cfg = tmp.resolve("keel.properties");
    Files.writeString(cfg, "keel.scheduler.thread-count=lots\n");
    assertThat(keel("ops", "jobs", "--db-url", db.url(), "--config", cfg.toString())).isEqualTo(1);
    assertThat(err).contains("keel.scheduler.thread-count").contains("lots");
  }

  @Test
  void migrate_on_a_migrated_database_applies_nothing() {
    assertThat(keel("migrate", "--db-url", db.url())).isZero();
    assertThat(out).contains("0 change sets applied now");
  }

  @Test
  void ops_run_runs_a_job_for_a_given_cycle_once() {
    assertThat(keel("ops", "run", "housekeepingJob", "--cycle", "2026-11-24T10:00:00Z", "--db-url", db.url())).isZero();
    assertThat(out).contains("COMPLETED");
    assertThat(keel("ops", "run", "housekeepingJob", "--cycle", "2026-11-24T10:00:00Z", "--db-url", db.url())).isZero();
    assertThat(out).contains("already completed");
    assertThat(keel("ops", "executions", "--db-url", db.url())).isZero();
    assertThat(out).contains("housekeepingJob").contains("2026-11-24T10:00:00Z").contains("COMPLETED");
    assertThat(count("SELECT count(*) FROM batch_job_execution")).isEqualTo(1);
  }

  @Test
  void ops_run_names_an_unknown_job() {
    assertThat(keel("ops", "run", "nope", "--db-url", db.url())).isEqualTo(1);
    assertThat(out).contains("no job named 'nope'");
  }

  @Test
  void ops_restart_names_an_execution_that_does_not_exist() {
    assertThat(keel("ops", "restart", "999999", "--db-url", db.url())).isEqualTo(1);
    assertThat(err.strip()).isEqualTo("keel ops restart: error: EXECUTION_ID: no execution 999999 (keel ops executions lists them)");
  }

  @Test
  void ops_restart_refuses_a_completed_execution() {
    keel("ops", "run", "housekeepingJob", "--cycle", "2026-11-24T10:00:00Z", "--db-url", db.url());
    long id = count("SELECT max(job_execution_id) FROM batch_job_execution");
    assertThat(keel("ops", "restart", Long.toString(id), "--db-url", db.url())).isEqualTo(1);
    assertThat(out).contains("refused").contains("already completed");
  }

  @Test
  void ops_restart_recovers_an_abandoned_execution_and_completes_it() {
    keel("ops", "run", "housekeepingJob", "--cycle", "2026-11-24T10:00:00Z", "--db-url", db.url());
    // as if the process had died mid-run: the execution is still marked STARTED, and nobody holds its lock
    db.jdbi().useHandle(h -> {
      h.execute("UPDATE batch_job_execution SET status = 'STARTED', exit_code = 'UNKNOWN', end_time = NULL");
      h.execute("UPDATE batch_step_execution SET status = 'STARTED', exit_code = 'EXECUTING', end_time = NULL");
    });
    long id = count("SELECT max(job_execution_id) FROM batch_job_execution");
    assertThat(keel("ops", "restart", Long.toString(id), "--db-url", db.url())).isZero();
    assertThat(out).contains("COMPLETED");
    assertThat(count("SELECT count(*) FROM batch_job_execution WHERE status = 'COMPLETED'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM batch_job_execution WHERE status = 'FAILED'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM batch_job_instance")).isEqualTo(1);
  }

  @Test
  void ops_restart_refuses_an_execution_whose_process_is_alive() throws Exception {
    keel("ops", "run", "housekeepingJob", "--cycle", "2026-11-24T10:00:00Z", "--db-url", db.url());
    db.jdbi().useHandle(h -> {
      h.execute("UPDATE batch_job_execution SET status = 'STARTED', exit_code = 'UNKNOWN', end_time = NULL");
      h.execute("UPDATE batch_step_execution SET status = 'STARTED', exit_code = 'EXECUTING', end_time = NULL");
    });
    long id = count("SELECT max(job_execution_id) FROM batch_job_execution");
    long key = dev.keel.jobs.launch.CycleLauncher.lockKey("housekeepingJob", java.time.Instant.parse("2026-11-24T10:00:00Z"));
    // another process running that cycle holds its launch lock
    try (org.jdbi.v3.core.Handle alive = db.jdbi().open()) {
      alive.createQuery("SELECT pg_advisory_lock(:k)").bind("k", key).mapTo(String.class).one();
      assertThat(keel("ops", "restart", Long.toString(id), "--db-url", db.url())).isEqualTo(1);
      assertThat(out).contains("refused: execution " + id + " is alive");
      assertThat(count("SELECT count(*) FROM batch_job_execution WHERE status = 'STARTED'")).as("left as it was").isEqualTo(1);
      assertThat(count("SELECT count(*) FROM batch_job_execution")).isEqualTo(1);
      alive.createQuery("SELECT pg_advisory_unlock(:k)").bind("k", key).mapTo(Boolean.class).one(); // the process ends
    }
    assertThat(keel("ops", "restart", Long.toString(id), "--db-url", db.url())).as("once that process is gone").isZero();
  }

  @Test
  void load_history_stores_daily_bars_once_and_names_a_missing_folder() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("prices"));
    Files.writeString(dir.resolve("Binance_BTCUSDT_d.csv"), String.join("\n",
        "https://www.CryptoDataDownload.com",
        "Unix,Date,Symbol,Open,High,Low,Close,Volume BTC,Volume USDT,tradecount",
        "1777161600000,2026-04-26,BTCUSDT,77625.0,78961.0,77326.51,78657.55,7963.56,621991973.48,1476971",
        "1777075200000,2026-04-25,BTCUSDT,77500.0,78000.0,77000.0,77625.0,5000.0,390000000.0,1000000",
        "1776988800000,2026-04-24,BTCUSDT,77000.0,77900.0,76500.0,77500.0,5000.0,390000000.0,1000000", ""));
    assertThat(keel("load-history", "--db-url", db.url(), "--prices", dir.toString())).isZero();
    assertThat(out).contains("loaded 3 daily bars for 1 assets");
    assertThat(keel("load-history", "--db-url", db.url(), "--prices", dir.toString())).isZero();
    assertThat(out).contains("loaded 0 daily bars");
    assertThat(count("SELECT count(*) FROM price_bar WHERE asset = 'BTC' AND bar_interval = '1d'")).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM price_bar WHERE close = 78657.55")).isEqualTo(1);
    assertThat(keel("load-history", "--db-url", db.url(), "--prices", tmp.resolve("nope").toString())).isEqualTo(1);
    assertThat(err).contains("--prices").contains("nope");
  }

  @Test
  void the_demo_with_serve_keeps_the_api_and_the_page_up_and_prints_how_to_reach_them_until_stopped() throws Exception {
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.out;
    System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
    java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.Future<Integer> code = thread.submit(() -> KeelCli.execute(KeelCli.commandLine(), "demo", "--db-url",
          db.url(), "--wipe", "--accounts", "150", "--seed", "5", "--serve", "--server.port=0",
          "--management.server.port=0"));
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
      while (!printed.toString(java.nio.charset.StandardCharsets.UTF_8).contains("keel is running") && !code.isDone()
          && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
      }
      String text = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(text).as(text).contains("demo completed").contains("keel is running").contains("demo API key")
          .contains("health and metrics on port");
      java.util.regex.Matcher curl = java.util.regex.Pattern.compile("curl -s -H 'Authorization: Bearer (\\S+)' (\\S+)").matcher(text);
      java.util.regex.Matcher page = java.util.regex.Pattern.compile("(http://localhost:\\d+/p/\\S+)").matcher(text);
      assertThat(curl.find()).as(text).isTrue();
      assertThat(page.find()).as(text).isTrue();
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpResponse<String> list = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(curl.group(2)))
          .header("Authorization", "Bearer " + curl.group(1)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
      assertThat(list.body()).contains("\"status\":\"PROPOSED\"");
      java.net.http.HttpResponse<String> html = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(page.group(1))).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(html.statusCode()).isEqualTo(200);
      assertThat(html.body()).contains("Rebalancing proposal").contains("value=approve");
      assertThat(count("SELECT count(*) FROM api_key WHERE client = 'demo'")).as("the demo key stored, hashed").isEqualTo(1);
      Keel.stopRunning();
      assertThat(code.get(2, java.util.concurrent.TimeUnit.MINUTES)).isZero();
    } finally {
      Keel.stopRunning();
      thread.shutdownNow();
      System.setOut(saved);
    }
  }

  @Test
  void the_demo_runs_one_cycle_of_every_job_on_a_server_database_when_told_to_wipe_it() {
    assertThat(keel("demo", "--db-url", db.url(), "--wipe", "--accounts", "150", "--seed", "5")).as(out + err).isZero();
    assertThat(out).contains("Keel demo").contains("population  150 accounts").contains("demo completed")
        .contains("marketSnapshotJob").contains("regimeJob").contains("scanToleranceBandsJob").contains("housekeepingJob")
        .contains("executionJob")
        .containsPattern("basket regimes +BTC_ETH_60_40 [A-Z]+, DEFI [A-Z]+, LARGE_CAPS_STABLE [A-Z]+, TOP10_EQUAL [A-Z]+")
        .doesNotContainPattern("(marketSnapshotJob|regimeJob|scanToleranceBandsJob|executionJob|housekeepingJob) +FAILED")
        .containsPattern("approved in the demo +\\d+ of \\d+ standard proposals")
        .containsPattern("orders by venue +paper-a \\d+")
        .containsPattern("realised cost +-?[0-9.]+ USDT = -?[0-9.]+ bps of notional")
        .containsPattern("naive would have paid +[0-9.]+ USDT")
        .containsPattern("ledger mismatches +0\\b");
    // executed on a server: fills, no duplicate venue trade id, no reused client order id, a balanced ledger
    assertThat(count("SELECT count(*) FROM fill")).isPositive();
    assertThat(count("SELECT count(*) FROM proposal WHERE status IN ('APPROVED', 'EXECUTING')")).isZero();
    assertThat(count("SELECT count(*) - count(DISTINCT (venue_id, venue_trade_id)) FROM fill")).isZero();
    assertThat(count("SELECT count(*) - count(DISTINCT client_order_id) FROM venue_order")).isZero();
    assertThat(count("SELECT count(*) FROM report_ledger_mismatch")).isZero();
    assertThat(count("SELECT count(*) FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id"
        + " JOIN proposal p ON p.id = t.proposal_id WHERE p.tier_at_creation = 'STANDARD' AND p.decided_by IS NULL"))
        .as("no standard proposal trades without its investor's approval").isZero();
    assertThat(count("SELECT count(*) FROM account")).isEqualTo(150);
    assertThat(count("SELECT count(*) FROM batch_job_execution WHERE status <> 'COMPLETED'")).isZero();
    assertThat(count("SELECT sum(portfolios) FROM report_scan_completeness WHERE counted_twice = 0 AND rows_without_tally = 0"
        + " AND tallied_without_row = 0")).as("one outcome per portfolio").isEqualTo(count("SELECT count(*) FROM portfolio"));
    assertThat(count("SELECT count(DISTINCT m.venue_id) FROM market_snapshot s JOIN market m ON m.id = s.market_id"
        + " WHERE s.outcome = 'OK'")).isEqualTo(2);

    // the operator's view of the cycle: the scan's outcome counts in its line, whole
    assertThat(keel("ops", "executions", "--db-url", db.url(), "--job", "scanToleranceBandsJob")).isZero();
    assertThat(out).containsPattern("scanToleranceBandsJob .* COMPLETED .*outcomes \\{.*NO_BREACH=\\d+.*}");
  }

  @Test
  void demo_refuses_to_empty_a_server_database_without_wipe() {
    assertThat(keel("demo", "--db-url", db.url())).isEqualTo(1);
    assertThat(err).contains("--wipe");
    keel("generate", "--db-url", db.url(), "--accounts", "20");
    // the server named as a setting, not with --db-url: refused all the same, nothing emptied
    assertThat(keel("demo", "--keel.db.url=" + db.url())).isEqualTo(1);
    assertThat(err).contains("keel.db.url").contains("--wipe");
    assertThat(keel("bench", "scan", "--keel.db.url=" + db.url(), "--portfolios", "30")).isEqualTo(1);
    assertThat(err).contains("keel.db.url").contains("--wipe");
    assertThat(count("SELECT count(*) FROM account")).isEqualTo(20);
  }

  @Test
  void bench_scan_refuses_a_server_database_without_wipe() {
    assertThat(keel("bench", "scan", "--db-url", db.url(), "--portfolios", "400")).isEqualTo(1);
    assertThat(err).contains("--wipe").contains(db.url());
    assertThat(count("SELECT count(*) FROM account")).isZero();
  }

  @Test
  void bench_scan_measures_a_cycle_and_on_a_reused_population_solves_every_breach_again() {
    String[] bench = {"bench", "scan", "--db-url", db.url(), "--wipe", "--portfolios", "400", "--seed", "3", "--cycles", "1"};
    String[] cycles = java.util.stream.Stream.concat(java.util.Arrays.stream(bench, 0, bench.length - 1), java.util.stream.Stream.of("3"))
        .toArray(String[]::new);
    assertThat(keel(cycles)).as(out + err).isZero();
    assertThat(out).contains("population   generated").contains("COMPLETED, first round of proposals").contains("wall time")
        .contains("throughput").contains("breach rate").contains("peak heap").containsPattern("WAL +[\\d,]+ bytes")
        .contains("cycle 3").containsPattern("steady state 2 cycles: WAL median [\\d,]+ bytes")
        .containsPattern("proof +each of the [\\d,]+ active portfolios has exactly one outcome").doesNotContain("NOT PROVEN");
    assertThat(keel(bench)).as(out + err).isZero();
    long firstSolves = solves(out);
    assertThat(firstSolves).as(out).isPositive();

    long holdingEntries = count("SELECT count(*) FROM holding_entry");
    String[] withHistory = java.util.stream.Stream.concat(java.util.Arrays.stream(bench), java.util.stream.Stream.of("--history-days", "1"))
        .toArray(String[]::new);
    assertThat(keel(withHistory)).as(out + err).isZero();
    assertThat(out).contains("history      72,000 snapshot rows over 1 days"); // 2 paper venues x 25 markets x 1,440 minutes
    assertThat(out).contains("population   reused").contains("cleared").doesNotContain("AWAITING_DECISION");
    assertThat(solves(out)).as("every breach solved again, not only the new ones: " + out).isGreaterThan(firstSolves / 2);
    assertThat(count("SELECT count(*) FROM holding_entry")).as("the ledger is kept").isEqualTo(holdingEntries);
    assertThat(count("SELECT count(DISTINCT cycle) FROM scan_tally")).isEqualTo(1);
  }

  @Test
  void bench_api_with_the_smallest_settings_reads_approves_and_proves_each_approval_one_transition() {
    assertThat(keel("bench", "api", "--db-url", db.url(), "--wipe", "--accounts", "30", "--keys", "2", "--threads", "2",
        "--seconds", "5", "--seed", "3")).as(out + err).isZero();
    assertThat(out).contains("keys         2 keys of 1 clients").containsPattern("reads +[\\d,]+ in ")
        .containsPattern("approvals +[\\d,]+ in ").contains("one each     yes: every approval is a single transition");
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'APPROVED'")).as(out).isPositive();
    assertThat(count("SELECT count(*) FROM (SELECT proposal_id FROM proposal_status_history WHERE status = 'APPROVED'"
        + " GROUP BY proposal_id HAVING count(*) > 1) doubled")).isZero();
  }

  @Test
  void bench_api_refuses_settings_out_of_range_naming_the_option_and_the_value() {
    assertThat(keel("bench", "api", "--db-url", db.url(), "--wipe", "--seconds", "1")).isEqualTo(1);
    assertThat(err).contains("--seconds must be between 5 and 3600, was 1");
    assertThat(keel("bench", "api", "--db-url", db.url(), "--wipe", "--keys", "1")).isEqualTo(1);
    assertThat(err).contains("--keys must be between 2 and 10000, was 1");
    assertThat(keel("bench", "api", "--db-url", db.url(), "--accounts", "30")).as("no --wipe on a server").isEqualTo(1);
    assertThat(err).contains("--wipe");
    assertThat(count("SELECT count(*) FROM account")).isZero();
  }

  private static long solves(String benchOutput) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("solves\\s+([\\d,]+)").matcher(benchOutput);
    assertThat(m.find()).as(benchOutput).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  @Test
  void every_subcommand_is_registered_and_answers_help() {
    for (String sub : new String[] {"demo", "run", "generate", "migrate", "load-history", "ops", "bench", "optimize", "regimes",
        "backtest"}) {
      // Help goes to picocli's writer; System.out is left alone here (replacing it swallowed the usage text).
      CommandLine cli = KeelCli.commandLine();
      StringWriter usage = new StringWriter();
      cli.setOut(new PrintWriter(usage, true));
      assertThat(KeelCli.execute(cli, sub, "--help")).as(sub).isZero();
      assertThat(usage.toString()).as(sub).contains("Usage: keel " + sub);
    }
  }
}
