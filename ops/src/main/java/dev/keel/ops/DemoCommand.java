package dev.keel.ops;

import dev.keel.domain.portfolio.PopulationSpec;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.persistence.db.KeelDatabase;
import dev.keel.persistence.db.Migrations;
import dev.keel.persistence.db.Wipe;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code keel demo}: one full cycle on a clean demo database. With the embedded server it uses
 * the database {@code keel_demo}, dropping and re-migrating its schema first, so two runs in a row
 * give the same result; against a server given by URL it does that only when told {@code --wipe}.
 */
@Command(name = "demo", description = "Run one full demo cycle: database, population, every job once, a summary.")
class DemoCommand implements Callable<Integer> {

  /** The order a cycle runs its jobs in; jobs not listed run after these, by name. */
  static final List<String> CYCLE_ORDER = List.of(
      "marketSnapshotJob", "regimeJob", "scanToleranceBandsJob", "executionJob", "notificationJob", "housekeepingJob");

  @Mixin
  DatabaseOptions db;

  @Option(names = "--accounts", defaultValue = "10000", description = "accounts to generate (default ${DEFAULT-VALUE})")
  int accounts;

  @Option(names = "--seed", defaultValue = "42", description = "population seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--serve", description = "after the cycle, keep the service up (the API, the investor's page, the jobs on their"
      + " schedule), print a demo API key, a curl line and a page link, until Ctrl-C")
  boolean serve;

  @Option(names = "--wipe", description = "with --db-url: empty that database first (the demo always empties its embedded one)")
  boolean wipe;

  @Override
  public Integer call() throws Exception {
    if (db.serverGiven() && !wipe) {
      throw new IllegalArgumentException("--db-url: the demo empties its database first; add --wipe to allow that on "
          + dev.keel.persistence.db.Redact.url(db.url != null ? db.url : System.getenv("KEEL_DB_URL")));
    }
    PopulationSpec spec = PopulationSpec.defaults(accounts, seed);
    long t0 = System.nanoTime();
    System.out.println("Keel demo");
    String[] demoSettings = {"--keel.db.name=keel_demo", "--keel.db.migrate-on-start=false",
        // one execution run takes every approved proposal of the demo's cycle
        "--keel.execution.claim-batch=100000",
        "--logging.level.dev.keel=WARN"};
    try (ConfigurableApplicationContext ctx = serve ? Keel.serve(db, demoSettings) : Keel.start(db, demoSettings)) {
      KeelDatabase database = ctx.getBean(KeelDatabase.class);
      if (!database.embedded() && !wipe) { // a server named in a --config file or a --keel.db.url setting
        throw new IllegalArgumentException("keel.db.url: the demo empties its database first; add --wipe to allow that on "
            + database.displayUrl());
      }
      Wipe.schema(database.dataSource());
      Migrations.migrate(database.dataSource());
      Migrations.readerPassword(database.dataSource(), ctx.getBean(dev.keel.scheduler.KeelProperties.class).db().readerPassword());
      System.out.printf("  database    %s, migrated (%.1f s)%n",
          database.embedded() ? "embedded PostgreSQL 17, database keel_demo" : database.displayUrl(), secondsSince(t0));
      java.util.Optional<java.nio.file.Path> history = dev.keel.domain.market.history.SharedData.binanceDaily();
      if (history.isPresent()) {
        long h0 = System.nanoTime();
        long[] loaded = LoadHistoryCommand.load(ctx.getBean(Jdbi.class), history.get(), 1300, System.out);
        System.out.printf("  history     %,d daily bars of %d assets from %s (%.1f s)%n", loaded[1], loaded[0], history.get(),
            secondsSince(h0));
      } else {
        System.out.println("  history     none: ../shared/data not found, regimes warm up from the snapshots' own bars");
      }
      GenerateCommand.Result g = GenerateCommand.generate(database, ctx.getBean(Clock.class), spec, true, System.out);
      System.out.printf("  population  %,d accounts, %,d portfolios, %,d holdings (%.1f s)%n",
          g.written().accounts(), g.written().portfolios(), g.written().holdings(), g.seconds());

      CycleLauncher launcher = ctx.getBean(CycleLauncher.class);
      Instant cycle = ctx.getBean(Clock.class).instant().truncatedTo(ChronoUnit.MINUTES);
      System.out.printf("%n  cycle %s%n", cycle);
      System.out.printf("  %-24s %-10s %10s  %s%n", "job", "status", "seconds", "execution");
      boolean allCompleted = true;
      String approvals = null;
      for (String job : order(launcher.jobNames())) {
        if (job.equals("executionJob")) {
          approvals = approveSample(ctx.getBean(Jdbi.class), ctx.getBean(Clock.class));
        }
        long j0 = System.nanoTime();
        LaunchOutcome o = launcher.launch(job, cycle);
        allCompleted &= o.ranAndCompleted();
        System.out.printf("  %-24s %-10s %10.2f  %s%n", job, o.status() == null ? o.kind() : o.status(), secondsSince(j0),
            o.executionId() == null ? "-" : o.executionId());
      }
      printMarkets(ctx.getBean(Jdbi.class), cycle);
      printCounts(ctx.getBean(Jdbi.class));
      if (approvals != null) {
        System.out.printf("  %-24s %s%n", "  approved in the demo", approvals);
      }
      printExecution(ctx.getBean(Jdbi.class));
      System.out.printf("%n  demo %s in %.1f s%n", allCompleted ? "completed" : "FAILED", secondsSince(t0));
      if (serve && allCompleted) {
        printServing(ctx);
        Keel.runUntilStopped(ctx, System.out);
      }
      return allCompleted ? 0 : 1;
    }
  }

