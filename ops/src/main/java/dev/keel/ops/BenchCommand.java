package dev.keel.ops;

import dev.keel.domain.market.AssetCatalogue;
import dev.keel.domain.market.FeeSchedules;
import dev.keel.domain.market.LiquidityCalibration;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketParameters;
import dev.keel.domain.market.MicrostructureModel;
import dev.keel.domain.market.history.DailyVolumeFiles;
import dev.keel.domain.market.history.SharedData;
import dev.keel.domain.market.SnapshotSpec;
import dev.keel.domain.portfolio.PopulationSpec;
import dev.keel.domain.portfolio.ScanResult;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.domain.statistics.Quantiles;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.jobs.scan.ScanJobConfig;
import dev.keel.jobs.snapshot.MarketSnapshotJobConfig;
import dev.keel.jobs.venue.ConfiguredFees;
import dev.keel.jobs.venue.MarketSnapshotter;
import dev.keel.jobs.venue.PaperVenueConfig;
import dev.keel.jobs.venue.PaperVenues;
import dev.keel.jobs.venue.Venue;
import dev.keel.persistence.bench.BenchDao;
import dev.keel.persistence.db.KeelDatabase;
import dev.keel.persistence.db.WalMeter;
import dev.keel.persistence.db.Wipe;
import dev.keel.persistence.marketdata.MarketDataDao;
import dev.keel.persistence.operations.OperationsDao;
import dev.keel.persistence.scan.ScanDao;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keel bench scan --portfolios N [--cycles C]}: full drift-scan cycles, each on a fresh snapshot, over a
 * population of about N portfolios (generated, or reused when the database already holds it), with the figures
 * docs/benchmarks.md records: throughput, solves, breach rate, wall time, WAL bytes per cycle, peak heap. The first
 * cycle makes a round of proposals; the ones after it are the steady state.
 */
@Command(name = "bench", description = "Measure: keel bench scan --portfolios N, keel bench execute --proposals N, snapshot, venues,"
    + " api (the approval API over HTTP).")
class BenchCommand implements Callable<Integer> {

  /** Portfolios per generated account, measured on the default population (13,412 for 10,000 accounts). */
  static final double PORTFOLIOS_PER_ACCOUNT = 1.3412;

  /**
   * The scan outcomes (keys of {@link ScanDao#outcomeCounts}) that are no breach to solve: inside the bands, or skipped
   * before the drift was known.
   */
  private static final java.util.Set<String> NOT_BREACHES = java.util.Set.of(ScanResult.NO_BREACH,
      skipped(ScanResult.Reason.STALE_MARKET), skipped(ScanResult.Reason.BAD_PRICE), skipped(ScanResult.Reason.NO_PRICE),
      skipped(ScanResult.Reason.INVALID_TARGET));

  private static String skipped(ScanResult.Reason reason) {
    return ScanResult.SKIPPED + "/" + reason.name();
  }

  @Mixin
  DatabaseOptions db;

  @Parameters(paramLabel = "WHAT", description = "what to measure: scan, execute (proposals to fills on the paper venues), snapshot (the job, stored), venues (the venue layer, 2 venues x 50 markets), or api (reads and approvals over HTTP)")
  String what;

  @Option(names = "--portfolios", defaultValue = "70000", description = "portfolios to scan, about (default ${DEFAULT-VALUE})")
  int portfolios;

  @Option(names = "--seed", defaultValue = "7", description = "population seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--regenerate", description = "generate the population even when one of this size exists")
  boolean regenerate;

  @Option(names = "--wipe", description = "with --db-url: allow the scan bench to replace that database's population and proposals")
  boolean wipe;

  @Option(names = "--history-days", defaultValue = "0",
      description = "before the scan, fill this many days of minute snapshots per market (as production keeps: 35), so the"
          + " scan's market queries run on a table of production size (default ${DEFAULT-VALUE})")
  int historyDays;

  @Option(names = "--cycles", defaultValue = "5",
      description = "scan: cycles to run, each on a fresh snapshot; the first makes a round of proposals, the rest are the"
          + " steady state (default ${DEFAULT-VALUE})")
  int cycles;

  @Option(names = "--proposals", defaultValue = "10000", description = "execute: premium proposals to execute (default ${DEFAULT-VALUE})")
  int proposals;

  @Option(names = "--rounds", defaultValue = "20", description = "snapshot rounds to time (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--accounts", defaultValue = "20000", description = "api: accounts generated (default ${DEFAULT-VALUE})")
  int accounts;

