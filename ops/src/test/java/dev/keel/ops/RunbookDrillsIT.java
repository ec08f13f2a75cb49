package dev.keel.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.sun.net.httpserver.HttpServer;
import dev.keel.jobs.scan.ScanWriteHook;
import dev.keel.jobs.venue.FakeBinance;
import dev.keel.jobs.venue.FakeExchange;
import dev.keel.ops.nodes.KeelNode;
import dev.keel.ops.nodes.SlowTestJobConfig;
import dev.keel.persistence.testing.Poll;
import dev.keel.persistence.testing.TestDatabase;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The drills of ops/RUNBOOK.md: one per incident. Each creates the incident for real, runs the section's "See it"
 * commands as the runbook writes them (read from the file, with the test database's {@code --db-url} and the drill's
 * settings added) and checks that they show it, runs its "Fix it" commands, and counts in SQL that the incident is gone
 * and that nothing was doubled or lost. Every "See it" and "Fix it" command of a drilled section must be run by its
 * drill, so a command added to the runbook is drilled too.
 */
class RunbookDrillsIT {

  private static final Runbook RUNBOOK = Runbook.read(Path.of("RUNBOOK.md"));
  private static final String[] JOBS = {"marketSnapshotJob", "regimeJob", "scanToleranceBandsJob", "housekeepingJob", "executionJob",
      "notificationJob"};

  private final TestDatabase db = TestDatabase.get();
  /** $NAME values of the runbook's command lines. */
  private final Map<String, String> vars = new HashMap<>();
  /** Settings every command of the drill gets, besides the database. */
  private final List<String> settings = new ArrayList<>();

  @TempDir
  Path tmp;

  @BeforeEach
  void clean() {
    db.reset();
    db.jdbi().useHandle(h -> h.execute("DROP TABLE IF EXISTS slow_test_item"));
    scheduled();
  }

  /** Every "See it" and "Fix it" command of each section a drill ran is run by it (all of them when every drill ran). */
  @AfterAll
  static void everyDrilledSectionRanAllItsCommands() {
    for (String section : RUNBOOK.drilled()) {
      assertThat(RUNBOOK.unrun(section)).as("section " + section + " commands no drill ran").isEmpty();
    }
  }

  /** Only these jobs count as scheduled for {@code ops status} (a job never run is otherwise a warning). */
  private void scheduled(String... jobs) {
    settings.removeIf(s -> s.startsWith("--keel.schedule."));
    for (String job : JOBS) {
      settings.add("--keel.schedule." + job + ".enabled=" + List.of(jobs).contains(job));
    }
  }

  private CliRun.Result keel(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--db-url", db.url()));
    all.addAll(settings);
    return CliRun.keel(all.toArray(String[]::new));
  }

