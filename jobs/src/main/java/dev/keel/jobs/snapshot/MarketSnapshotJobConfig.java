package dev.keel.jobs.snapshot;

import dev.keel.domain.market.BookMetrics;
import dev.keel.domain.market.FeeRate;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.MarketSnapshot;
import dev.keel.domain.market.Mids;
import dev.keel.domain.market.NotionalCost;
import dev.keel.domain.market.SnapshotSpec;
import dev.keel.domain.market.SnapshotStatus;
import dev.keel.domain.market.VenueOutcome;
import dev.keel.jobs.batch.Cycle;
import dev.keel.jobs.venue.MarketSnapshotter;
import dev.keel.jobs.venue.Venue;
import dev.keel.jobs.venue.VenueResult;
import dev.keel.persistence.marketdata.MarketDataDao;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * others go on. Each registered market's snapshot is stored once per cycle, whatever its outcome,
 * and the healthy mids extend the 1m, 1h and 1d price bars that the regime detector reads. A market
 * whose rules never came (not registered) cannot be stored: the venue's outcome names it instead.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.context.properties.EnableConfigurationProperties(SnapshotSettings.class)
public class MarketSnapshotJobConfig {

  public static final String JOB = "marketSnapshotJob";
  private static final Logger log = LoggerFactory.getLogger(MarketSnapshotJobConfig.class);

  @Bean
  public MarketDataDao marketDataDao(Jdbi jdbi) {
    return new MarketDataDao(jdbi);
  }