  @Option(names = "--keys", defaultValue = "64", description = "api: API keys, two per client (default ${DEFAULT-VALUE})")
  int keys;

  @Option(names = "--threads", defaultValue = "8", description = "api: client threads (default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--seconds", defaultValue = "20", description = "api: seconds of reads, and at most of approvals (default ${DEFAULT-VALUE})")
  int seconds;

  /**
   * Times one snapshot of every market on two paper venues through the venue layer (XChange paper exchange: book,
   * ticker, fees, metrics per market), 50 markets each: the catalogue's 25 assets against USDT and, with the same
   * parameters, against USDC. No database: storing is what {@code keel bench snapshot} adds.
   */
  private int venues() {
    if (rounds < 11 || rounds > 10_000) {
      throw new IllegalArgumentException("--rounds must be between 11 and 10000 for venues (10 are warm-up), was " + rounds);
    }
    Clock clock = Clock.systemUTC();
    Map<Market, MarketParameters> usdt =
        LiquidityCalibration.forAssets(AssetCatalogue.all(),
            DailyVolumeFiles.in(SharedData.binanceDaily(), LiquidityCalibration.VOLUME_DAYS));
    Map<Market, MarketParameters> markets = new LinkedHashMap<>(usdt);
    usdt.forEach((m, p) -> markets.put(Market.of(m.base(), "USDC"), p));
    MicrostructureModel model = MicrostructureModel.of(42);
    Map<String, BigDecimal> balances = Map.of("USDT", new BigDecimal("10000000"));
    List<Venue> venues = List.of(
        PaperVenues.venue(new PaperVenueConfig(PaperVenues.PAPER_A_LIQUIDITY,
            new ConfiguredFees(FeeSchedules.binanceSpot(), 0), markets, model, balances), clock),
        PaperVenues.venue(new PaperVenueConfig(PaperVenues.PAPER_B_LIQUIDITY,
            new ConfiguredFees(FeeSchedules.krakenPro(), 0), markets, model, balances), clock));
    SnapshotSpec spec = SnapshotSpec.standard();
    double[] ms = new double[rounds];
    int snapshots = 0;
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      snapshots = 0;
      for (Venue v : venues) {
        snapshots += MarketSnapshotter.snapshotAll(v, spec, clock).size();
      }
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    double[] measured = Arrays.copyOfRange(ms, 10, rounds);
    Arrays.sort(measured);
    System.out.printf("venues       2 paper venues x %d markets = %d snapshots per round, %d rounds (10 warm-up)%n",
        markets.size(), snapshots, rounds);
    System.out.printf("first round  %.1f ms (cold)%n", ms[0]);
    double median = Quantiles.medianOfSorted(measured);
    System.out.printf("median       %.1f ms per round, %.2f ms per snapshot%n", median, median / snapshots);
    System.out.printf("max          %.1f ms%n", measured[measured.length - 1]);
    return 0;
  }

