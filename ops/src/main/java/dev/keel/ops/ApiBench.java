package dev.keel.ops;

import dev.keel.domain.portfolio.PopulationSpec;
import dev.keel.domain.statistics.Quantiles;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.jobs.scan.ScanJobConfig;
import dev.keel.jobs.snapshot.MarketSnapshotJobConfig;
import dev.keel.persistence.api.ApiKeyDao;
import dev.keel.persistence.bench.BenchDao;
import dev.keel.persistence.bench.BenchDao.Waiting;
import dev.keel.persistence.db.KeelDatabase;
import dev.keel.persistence.db.Wipe;
import dev.keel.scheduler.api.ApiKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code keel bench api}: the approval API as the platform's back end uses it, over HTTP on 127.0.0.1. The service runs
 * in this process on the embedded database (keel_bench) with a generated standard-tier population whose drift makes
 * proposals; many API keys (two per client) and many accounts. First reads (an account's list, then one proposal's
 * detail, from many threads), then approvals (each proposal once, some repeated with their key, some again with a new
 * key). Prints reads per second with p50 and p99, approvals per second, and counts in SQL that every approved proposal
 * made exactly one transition.
 */
final class ApiBench {

  /** The settings of one run. */
  record Settings(int accounts, int keys, int threads, int seconds, long seed) {
    Settings {
      if (accounts < 10 || accounts > 1_000_000) {
        throw new IllegalArgumentException("--accounts must be between 10 and 1000000, was " + accounts);
      }
      if (keys < 2 || keys > 10_000) {
        throw new IllegalArgumentException("--keys must be between 2 and 10000, was " + keys);
      }
      if (threads < 1 || threads > 512) {
        throw new IllegalArgumentException("--threads must be between 1 and 512, was " + threads);
      }
      if (seconds < 5 || seconds > 3600) {
        throw new IllegalArgumentException("--seconds must be between 5 and 3600, was " + seconds);
      }
    }
  }

  /** Latencies of one phase, nanoseconds, and its counts. */
  private static final class Phase {
    final ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();

    void count(int status) {
      statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    long[] sorted() {
      long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
      Arrays.sort(all);
      return all;
    }
  }

  private ApiBench() {}

