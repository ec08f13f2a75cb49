package dev.keel.scheduler;

import dev.keel.domain.regime.BandMultipliers;
import dev.keel.domain.regime.RegimeConfig;
import dev.keel.domain.regime.RegimeThresholds;
import dev.keel.domain.regime.ShockRule;
import dev.keel.domain.regime.SpreadRule;
import dev.keel.jobs.housekeeping.RetentionSettings;
import dev.keel.jobs.scan.ScanSettings;
import dev.keel.jobs.snapshot.SnapshotSettings;
import dev.keel.jobs.snapshot.VenueSettings;
import dev.keel.persistence.db.DatabaseSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quartz.CronExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keel's configuration, every key under {@code keel.}. Unknown keys are refused at start-up, and
 * every value is checked here, so a mistake fails with one line naming the key and the value.
 *
 * @param db        where the database is
 * @param scheduler the Quartz scheduler
 * @param schedule  one entry per job: its cron expression and whether it is enabled
 * @param regime    the regime detector
 * @param venues    the venues Keel reads and trades on
 * @param snapshot  what a market snapshot captures
 * @param scan      the drift scan
 * @param retention how long per-cycle history is kept
 * @param execution the execution router
 * @param api       the approval API and the investor's page
 * @param notifications delivery of the outbox's events: webhooks and investors' emails
 * @param operations execution leases, recovery retries and what {@code keel ops status} reports; its defaults are in
 *                  application.yml only, so it is null only where that file is not read (see {@link #operationsOrFail()})
 */
@ConfigurationProperties(prefix = "keel", ignoreUnknownFields = false)
public record KeelProperties(@DefaultValue Db db, @DefaultValue Scheduler scheduler, Map<String, JobSchedule> schedule,
                             Regime regime, @DefaultValue VenueSettings venues,
                             @DefaultValue SnapshotSettings snapshot, @DefaultValue ScanSettings scan,
                             @DefaultValue RetentionSettings retention, Execution execution, Api api,
                             Notifications notifications, Operations operations) {

  public KeelProperties {
    schedule = schedule == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(schedule));
    regime = regime == null ? new Regime("1d", null, null, null, null, null, null, null, null, null, null) : regime;
    execution = execution == null ? new Execution(null, null, null, null, null, null, null, null, null, null, null, null, null, null) : execution;
    api = api == null ? new Api(null, null, null, null, null, null, null) : api;
    notifications = notifications == null ? new Notifications(null, null, null, null, null, null, null) : notifications;
    for (Map.Entry<String, JobSchedule> e : schedule.entrySet()) {
      e.getValue().validate("keel.schedule." + e.getKey());
    }
  }

  /**
   * @param url            JDBC URL of a PostgreSQL server; empty for the embedded server
   * @param user           user for {@code url}
   * @param password       password for {@code url}
   * @param dataDir        the embedded server's data directory
   * @param name           the embedded server's database
   * @param poolSize       connection pool size
   * @param migrateOnStart apply the Liquibase changelog at start-up
   * @param readerPassword the password analysts log in with as keel_reader (report views only); none: it cannot log in
   */
  public record Db(String url, String user, String password, @DefaultValue("keel-data") Path dataDir,
                   @DefaultValue("keel") String name, @DefaultValue("24") int poolSize,
                   @DefaultValue("true") boolean migrateOnStart, String readerPassword) {

    /** Never shows the passwords: a record's own toString would, wherever the settings were logged. */
    @Override
    public String toString() {
      return "Db[url=" + dev.keel.persistence.db.Redact.url(url) + ", user=" + user + ", password=" + (password == null ? null
          : dev.keel.persistence.db.Redact.HIDDEN) + ", dataDir=" + dataDir + ", name=" + name + ", poolSize=" + poolSize
          + ", migrateOnStart=" + migrateOnStart + ", readerPassword=" + (readerPassword == null ? null
          : dev.keel.persistence.db.Redact.HIDDEN) + "]";
    }

    public DatabaseSettings settings() {
      String u = url == null || url.isBlank() ? null : url.trim();
      return new DatabaseSettings(u, user, password, dataDir, name, poolSize);
    }
  }

  /**
   * @param name               the Quartz scheduler name shared by the nodes of one cluster
   * @param instanceId         this node's id, AUTO for host name plus time
   * @param threadCount        Quartz worker threads: how many jobs may run at once on this node
   * @param misfireThresholdMs a trigger later than this is a misfire, handled without catch-up
   * @param clustered          whether nodes share triggers through the database
   * @param driverDelegate     the Quartz JDBC delegate; only PostgreSQLDelegate is accepted
   */
  public record Scheduler(@DefaultValue("keel") String name, @DefaultValue("AUTO") String instanceId,
                          @DefaultValue("4") int threadCount, @DefaultValue("60000") long misfireThresholdMs,
                          @DefaultValue("true") boolean clustered, String driverDelegate) {

    public static final String POSTGRES_DELEGATE = "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate";

    public Scheduler {
      if (threadCount < 1 || threadCount > 64) {
        throw new IllegalArgumentException("keel.scheduler.thread-count must be between 1 and 64, was " + threadCount);
      }
      if (misfireThresholdMs < 1_000) {
        throw new IllegalArgumentException("keel.scheduler.misfire-threshold-ms must be at least 1000, was " + misfireThresholdMs);
      }
      if (driverDelegate != null && !driverDelegate.isBlank() && !POSTGRES_DELEGATE.equals(driverDelegate.trim())) {
        throw new IllegalArgumentException("keel.scheduler.driver-delegate must be " + POSTGRES_DELEGATE
            + " (Keel's job store is PostgreSQL), was '" + driverDelegate + "'");
      }
    }
  }

  /**
   * @param cron    a Quartz cron expression, evaluated in UTC (seconds first: "0 * * * * ?" is every minute)
   * @param enabled whether the trigger is scheduled
   */
  public record JobSchedule(String cron, @DefaultValue("true") boolean enabled) {
    void validate(String key) {
      if (cron == null || cron.isBlank()) {
        throw new IllegalArgumentException(key + ".cron is missing");
      }
      try {
        CronExpression.validateExpression(cron);
      } catch (java.text.ParseException e) {
        throw new IllegalArgumentException(key + ".cron '" + cron + "' does not parse: " + e.getMessage());
      }
    }
  }

  /**
   * The regime detector's settings; every one left out takes its value from {@link RegimeConfig#DEFAULT}, the
   * calibration docs/regimes.md describes.
   *
   * @param barInterval      the price_bar interval the regime detector reads: 1m, 5m, 1h or 1d
   * @param fastHalfLife     half-life of the fast EWMA volatility (e.g. 10d)
   * @param slowHalfLife     half-life of the slow EWMA volatility, longer than the fast one (e.g. 60d)
   * @param lookBack         reach of each volatility's trailing distribution (e.g. 730d)
   * @param minimumHistory   history an asset needs before it is classified (e.g. 180d)
   * @param dwell            least time in a regime before stepping down to a calmer one (e.g. 20d)
   * @param thresholds       percentile ranks for entering and holding each regime
   * @param multipliers      the band multiplier of each regime
   * @param maxBandHalfWidth ceiling on any band half-width after the multiplier, fraction of portfolio value
   * @param spread           the cost-awareness rule: spread regimes and their multiplier floors
   * @param shock            the crash rule: a fall from the recent high that enters HIGH at once
   */
  public record Regime(@DefaultValue("1d") String barInterval, java.time.Duration fastHalfLife,
                       java.time.Duration slowHalfLife, java.time.Duration lookBack, java.time.Duration minimumHistory,
                       java.time.Duration dwell, Thresholds thresholds, Multipliers multipliers, Double maxBandHalfWidth,
                       Spread spread, Shock shock) {
    public Regime {
      if (!java.util.Set.of("1m", "5m", "1h", "1d").contains(barInterval)) {
        throw new IllegalArgumentException("keel.regime.bar-interval must be one of 1m, 5m, 1h, 1d, was '" + barInterval + "'");
      }
      RegimeConfig d = RegimeConfig.DEFAULT;
      fastHalfLife = fastHalfLife == null ? d.fastHalfLife() : fastHalfLife;
      slowHalfLife = slowHalfLife == null ? d.slowHalfLife() : slowHalfLife;
      lookBack = lookBack == null ? d.lookBack() : lookBack;
      minimumHistory = minimumHistory == null ? d.minimumHistory() : minimumHistory;
      dwell = dwell == null ? d.dwell() : dwell;
      thresholds = thresholds == null ? new Thresholds(null, null, null, null, null, null) : thresholds;
      multipliers = multipliers == null ? new Multipliers(null, null, null, null) : multipliers;
      maxBandHalfWidth = maxBandHalfWidth == null ? d.maxBandHalfWidth() : maxBandHalfWidth;
      spread = spread == null ? new Spread(null, null, null, null, null, null, null, null, null, null) : spread;
      shock = shock == null ? new Shock(null, null, null, null) : shock;
      config(fastHalfLife, slowHalfLife, lookBack, minimumHistory, dwell, thresholds, multipliers, maxBandHalfWidth, spread,
          shock);
    }

    /** The detector's configuration these settings give. */
    public RegimeConfig config() {
      return config(fastHalfLife, slowHalfLife, lookBack, minimumHistory, dwell, thresholds, multipliers, maxBandHalfWidth, spread,
          shock);
    }

    private static RegimeConfig config(java.time.Duration fast, java.time.Duration slow, java.time.Duration lookBack,
                                       java.time.Duration minimumHistory, java.time.Duration dwell, Thresholds t,
                                       Multipliers m, double ceiling, Spread s, Shock k) {
      try {
        RegimeConfig d = RegimeConfig.DEFAULT;
        return new RegimeConfig(fast, slow, lookBack, minimumHistory, d.distributionStep(),
            new RegimeThresholds(t.calmEnter(), t.calmHold(), t.highEnter(), t.highHold(), t.extremeEnter(), t.extremeHold()),
            dwell, new BandMultipliers(m.calm(), m.normal(), m.high(), m.extreme()),
            new SpreadRule(s.window(), s.baseline(), s.minimumObservations(), s.wideEnter(), s.wideHold(), s.stressedEnter(),
                s.stressedHold(), s.wideFloor(), s.stressedFloor(), s.dwell()), ceiling,
            new ShockRule(k.enabled(), k.drop(), k.window(), k.hold()));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("keel.regime: " + kebab(String.valueOf(e.getMessage())));
      }
    }
  }

  /** The detector's messages name fields in camel case (slowHalfLife); settings are written slow-half-life. */
  static String kebab(String message) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b[a-z]+(?:[A-Z][a-z]+)+\\b").matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, m.group().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT));
    }
    return m.appendTail(out).toString();
  }

  /** Percentile ranks, in [0, 1], for entering and holding each regime; left out, the defaults. */
  public record Thresholds(Double calmEnter, Double calmHold, Double highEnter, Double highHold, Double extremeEnter,
                           Double extremeHold) {
    public Thresholds {
      RegimeThresholds d = RegimeThresholds.DEFAULT;
      calmEnter = calmEnter == null ? d.calmEnter() : calmEnter;
      calmHold = calmHold == null ? d.calmHold() : calmHold;
      highEnter = highEnter == null ? d.highEnter() : highEnter;
      highHold = highHold == null ? d.highHold() : highHold;
      extremeEnter = extremeEnter == null ? d.extremeEnter() : extremeEnter;
      extremeHold = extremeHold == null ? d.extremeHold() : extremeHold;
    }
  }

  /** The band multiplier of each regime; left out, the defaults (0.75, 1.0, 1.5, 2.0). */
  public record Multipliers(Double calm, Double normal, Double high, Double extreme) {
    public Multipliers {
      BandMultipliers d = BandMultipliers.DEFAULT;
      calm = calm == null ? d.calm() : calm;
      normal = normal == null ? d.normal() : normal;
      high = high == null ? d.high() : high;
      extreme = extreme == null ? d.extreme() : extreme;
    }
  }

  /** The spread rule of docs/regimes.md; left out, the defaults. */
  public record Spread(java.time.Duration window, java.time.Duration baseline, Integer minimumObservations, Double wideEnter,
                       Double wideHold, Double stressedEnter, Double stressedHold, Double wideFloor, Double stressedFloor,
                       java.time.Duration dwell) {
    public Spread {
      SpreadRule d = SpreadRule.DEFAULT;
      window = window == null ? d.window() : window;
      baseline = baseline == null ? d.baseline() : baseline;
      minimumObservations = minimumObservations == null ? d.minimumObservations() : minimumObservations;
      wideEnter = wideEnter == null ? d.wideEnter() : wideEnter;
      wideHold = wideHold == null ? d.wideHold() : wideHold;
      stressedEnter = stressedEnter == null ? d.stressedEnter() : stressedEnter;
      stressedHold = stressedHold == null ? d.stressedHold() : stressedHold;
      wideFloor = wideFloor == null ? d.wideFloor() : wideFloor;
      stressedFloor = stressedFloor == null ? d.stressedFloor() : stressedFloor;
      dwell = dwell == null ? d.dwell() : dwell;
    }
  }

  /**
   * The crash rule of docs/regimes.md; left out, the defaults.
   *
   * @param enabled whether a fall from the recent high enters HIGH at once
   * @param drop    least fall below the window's highest close, fraction in (0, 1), e.g. 0.20
   * @param window  how far back the highest close is taken, e.g. 7d
   * @param hold    how long after the last such close the asset stays at least HIGH, e.g. 20d
   */
  public record Shock(Boolean enabled, Double drop, java.time.Duration window, java.time.Duration hold) {
    public Shock {
      ShockRule d = ShockRule.DEFAULT;
      enabled = enabled == null ? d.enabled() : enabled;
      drop = drop == null ? d.drop() : drop;
      window = window == null ? d.window() : window;
      hold = hold == null ? d.hold() : hold;
    }
  }


  /**
   * The execution router (docs/execution.md); every setting left out takes its value from
   * {@link dev.keel.domain.execution.ExecutionPolicy#DEFAULT} or the defaults below.
   *
   * @param costRiseTolerance   HELD when re-pricing raises the expected cost by more than this fraction (0.5)
   * @param midMoveBandFraction HELD when a mid moved by more than this fraction of the asset's band (1.0)
   * @param capCostMultiple     an order's price cap sits this many times the trade's expected cost from mid (2.0)
   * @param minCapSlippage      and never closer than this fraction of mid (0.001)
   * @param notFoundChecks      "no such order" answers needed before an order counts as not placed (4)
   * @param notFoundWindow      over at least this long (60s)
   * @param maxOrdersPerTrade   orders one trade may send in all (4)
   * @param claimBatch          proposals one run claims at most (500)
   * @param threads             groups of proposals driven at once (4)
   * @param group               proposals driven together by one thread, each step's writes in one transaction (50)
   * @param naiveVenue          the single venue the naive yardstick trades on (paper-a)
   * @param rateLimitWait       back-off after HTTP 429 without Retry-After (60s)
   * @param banHalt             halt after HTTP 418 without Retry-After (10m)
   * @param crossing            a group's opposite trades of one asset cross inside Keel, only the net goes to the venues (true)
   */
  public record Execution(Double costRiseTolerance, Double midMoveBandFraction, Double capCostMultiple, Double minCapSlippage,
                          Integer notFoundChecks, java.time.Duration notFoundWindow, Integer maxOrdersPerTrade, Integer claimBatch,
                          Integer threads, String naiveVenue, java.time.Duration rateLimitWait, java.time.Duration banHalt,
                          Integer group, Boolean crossing) {
    public Execution {
      dev.keel.domain.execution.ExecutionPolicy d = dev.keel.domain.execution.ExecutionPolicy.DEFAULT;
      costRiseTolerance = costRiseTolerance == null ? d.costRiseTolerance() : costRiseTolerance;
      midMoveBandFraction = midMoveBandFraction == null ? d.midMoveBandFraction() : midMoveBandFraction;
      capCostMultiple = capCostMultiple == null ? d.capCostMultiple() : capCostMultiple;
      minCapSlippage = minCapSlippage == null ? d.minCapSlippage() : minCapSlippage;
      notFoundChecks = notFoundChecks == null ? d.notFoundChecks() : notFoundChecks;
      notFoundWindow = notFoundWindow == null ? d.notFoundWindow() : notFoundWindow;
      maxOrdersPerTrade = maxOrdersPerTrade == null ? d.maxOrdersPerTrade() : maxOrdersPerTrade;
      // the defaults as constants: the executor's name (a host lookup) is not needed to bind settings
      claimBatch = claimBatch == null ? dev.keel.jobs.execution.ExecutionJobConfig.DEFAULT_CLAIM_BATCH : claimBatch;
      threads = threads == null ? dev.keel.jobs.execution.ExecutionJobConfig.DEFAULT_THREADS : threads;
      group = group == null ? dev.keel.jobs.execution.ExecutionJobConfig.DEFAULT_GROUP : group;
      naiveVenue = naiveVenue == null || naiveVenue.isBlank() ? dev.keel.jobs.execution.ExecutionJobConfig.DEFAULT_NAIVE_VENUE
          : naiveVenue.trim();
      rateLimitWait = rateLimitWait == null ? dev.keel.jobs.execution.ExecutionJobConfig.DEFAULT_RATE_LIMIT_WAIT : rateLimitWait;
      banHalt = banHalt == null ? dev.keel.jobs.execution.ExecutionJobConfig.DEFAULT_BAN_HALT : banHalt;
      crossing = crossing == null ? dev.keel.jobs.execution.ExecutionJobConfig.DEFAULT_CROSSING : crossing;
      if (claimBatch < 1 || claimBatch > 100_000) {
        throw new IllegalArgumentException("keel.execution.claim-batch must be between 1 and 100000, was " + claimBatch);
      }
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("keel.execution.threads must be between 1 and 64, was " + threads);
      }
      if (group < 1 || group > 1000) {
        throw new IllegalArgumentException("keel.execution.group must be between 1 and 1000, was " + group);
      }
      if (rateLimitWait.isNegative() || rateLimitWait.isZero() || banHalt.isNegative() || banHalt.isZero()) {
        throw new IllegalArgumentException("keel.execution.rate-limit-wait and ban-halt must be positive, were " + rateLimitWait
            + " and " + banHalt);
      }
      policy(costRiseTolerance, midMoveBandFraction, capCostMultiple, minCapSlippage, notFoundChecks, notFoundWindow, maxOrdersPerTrade);
    }

    private static dev.keel.domain.execution.ExecutionPolicy policy(double rise, double move, double cap, double slip, int checks,
                                                                     java.time.Duration window, int orders) {
      return new dev.keel.domain.execution.ExecutionPolicy(rise, move, cap, slip, checks, window, orders);
    }

    /** The executor's settings these give, for an executor of this name and the snapshot rules. */
    public dev.keel.jobs.execution.ProposalExecutor.Settings settings(SnapshotSettings snapshot) {
      return new dev.keel.jobs.execution.ProposalExecutor.Settings(policy(costRiseTolerance, midMoveBandFraction, capCostMultiple,
          minCapSlippage, notFoundChecks, notFoundWindow, maxOrdersPerTrade), claimBatch, threads,
          java.time.Duration.ofSeconds(snapshot.maxAgeSeconds()), snapshot.bookDepth(), naiveVenue,
          dev.keel.jobs.execution.ExecutionJobConfig.executorName(), rateLimitWait, banHalt, group, crossing);
    }
  }

  /**
   * The approval API (docs/approval.md). Left out, each setting takes the default below.
   *
   * @param publicUrl            where investors and the platform reach this service (scheme, host, port, no trailing
   *                             slash): the base of the page links in notifications (http://localhost:8080)
   * @param rateLimitPerSecond   requests one API key may make per second on one node, sustained (50)
   * @param rateLimitBurst       requests one API key may make at once before the sustained rate applies (100)
   * @param authCacheTtl          how long a node trusts what it read about a key: a revocation takes effect within it (5s)
   * @param idempotencyRetention how long a decision's Idempotency-Key and its response are kept (24h)
   * @param idempotencyAbandonAfter a decision request still in flight after this long (its node died) may be taken over
   *                             by a repeat (30s)
   * @param maxPageSize          most proposals one list request returns (200)
   */
  public record Api(String publicUrl, Double rateLimitPerSecond, Integer rateLimitBurst, java.time.Duration authCacheTtl,
                    java.time.Duration idempotencyRetention, java.time.Duration idempotencyAbandonAfter, Integer maxPageSize) {
    public static final String DEFAULT_PUBLIC_URL = "http://localhost:8080";
    public static final double DEFAULT_RATE_LIMIT_PER_SECOND = 50;
    public static final int DEFAULT_RATE_LIMIT_BURST = 100;
    public static final java.time.Duration DEFAULT_AUTH_CACHE_TTL = java.time.Duration.ofSeconds(5);
    public static final java.time.Duration DEFAULT_IDEMPOTENCY_RETENTION = java.time.Duration.ofHours(24);
    public static final java.time.Duration DEFAULT_IDEMPOTENCY_ABANDON_AFTER = java.time.Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_PAGE_SIZE = 200;

    public Api {
      rateLimitPerSecond = rateLimitPerSecond == null ? DEFAULT_RATE_LIMIT_PER_SECOND : rateLimitPerSecond;
      rateLimitBurst = rateLimitBurst == null ? DEFAULT_RATE_LIMIT_BURST : rateLimitBurst;
      authCacheTtl = authCacheTtl == null ? DEFAULT_AUTH_CACHE_TTL : authCacheTtl;
      idempotencyRetention = idempotencyRetention == null ? DEFAULT_IDEMPOTENCY_RETENTION : idempotencyRetention;
      idempotencyAbandonAfter = idempotencyAbandonAfter == null ? DEFAULT_IDEMPOTENCY_ABANDON_AFTER : idempotencyAbandonAfter;
      maxPageSize = maxPageSize == null ? DEFAULT_MAX_PAGE_SIZE : maxPageSize;
      if (!(rateLimitPerSecond > 0) || rateLimitPerSecond > 100_000) {
        throw new IllegalArgumentException("keel.api.rate-limit-per-second must be above 0 and at most 100000, was " + rateLimitPerSecond);
      }
      if (rateLimitBurst < 1 || rateLimitBurst > 100_000) {
        throw new IllegalArgumentException("keel.api.rate-limit-burst must be between 1 and 100000, was " + rateLimitBurst);
      }
      if (authCacheTtl.isNegative() || authCacheTtl.compareTo(java.time.Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("keel.api.auth-cache-ttl must be between 0s and 5m, was " + authCacheTtl);
      }
      if (idempotencyRetention.compareTo(java.time.Duration.ofHours(1)) < 0 || idempotencyRetention.compareTo(java.time.Duration.ofDays(30)) > 0) {
        throw new IllegalArgumentException("keel.api.idempotency-retention must be between 1h and 30d, was " + idempotencyRetention);
      }
      if (idempotencyAbandonAfter.compareTo(java.time.Duration.ofSeconds(1)) < 0
          || idempotencyAbandonAfter.compareTo(idempotencyRetention) >= 0) {
        throw new IllegalArgumentException("keel.api.idempotency-abandon-after must be at least 1s and shorter than"
            + " keel.api.idempotency-retention, was " + idempotencyAbandonAfter);
      }
      if (maxPageSize < 1 || maxPageSize > 10_000) {
        throw new IllegalArgumentException("keel.api.max-page-size must be between 1 and 10000, was " + maxPageSize);
      }
      publicUrl = publicUrl == null || publicUrl.isBlank() ? DEFAULT_PUBLIC_URL : publicUrl.trim();
      java.net.URI uri;
      try {
        uri = new java.net.URI(publicUrl);
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("keel.api.public-url is not a URL (" + e.getReason() + ")");
      }
      if (uri.getRawUserInfo() != null) {
        // the value is not echoed: it holds a credential
        throw new IllegalArgumentException("keel.api.public-url must not carry credentials");
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getQuery() != null || uri.getFragment() != null || publicUrl.endsWith("/")) {
        throw new IllegalArgumentException("keel.api.public-url must be http(s)://host[:port][/path] without credentials,"
            + " query or trailing slash, was '" + publicUrl + "'");
      }
    }
  }

  /**
   * Delivery of the outbox's events (docs/approval.md, Notifications); every setting left out takes its value from
   * {@link dev.keel.domain.notification.DeliveryPolicy#DEFAULT}.
   *
   * @param maxAttempts    attempts per delivery before it is DEAD (10)
   * @param baseDelay      the wait after the first failure, doubled after each further one (30s)
   * @param maxDelay       the longest wait between two attempts (1h)
   * @param connectTimeout to open a connection to a webhook receiver or the SMTP server (5s)
   * @param requestTimeout for one webhook request, or one SMTP read or write (10s)
   * @param claimBatch     deliveries claimed at a time (20)
   * @param email          the SMTP server; email is off while its host is empty
   */
  public record Notifications(Integer maxAttempts, java.time.Duration baseDelay, java.time.Duration maxDelay,
                              java.time.Duration connectTimeout, java.time.Duration requestTimeout, Integer claimBatch, Email email) {
    public Notifications {
      dev.keel.domain.notification.DeliveryPolicy d = dev.keel.domain.notification.DeliveryPolicy.DEFAULT;
      maxAttempts = maxAttempts == null ? d.maxAttempts() : maxAttempts;
      baseDelay = baseDelay == null ? d.baseDelay() : baseDelay;
      maxDelay = maxDelay == null ? d.maxDelay() : maxDelay;
      connectTimeout = connectTimeout == null ? d.connectTimeout() : connectTimeout;
      requestTimeout = requestTimeout == null ? d.requestTimeout() : requestTimeout;
      claimBatch = claimBatch == null ? d.claimBatch() : claimBatch;
      email = email == null ? new Email(null, null, null, null, null, null) : email;
      policy(maxAttempts, baseDelay, maxDelay, connectTimeout, requestTimeout, claimBatch);
    }

    private static dev.keel.domain.notification.DeliveryPolicy policy(int attempts, java.time.Duration base, java.time.Duration max,
                                                                       java.time.Duration connect, java.time.Duration request, int batch) {
      return new dev.keel.domain.notification.DeliveryPolicy(attempts, base, max, connect, request, batch);
    }

    /** notificationJob's settings, with page links under {@code publicUrl}. */
    public dev.keel.jobs.notification.NotificationSettings settings(Api api) {
      return new dev.keel.jobs.notification.NotificationSettings(
          policy(maxAttempts, baseDelay, maxDelay, connectTimeout, requestTimeout, claimBatch), api.publicUrl(), email.settings());
    }

    /**
     * @param host     the SMTP server's host; empty: no email (the default)
     * @param port     its port (587)
     * @param from     the sender's address; required when host is set
     * @param user     the SMTP user; empty for no authentication
     * @param password the SMTP password (secret: never shown in a message)
     * @param starttls require STARTTLS (true)
     */
    public record Email(String host, Integer port, String from, String user, String password, Boolean starttls) {
      public Email {
        port = port == null ? 587 : port;
        starttls = starttls == null || starttls;
        settings(host, port, from, user, password, starttls);
      }

      private static dev.keel.jobs.notification.NotificationSettings.Email settings(String host, int port, String from, String user,
                                                                                     String password, boolean starttls) {
        return new dev.keel.jobs.notification.NotificationSettings.Email(host, port, from, user, password, starttls);
      }

      dev.keel.jobs.notification.NotificationSettings.Email settings() {
        return settings(host, port, from, user, password, starttls);
      }

      @Override
      public String toString() {
        return settings().toString();
      }
    }
  }

  /** The operations settings; application.yml always gives them, so their absence is a packaging error. */
  public Operations operationsOrFail() {
    if (operations == null) {
      throw new IllegalArgumentException("keel.operations is missing: application.yml holds its defaults");
    }
    return operations;
  }

  /**
   * How executions are leased and watched; the defaults are in application.yml.
   *
   * @param heartbeat       how often a running execution's lease row is refreshed (5s)
   * @param leaseStaleAfter a lease not refreshed for this long belongs to a process that is gone: a restart or a
   *                        recovery may take the execution over (30s; at least twice the heartbeat)
   * @param recoveryRetry   a recovery the scheduler could not take (the execution's lease still fresh) is tried again
   *                        after this long, until the execution ends or is taken over (15s)
   * @param stuckAfter      an execution still running this long after it started is reported stuck by
   *                        {@code keel ops status} and turns the health DOWN (15m)
   * @param missedSlots     a job whose last run is this many scheduled slots behind is reported lagging (2)
   * @param backlogAfter    an approved proposal not executed this long after its approval is a backlog, reported by
   *                        {@code keel ops status} and turning the health DOWN (15m)
   * @param statusRefresh   the health endpoint and the metrics read from the database (proposals by status) read it
   *                        at most this often; 0s: on every request (5s)
   */
  public record Operations(java.time.Duration heartbeat, java.time.Duration leaseStaleAfter, java.time.Duration recoveryRetry,
                           java.time.Duration stuckAfter, Integer missedSlots, java.time.Duration backlogAfter,
                           java.time.Duration statusRefresh) {
    public Operations {
      required("heartbeat", heartbeat);
      required("lease-stale-after", leaseStaleAfter);
      required("recovery-retry", recoveryRetry);
      required("stuck-after", stuckAfter);
      required("backlog-after", backlogAfter);
      if (missedSlots == null) {
        throw new IllegalArgumentException("keel.operations.missed-slots is missing");
      }
      if (statusRefresh == null) {
        throw new IllegalArgumentException("keel.operations.status-refresh is missing");
      }
      if (statusRefresh.isNegative() || statusRefresh.compareTo(java.time.Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("keel.operations.status-refresh must be between 0s and 1m, was " + statusRefresh);
      }
      if (heartbeat.compareTo(java.time.Duration.ofMillis(200)) < 0 || heartbeat.compareTo(java.time.Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("keel.operations.heartbeat must be between 200ms and 5m, was " + heartbeat);
      }
      if (leaseStaleAfter.compareTo(heartbeat.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException("keel.operations.lease-stale-after must be at least twice keel.operations.heartbeat ("
            + heartbeat + "), was " + leaseStaleAfter);
      }
      if (recoveryRetry.compareTo(java.time.Duration.ofMillis(500)) < 0 || recoveryRetry.compareTo(java.time.Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("keel.operations.recovery-retry must be between 500ms and 1h, was " + recoveryRetry);
      }
      if (stuckAfter.compareTo(java.time.Duration.ofSeconds(10)) < 0) {
        throw new IllegalArgumentException("keel.operations.stuck-after must be at least 10s, was " + stuckAfter);
      }
      if (missedSlots < 1 || missedSlots > 1000) {
        throw new IllegalArgumentException("keel.operations.missed-slots must be between 1 and 1000, was " + missedSlots);
      }
    }

    private static void required(String key, java.time.Duration value) {
      if (value == null) {
        throw new IllegalArgumentException("keel.operations." + key + " is missing");
      }
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("keel.operations." + key + " must be positive, was " + value);
      }
    }

    public dev.keel.jobs.launch.ExecutionLeases.Settings leases() {
      return new dev.keel.jobs.launch.ExecutionLeases.Settings(heartbeat, leaseStaleAfter);
    }
  }
}
