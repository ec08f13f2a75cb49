package dev.keel.jobs.snapshot;

import dev.keel.domain.market.FeeRate;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.MarketSnapshot;
import dev.keel.domain.market.Mids;
import dev.keel.domain.market.SnapshotSpec;
import dev.keel.domain.market.SnapshotStatus;
import dev.keel.jobs.batch.Cycle;
import dev.keel.jobs.venue.MarketSnapshotter;
import dev.keel.jobs.venue.Venue;
import dev.keel.jobs.venue.VenueResult;
import dev.keel.persistence.marketdata.MarketDataDao;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * marketSnapshotJob. Step one registers every configured venue and its markets with their
 * rules (tick, lot, minimum notional). Step two snapshots every market on every venue in
 * parallel: one venue failing (timeout, HTTP 5xx, 429, bad data) records its outcome and the
 * others go on. Each market's snapshot is stored once per cycle, whatever its outcome, and the
 * healthy mids extend the 1m, 1h and 1d price bars that the regime detector reads.
 */
@Configuration(proxyBeanMethods = false)
public class MarketSnapshotJobConfig {

  public static final String JOB = "marketSnapshotJob";
  private static final Logger log = LoggerFactory.getLogger(MarketSnapshotJobConfig.class);

  @Bean
  public MarketDataDao marketDataDao(Jdbi jdbi) {
    return new MarketDataDao(jdbi);
  }

  @Bean
  public SnapshotSpec snapshotSpec(@Value("${keel.snapshot.book-depth:100}") int depth,
                                   @Value("${keel.snapshot.max-age-seconds:180}") long maxAgeSeconds) {
    SnapshotSpec standard = SnapshotSpec.standard();
    return new SnapshotSpec(depth, standard.depthBandsBps(), standard.notionals(), Duration.ofSeconds(maxAgeSeconds));
  }

  @Bean
  public Job marketSnapshotJob(JobRepository jobRepository, Step registerMarketsStep, Step captureSnapshotsStep) {
    return new JobBuilder(JOB, jobRepository).start(registerMarketsStep).next(captureSnapshotsStep).build();
  }

  @Bean
  public Step registerMarketsStep(JobRepository jobRepository, JdbcTransactionManager tm, Tasklet registerMarkets) {
    return new StepBuilder("marketSnapshot.register", jobRepository).tasklet(registerMarkets, tm).build();
  }

  @Bean
  public Step captureSnapshotsStep(JobRepository jobRepository, JdbcTransactionManager tm, Tasklet captureSnapshots) {
    return new StepBuilder("marketSnapshot.capture", jobRepository).tasklet(captureSnapshots, tm).build();
  }

  @Bean
  @StepScope
  public Tasklet registerMarkets(List<RegisteredVenue> venues, MarketDataDao dao) {
    return (contribution, chunk) -> {
      for (RegisteredVenue rv : venues) {
        Venue v = rv.venue();
        FeeRate base = v.configuredFees().quote().rate();
        dao.upsertVenue(v.id().value(), rv.kind(), rv.name(), base.maker(), base.taker());
        int registered = 0;
        for (Market m : v.markets()) {
          VenueResult<MarketRules> rules = v.rules(m);
          if (rules instanceof VenueResult.Ok<MarketRules> ok) {
            dao.upsertMarket(v.id().value(), ok.value());
            registered++;
          } else if (rules instanceof VenueResult.Failed<MarketRules> failed) {
            log.warn("{} {}: rules unavailable, market not (re)registered: {}", v.id(), m, failed.fault().detail());
          }
        }
        contribution.incrementWriteCount(registered);
      }
      return RepeatStatus.FINISHED;
    };
  }

  @Bean
  @StepScope
  public Tasklet captureSnapshots(List<RegisteredVenue> venues, MarketDataDao dao, SnapshotSpec spec, Clock clock,
                                  @Value("#{jobParameters['cycle']}") String cycle) {
    Instant c = Cycle.parse(cycle);
    return (contribution, chunk) -> {
      ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, venues.size()), r -> new Thread(r, "snapshot-venue"));
      try {
        List<Future<Captured>> futures = new ArrayList<>();
        for (RegisteredVenue rv : venues) {
          futures.add(pool.submit(() -> {
            long t0 = System.nanoTime();
            List<MarketSnapshot> snaps = MarketSnapshotter.snapshotAll(rv.venue(), spec, clock);
            return new Captured(rv.venue().id().value(), snaps, (System.nanoTime() - t0) / 1_000_000);
          }));
        }
        Map<String, List<BigDecimal>> mids = new TreeMap<>();
        for (Future<Captured> f : futures) {
          Captured cap = f.get();
          int stored = dao.storeSnapshots(c, dao.marketIds(cap.venue), cap.snapshots);
          contribution.incrementWriteCount(stored);
          long ok = cap.snapshots.stream().filter(s -> s.outcome().status() == SnapshotStatus.OK).count();
          String outcome = ok == cap.snapshots.size() && ok > 0 ? "OK" : ok == 0 ? "FAILED" : "PARTIAL";
          String reason = outcome.equals("OK") ? null : summary(cap.snapshots);
          dao.recordVenueOutcome(c, cap.venue, outcome, reason, clock.instant(), cap.latencyMs);
          for (MarketSnapshot s : cap.snapshots) {
            if (s.outcome().status() == SnapshotStatus.OK && s.metrics().isPresent()) {
              mids.computeIfAbsent(s.market().base(), k -> new ArrayList<>()).add(s.metrics().get().mid());
            }
          }
          log.info("{}: {} of {} markets OK in {} ms", cap.venue, ok, cap.snapshots.size(), cap.latencyMs);
        }
        dao.addToBars(median(mids), clock.instant(), "snapshot");
      } finally {
        pool.shutdownNow();
      }
      return RepeatStatus.FINISHED;
    };
  }

  private record Captured(String venue, List<MarketSnapshot> snapshots, long latencyMs) {}

  private static String summary(List<MarketSnapshot> snaps) {
    if (snaps.isEmpty()) {
      return "no markets";
    }
    Map<String, Long> byCode = snaps.stream().filter(s -> !s.outcome().isOk())
        .collect(Collectors.groupingBy(s -> s.outcome().status() + " " + s.outcome().code(), TreeMap::new, Collectors.counting()));
    String first = snaps.stream().filter(s -> !s.outcome().isOk()).findFirst()
        .map(s -> s.market() + ": " + s.outcome().detail()).orElse("");
    return byCode + "; e.g. " + first;
  }

  /** The median of each asset's healthy mids across venues. */
  static Map<String, BigDecimal> median(Map<String, List<BigDecimal>> mids) {
    Map<String, BigDecimal> out = new TreeMap<>();
    mids.forEach((asset, list) -> out.put(asset, Mids.median(list)));
    return out;
  }

}