  static int run(DatabaseOptions db, Settings s, boolean wipe) throws Exception {
    if (db.serverGiven() && !wipe) {
      throw new IllegalArgumentException("--db-url: the API bench replaces the population; add --wipe to allow that on "
          + (db.url != null ? db.url : System.getenv("KEEL_DB_URL")));
    }
    String load0 = load();
    // the limiter still runs on every request; its rate is raised so the bench measures the API, not the limit
    try (ConfigurableApplicationContext ctx = Keel.serve(db, "--keel.db.name=keel_bench", "--logging.level.dev.keel=WARN",
        "--server.port=0", "--server.address=127.0.0.1", "--keel.api.rate-limit-per-second=100000",
        "--keel.api.rate-limit-burst=100000", "--server.tomcat.threads.max=" + Math.max(50, s.threads() * 2))) {
      KeelDatabase database = ctx.getBean(KeelDatabase.class);
      if (!database.embedded() && !wipe) {
        throw new IllegalArgumentException("keel.db.url: the API bench replaces the population; add --wipe to allow that on "
            + database.jdbcUrl());
      }
      Wipe.everything(database.dataSource());
      Jdbi jdbi = ctx.getBean(Jdbi.class);
      Clock clock = ctx.getBean(Clock.class);
      PopulationSpec d = PopulationSpec.defaults(s.accounts(), s.seed());
      GenerateCommand.Result g = GenerateCommand.generate(database, clock, new PopulationSpec(s.accounts(), s.seed(), 0.0,
          d.medianValue(), d.valueSigma(), d.minValue(), d.maxValue(), 0.5), true, System.out);
      System.out.printf("population   %,d standard-tier portfolios of %,d accounts in %.1f s%n", g.written().portfolios(),
          g.written().accounts(), g.seconds());
      CycleLauncher launcher = ctx.getBean(CycleLauncher.class);
      Instant cycle = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      LaunchOutcome snap = launcher.launch(MarketSnapshotJobConfig.JOB, cycle);
      LaunchOutcome scan = launcher.launch(ScanJobConfig.JOB, cycle);
      BenchDao bench = new BenchDao(jdbi);
      List<Waiting> targets = bench.waitingProposals();
      System.out.printf("proposals    %,d waiting for a decision (snapshot %s, scan %s)%n", targets.size(), snap.status(), scan.status());
      if (targets.isEmpty()) {
        return 1;
      }
      // statistics as a running database has them: the freshly copied tables have none yet
      bench.analyzeApiBenchTables();
      SecureRandom random = new SecureRandom();
      ApiKeyDao keyDao = ctx.getBean(ApiKeyDao.class);
      String[] keys = new String[s.keys()];
      for (int i = 0; i < keys.length; i++) {
        ApiKey.Generated k = ApiKey.generate(random);
        keyDao.create(k.id(), "bench-client-" + (i / 2), ApiKey.sha256(k.key()), clock.instant(), "keel bench api");
        keys[i] = k.key();
      }
      int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
      System.out.printf("keys         %d keys of %d clients (two live keys each); %d client threads; port %d%n", keys.length,
          (keys.length + 1) / 2, s.threads(), port);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
      String base = "http://127.0.0.1:" + port + "/api/v1/accounts/";

      // reads: a warm-up of half the time (the JIT is still compiling the request path before that), then measured
      reads(http, base, keys, targets, s.threads(), Math.max(5, s.seconds() / 2), s.seed());
      long r0 = System.nanoTime();
      long c0 = cpu();
      long[] threads0 = threadCpu();
      WORKER_CPU.set(0);
      Phase reads = reads(http, base, keys, targets, s.threads(), s.seconds(), s.seed() + 1);
      double readWall = (System.nanoTime() - r0) / 1e9;
      double readCpu = (cpu() - c0) / 1e6;
      long[] threads1 = threadCpu();
      double readService = (threads1[0] - threads0[0]) / 1e6;
      double readClient = (threads1[1] - threads0[1] + WORKER_CPU.get()) / 1e6;
      long[] rl = reads.sorted();
      System.out.printf("reads        %,d in %.1f s = %,.0f reads/s; p50 %.1f ms, p99 %.1f ms, max %.1f ms; statuses %s%n", rl.length,
          readWall, rl.length / readWall, pct(rl, 0.50), pct(rl, 0.99), rl.length == 0 ? 0 : rl[rl.length - 1] / 1e6,
          new java.util.TreeMap<>(reads.statuses));
      System.out.printf("             %.2f ms of this process's CPU per read: %.2f ms in the service's request threads, %.2f ms in the"
          + " client's (the database's is not counted)%n", readCpu / Math.max(1, rl.length), readService / Math.max(1, rl.length),
          readClient / Math.max(1, rl.length));

      // approvals: each proposal once until the time is up; every 10th repeated with its key, every 10th (offset 5)
      // again with a new key
      long a0 = System.nanoTime();
      long c1 = cpu();
      Phase approvals = new Phase();
      AtomicInteger next = new AtomicInteger();
      AtomicLong replays = new AtomicLong();
      AtomicLong replaysSame = new AtomicLong();
      AtomicLong sent = new AtomicLong();
      long deadline = System.nanoTime() + s.seconds() * 1_000_000_000L;
      List<Long> approved = java.util.Collections.synchronizedList(new ArrayList<>());
      run(s.threads(), t -> {
        SplittableRandom rnd = new SplittableRandom(s.seed() * 31 + t);
        long[] lat = new long[64];
        int n = 0;
        int i;
        while (System.nanoTime() < deadline && (i = next.getAndIncrement()) < targets.size()) {
          Waiting target = targets.get(i);
          String key = keys[rnd.nextInt(keys.length)];
          String path = base + enc(target.accountRef()) + "/proposals/" + target.proposalId() + "/approve";
          String idem = UUID.randomUUID().toString();
          long t0 = System.nanoTime();
          HttpResponse<String> r = post(http, path, key, idem);
          if (n == lat.length) {
            lat = Arrays.copyOf(lat, n * 2);
          }
          lat[n++] = System.nanoTime() - t0;
          sent.incrementAndGet();
          approvals.count(r.statusCode());
          if (r.statusCode() != 200) {
            approvals.failed.incrementAndGet();
            continue;
          }
          approvals.ok.incrementAndGet();
          approved.add(target.proposalId());
          if (i % 10 == 0 || i % 10 == 5) {
            // the same key: the first response again; a new key: the same decision, no second transition
            HttpResponse<String> again = post(http, path, key, i % 10 == 0 ? idem : UUID.randomUUID().toString());
            sent.incrementAndGet();
            replays.incrementAndGet();
            if (again.statusCode() == 200 && sameDecision(again.body(), r.body())) {
              replaysSame.incrementAndGet();
            }
          }
        }
        approvals.latencies.add(Arrays.copyOf(lat, n));
      });
      double approveWall = (System.nanoTime() - a0) / 1e9;
      double approveCpu = (cpu() - c1) / 1e6;
      long[] al = approvals.sorted();
      BenchDao.Approvals check = bench.approvals();
      long transitions = check.transitions();
      long doubled = check.doubled();
      System.out.printf("approvals    %,d in %.1f s = %,.0f approvals/s (%,d requests with the repeats, %,.0f/s); p50 %.1f ms,"
              + " p99 %.1f ms; statuses %s%n", approvals.ok.get(), approveWall, approvals.ok.get() / approveWall, sent.get(),
          sent.get() / approveWall, pct(al, 0.50), pct(al, 0.99), new java.util.TreeMap<>(approvals.statuses));
      System.out.printf("             %.2f ms of this process's CPU per request%n", approveCpu / Math.max(1, sent.get()));
      System.out.printf("repeats      %,d sent, %,d answered the first decision%n", replays.get(), replaysSame.get());
      System.out.printf("in SQL       %,d APPROVED transitions in proposal_status_history for %s proposals; %d proposals with"
          + " more than one; %s APPROVED now%n", transitions, check.proposals(), doubled, check.approvedNow());
      boolean single = doubled == 0 && transitions == approvals.ok.get() && replaysSame.get() == replays.get();
      System.out.printf("one each     %s%n", single ? "yes: every approval is a single transition" : "NO");
      System.out.printf("load         before %s; after %s (1, 5, 15 min)%n", load0, load());
      System.out.printf("machine      %d cores, %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name")
          + " " + System.getProperty("java.version"));
      return single && reads.failed.get() == 0 ? 0 : 1;
    }
  }