  /**
   * What a platform developer and an investor need to try the service: a demo API key (printed once, stored hashed as
   * {@code keel ops api-keys create} stores it), a curl line listing a standard account's proposals, and the signed
   * page link of one waiting proposal.
   */
  private static void printServing(ConfigurableApplicationContext ctx) {
    String base = "http://localhost:" + Keel.port(ctx);
    dev.keel.scheduler.api.ApiKey.Generated key = dev.keel.scheduler.api.ApiKey.generate(new java.security.SecureRandom());
    ctx.getBean(dev.keel.persistence.api.ApiKeyDao.class).create(key.id(), "demo", dev.keel.scheduler.api.ApiKey.sha256(key.key()),
        ctx.getBean(Clock.class).instant(), "keel demo --serve");
    dev.keel.persistence.proposal.ProposalDao proposals = ctx.getBean(dev.keel.persistence.proposal.ProposalDao.class);
    System.out.printf("%n  serving on %s%n", base);
    System.out.printf("  demo API key   %s  (client \"demo\"; shown once, stored hashed)%n", key.key());
    java.util.Optional<dev.keel.persistence.proposal.ProposalDao.Detail> waiting = proposals.list(
            dev.keel.domain.proposal.ProposalStatus.PROPOSED, 1).stream().findFirst()
        .flatMap(p -> proposals.detail(p.id()));
    if (waiting.isEmpty()) {
      System.out.println("  no proposal waits for a decision in this cycle: no page link to show");
      return;
    }
    dev.keel.persistence.proposal.ProposalDao.Detail d = waiting.get();
    System.out.printf("  a standard account's proposals:%n    curl -s -H 'Authorization: Bearer %s' %s/api/v1/accounts/%s/proposals%n",
        key.key(), base, d.accountRef());
    System.out.printf("  its investor's page for proposal %d (until %s):%n    %s/p/%s%n", d.summary().id(), d.summary().expiresAt(),
        base, proposals.pageLink().sign(d.summary().id(), d.summary().expiresAt()));
  }

  static List<String> order(java.util.Set<String> jobs) {
    List<String> ordered = new ArrayList<>();
    for (String j : CYCLE_ORDER) {
      if (jobs.contains(j)) {
        ordered.add(j);
      }
    }
    jobs.stream().filter(j -> !CYCLE_ORDER.contains(j)).sorted().forEach(ordered::add);
    return ordered;
  }

  /** One line per asset: each venue's spread, taker fee, depth within 50 bps and the cost of buying 10k, from this cycle. */
  private static void printMarkets(Jdbi jdbi, Instant cycle) {
    var rows = jdbi.withHandle(h -> h.createQuery("SELECT m.base_asset AS asset, m.venue_id AS venue, s.outcome,"
            + " s.spread_bps, s.taker_fee * 10000 AS fee_bps, least(s.depth_bid_50, s.depth_ask_50) AS depth50,"
            + " s.cost_buy_10k * 10000 AS cost10k FROM market_snapshot s JOIN market m ON m.id = s.market_id"
            + " WHERE s.cycle = :cycle ORDER BY m.base_asset, m.venue_id")
        .bind("cycle", cycle).mapToMap().list());
    if (rows.isEmpty()) {
      return;
    }
    System.out.printf("%n  %-6s %-8s %9s %8s %14s %12s%n", "asset", "venue", "spread", "taker", "depth ±50bps", "10k buy");
    System.out.printf("  %-6s %-8s %9s %8s %14s %12s%n", "", "", "bps", "bps", "USDT", "bps + fee");
    for (var r : rows) {
      if (!"OK".equals(r.get("outcome"))) {
        System.out.printf("  %-6s %-8s %s%n", r.get("asset"), r.get("venue"), r.get("outcome"));
        continue;
      }
      double fee = ((Number) r.get("fee_bps")).doubleValue();
      Number depth = (Number) r.get("depth50");
      Number cost = (Number) r.get("cost10k");
      System.out.printf("  %-6s %-8s %9.1f %8.1f %,14.0f %12s%n", r.get("asset"), r.get("venue"),
          ((Number) r.get("spread_bps")).doubleValue(), fee, depth == null ? 0 : depth.doubleValue(),
          cost == null ? "beyond book" : String.format("%.1f", cost.doubleValue() + fee));
    }
  }

