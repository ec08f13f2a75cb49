package dev.keel.ops;

import dev.keel.domain.portfolio.PopulationSpec;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.persistence.db.KeelDatabase;
import dev.keel.persistence.db.Migrations;
import dev.keel.persistence.db.Wipe;
import dev.keel.persistence.marketdata.MarketDataDao;
import dev.keel.persistence.operations.OperationsDao;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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
    List<MarketDataDao.SnapshotLine> rows = new MarketDataDao(jdbi).snapshotLines(cycle);
    if (rows.isEmpty()) {
      return;
    }
    System.out.printf("%n  %-6s %-8s %9s %8s %14s %12s%n", "asset", "venue", "spread", "taker", "depth ±50bps", "10k buy");
    System.out.printf("  %-6s %-8s %9s %8s %14s %12s%n", "", "", "bps", "bps", "USDT", "bps + fee");
    for (MarketDataDao.SnapshotLine r : rows) {
      if (r.outcome() != dev.keel.domain.market.SnapshotStatus.OK) {
        System.out.printf("  %-6s %-8s %s%n", r.asset(), r.venue(), r.outcome());
        continue;
      }
      double fee = r.takerFeeBps();
      Double depth = r.depth50();
      Double cost = r.costBuy10k();
      System.out.printf("  %-6s %-8s %9.1f %8.1f %,14.0f %12s%n", r.asset(), r.venue(), r.spreadBps().doubleValue(), fee,
          depth == null ? 0 : depth.doubleValue(), cost == null ? "beyond book" : String.format("%.1f", cost.doubleValue() + fee));
    }
  }

  private static void printCounts(Jdbi jdbi) {
    System.out.println();
    new OperationsDao(jdbi).cycleCounts().forEach((label, value) -> System.out.printf("  %-24s %s%n", label, value));
  }

  /**
   * The demo's investors: every third standard-tier proposal waiting for a decision is approved, as
   * {@code keel ops proposals approve} would record it, so the execution job trades standard proposals too.
   */
  private static String approveSample(Jdbi jdbi, Clock clock) {
    dev.keel.persistence.proposal.ProposalDao dao = new dev.keel.persistence.proposal.ProposalDao(jdbi);
    List<Long> waiting = dao.ids(dev.keel.domain.proposal.ProposalStatus.PROPOSED, dev.keel.domain.portfolio.Tier.STANDARD);
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
    System.out.println();
    new OperationsDao(jdbi).executionSummary().forEach((label, value) -> System.out.printf("  %-24s %s%n", label, value));
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