  private static Phase reads(HttpClient http, String base, String[] keys, List<Waiting> targets, int threads, int seconds, long seed)
      throws InterruptedException {
    Phase phase = new Phase();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    run(threads, t -> {
      SplittableRandom rnd = new SplittableRandom(seed * 31 + t);
      long[] lat = new long[1024];
      int n = 0;
      while (System.nanoTime() < deadline) {
        Waiting target = targets.get(rnd.nextInt(targets.size()));
        String key = keys[rnd.nextInt(keys.length)];
        String path = base + enc(target.accountRef()) + "/proposals" + (n % 2 == 0 ? "" : "/" + target.proposalId());
        long t0 = System.nanoTime();
        HttpResponse<String> r = get(http, path, key);
        if (n == lat.length) {
          lat = Arrays.copyOf(lat, n * 2);
        }
        lat[n++] = System.nanoTime() - t0;
        phase.count(r.statusCode());
        if (r.statusCode() == 200) {
          phase.ok.incrementAndGet();
        } else {
          phase.failed.incrementAndGet();
        }
      }
      phase.latencies.add(Arrays.copyOf(lat, n));
    });
    return phase;
  }

  private interface Worker {
    void run(int thread) throws Exception;
  }

  private static void run(int threads, Worker worker) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(threads);
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread th = new Thread(() -> {
        try {
          worker.run(index);
        } catch (Throwable e) {
          failures.add(e);
        } finally {
          WORKER_CPU.addAndGet(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
          done.countDown();
        }
      }, "bench-api-" + t);
      th.start();
    }
    done.await();
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a bench thread failed: " + failures.get(0), failures.get(0));
    }
  }

  private static HttpResponse<String> get(HttpClient http, String uri, String key) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(30))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(HttpClient http, String uri, String key, String idempotencyKey)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + key)
        .header("Idempotency-Key", idempotencyKey).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Two decision answers report the same decision: same proposal, same decider, same time. */
  private static boolean sameDecision(String a, String b) {
    return strip(a).equals(strip(b));
  }

  private static String strip(String body) {
    return body.replaceAll("\"status\":\"[A-Z]+\",?", "");
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The p-quantile of latencies sorted ascending, nanoseconds, in milliseconds; 0 when there is none. */
  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return Quantiles.ofSorted(Arrays.stream(sorted).asDoubleStream().toArray(), p) / 1e6;
  }

  /** CPU time of the service's request threads (Tomcat's) and of the HTTP client's own threads, nanoseconds. */
  private static long[] threadCpu() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long service = 0;
    long client = 0;
    for (java.lang.management.ThreadInfo t : mx.dumpAllThreads(false, false)) {
      long ns = mx.getThreadCpuTime(t.getThreadId());
      if (ns <= 0) {
        continue;
      }
      if (t.getThreadName().startsWith("http-nio")) {
        service += ns;
      } else if (t.getThreadName().startsWith("HttpClient")) {
        client += ns;
      }
    }
    return new long[] {service, client};
  }

  /** CPU of the bench's own client threads, summed as each ends. */
  private static final AtomicLong WORKER_CPU = new AtomicLong();

  /** This process's CPU time, nanoseconds. */
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