  private static void printCounts(Jdbi jdbi) {
    Map<String, String> counts = new LinkedHashMap<>();
    counts.put("accounts (premium)", "SELECT count(*) || ' (' || count(*) FILTER (WHERE tier = 'PREMIUM') || ')' FROM account");
    counts.put("portfolios", "SELECT count(*)::text FROM portfolio");
    counts.put("market snapshots", "SELECT count(*)::text FROM market_snapshot");
    counts.put("asset regimes", "SELECT coalesce(string_agg(regime || ' ' || n, ', ' ORDER BY n DESC), '-') FROM (SELECT regime,"
        + " count(*) AS n FROM asset_regime GROUP BY 1) s");
    counts.put("basket regimes", "SELECT coalesce(string_agg(basket || ' ' || regime, ', ' ORDER BY basket), '-') FROM"
        + " (SELECT DISTINCT ON (basket) basket, regime FROM basket_regime ORDER BY basket, cycle DESC) s");
    counts.put("scan outcomes", "SELECT coalesce(sum(portfolios), 0) || ' (' || (SELECT count(*) FROM scan_outcome)"
        + " || ' written as rows, the rest counted in ' || count(*) || ' chunk tallies)' FROM scan_tally");
    counts.put("  by outcome", "SELECT coalesce(string_agg(k || ' ' || n, ', ' ORDER BY n DESC), '-') FROM (SELECT outcome"
        + " || coalesce('/' || reason, '') AS k, sum(portfolios) AS n FROM report_scan_outcomes GROUP BY 1) s");
    counts.put("  most common skip", "SELECT coalesce((SELECT d || ' (' || n || ')' FROM (SELECT left(regexp_replace(detail,"
        + " '[0-9.E-]{6,}', '#', 'g'), 110) AS d, count(*) AS n FROM scan_outcome WHERE outcome = 'SKIPPED' GROUP BY 1) s"
        + " ORDER BY n DESC LIMIT 1), '-')");
    counts.put("proposals", "SELECT count(*) || ' (' || count(*) FILTER (WHERE decided_by = '" + dev.keel.domain.proposal.ProposalLifecycle.AUTO_APPROVER
        + "') || ' approved on creation)'"
        + " FROM proposal");
    counts.put("  expected cost", "SELECT coalesce(round(sum(expected_cost), 2) || ' USDT, median ' || round(percentile_cont(0.5)"
        + " WITHIN GROUP (ORDER BY expected_cost_bps)::numeric, 1) || ' bps of value', '-') FROM proposal");
    counts.put("  tracking error", "SELECT coalesce('median ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY"
        + " tracking_error_before)::numeric, 4) || ' before, ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY"
        + " tracking_error_after)::numeric, 4) || ' after', '-') FROM proposal");
    counts.put("proposal trades", "SELECT count(*)::text FROM proposal_trade");
    counts.put("orders / fills", "SELECT (SELECT count(*) FROM venue_order) || ' / ' || (SELECT count(*) FROM fill) || ' ('"
        + " || (SELECT count(*) FROM fill WHERE internal_cross_id IS NOT NULL) || ' of the fills crossed inside Keel)'");
    System.out.println();
    jdbi.useHandle(h -> counts.forEach((label, sql) ->
        System.out.printf("  %-24s %s%n", label, h.createQuery(sql).mapTo(String.class).one())));
  }