  @Bean
  public SnapshotSpec snapshotSpec(SnapshotSettings settings) {
    SnapshotSpec standard = SnapshotSpec.standard();
    return new SnapshotSpec(settings.bookDepth(), standard.depthBandsBps(), standard.notionals(), settings.maxAge());
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
        Map<String, List<String>> unavailable = new java.util.LinkedHashMap<>();
        for (Market m : v.markets()) {
          VenueResult<MarketRules> rules = v.rules(m);
          if (rules instanceof VenueResult.Ok<MarketRules> ok) {
            dao.upsertMarket(v.id().value(), ok.value());
            registered++;
          } else {
            String why = rules instanceof VenueResult.Failed<MarketRules> failed ? failed.fault().describe()
                : ((VenueResult.Quarantined<MarketRules>) rules).quarantine().detail();
            unavailable.computeIfAbsent(why, k -> new ArrayList<>()).add(m.toString());
            log.warn("{} {}: rules unavailable, market not (re)registered: {}", v.id(), m, why);
          }
        }
        // the capture step names these in the venue's outcome when their snapshots cannot be stored
        chunk.getStepContext().getStepExecution().getJobExecution().getExecutionContext()
            .putString(RULES_UNAVAILABLE + v.id().value(), rulesUnavailable(unavailable));
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
      var jobContext = chunk.getStepContext().getStepExecution().getJobExecution().getExecutionContext();
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
          Map<String, Long> ids = dao.marketIds(cap.venue);
          List<MarketSnapshot> storable = new ArrayList<>();
          List<MarketSnapshot> unregistered = new ArrayList<>();
          for (MarketSnapshot s : cap.snapshots) {
            (ids.containsKey(key(s.market())) ? storable : unregistered).add(s);
          }
          int stored = dao.storeSnapshots(c, ids, storable.stream().map(MarketSnapshotJobConfig::forStorage).toList());
          contribution.incrementWriteCount(stored);
          long ok = storable.stream().filter(s -> s.outcome().status() == SnapshotStatus.OK).count();
          VenueOutcome outcome = VenueOutcome.of(ok, cap.snapshots.size());
          String reason = reason(storable, unregistered, jobContext.getString(RULES_UNAVAILABLE + cap.venue, ""));
          dao.recordVenueOutcome(c, cap.venue, outcome, reason, clock.instant(), cap.latencyMs);
          for (MarketSnapshot s : storable) {
            if (s.outcome().status() == SnapshotStatus.OK && s.metrics().isPresent()) {
              mids.computeIfAbsent(s.market().base(), k -> new ArrayList<>()).add(s.metrics().get().mid());
            }
          }
          if (!unregistered.isEmpty()) {
            log.warn("{}: {} snapshots not stored, their markets are not registered: {}", cap.venue, unregistered.size(),
                unregistered.stream().map(s -> s.market().toString()).toList());
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

  /** Job execution context key (plus the venue id) of the markets whose rules the register step could not get. */
  static final String RULES_UNAVAILABLE = "marketSnapshot.rulesUnavailable.";

  /** "SOL/USDT, ADA/USDT (MALFORMED_DATA: ...)" per distinct failure; a venue down at start-up fails all alike. */
  static String rulesUnavailable(Map<String, List<String>> marketsByFailure) {
    String text = marketsByFailure.entrySet().stream().map(e -> String.join(", ", e.getValue()) + " (" + e.getKey() + ")")
        .collect(Collectors.joining("; "));
    return text.length() > 2_000 ? text.substring(0, 2_000) + "..." : text;
  }

  private static String key(Market m) {
    return m.base() + "/" + m.quote();
  }

  /**
   * The venue's reason for the cycle, or null when there is nothing to say: the outcomes of its markets that are not OK,
   * the markets whose snapshots could not be stored because they are not registered (their rules call failed), and the
   * standard notionals the books could not fill, whose cost is stored NULL (FAULTS.md M3).
   */
  static String reason(List<MarketSnapshot> stored, List<MarketSnapshot> unregistered, String rulesUnavailable) {
    List<String> parts = new ArrayList<>();
    if (stored.isEmpty() && unregistered.isEmpty()) {
      parts.add("no markets");
    }
    List<MarketSnapshot> bad = stored.stream().filter(s -> !s.outcome().isOk()).toList();
    if (!bad.isEmpty()) {
      Map<String, Long> byCode = bad.stream()
          .collect(Collectors.groupingBy(s -> s.outcome().status() + " " + s.outcome().code(), TreeMap::new, Collectors.counting()));
      parts.add(byCode + "; e.g. " + bad.get(0).market() + ": " + bad.get(0).outcome().detail());
    }
    if (!unregistered.isEmpty()) {
      parts.add(unregistered.size() + " not stored, market not registered (rules unavailable"
          + (rulesUnavailable.isEmpty() ? "" : ": " + rulesUnavailable) + "): "
          + unregistered.stream().map(s -> s.market() + " " + s.outcome().status()).collect(Collectors.joining(", ")));
    }
    List<String> thin = new ArrayList<>();
    for (MarketSnapshot s : stored) {
      s.metrics().ifPresent(m -> m.costs().forEach(nc -> {
        if (!nc.buyComplete()) {
          thin.add(s.market() + " buy " + Math.round(nc.notional()));
        }
        if (!nc.sellComplete()) {
          thin.add(s.market() + " sell " + Math.round(nc.notional()));
        }
      }));
    }
    if (!thin.isEmpty()) {
      parts.add("depth below the order size, cost not stored: " + String.join(", ", thin));
    }
    return parts.isEmpty() ? null : String.join(" | ", parts);
  }

  /**
   * The snapshot as stored: the walk cost of a standard notional the book could not fill is left out (NULL; the DAO
   * stores no number that is not finite), because the cost of the part that filled would understate the cost of the
   * whole size and the table has no column saying the walk was incomplete (FAULTS.md M3).
   */
  static MarketSnapshot forStorage(MarketSnapshot s) {
    if (s.metrics().isEmpty() || s.metrics().get().costs().stream().allMatch(c -> c.buyComplete() && c.sellComplete())) {
      return s;
    }
    BookMetrics m = s.metrics().get();
    List<NotionalCost> costs = m.costs().stream().map(c -> new NotionalCost(c.notional(), c.buyComplete() ? c.buyCost() : Double.NaN,
        c.sellComplete() ? c.sellCost() : Double.NaN, c.buyComplete(), c.sellComplete())).toList();
    BookMetrics kept = new BookMetrics(m.bestBid(), m.bestBidQuantity(), m.bestAsk(), m.bestAskQuantity(), m.mid(), m.spreadBps(),
        m.bidLevels(), m.askLevels(), m.depth(), costs, m.buyImpactSlope(), m.sellImpactSlope());
    return new MarketSnapshot(s.venue(), s.market(), s.observedAt(), s.venueTime(), s.outcome(), Optional.of(kept), s.fees(),
        s.volume24h());
  }

  /** The median of each asset's healthy mids across venues. */
  static Map<String, BigDecimal> median(Map<String, List<BigDecimal>> mids) {
    Map<String, BigDecimal> out = new TreeMap<>();
    mids.forEach((asset, list) -> out.put(asset, Mids.median(list)));
    return out;
  }

}