  /** Times whole marketSnapshotJob cycles: every market on every configured venue, stored. */
  private int snapshot() {
    if (rounds < 1 || rounds > 10_000) {
      throw new IllegalArgumentException("--rounds must be between 1 and 10000, was " + rounds);
    }
    try (ConfigurableApplicationContext ctx = Keel.start(db, "--keel.db.name=keel_bench", "--logging.level.dev.keel=WARN")) {
      CycleLauncher launcher = ctx.getBean(CycleLauncher.class);
      MarketDataDao marketData = new MarketDataDao(ctx.getBean(Jdbi.class));
      Instant base = ctx.getBean(Clock.class).instant().truncatedTo(ChronoUnit.SECONDS);
      double[] seconds = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        long t0 = System.nanoTime();
        LaunchOutcome o = launcher.launch(MarketSnapshotJobConfig.JOB, base.plusSeconds(i));
        seconds[i] = (System.nanoTime() - t0) / 1e9;
        if (!o.ranAndCompleted()) {
          System.out.println(o.message());
          return 1;
        }
      }
      long markets = marketData.enabledMarkets();
      long venues = marketData.enabledVenues();
      double[] sorted = seconds.clone();
      Arrays.sort(sorted);
      System.out.printf("snapshot     %d venues, %d markets, %d rounds%n", venues, markets, rounds);
      System.out.printf("first round  %.3f s (cold)%n", seconds[0]);
      double median = Quantiles.medianOfSorted(sorted);
      System.out.printf("median       %.3f s per round, %.1f ms per market%n", median, 1000 * median / markets);
      System.out.printf("max          %.3f s%n", sorted[rounds - 1]);
      return 0;
    }
  }

  /**
   * Executes about {@code --proposals} premium proposals on the two paper venues end to end: a population that breaches,
   * a snapshot and a scan make them, then executionJob runs until none is left executing. Prints proposals and orders
   * per second and where the time went (venue calls, routing, the rest: the database).
   */
  private int execute() {
    if (proposals < 1 || proposals > 100_000) {
      throw new IllegalArgumentException("--proposals must be between 1 and 100000, was " + proposals);
    }
    refuseServerWithoutWipe("the execution bench replaces the population");
    // about 85 % of a population drifting this far breaches its bands
    int accounts = Math.max(1, (int) Math.ceil(proposals / PORTFOLIOS_PER_ACCOUNT / 0.85));
    try (ConfigurableApplicationContext ctx = Keel.start(db, "--keel.db.name=keel_bench", "--logging.level.dev.keel=WARN",
        "--keel.execution.claim-batch=" + proposals)) {
      KeelDatabase database = ctx.getBean(KeelDatabase.class);
      refuseServerWithoutWipe("the execution bench replaces the population", database);
      Wipe.everything(database.dataSource());
      Jdbi jdbi = ctx.getBean(Jdbi.class);
      PopulationSpec d = PopulationSpec.defaults(accounts, seed);
      GenerateCommand.Result g = GenerateCommand.generate(database, ctx.getBean(Clock.class),
          new PopulationSpec(accounts, seed, 1.0, d.medianValue(), d.valueSigma(), d.minValue(), d.maxValue(), 0.5), true, System.out);
      System.out.printf("population   %,d premium portfolios in %.1f s%n", g.written().portfolios(), g.seconds());
      CycleLauncher launcher = ctx.getBean(CycleLauncher.class);
      Instant cycle = ctx.getBean(Clock.class).instant().truncatedTo(ChronoUnit.SECONDS);
      LaunchOutcome snap = launcher.launch(MarketSnapshotJobConfig.JOB, cycle);
      long s0 = System.nanoTime();
      LaunchOutcome scan = launcher.launch(ScanJobConfig.JOB, cycle);
      System.out.printf("scan         %s, %s in %.1f s%n", snap.status(), scan.status(), (System.nanoTime() - s0) / 1e9);
      BenchDao bench = new BenchDao(jdbi);
      OperationsDao operations = new OperationsDao(jdbi);
      int extra = bench.expireApprovedBeyond(proposals);
      long approved = operations.proposalsByStatus().getOrDefault(ProposalStatus.APPROVED, 0L);
      System.out.printf("proposals    %,d approved premium proposals to execute (%,d more left out)%n", approved, extra);
      dev.keel.jobs.execution.ProposalExecutor executor = ctx.getBean(dev.keel.jobs.execution.ProposalExecutor.class);
      long t0 = System.nanoTime();
      long venue = 0;
      long router = 0;
      int orders = 0;
      int runs = 0;
      long executing;
      do {
        dev.keel.jobs.execution.ProposalExecutor.RunSummary r = executor.run();
        runs++;
        venue += r.venueTime().toNanos();
        router += r.routerTime().toNanos();
        orders += r.ordersPlaced();
        System.out.printf("run %-3d      %s (%.1f s)%n", runs, r.describe(), r.wallTime().toNanos() / 1e9);
        Map<ProposalStatus, Long> byStatus = operations.proposalsByStatus();
        executing = byStatus.getOrDefault(ProposalStatus.APPROVED, 0L) + byStatus.getOrDefault(ProposalStatus.EXECUTING, 0L);
      } while (executing > 0 && runs < 10);
      double wall = (System.nanoTime() - t0) / 1e9;
      BenchDao.Executed done = bench.executed();
      int threads = ctx.getBean(dev.keel.jobs.execution.ProposalExecutor.Settings.class).threads();
      System.out.printf("executed     %s; %s fills; ledger mismatches %s%n", done.statuses(), done.fills(), done.ledgerMismatches());
      System.out.printf("wall time    %.1f s in %d runs, %d threads%n", wall, runs, threads);
      System.out.printf("throughput   %,.0f proposals/s, %,.0f orders/s (%,d orders)%n", approved / wall, orders / wall, orders);
      System.out.printf("time spent   venue calls %.1f s, routing %.2f s, the rest (database, booking) %.1f s, summed over threads%n",
          venue / 1e9, router / 1e9, Math.max(0, wall * threads - venue / 1e9 - router / 1e9));
      System.out.printf("machine      %d cores, %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name")
          + " " + System.getProperty("java.version"));
      return executing == 0 ? 0 : 1;
    }
  }

  /** A server named with --db-url (or KEEL_DB_URL) is emptied only with --wipe. */
  private void refuseServerWithoutWipe(String what) {
    if (db.serverGiven() && !wipe) {
      throw new IllegalArgumentException("--db-url: " + what + "; add --wipe to allow that on "
          + dev.keel.persistence.db.Redact.url(db.url != null ? db.url : System.getenv("KEEL_DB_URL")));
    }
  }

  /** Nor a server named in a --config file or a --keel.db.url setting, known once the application has started. */
  private void refuseServerWithoutWipe(String what, KeelDatabase database) {
    if (!database.embedded() && !wipe) {
      throw new IllegalArgumentException("keel.db.url: " + what + "; add --wipe to allow that on " + database.displayUrl());
    }
  }

  @Override
  public Integer call() throws Exception {
    if ("api".equals(what)) {
      return ApiBench.run(db, new ApiBench.Settings(accounts, keys, threads, seconds, seed), wipe);
    }
    if ("execute".equals(what)) {
      return execute();
    }
    if ("snapshot".equals(what)) {
      return snapshot();
    }
    if ("venues".equals(what)) {
      return venues();
    }
    if (!"scan".equals(what)) {
      throw new IllegalArgumentException("WHAT must be 'scan', 'execute', 'snapshot', 'venues' or 'api', was '" + what + "'");
    }
    if (historyDays < 0 || historyDays > 60) {
      throw new IllegalArgumentException("--history-days must be between 0 and 60, was " + historyDays);
    }
    if (cycles < 1 || cycles > 100) {
      throw new IllegalArgumentException("--cycles must be between 1 and 100, was " + cycles);
    }
    if (portfolios < 1 || portfolios > 10_000_000) {
      throw new IllegalArgumentException("--portfolios must be between 1 and 10000000, was " + portfolios);
    }
    refuseServerWithoutWipe("the scan bench replaces the population and clears proposals");
    int accounts = Math.max(1, (int) Math.round(portfolios / PORTFOLIOS_PER_ACCOUNT));
    try (ConfigurableApplicationContext ctx = Keel.start(db, "--keel.db.name=keel_bench", "--logging.level.dev.keel=WARN")) {
      KeelDatabase database = ctx.getBean(KeelDatabase.class);
      refuseServerWithoutWipe("the scan bench replaces the population and clears proposals", database);
      Jdbi jdbi = ctx.getBean(Jdbi.class);
      String ref = "gen-" + seed + "-" + (accounts - 1);
      BenchDao bench = new BenchDao(jdbi);
      boolean reuse = !regenerate && bench.populationIs(accounts, ref);
      if (reuse) {
        // Earlier bench cycles left open proposals behind; a breached portfolio with an open proposal
        // is recorded AWAITING_DECISION and not solved, so they go, and every breach is solved again.
        bench.clearScanResults();
        System.out.printf("population   reused: %,d accounts (seed %d); earlier cycles' outcomes and proposals cleared%n",
            accounts, seed);
      } else {
        GenerateCommand.Result g = GenerateCommand.generate(database, ctx.getBean(Clock.class),
            PopulationSpec.defaults(accounts, seed), true, System.out);
        System.out.printf("population   generated: %,d portfolios in %.1f s%n", g.written().portfolios(), g.seconds());
      }
      long n = bench.portfolios();
      CycleLauncher launcher = ctx.getBean(CycleLauncher.class);
      // a second apart, after any cycle an earlier run took (a run within seconds of the last would relaunch its cycles)
      Instant now = ctx.getBean(Clock.class).instant().truncatedTo(ChronoUnit.SECONDS);
      Instant latest = new MarketDataDao(jdbi).latestSnapshotCycle();
      Instant cycle = latest != null && !latest.isBefore(now) ? latest.plusSeconds(1) : now;
      long s0 = System.nanoTime();
      LaunchOutcome snap = launcher.launch(MarketSnapshotJobConfig.JOB, cycle);
      System.out.printf("snapshot     %s in %.2f s%n", snap.status(), (System.nanoTime() - s0) / 1e9);
      if (historyDays > 0) {
        long h0 = System.nanoTime();
        // a copy of this cycle's snapshot of each market at every earlier minute; earlier bench history is replaced
        long rows = bench.seedSnapshotHistory(cycle, historyDays);
        System.out.printf("history      %,d snapshot rows over %d days in %.1f s%n", rows, historyDays, (System.nanoTime() - h0) / 1e9);
      }
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        pool.resetPeakUsage();
      }
      ScanDao scanDao = ctx.getBean(ScanDao.class);
      WalMeter wal = new WalMeter(jdbi);
      double[] walls = new double[cycles];
      long[] walBytes = new long[cycles];
      boolean completed = true;
      for (int i = 0; i < cycles; i++) {
        // each cycle on its own fresh snapshot, as the schedule runs them; the first makes a round of proposals, the next
        // ones are the steady state: breached portfolios await a decision on them, the calm ones stay calm
        Instant at = cycle.plusSeconds(i);
        if (i > 0) {
          LaunchOutcome s = launcher.launch(MarketSnapshotJobConfig.JOB, at);
          if (!s.ranAndCompleted()) {
            System.out.println(s.message());
            return 1;
          }
        }
        long checkpoints = wal.checkpoints();
        Map<String, Long> vacuums = wal.autovacuums();
        String lsn = wal.position();
        long t0 = System.nanoTime();
        LaunchOutcome scan = launcher.launch(ScanJobConfig.JOB, at);
        walls[i] = (System.nanoTime() - t0) / 1e9;
        if (scan.kind() != LaunchOutcome.Kind.RAN) {
          System.out.printf("cycle %-2d     %s %s%n", i + 1, at, scan.message());
          return 1;
        }
        walBytes[i] = wal.bytesSince(lsn);
        boolean checkpointed = wal.checkpoints() != checkpoints;
        List<String> vacuumed = WalMeter.grew(vacuums, wal.autovacuums());
        Map<String, Long> counts = scanDao.outcomeCounts(at);
        long breaches = counts.entrySet().stream().filter(e -> !NOT_BREACHES.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        long solves = breaches - counts.getOrDefault(ScanResult.AWAITING_DECISION, 0L);
        System.out.printf("cycle %-2d     %s %s, %s%n", i + 1, at, scan.status(), i == 0 ? "first round of proposals" : "steady state");
        System.out.printf("  outcomes   %s%n", counts);
        System.out.printf("  wall time  %.2f s, throughput %,.0f portfolios/s%n", walls[i], n / walls[i]);
        System.out.printf("  solves     %,d (%,.0f solves/s); breach rate %.1f %%%n", solves, solves / walls[i],
            100.0 * breaches / Math.max(1, n));
        System.out.printf("  WAL        %,d bytes (%.2f MiB)%s%n", walBytes[i], walBytes[i] / 1048576.0,
            (checkpointed ? "; a checkpoint started during the cycle" : "")
                + (vacuumed.isEmpty() ? "" : "; autovacuum or autoanalyze ran on " + String.join(", ", vacuumed)));
        ScanDao.Completeness proof = scanDao.completeness(at);
        long active = scanDao.activePortfolios();
        System.out.printf("  proof      %s%n", proof.proves(active)
            ? String.format("each of the %,d active portfolios has exactly one outcome (%,d chunks, %,d outcome rows)", active,
                proof.chunks(), proof.outcomeRows())
            : "NOT PROVEN for " + active + " active portfolios: " + proof);
        completed &= proof.proves(active);
        completed &= scan.ranAndCompleted();
      }
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.printf("portfolios   %,d%n", n);
      if (cycles > 1) {
        double[] steadyWall = Arrays.copyOfRange(walls, 1, cycles);
        long[] steadyWal = Arrays.copyOfRange(walBytes, 1, cycles);
        Arrays.sort(steadyWall);
        Arrays.sort(steadyWal);
        System.out.printf("steady state %d cycles: WAL median %,d bytes (%.2f MiB), range %,d-%,d; wall time median %.2f s, range"
                + " %.2f-%.2f s%n", cycles - 1, steadyWal[steadyWal.length / 2], steadyWal[steadyWal.length / 2] / 1048576.0,
            steadyWal[0], steadyWal[steadyWal.length - 1], steadyWall[steadyWall.length / 2], steadyWall[0],
            steadyWall[steadyWall.length - 1]);
      }
      System.out.printf("peak heap    %,d MiB (max %,d MiB)%n", peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf("machine      %d cores, %s; load average %s%n", Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), loadAverage());
      return completed ? 0 : 1;
    }
  }

  /** The 1, 5 and 15-minute load averages of the machine (Linux), or "unknown". */
  private static String loadAverage() {
    try {
      String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