  /**
   * The demo's investors: every third standard-tier proposal waiting for a decision is approved, as
   * {@code keel ops proposals approve} would record it, so the execution job trades standard proposals too.
   */
  private static String approveSample(Jdbi jdbi, Clock clock) {
    dev.keel.persistence.proposal.ProposalDao dao = new dev.keel.persistence.proposal.ProposalDao(jdbi);
    List<Long> waiting = jdbi.withHandle(h -> h.createQuery("SELECT id FROM proposal WHERE status = 'PROPOSED'"
        + " AND tier_at_creation = 'STANDARD' ORDER BY id").mapTo(Long.class).list());
    int approved = 0;
    for (int i = 0; i < waiting.size(); i += 3) {
      var outcome = dao.decide(waiting.get(i), new dev.keel.domain.proposal.Decision(true, "demo:investor", "approved in the demo",
          clock.instant()));
      if (outcome instanceof dev.keel.domain.proposal.DecisionOutcome.Recorded) {
        approved++;
      }
    }
    return approved + " of " + waiting.size() + " standard proposals (every third), as keel ops proposals approve records them";
  }

  /** What execution did: proposals by status, orders and fills by venue, realised against expected cost, drag against naive. */
  private static void printExecution(Jdbi jdbi) {
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("executed proposals", "SELECT coalesce(string_agg(status || ' ' || n, ', ' ORDER BY n DESC), '-') FROM (SELECT status,"
        + " count(*) AS n FROM proposal WHERE status IN ('EXECUTING', 'EXECUTED', 'PARTIAL', 'FAILED', 'HELD') GROUP BY 1) s");
    lines.put("  orders by venue", "SELECT coalesce(string_agg(venue_id || ' ' || n || ' (' || f || ' filled)', ', ' ORDER BY venue_id),"
        + " '-') FROM (SELECT venue_id, count(*) AS n, count(*) FILTER (WHERE status = 'FILLED') AS f FROM venue_order GROUP BY 1) s");
    lines.put("  orders by status", "SELECT coalesce(string_agg(status || ' ' || n, ', ' ORDER BY n DESC), '-') FROM (SELECT status,"
        + " count(*) AS n FROM venue_order GROUP BY 1) s");
    lines.put("  traded notional", "SELECT coalesce(round(sum(notional), 2) || ' USDT in ' || count(*) || ' fills', '-') FROM report_fills");
    lines.put("  crossed inside Keel", "SELECT CASE WHEN count(*) = 0 THEN '-' ELSE count(DISTINCT cross_id) || ' crosses, '"
        + " || count(DISTINCT proposal_id) || ' proposals crossed ' || round(sum(notional), 2) || ' USDT at the fair mid (both sides) = '"
        + " || round(100 * sum(notional) / nullif(sum(notional) + (SELECT coalesce(sum(notional), 0) FROM report_fills), 0), 1)"
        + " || ' % of the notional executed; no spread, no fee' END FROM report_crossed_fills WHERE crossed_internally");
    lines.put("  realised cost", "SELECT coalesce(round(sum(realised_cost), 2) || ' USDT = ' || round(1e4 * sum(realised_cost)"
        + " / nullif(sum(notional), 0), 2) || ' bps of notional (fee ' || round(1e4 * sum(fee) / nullif(sum(notional), 0), 2)"
        + " || ', spread ' || round(1e4 * sum(spread) / nullif(sum(notional), 0), 2) || ', impact ' || round(1e4 * sum(impact)"
        + " / nullif(sum(notional), 0), 2) || ', market move ' || round(1e4 * sum(market_move) / nullif(sum(notional), 0), 2) || ')',"
        + " '-') FROM report_fills");
    lines.put("  expected cost", "SELECT coalesce(round(sum(expected_cost), 2) || ' USDT = ' || round(1e4 * sum(expected_cost)"
        + " / nullif(sum(notional), 0), 2) || ' bps of notional', '-') FROM report_fills");
    lines.put("  naive would have paid", "SELECT coalesce(round(sum(naive_cost), 2) || ' USDT on ' || round(sum(naive_notional), 2)"
        + " || ' USDT traded; Keel paid ' || round(sum(keel_cost), 2) || ' on ' || round(sum(keel_notional), 2) || ': saving '"
        + " || round(sum(saving), 2) || ' USDT (' || round(1e4 * sum(saving) / nullif(sum(portfolio_value), 0), 2)"
        + " || ' bps of value)', '-') FROM report_execution_saving");
    lines.put("  ledger mismatches", "SELECT count(*)::text FROM report_ledger_mismatch");
    System.out.println();
    jdbi.useHandle(h -> lines.forEach((label, sql) ->
        System.out.printf("  %-24s %s%n", label, h.createQuery(sql).mapTo(String.class).one())));
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