  /** Runs the runbook's command of {@code section} under {@code label} that contains {@code part}. */
  private CliRun.Result runbook(String section, String label, String part) {
    String line = RUNBOOK.command(section, label, part);
    CliRun.Result r = keel(Runbook.arguments(line, vars).toArray(String[]::new));
    assertThat(r.err()).as("'" + line + "' printed to stderr:\n" + r.out()).doesNotContain("\tat ");
    return r;
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private void execute(String sql) {
    db.jdbi().useHandle(h -> h.execute(sql));
  }

  private long lastExecution(String job) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT max(e.job_execution_id) FROM batch_job_execution e JOIN batch_job_instance i"
        + " USING (job_instance_id) WHERE i.job_name = :job").bind("job", job).mapTo(Long.class).one());
  }

  private static String minutesAgo(int n) {
    return Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(n)).toString();
  }

  /** Fails the n-th chunk a scan partition writes, once; the fault a drill injects into the scan. */
  @Configuration(proxyBeanMethods = false)
  public static class ScanFault {
    static final AtomicInteger FAIL_AT_CHUNK = new AtomicInteger();
    static volatile String partition = "";

    @Bean
    ScanWriteHook scanWriteHook() {
      return (name, results) -> {
        if (name.endsWith(partition) && FAIL_AT_CHUNK.get() > 0 && FAIL_AT_CHUNK.decrementAndGet() == 0) {
          throw new IllegalStateException("injected write failure in " + name);
        }
      };
    }
  }

  /** Runs {@code body} with {@code config} added to every Keel context it starts. */
  private static <T> T with(Class<?> config, Map<String, String> properties, java.util.function.Supplier<T> body) {
    System.setProperty("spring.main.sources", config.getName());
    properties.forEach(System::setProperty);
    try {
      return body.get();
    } finally {
      System.clearProperty("spring.main.sources");
      properties.keySet().forEach(System::clearProperty);
    }
  }

  /**
   * Binance at the stub as the only venue, and a population whose 60/40 portfolios drifted out of their bands, premium,
   * so the scan approves their proposals on creation; the other baskets' assets have no market and are skipped.
   */
  private long binancePopulationScanned(FakeBinance binance, String cycle) throws java.io.IOException {
    settings.addAll(List.of("--config", binanceConfig(binance, false).toString()));
    assertThat(keel("generate", "--accounts", "80", "--premium-share", "1", "--drift", "0.3", "--seed", "5").code()).isZero();
    assertThat(keel("ops", "run", "marketSnapshotJob", "--cycle", cycle).code()).isZero();
    CliRun.Result scan = keel("ops", "run", "scanToleranceBandsJob", "--cycle", cycle);
    assertThat(scan.code()).as(scan.out() + scan.err()).isZero();
    long proposals = count("SELECT count(*) FROM proposal WHERE status = 'APPROVED'");
    assertThat(proposals).as("premium proposals to execute").isPositive();
    return proposals;
  }

  /** Nothing doubled in execution: one client order id per order, fills once, no trade beyond its quantity, a balanced ledger. */
  private void nothingDoubledInExecution() {
    assertThat(count("SELECT count(*) - count(DISTINCT client_order_id) FROM venue_order")).isZero();
    assertThat(count("SELECT count(*) - count(DISTINCT (venue_id, venue_trade_id)) FROM fill")).isZero();
    assertThat(count("SELECT count(*) FROM proposal_trade WHERE executed_qty > quantity")).isZero();
    assertThat(count("SELECT count(*) FROM proposal_trade t WHERE t.executed_qty <> (SELECT coalesce(sum(o.filled_qty), 0)"
        + " FROM venue_order o WHERE o.proposal_trade_id = t.id)")).as("every trade's executed quantity is its orders' fills").isZero();
    assertThat(count("SELECT count(*) FROM report_ledger_mismatch")).isZero();
  }

  // section 1

  @Test
  void started_execution_after_a_crash() throws Exception {
    String cycle = minutesAgo(1);
    settings.addAll(List.of("--keel.operations.heartbeat=200ms", "--keel.operations.lease-stale-after=1s"));
    List<String> args = new ArrayList<>(List.of("ops", "run", SlowTestJobConfig.JOB, "--cycle", cycle, "--db-url", db.url()));
    args.addAll(settings);
    try (KeelNode job = KeelNode.command("crashing", tmp, List.of("-Dslowjob.chunk-millis=150"), args)) {
      Poll.until("the job to commit some chunks", Duration.ofMinutes(2), () -> items(cycle) >= 6 || !job.alive());
      assertThat(job.alive()).as(job.log()).isTrue();
      job.kill();
    }
    long id = lastExecution(SlowTestJobConfig.JOB);
    vars.put("EXECUTION_ID", Long.toString(id));
    assertThat(count("SELECT count(*) FROM batch_job_execution WHERE status = 'STARTED'")).as("left STARTED by the crash").isEqualTo(1);

    String finding = "execution " + id + " (" + SlowTestJobConfig.JOB + " cycle " + cycle + ") is marked STARTED but its process"
        + " stopped refreshing its lease";
    CliRun.Result[] status = new CliRun.Result[1];
    Poll.until("status to see the lease go stale", Duration.ofSeconds(30), () -> {
      status[0] = runbook("1", "See it", "ops status");
      return status[0].out().contains(finding);
    });
    assertThat(status[0].code()).as(status[0].out()).isEqualTo(4);
    CliRun.Result shown = runbook("1", "See it", "ops execution");
    assertThat(shown.code()).as(shown.err()).isZero();
    assertThat(shown.out()).contains("status    STARTED").contains("run by").contains("last heartbeat");

    CliRun.Result restart = with(SlowTestJobConfig.class, Map.of("slowjob.chunk-millis", "1"), () -> runbook("1", "Fix it", "ops restart"));
    assertThat(restart.code()).as(restart.out() + restart.err()).isZero();
    assertThat(restart.out()).contains("COMPLETED");

    assertThat(items(cycle)).as("every item once").isEqualTo(SlowTestJobConfig.ITEMS);
    assertThat(count("SELECT count(DISTINCT item) FROM slow_test_item")).isEqualTo(SlowTestJobConfig.ITEMS);
    assertThat(statuses(SlowTestJobConfig.JOB)).as("the dead execution FAILED, the same instance completed").containsExactly("FAILED", "COMPLETED");
    assertThat(count("SELECT count(*) FROM execution_lease")).isZero();
    assertThat(runbook("1", "See it", "ops status").out()).doesNotContain("is marked STARTED");
  }

  private long items(String cycle) {
    try {
      return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM slow_test_item WHERE cycle = :c").bind("c", cycle)
          .mapTo(Long.class).one());
    } catch (RuntimeException tableNotYetThere) {
      return 0;
    }
  }

  private List<String> statuses(String job) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT e.status FROM batch_job_execution e JOIN batch_job_instance i"
        + " USING (job_instance_id) WHERE i.job_name = :job ORDER BY e.job_execution_id").bind("job", job).mapTo(String.class).list());
  }

  // section 3

  @Test
  void failed_scan_partition() {
    String cycle = minutesAgo(0);
    settings.addAll(List.of("--keel.scan.grid-size=3", "--keel.scan.chunk-size=5"));
    assertThat(keel("generate", "--accounts", "60", "--seed", "7").code()).isZero();
    assertThat(keel("ops", "run", "marketSnapshotJob", "--cycle", cycle).code()).isZero();
    ScanFault.partition = "partition1";
    ScanFault.FAIL_AT_CHUNK.set(2);
    CliRun.Result failed = with(ScanFault.class, Map.of(), () -> keel("ops", "run", "scanToleranceBandsJob", "--cycle", cycle));
    assertThat(failed.code()).as(failed.out() + failed.err()).isEqualTo(1);
    long id = lastExecution("scanToleranceBandsJob");
    vars.put("EXECUTION_ID", Long.toString(id));
    long portfolios = count("SELECT count(*) FROM portfolio");
    assertThat(count("SELECT coalesce(sum(portfolios), 0) FROM scan_tally")).as("a partition's portfolios have no outcome yet")
        .isLessThan(portfolios);

    CliRun.Result status = runbook("3", "See it", "ops status");
    assertThat(status.code()).as(status.out()).isEqualTo(4);
    assertThat(status.out()).contains("CRITICAL scanToleranceBandsJob last run FAILED (execution " + id + ")");
    CliRun.Result shown = runbook("3", "See it", "ops execution");
    assertThat(shown.out()).containsPattern("scanToleranceBands.worker:partition1\\s+FAILED").contains("injected write failure")
        .containsPattern("scanToleranceBands.worker:partition0\\s+COMPLETED");

    CliRun.Result restart = with(ScanFault.class, Map.of(), () -> runbook("3", "Fix it", "ops restart"));
    assertThat(restart.code()).as(restart.out() + restart.err()).isZero();

    var proof = new dev.keel.persistence.scan.ScanDao(db.jdbi()).completeness(java.time.Instant.parse(cycle));
    assertThat(proof.portfolios()).as("one outcome per portfolio").isEqualTo(portfolios);
    assertThat(proof.countedTwice()).isZero();
    assertThat(proof.proves(portfolios)).isTrue();
    assertThat(count("SELECT count(*) - count(DISTINCT portfolio_id) FROM proposal")).as("no second proposal").isZero();
    assertThat(count("SELECT count(*) FROM scan_outcome WHERE outcome = 'PROPOSAL'")).isEqualTo(count("SELECT count(*) FROM proposal"));
    assertThat(count("SELECT count(*) FROM batch_step_execution WHERE job_execution_id = (SELECT max(job_execution_id)"
        + " FROM batch_job_execution) AND step_name LIKE '%:partition%'")).as("the restart ran the failed partition only").isEqualTo(1);
    assertThat(statuses("scanToleranceBandsJob")).containsExactly("FAILED", "COMPLETED");
    assertThat(runbook("3", "See it", "ops status").out()).doesNotContain("last run FAILED");
  }

  // section 4

  @Test
  void stale_market_data() {
    scheduled("marketSnapshotJob");
    String stopped = minutesAgo(20);
    assertThat(keel("ops", "run", "marketSnapshotJob", "--cycle", stopped).code()).isZero();
    execute("UPDATE market_snapshot SET taken_at = cycle"); // as if the job had stopped after that cycle, 20 minutes ago
    long markets = count("SELECT count(*) FROM market_snapshot");

    CliRun.Result status = runbook("4", "See it", "ops status");
    assertThat(status.code()).as(status.out()).isEqualTo(4);
    assertThat(status.out()).contains("CRITICAL market data of paper-a is stale").contains("CRITICAL market data of paper-b is stale");
    CliRun.Result executions = runbook("4", "See it", "ops executions --job marketSnapshotJob");
    assertThat(executions.out()).containsPattern("marketSnapshotJob\\s+" + stopped + "\\s+COMPLETED");
    String sql = RUNBOOK.sql("4");
    List<Map<String, Object>> stale = db.jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
    assertThat(stale).as("no snapshot in 10 minutes: the job is not running").isEmpty();

    CliRun.Result fix = runbook("4", "Fix it", "ops run marketSnapshotJob");
    assertThat(fix.code()).as(fix.out() + fix.err()).isZero();
    assertThat(fix.out()).contains("COMPLETED");

    List<Map<String, Object>> recent = db.jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
    assertThat(recent).extracting(r -> r.get("venue_id") + " " + r.get("outcome")).containsExactly("paper-a OK", "paper-b OK");
    assertThat(count("SELECT count(*) FROM market_snapshot")).as("one new snapshot per market").isEqualTo(2 * markets);
    assertThat(count("SELECT count(*) - count(DISTINCT (market_id, cycle)) FROM market_snapshot")).isZero();
    CliRun.Result after = runbook("4", "See it", "ops status");
    assertThat(after.out()).doesNotContain("is stale");
    assertThat(after.code()).as(after.out()).isZero();
  }

  /**
   * A configuration file with Binance's BTC and ETH markets at the stub (its key and secret: secrets are never given on
   * the command line), beside the paper venues or alone.
   */
  private Path binanceConfig(FakeBinance binance, boolean paper) throws java.io.IOException {
    Path config = tmp.resolve("keel.yml");
    java.nio.file.Files.writeString(config, String.join("\n", "keel:", "  venues:", "    paper:", "      enabled: " + paper,
        "    binance:", "      enabled: true", "      url: " + binance.baseUrl(), "      api-key: " + FakeExchange.API_KEY,
        "      secret-key: " + FakeExchange.SECRET, "      markets: [BTC, ETH]", "  execution:",
        "    naive-venue: " + (paper ? "paper-a" : "binance"), ""));
    return config;
  }

  /**
   * Section 4 with its usual cause, a venue down (section 5): Binance, reached by the real XChange client at a stub of
   * its REST API on 127.0.0.1, answers 503 to everything after its markets were registered.
   */
  @Test
  void venue_down() throws Exception {
    scheduled("marketSnapshotJob");
    try (FakeBinance binance = FakeBinance.start()) {
      settings.addAll(List.of("--config", binanceConfig(binance, true).toString()));
      assertThat(keel("ops", "run", "marketSnapshotJob", "--cycle", minutesAgo(6)).code()).isZero();
      assertThat(count("SELECT count(*) FROM market_snapshot s JOIN market m ON m.id = s.market_id WHERE m.venue_id = 'binance'"
          + " AND s.outcome = 'OK'")).as("Binance up: its two markets").isEqualTo(2);
      execute("UPDATE market_snapshot SET taken_at = taken_at - interval '5 minutes'"); // taken five minutes ago

      // the venue goes down: every request answered 503, as Binance's gateway does
      StubMapping down = binance.server().stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)
          .withHeader("Content-Type", "application/json").withBody("{\"code\":-1001,\"msg\":\"Internal error; unable to process your"
              + " request. Please try again.\"}")));
      String downCycle = minutesAgo(1);
      assertThat(keel("ops", "run", "marketSnapshotJob", "--cycle", downCycle).code()).isZero();

      CliRun.Result status = runbook("4", "See it", "ops status");
      assertThat(status.code()).as(status.out()).isEqualTo(4);
      assertThat(status.out()).contains("CRITICAL market data of binance is stale").doesNotContain("market data of paper-a is stale");
      CliRun.Result executions = runbook("4", "See it", "ops executions --job marketSnapshotJob");
      assertThat(executions.out()).containsPattern("marketSnapshotJob\\s+" + downCycle + "\\s+COMPLETED");
      String sql = RUNBOOK.sql("4");
      List<Map<String, Object>> recent = db.jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
      assertThat(recent).extracting(r -> r.get("venue_id") + " " + r.get("outcome") + " " + r.get("snapshots"))
          .contains("binance VENUE_FAILED 2", "binance OK 2");

      binance.server().removeStub(down); // the venue answers again
      CliRun.Result fix = runbook("4", "Fix it", "ops run marketSnapshotJob");
      assertThat(fix.code()).as(fix.out() + fix.err()).isZero();

      assertThat(runbook("4", "See it", "ops status").out()).doesNotContain("is stale");
      assertThat(count("SELECT count(*) FROM market_snapshot s JOIN market m ON m.id = s.market_id WHERE m.venue_id = 'binance'"
          + " AND s.outcome = 'OK' AND s.taken_at > now() - interval '1 minute'")).isEqualTo(2);
      assertThat(count("SELECT count(*) - count(DISTINCT (market_id, cycle)) FROM market_snapshot")).isZero();
      assertThat(binance.requests()).as("market data only: no order reached the venue").noneMatch(r -> r.contains("/api/v3/order"));
    }
  }

  // section 5

  /**
   * Binance (the real XChange client, the stub on 127.0.0.1, the only venue) answers the first order with HTTP 429 and a
   * Retry-After of 10 minutes: it is paused, and every trade of the claimed proposals waits for it.
   */
  @Test
  void venue_rate_limited() throws Exception {
    String cycle = minutesAgo(2);
    try (FakeBinance binance = FakeBinance.start()) {
      settings.add("--keel.execution.threads=1"); // one order at a time: the 429 pauses the venue before a second is sent
      long proposals = binancePopulationScanned(binance, cycle);
      binance.failNextPlacement(FakeExchange.Fault.rateLimited(Duration.ofMinutes(10)));
      CliRun.Result limited = keel("ops", "run", "executionJob", "--cycle", cycle);
      assertThat(limited.code()).as(limited.out() + limited.err()).isZero();
      assertThat(count("SELECT count(*) FROM venue_pause WHERE venue_id = 'binance' AND kind = 'RATE_LIMITED'"
          + " AND paused_until > now() + interval '9 minutes'")).as("paused for its Retry-After").isEqualTo(1);
      assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTING'")).as("waiting for the venue").isEqualTo(proposals);
      assertThat(binance.placements()).as("one order tried, refused, nothing more sent").hasSize(1)
          .noneMatch(FakeExchange.Placement::placed);

      CliRun.Result status = runbook("5", "See it", "ops status");
      assertThat(status.code()).as(status.out()).isEqualTo(3);
      assertThat(status.out()).contains("WARNING  venue binance is rate-limited until");
      CliRun.Result executing = runbook("5", "See it", "ops proposals list --status EXECUTING");
      assertThat(executing.out().lines().filter(l -> l.contains("EXECUTING")).count()).as("the newest 20, list's default limit")
          .isEqualTo(Math.min(proposals, 20));

      // the Retry-After passes: the drill ages the pause rather than wait ten minutes
      execute("UPDATE venue_pause SET paused_until = now() - interval '1 second', paused_from = paused_from - interval '10 minutes'");
      CliRun.Result fix = runbook("5", "Fix it", "ops run executionJob");
      assertThat(fix.code()).as(fix.out() + fix.err()).isZero();

      assertThat(count("SELECT count(*) FROM proposal WHERE status IN ('EXECUTED', 'PARTIAL')")).isEqualTo(proposals);
      assertThat(count("SELECT count(*) FROM venue_order WHERE status = 'FAILED' AND reason NOT LIKE 'RATE_LIMITED%'"))
          .as("orders failed only by the 429 and the pause, which placed nothing").isZero();
      assertThat(count("SELECT count(*) FROM venue_order WHERE filled_qty > 0")).isPositive();
      assertThat(count("SELECT count(*) FROM venue_order WHERE status <> 'FAILED'")).as("every order the venue holds, once")
          .isEqualTo(binance.placements().stream().filter(FakeExchange.Placement::placed).count());
      nothingDoubledInExecution();
      assertThat(runbook("5", "See it", "ops status").out()).doesNotContain("rate-limited");
    }
  }

  /**
   * Section 8: Binance (the real XChange client, a stub of its REST API on 127.0.0.1, the only venue) places the first
   * order and its reply is lost (HTTP 503 after the placement), then does not answer its lookup either: the proposal
   * stays EXECUTING with an order whose fate is unknown. Once the venue answers, one run settles it by its client order
   * id: booked once, never sent again.
   */
  @Test
  void proposal_stuck_executing() throws Exception {
    String cycle = minutesAgo(2);
    try (FakeBinance binance = FakeBinance.start()) {
      settings.add("--keel.operations.stuck-after=10s");
      binancePopulationScanned(binance, cycle);
      binance.failNextPlacement(FakeExchange.Fault.acceptThenStatus(503));
      // and from then on the venue answers no lookup of an order or its trades
      StubMapping noLookups = binance.server().stubFor(get(urlPathMatching("/api/v3/(order|myTrades|openOrders|allOrders)"))
          .atPriority(1).willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
              .withBody("{\"code\":-1001,\"msg\":\"Internal error; unable to process your request. Please try again.\"}")));
      CliRun.Result lost = keel("ops", "run", "executionJob", "--cycle", cycle);
      assertThat(lost.code()).as(lost.out() + lost.err()).isZero();
      assertThat(count("SELECT count(*) FROM venue_order WHERE status = 'UNKNOWN'")).isEqualTo(1);
      long stuck = count("SELECT p.id FROM proposal p JOIN proposal_trade t ON t.proposal_id = p.id JOIN venue_order o"
          + " ON o.proposal_trade_id = t.id WHERE o.status = 'UNKNOWN'");
      vars.put("PROPOSAL_ID", Long.toString(stuck));
      String later = minutesAgo(1);
      assertThat(keel("ops", "run", "executionJob", "--cycle", later).code()).isZero(); // the venue still does not answer
      assertThat(count("SELECT count(*) FROM proposal WHERE id = " + stuck + " AND status = 'EXECUTING'")).as("stuck").isEqualTo(1);
      execute("UPDATE proposal SET claimed_at = claimed_at - interval '1 minute' WHERE status = 'EXECUTING'");

      CliRun.Result status = runbook("8", "See it", "ops status");
      assertThat(status.out()).containsPattern("WARNING  proposal #\\d+ has been EXECUTING for 1 min")
          .containsPattern("executing \\(EXECUTING\\)\\s+\\d+, oldest #");
      CliRun.Result list = runbook("8", "See it", "ops proposals list --status EXECUTING");
      assertThat(list.out()).containsPattern(stuck + "\\s+\\d+\\s+PREMIUM\\s+EXECUTING");
      CliRun.Result show = runbook("8", "See it", "ops proposals show");
      assertThat(show.out()).contains("proposal " + stuck).containsPattern("binance\\s+\\S+\\s+UNKNOWN").contains("placement reply lost");
      CliRun.Result executions = runbook("8", "See it", "ops executions --job executionJob");
      assertThat(executions.out()).containsPattern("executionJob\\s+" + later + "\\s+COMPLETED");

      binance.server().removeStub(noLookups); // the venue answers again
      CliRun.Result fix = runbook("8", "Fix it", "ops run executionJob");
      assertThat(fix.code()).as(fix.out() + fix.err()).isZero();

      assertThat(count("SELECT count(*) FROM venue_order WHERE status IN ('UNKNOWN', 'NEW', 'PARTIALLY_FILLED')")).isZero();
      assertThat(count("SELECT count(*) FROM proposal WHERE id = " + stuck + " AND status IN ('EXECUTED', 'PARTIAL')")).isEqualTo(1);
      String lostOrder = db.jdbi().withHandle(h -> h.createQuery("SELECT o.client_order_id FROM venue_order o JOIN proposal_trade t"
          + " ON t.id = o.proposal_trade_id WHERE t.proposal_id = :p ORDER BY o.id LIMIT 1").bind("p", stuck).mapTo(String.class).one());
      assertThat(binance.placements(lostOrder)).as("the order whose reply was lost reached the venue once").hasSize(1);
      assertThat(count("SELECT count(*) FROM venue_order")).as("every order the venue holds, once")
          .isEqualTo(binance.placements().stream().filter(FakeExchange.Placement::placed).count());
      assertThat(count("SELECT count(*) FROM fill")).as("every venue trade booked once")
          .isEqualTo(binance.orders().stream().mapToLong(o -> o.trades().size()).sum());
      nothingDoubledInExecution();
      assertThat(runbook("8", "See it", "ops status").out()).doesNotContain("has been EXECUTING");
    }
  }

  // section 9

  @Test
  void webhook_receiver_down() throws Exception {
    settings.addAll(List.of("--keel.notifications.max-attempts=2", "--keel.notifications.base-delay=1ms",
        "--keel.notifications.max-delay=1ms"));
    AtomicInteger answer = new AtomicInteger(503);
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hooks/keel", exchange -> {
      exchange.getRequestBody().readAllBytes();
      int code = answer.get();
      received.add(code + " " + exchange.getRequestHeaders().getFirst("webhook-id"));
      exchange.sendResponseHeaders(code, -1);
      exchange.close();
    });
    receiver.start();
    try {
      String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/keel";
      assertThat(keel("ops", "webhooks", "add", "--client", "platform", "--url", url).code()).isZero();
      // the event a halted venue writes (section 5)
      execute("INSERT INTO notification (account_id, proposal_id, venue_id, kind, payload, created_at)"
          + " VALUES (NULL, NULL, NULL, 'VENUE_ALERT', '{\"venue\": \"paper-a\", \"reason\": \"HTTP 418\"}', now())");
      String event = db.jdbi().withHandle(h -> h.createQuery("SELECT event_id::text FROM notification").mapTo(String.class).one());

      assertThat(keel("ops", "run", "notificationJob", "--cycle", minutesAgo(3)).code()).isZero();
      CliRun.Result pending = runbook("9", "See it", "--status PENDING");
      assertThat(pending.out()).contains(event).contains("PENDING").contains("HTTP 503");
      Poll.until("the retry to be due", Duration.ofSeconds(10),
          () -> count("SELECT count(*) FROM notification_delivery WHERE next_attempt_at <= now()") == 1);
      assertThat(keel("ops", "run", "notificationJob", "--cycle", minutesAgo(2)).code()).isZero();
      long delivery = count("SELECT id FROM notification_delivery");
      vars.put("DELIVERY_ID", Long.toString(delivery));
      CliRun.Result dead = runbook("9", "See it", "--status DEAD");
      assertThat(dead.out()).containsPattern(delivery + "\\s+" + event + "\\s+VENUE_ALERT").contains("DEAD");
      assertThat(runbook("9", "See it", "ops webhooks list").out()).contains("platform").contains(url);
      assertThat(received).containsExactly("503 " + event, "503 " + event);

      answer.set(204); // the receiver is back
      CliRun.Result replay = runbook("9", "Fix it", "ops notifications replay");
      assertThat(replay.code()).as(replay.err()).isZero();
      CliRun.Result run = runbook("9", "Fix it", "ops run notificationJob");
      assertThat(run.code()).as(run.out() + run.err()).isZero();

      assertThat(count("SELECT count(*) FROM notification_delivery WHERE status = 'SENT'")).isEqualTo(1);
      assertThat(count("SELECT count(*) FROM notification_delivery")).as("the same delivery, not a second one").isEqualTo(1);
      assertThat(received).as("delivered once it answered, under the same event id").containsExactly("503 " + event, "503 " + event,
          "204 " + event);
      assertThat(runbook("9", "See it", "--status DEAD").out()).contains("(no deliveries)");
    } finally {
      receiver.stop(0);
    }
  }

  // section 10

  @Test
  void database_failover() throws Exception {
    String cycle = minutesAgo(1);
    List<String> args = new ArrayList<>(List.of("ops", "run", SlowTestJobConfig.JOB, "--cycle", cycle, "--db-url", db.url()));
    args.addAll(settings);
    try (KeelNode job = KeelNode.command("failing-over", tmp, List.of("-Dslowjob.chunk-millis=150"), args)) {
      Poll.until("the job to commit some chunks", Duration.ofMinutes(2), () -> items(cycle) >= 6 || !job.alive());
      assertThat(job.alive()).as(job.log()).isTrue();
      // the failover: every connection to the database is dropped at once
      long dropped = count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database()"
          + " AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
      assertThat(dropped).isPositive();
      assertThat(job.await()).as(job.log()).isEqualTo(1);
    }
    long id = lastExecution(SlowTestJobConfig.JOB);
    vars.put("EXECUTION_ID", Long.toString(id));
    assertThat(items(cycle)).as("the chunk in flight rolled back").isLessThan(SlowTestJobConfig.ITEMS);

    CliRun.Result status = runbook("10", "See it", "ops status");
    assertThat(status.code()).as(status.out()).isEqualTo(4);
    assertThat(status.out()).contains("CRITICAL " + SlowTestJobConfig.JOB + " last run FAILED (execution " + id + ")");
    CliRun.Result shown = runbook("10", "See it", "ops execution");
    assertThat(shown.out()).containsPattern(SlowTestJobConfig.JOB + ".items\\s+FAILED")
        .containsAnyOf("JDBC rollback failed", "This connection has been closed", "terminating connection");

    CliRun.Result restart = with(SlowTestJobConfig.class, Map.of("slowjob.chunk-millis", "1"), () -> runbook("10", "Fix it", "ops restart"));
    assertThat(restart.code()).as(restart.out() + restart.err()).isZero();

    assertThat(items(cycle)).as("every item once").isEqualTo(SlowTestJobConfig.ITEMS);
    assertThat(count("SELECT count(DISTINCT item) FROM slow_test_item")).isEqualTo(SlowTestJobConfig.ITEMS);
    assertThat(statuses(SlowTestJobConfig.JOB)).containsExactly("FAILED", "COMPLETED");
    assertThat(runbook("10", "See it", "ops status").out()).doesNotContain("last run FAILED");
  }
}
