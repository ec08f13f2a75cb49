package dev.keel.jobs.scan;

import static dev.keel.jobs.scan.ScanFixtures.CYCLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.domain.market.ReferencePrices;
import dev.keel.domain.portfolio.DriftScan;
import dev.keel.domain.portfolio.ScanResult;
import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import dev.keel.persistence.testing.TestDatabase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The drift scan end to end on PostgreSQL: outcomes, proposals, faults and restarts (FAULTS B1, M1–M4). */
class ScanJobIT {

  /** Fails the n-th chunk written by {@link #failPartition}, once; 0: never. */
  static final AtomicInteger FAIL_AT_CHUNK = new AtomicInteger();
  static final AtomicBoolean DROP_CONNECTION_ONCE = new AtomicBoolean();
  static volatile boolean slow;
  static volatile String failPartition = "";
  private static AnnotationConfigApplicationContext ctx;
  private static CycleLauncher launcher;
  private final TestDatabase db = TestDatabase.get();

  @Configuration(proxyBeanMethods = false)
  static class FailingWrites {
    @Bean
    ScanWriteHook scanWriteHook(javax.sql.DataSource dataSource) {
      return (partition, results) -> {
        if (slow) {
          java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        if (partition.endsWith(failPartition) && FAIL_AT_CHUNK.get() > 0 && FAIL_AT_CHUNK.decrementAndGet() == 0) {
          throw new IllegalStateException("injected write failure in " + partition);
        }
        if (partition.endsWith(failPartition) && DROP_CONNECTION_ONCE.compareAndSet(true, false)) {
          dropChunkConnection(dataSource);
        }
      };
    }

    /** Kills the PostgreSQL backend of this chunk's own transaction, as a network failure would (FAULTS B4). */
    static void dropChunkConnection(javax.sql.DataSource dataSource) {
      java.sql.Connection chunk = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource);
      try (java.sql.Statement s = chunk.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        int pid = rs.getInt(1);
        try (java.sql.Connection other = dataSource.getConnection(); java.sql.Statement k = other.createStatement()) {
          k.execute("SELECT pg_terminate_backend(" + pid + ")");
        }
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      } finally {
        org.springframework.jdbc.datasource.DataSourceUtils.releaseConnection(chunk, dataSource);
      }
    }
  }

  @BeforeAll
  static void start() {
    System.setProperty("keel.scan.chunk-size", "7");
    System.setProperty("keel.scan.grid-size", "3");
    ctx = JobsTestContext.start(ScanJobConfig.class, FailingWrites.class);
    launcher = ctx.getBean(CycleLauncher.class);
  }

  @AfterAll
  static void stop() {
    ctx.close();
    System.clearProperty("keel.scan.chunk-size");
    System.clearProperty("keel.scan.grid-size");
  }

  @BeforeEach
  void clean() {
    db.reset();
    FAIL_AT_CHUNK.set(0);
    DROP_CONNECTION_ONCE.set(false);
    slow = false;
    launcher.resume();
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private Map<String, Object> outcome(long portfolio) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT outcome, reason, detail, max_drift FROM report_scan_portfolio"
            + " WHERE portfolio_id = :p")
        .bind("p", portfolio).mapToMap().one());
  }

  private static final Map<String, Double> T6040 = Map.of("BTC", 0.6, "ETH", 0.4);

  @Test
  void the_band_ceiling_is_the_regime_setting() {
    ScanFixtures.freshMarket(db, CYCLE);
    try (AnnotationConfigApplicationContext narrow = JobsTestContext.start(Map.of("keel.regime.max-band-half-width", "0.03"),
        ScanJobConfig.class)) {
      assertThat(narrow.getBean(CycleMarketLoader.class).load(CYCLE).maxBandHalfWidth()).isEqualTo(0.03);
    }
    assertThat(ctx.getBean(CycleMarketLoader.class).load(CYCLE).maxBandHalfWidth())
        .isEqualTo(dev.keel.domain.regime.RegimeConfig.DEFAULT.maxBandHalfWidth());
  }

  @Test
  void golden_cycle_gives_exactly_the_expected_outcomes_and_proposals() {
    ScanFixtures.freshMarket(db, CYCLE);
    ScanFixtures.portfolio(db, 1, "STANDARD", T6040, Map.of("BTC", 0.61, "ETH", 0.39), 20_000);       // inside the band
    ScanFixtures.portfolio(db, 2, "STANDARD", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 20_000); // breach
    ScanFixtures.portfolio(db, 3, "PREMIUM", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 20_000);  // breach, premium
    ScanFixtures.portfolio(db, 4, "STANDARD", Map.of("BTC", 0.6, "ETH", 0.3), Map.of("BTC", 0.6, "ETH", 0.4), 20_000); // sum 0.9
    ScanFixtures.portfolio(db, 5, "STANDARD", Map.of("SOL", 0.5, "ETH", 0.5), Map.of("SOL", 0.5, "ETH", 0.5), 20_000);
    ScanFixtures.portfolio(db, 6, "STANDARD", Map.of("DOGE", 0.5, "ETH", 0.5), Map.of("DOGE", 0.5, "ETH", 0.5), 20_000);
    // LINK and AVAX are in a HIGH regime (x1.5): the 0.05 base band becomes 0.075, below the 0.10 ceiling, so the
    // multiplier read from asset_regime is what decides. A drift of 0.07 breaches the base band but not the widened one;
    // 0.09 breaches both.
    ScanFixtures.portfolio(db, 7, "STANDARD", Map.of("LINK", 0.5, "AVAX", 0.5), Map.of("LINK", 0.57, "AVAX", 0.43), 20_000);
    ScanFixtures.portfolio(db, 8, "STANDARD", Map.of("LINK", 0.5, "AVAX", 0.5), Map.of("LINK", 0.59, "AVAX", 0.41), 20_000);
    // XRP wants a buy of about 110 USDT, below its venue's 250 USDT minimum: the proposal trades BTC and ETH only
    ScanFixtures.portfolio(db, 9, "STANDARD", Map.of("BTC", 0.5, "ETH", 0.3, "XRP", 0.2),
        Map.of("BTC", 0.60, "ETH", 0.20, "XRP", 0.19, "USDT", 0.01), 20_000);
    // portfolio 2's breach at 300 USDT: its ETH buy (about 35 USDT) is below ETH's 40 USDT minimum, nothing to trade
    ScanFixtures.portfolio(db, 10, "STANDARD", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 300);
    db.jdbi().useHandle(h -> {
      ScanFixtures.snapshot(h, "SOL", CYCLE, CYCLE.minus(Duration.ofMinutes(20)), "OK", 86.93, null);        // stale (M1)
      ScanFixtures.snapshot(h, "DOGE", CYCLE, CYCLE, "QUARANTINED", 0, "CROSSED_BOOK: bid above ask");      // bad price (M2)
      // venue rules coarser than the scale of a quantity, so that rounding to them is visible
      h.execute("UPDATE market SET lot_size = 0.0001 WHERE base_asset = 'BTC'");
      h.execute("UPDATE market SET lot_size = 0.001, min_notional = 40 WHERE base_asset = 'ETH'");
      h.execute("UPDATE market SET lot_size = 0.01 WHERE base_asset IN ('LINK', 'AVAX')");
      h.execute("UPDATE market SET lot_size = 1, min_notional = 250 WHERE base_asset = 'XRP'");
      for (String a : List.of("LINK", "AVAX")) {
        ScanFixtures.regime(h, a, CYCLE.minus(Duration.ofHours(1)), "CALM", 0.75);      // superseded
        ScanFixtures.regime(h, a, CYCLE.minus(Duration.ofMinutes(1)), "HIGH", 1.5);     // the latest in or before the cycle
        ScanFixtures.regime(h, a, CYCLE.plus(Duration.ofMinutes(1)), "EXTREME", 2.0);   // after the cycle: not seen
      }
    });

    LaunchOutcome run = launcher.launch(ScanJobConfig.JOB, CYCLE);
    assertThat(run.ranAndCompleted()).as(run.message()).isTrue();

    assertThat(count("SELECT count(*) FROM report_scan_portfolio")).isEqualTo(10);
    assertThat(count("SELECT count(*) FROM scan_outcome")).as("rows only for what decided something: not the 2 calm ones")
        .isEqualTo(8);
    String tallied = db.jdbi().withHandle(h -> h.createQuery("SELECT string_agg(outcomes, '' ORDER BY first_id) FROM scan_tally")
        .mapTo(String.class).one());
    assertThat(tallied).as("the chunks' tallies, portfolio 1 to 10").isEqualTo("NPPSSSNPPT");
    assertThat(outcome(1).get("outcome")).isEqualTo("NO_BREACH");
    assertThat(outcome(2).get("outcome")).isEqualTo("PROPOSAL");
    assertThat(outcome(3).get("outcome")).isEqualTo("PROPOSAL");
    assertThat(outcome(4)).containsEntry("outcome", "SKIPPED").containsEntry("reason", "INVALID_TARGET");
    assertThat(outcome(5)).containsEntry("outcome", "SKIPPED").containsEntry("reason", "STALE_MARKET");
    assertThat((String) outcome(5).get("detail")).contains("2026-11-24T09:40:00Z");
    assertThat(outcome(6)).containsEntry("outcome", "SKIPPED").containsEntry("reason", "BAD_PRICE");
    assertThat((String) outcome(6).get("detail")).contains("bid above ask");
    assertThat(outcome(7).get("outcome")).as("inside the band the regime widened").isEqualTo("NO_BREACH");
    assertThat((String) outcome(7).get("detail")).isEqualTo("every weight inside its band");
    assertThat(outcome(7).get("max_drift")).as("a calm portfolio's drift is counted in its tally, not kept").isNull();
    assertThat(count("SELECT from_5_to_10pct FROM report_drift_distribution")).as("its 0.07 among the drifts").isPositive();
    assertThat(outcome(8).get("outcome")).isEqualTo("PROPOSAL");
    assertThat(outcome(9).get("outcome")).isEqualTo("PROPOSAL");
    assertThat(outcome(10)).containsEntry("outcome", "NO_TRADE");
    assertThat((String) outcome(10).get("detail")).contains("below venue minimums (ETH)");

    // the exit summary counts each outcome
    String exitMessage = db.jdbi().withHandle(h -> h.createQuery("SELECT exit_message FROM batch_job_execution"
        + " WHERE job_execution_id = :e").bind("e", run.executionId()).mapTo(String.class).one());
    assertThat(exitMessage).isEqualTo("outcomes {NO_BREACH=2, NO_TRADE=1, PROPOSAL=4, SKIPPED/BAD_PRICE=1, SKIPPED/INVALID_TARGET=1,"
        + " SKIPPED/STALE_MARKET=1}");

    assertThat(count("SELECT count(*) FROM proposal")).isEqualTo(4);
    assertThat(count("SELECT count(*) FROM proposal WHERE portfolio_id IN (4, 5, 6)")).as("no proposal for a skipped portfolio").isZero();
    Map<String, Object> standard = proposal(2);
    assertThat(standard.get("status")).isEqualTo("PROPOSED");
    assertThat(standard.get("tier_at_creation")).isEqualTo("STANDARD");
    assertThat(standard.get("cost_venue")).isEqualTo("paper-a");
    assertThat(standard.get("drift_before").toString()).contains("\"BTC\"").contains("band");
    assertThat(standard.get("regime").toString()).contains("NORMAL");
    assertThat((java.math.BigDecimal) standard.get("cost_to_target")).as("the cost-blind yardstick beside the proposal's cost")
        .isGreaterThan((java.math.BigDecimal) standard.get("expected_cost"));
    assertThat(count("SELECT count(*) FROM proposal_status_history h JOIN proposal p ON p.id = h.proposal_id"
        + " WHERE h.status = p.status AND h.at = p.created_at")).as("each proposal's first status in its history").isEqualTo(4);
    assertThat(((Number) standard.get("tracking_error_after")).doubleValue())
        .isLessThan(((Number) standard.get("tracking_error_before")).doubleValue());
    List<String> trades = db.jdbi().withHandle(h -> h.createQuery("SELECT t.side || ' ' || t.asset FROM proposal_trade t"
        + " JOIN proposal p ON p.id = t.proposal_id WHERE p.portfolio_id = 2 ORDER BY t.id").mapTo(String.class).list());
    assertThat(trades).containsExactly("SELL BTC", "BUY ETH");
    assertThat(tradedAssets(9)).as("XRP's trade is below its minimum").containsExactly("BTC", "ETH");
    assertThat(proposal(9).get("dust").toString()).contains("XRP").contains("BELOW_MIN_NOTIONAL");

    // the regime and the band the scan used, as stored for a person: HIGH x1.5 on LINK and AVAX, none on cash
    Map<String, Object> regime = db.jdbi().withHandle(h -> h.createQuery("SELECT regime->'LINK'->>'regime' AS link,"
        + " (regime->'LINK'->>'multiplier')::float8 AS link_m, (drift_before->'LINK'->>'baseBand')::float8 AS link_base,"
        + " (drift_before->'LINK'->>'band')::float8 AS link_band, regime->'AVAX'->>'regime' AS avax,"
        + " (drift_before->'AVAX'->>'band')::float8 AS avax_band, regime->'USDT'->>'regime' AS cash,"
        + " (drift_before->'USDT'->>'band')::float8 AS cash_band FROM proposal WHERE portfolio_id = 8").mapToMap().one());
    assertThat(regime).containsEntry("link", "HIGH").containsEntry("avax", "HIGH").containsEntry("cash", "NORMAL");
    assertThat((double) regime.get("link_m")).isEqualTo(1.5);
    assertThat((double) regime.get("link_base")).isEqualTo(0.05);
    assertThat((double) regime.get("link_band")).isCloseTo(0.075, within(1e-12));
    assertThat((double) regime.get("avax_band")).isCloseTo(0.075, within(1e-12));
    assertThat((double) regime.get("cash_band")).isEqualTo(DriftScan.CASH_BAND);

    // Every proposal's figures, from the fixture: each portfolio is worth 20,000 USDT at the reference mids; a trade
    // costs half the 4 bps spread + the 10 bps taker fee + impact (slope 1e-9 per USDT, i.e. notional x 1e-5 bps).
    List<Map<String, Object>> proposals = db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM proposal ORDER BY portfolio_id")
        .mapToMap().list());
    assertThat(proposals).extracting(p -> ((Number) p.get("portfolio_id")).longValue()).containsExactly(2L, 3L, 8L, 9L);
    for (Map<String, Object> p : proposals) {
      long id = ((Number) p.get("id")).longValue();
      String who = "proposal of portfolio " + p.get("portfolio_id");
      BigDecimal value = (BigDecimal) p.get("portfolio_value");
      BigDecimal cost = (BigDecimal) p.get("expected_cost");
      assertThat(value).as(who).isCloseTo(new BigDecimal("20000"), within(new BigDecimal("0.000001")));
      List<Map<String, Object>> rows = db.jdbi().withHandle(h -> h.createQuery("SELECT t.*, m.lot_size, m.min_notional"
          + " FROM proposal_trade t JOIN market m ON m.venue_id = t.venue_id AND m.base_asset = t.asset AND m.quote_asset = 'USDT'"
          + " WHERE t.proposal_id = :p ORDER BY t.id").bind("p", id).mapToMap().list());
      assertThat(rows).as(who).hasSize(2);
      BigDecimal sum = BigDecimal.ZERO;
      for (Map<String, Object> t : rows) {
        String trade = who + ": " + t.get("side") + " " + t.get("asset");
        BigDecimal qty = (BigDecimal) t.get("quantity");
        BigDecimal price = (BigDecimal) t.get("estimated_price");
        BigDecimal notional = (BigDecimal) t.get("notional");
        BigDecimal tradeCost = (BigDecimal) t.get("estimated_cost");
        double costBps = ((Number) t.get("cost_bps")).doubleValue();
        assertThat(price).as(trade).isEqualByComparingTo(ReferencePrices.of((String) t.get("asset")));
        assertThat(qty.remainder((BigDecimal) t.get("lot_size")).signum()).as(trade + " quantity in lots").isZero();
        assertThat(notional).as(trade).isEqualByComparingTo(qty.multiply(price).setScale(8, RoundingMode.HALF_EVEN));
        assertThat(notional).as(trade + " at least the venue minimum").isGreaterThanOrEqualTo((BigDecimal) t.get("min_notional"));
        assertThat(costBps).as(trade).isCloseTo(tradeCost.doubleValue() / notional.doubleValue() * 1e4, within(1e-9));
        assertThat(costBps).as(trade).isCloseTo(2 + 10 + notional.doubleValue() * 1e-5, within(1e-6));
        sum = sum.add(tradeCost);
      }
      assertThat(cost).as(who + ": expected cost is the trades' sum").isEqualByComparingTo(sum);
      assertThat(((Number) p.get("expected_cost_bps")).doubleValue()).as(who)
          .isCloseTo(cost.doubleValue() / value.doubleValue() * 1e4, within(1e-9));
      assertThat(ts(p, "expires_at")).as(who + ": 24 h after its cycle").isEqualTo(CYCLE.plus(Duration.ofHours(24)));
      assertThat(ts(p, "created_at")).as(who).isEqualTo(JobsTestContext.NOW);
      boolean premium = ((Number) p.get("portfolio_id")).longValue() == 3; // the fixture's one premium account
      assertThat(p.get("tier_at_creation")).as(who).isEqualTo(premium ? "PREMIUM" : "STANDARD");
      long notified = count("SELECT count(*) FROM notification WHERE proposal_id = " + id + " AND kind = 'PROPOSAL_READY'"
          + " AND account_id = " + p.get("portfolio_id"));
      if (premium) {
        assertThat(p).as(who).containsEntry("status", "APPROVED").containsEntry("decided_by", "keel:auto-premium");
        assertThat(ts(p, "decided_at")).as(who).isEqualTo(JobsTestContext.NOW);
        assertThat(notified).as(who + ": nobody to ask").isZero();
      } else {
        assertThat(p).as(who).containsEntry("status", "PROPOSED").containsEntry("decided_by", null).containsEntry("decided_at", null);
        assertThat(notified).as(who + ": the investor is told once").isEqualTo(1);
      }
    }
    assertThat(count("SELECT count(*) FROM notification")).isEqualTo(3);
    ScanFixtures.assertWrittenOnce(db, CYCLE);

    // the analysts' views read the same cycle
    assertThat(count("SELECT count(*) FROM report_latest_proposals")).isEqualTo(count("SELECT count(*) FROM proposal_trade"));
    assertThat(count("SELECT count(DISTINCT proposal_id) FROM report_latest_proposals WHERE status = 'APPROVED'")).isEqualTo(1);
    assertThat(count("SELECT round(sum(percent)) FROM report_scan_outcomes")).isEqualTo(100);
    assertThat(count("SELECT portfolios FROM report_scan_outcomes WHERE outcome = 'SKIPPED' AND reason = 'STALE_MARKET'")).isEqualTo(1);
    assertThat(count("SELECT portfolios FROM report_drift_distribution")).as("the drifts known: the written ones and the calm ones")
        .isEqualTo(count("SELECT count(*) FROM scan_outcome WHERE max_drift IS NOT NULL") + 2);
  }

  private Map<String, Object> proposal(long portfolio) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM proposal WHERE portfolio_id = :p").bind("p", portfolio)
        .mapToMap().one());
  }

  private List<String> tradedAssets(long portfolio) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT t.asset FROM proposal_trade t JOIN proposal p ON p.id = t.proposal_id"
        + " WHERE p.portfolio_id = :p ORDER BY t.asset").bind("p", portfolio).mapTo(String.class).list());
  }

  private static Instant ts(Map<String, Object> row, String column) {
    return ((java.sql.Timestamp) row.get(column)).toInstant();
  }

  @Test
  void a_breached_portfolio_with_an_open_proposal_gets_no_second_one_until_that_one_expires() {
    Instant next = CYCLE.plus(Duration.ofMinutes(1));
    Instant dayLater = CYCLE.plus(Duration.ofHours(25));
    for (Instant c : List.of(CYCLE, next, dayLater)) {
      ScanFixtures.freshMarket(db, c);
    }
    ScanFixtures.portfolio(db, 1, "STANDARD", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 20_000);
    ScanFixtures.portfolio(db, 2, "PREMIUM", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 20_000);
    launcher.launch(ScanJobConfig.JOB, CYCLE);
    launcher.launch(ScanJobConfig.JOB, next);
    Map<String, Object> waiting = db.jdbi().withHandle(h -> h.createQuery("SELECT outcome, detail, awaited_proposal_id"
        + " FROM report_scan_portfolio WHERE portfolio_id = 1 AND cycle = :c").bind("c", next).mapToMap().one());
    assertThat(waiting.get("outcome")).isEqualTo("AWAITING_DECISION");
    assertThat((String) waiting.get("detail")).contains("PROPOSED").contains("expires 2026-11-25T10:00:00Z");
    assertThat(((Number) waiting.get("awaited_proposal_id")).longValue())
        .isEqualTo(count("SELECT id FROM proposal WHERE portfolio_id = 1 AND cycle = '" + CYCLE + "'"));
    assertThat(count("SELECT count(*) FROM report_scan_portfolio WHERE portfolio_id = 2 AND outcome = 'AWAITING_DECISION'"))
        .as("an approved proposal not yet executed is open too").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM scan_outcome WHERE cycle = '" + next + "'")).as("awaiting is not written again").isZero();
    assertThat(count("SELECT count(*) FROM proposal")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM notification")).as("the investor is told once").isEqualTo(1);

    // after 24 hours both expired: the waiting one, and the approved one no executor took; each gets a new proposal, and
    // the scan's writer closes the lapsed one first (one open proposal per portfolio)
    launcher.launch(ScanJobConfig.JOB, dayLater);
    assertThat(count("SELECT count(*) FROM proposal WHERE portfolio_id = 1")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM proposal WHERE portfolio_id = 2")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM proposal WHERE cycle = '" + CYCLE + "' AND status = 'EXPIRED'")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM notification WHERE kind = 'PROPOSAL_EXPIRED'")).isEqualTo(2);
  }

  @Test
  void a_cycle_run_after_its_proposals_expiry_writes_them_expired_unapproved_and_unannounced() {
    // The clock (JobsTestContext.NOW) is CYCLE; proposals live 24 h from their cycle. Cycles two days old and exactly
    // 24 h old are past their proposals' expiry when written; one an hour old is within it, but its prices are older
    // than the 15 minutes a proposal may be acted on after its cycle; one ten minutes old is still actionable.
    Instant twoDaysOld = CYCLE.minus(Duration.ofDays(2));
    Instant expiringNow = CYCLE.minus(Duration.ofHours(24));
    Instant hourOld = CYCLE.minus(Duration.ofHours(1));
    Instant stillOpen = CYCLE.minus(Duration.ofMinutes(10));
    for (Instant c : List.of(twoDaysOld, expiringNow, hourOld, stillOpen)) {
      ScanFixtures.freshMarket(db, c); // fresh relative to each cycle, so the scan proposes
    }
    ScanFixtures.portfolio(db, 1, "STANDARD", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 20_000);
    ScanFixtures.portfolio(db, 2, "PREMIUM", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 20_000);

    for (Instant old : List.of(twoDaysOld, expiringNow, hourOld)) {
      LaunchOutcome run = launcher.launch(ScanJobConfig.JOB, old);
      assertThat(run.ranAndCompleted()).as(run.message()).isTrue();
      assertThat(count("SELECT count(*) FROM scan_outcome WHERE outcome = 'PROPOSAL' AND cycle = '" + old + "'")).isEqualTo(2);
      List<Map<String, Object>> written = db.jdbi().withHandle(h -> h.createQuery("SELECT portfolio_id, status, tier_at_creation,"
          + " decided_by, decided_at, decision_reason, expires_at FROM proposal WHERE cycle = :c ORDER BY portfolio_id")
          .bind("c", old).mapToMap().list());
      assertThat(written).hasSize(2).allSatisfy(p -> {
        assertThat(p).as("cycle " + old).containsEntry("status", "EXPIRED").containsEntry("decided_by", null)
            .containsEntry("decided_at", null);
        assertThat((String) p.get("decision_reason")).as("cycle " + old)
            .contains(old.equals(hourOld) ? "are too old to act on" : "after its expiry");
        assertThat(ts(p, "expires_at")).isEqualTo(old.plus(Duration.ofHours(24)));
      });
      assertThat(written).extracting(p -> p.get("tier_at_creation")).as("premium is not approved on old prices")
          .containsExactly("STANDARD", "PREMIUM");
      assertThat(count("SELECT count(*) FROM notification")).as("nobody is asked to decide on an expired proposal").isZero();
      assertThat(count("SELECT count(*) FROM scan_outcome WHERE cycle = '" + old + "' AND detail LIKE '%written EXPIRED%'"))
          .as("the outcome says so").isEqualTo(2);
    }

    LaunchOutcome fresh = launcher.launch(ScanJobConfig.JOB, stillOpen);
    assertThat(fresh.ranAndCompleted()).as(fresh.message()).isTrue();
    List<String> open = db.jdbi().withHandle(h -> h.createQuery("SELECT portfolio_id || ' ' || status || ' '"
        + " || coalesce(decided_by, '-') FROM proposal WHERE cycle = :c ORDER BY portfolio_id").bind("c", stillOpen)
        .mapTo(String.class).list());
    assertThat(open).containsExactly("1 PROPOSED -", "2 APPROVED keel:auto-premium");
    assertThat(count("SELECT count(*) FROM scan_outcome WHERE cycle = '" + stillOpen + "' AND detail LIKE '%EXPIRED%'")).isZero();
    assertThat(count("SELECT count(*) FROM notification")).isEqualTo(1);
    for (Instant c : List.of(twoDaysOld, expiringNow, hourOld, stillOpen)) {
      ScanFixtures.assertWrittenOnce(db, c);
    }
  }

  @Test
  void one_noisy_book_does_not_move_a_proposals_cost_the_median_of_the_window_does() {
    for (int m = 3; m >= 1; m--) {
      ScanFixtures.freshMarket(db, CYCLE.minus(Duration.ofMinutes(m)));
    }
    ScanFixtures.freshMarket(db, CYCLE);
    db.jdbi().useHandle(h -> ScanFixtures.snapshot(h, "BTC", CYCLE, CYCLE, "OK", 78657.55, null, 400)); // one wild book
    ScanFixtures.portfolio(db, 1, "STANDARD", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 20_000);
    assertThat(launcher.launch(ScanJobConfig.JOB, CYCLE).ranAndCompleted()).isTrue();
    double btcCostBps = db.jdbi().withHandle(h -> h.createQuery("SELECT cost_bps FROM proposal_trade WHERE asset = 'BTC'")
        .mapTo(Double.class).one());
    assertThat(btcCostBps).as("half of the 4 bps median spread plus the 10 bps fee, not half of 400 bps").isLessThan(15);
  }

  @Test
  void a_cycle_is_priced_no_cheaper_than_its_slot_of_the_week_usually_is() {
    ScanFixtures.freshMarket(db, CYCLE); // 4 bps now
    // Tuesday 10:00 lies in the Tuesday 08:00-12:00 slot: in the two previous weeks BTC's spread there was 40 bps,
    // and on those Tuesdays' evenings (another slot) 400 bps, which must not count
    db.jdbi().useHandle(h -> {
      for (int week = 1; week <= 2; week++) {
        Instant slot = CYCLE.minus(Duration.ofDays(7L * week));
        for (int m = 0; m < 20; m++) {
          Instant morning = slot.minus(Duration.ofMinutes(m));
          Instant evening = slot.plus(Duration.ofHours(8)).plus(Duration.ofMinutes(m));
          ScanFixtures.snapshot(h, "BTC", morning, morning, "OK", 78657.55, null, 40);
          ScanFixtures.snapshot(h, "BTC", evening, evening, "OK", 78657.55, null, 400);
        }
      }
    });
    ScanFixtures.portfolio(db, 1, "STANDARD", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 20_000);
    assertThat(launcher.launch(ScanJobConfig.JOB, CYCLE).ranAndCompleted()).isTrue();
    double btc = db.jdbi().withHandle(h -> h.createQuery("SELECT cost_bps FROM proposal_trade WHERE asset = 'BTC'")
        .mapTo(Double.class).one());
    double eth = db.jdbi().withHandle(h -> h.createQuery("SELECT cost_bps FROM proposal_trade WHERE asset = 'ETH'")
        .mapTo(Double.class).one());
    // 40 morning samples, at least the 30 the rule needs: half of 40 bps plus the 10 bps fee plus a little impact
    assertThat(btc).as("BTC priced at its usual Tuesday-morning spread").isBetween(30.0, 31.0);
    assertThat(eth).as("ETH has no history of the slot: its window median").isBetween(12.0, 13.0);
  }

  @Test
  void a_slot_with_too_few_samples_does_not_move_the_cost() {
    ScanFixtures.freshMarket(db, CYCLE);
    db.jdbi().useHandle(h -> {
      for (int m = 0; m < 29; m++) { // one short of the 30 the rule needs
        Instant morning = CYCLE.minus(Duration.ofDays(7)).minus(Duration.ofMinutes(m));
        ScanFixtures.snapshot(h, "BTC", morning, morning, "OK", 78657.55, null, 40);
      }
    });
    ScanFixtures.portfolio(db, 1, "STANDARD", T6040, Map.of("BTC", 0.70, "ETH", 0.28, "USDT", 0.02), 20_000);
    assertThat(launcher.launch(ScanJobConfig.JOB, CYCLE).ranAndCompleted()).isTrue();
    double btc = db.jdbi().withHandle(h -> h.createQuery("SELECT cost_bps FROM proposal_trade WHERE asset = 'BTC'")
        .mapTo(Double.class).one());
    assertThat(btc).isBetween(12.0, 13.0);
  }

  @Test
  void every_portfolio_gets_exactly_one_outcome_and_a_rerun_writes_nothing_twice() {
    ScanFixtures.freshMarket(db, CYCLE);
    ScanFixtures.population(db, 300, 5);
    assertThat(launcher.launch(ScanJobConfig.JOB, CYCLE).ranAndCompleted()).isTrue();
    long portfolios = count("SELECT count(*) FROM portfolio");
    assertThat(ScanFixtures.accounted(db, CYCLE)).isEqualTo(portfolios);
    assertThat(count("SELECT count(*) FROM scan_outcome WHERE outcome = 'PROPOSAL'")).isEqualTo(count("SELECT count(*) FROM proposal"));
    String first = ScanFixtures.scanFingerprint(db, CYCLE);
    assertThat(launcher.launch(ScanJobConfig.JOB, CYCLE).kind()).isEqualTo(LaunchOutcome.Kind.ALREADY_COMPLETE);
    // the same work done again by hand (as a crashed writer's retry would) changes nothing
    ScanJobConfig.CycleMarkets markets = ctx.getBean(ScanJobConfig.CycleMarkets.class);
    List<ScanResult> again = db.jdbi().withHandle(h -> h.createQuery(dev.keel.persistence.scan.ScanPortfolios.PORTFOLIOS_SQL)
            .bind("minId", 0L).bind("maxId", Long.MAX_VALUE).bind("cycle", CYCLE).map((rs, c) -> dev.keel.persistence.scan.ScanPortfolios.position(rs)).list())
        .stream().map(p -> dev.keel.domain.portfolio.DriftScan.DEFAULT.scan(p, markets.get(CYCLE))).toList();
    ctx.getBean(dev.keel.persistence.scan.ScanDao.class).write(CYCLE, CYCLE, again);
    assertThat(ScanFixtures.scanFingerprint(db, CYCLE)).isEqualTo(first);
    ScanFixtures.assertWrittenOnce(db, CYCLE);
  }

  @Test
  void a_writer_failing_once_in_one_partition_fails_it_alone_and_a_restart_completes_it_from_its_last_commit() {
    Instant faulty = CYCLE.plus(Duration.ofMinutes(1));
    List<String> expected = ScanFixtures.uninterruptedRun(db, launcher, 200, 11, CYCLE, faulty);
    // the uninterrupted run partitioned the same population the same way: how many portfolios partition1 holds
    long inPartition = count("SELECT read_count FROM batch_step_execution WHERE step_name LIKE '%:partition1'"
        + " ORDER BY step_execution_id LIMIT 1");
    assertThat(inPartition).as("room for two chunks of 7 before the failing third").isGreaterThan(3 * 7);

    failPartition = "partition1";
    FAIL_AT_CHUNK.set(3); // two chunks commit, the third fails
    LaunchOutcome failed = launcher.launch(ScanJobConfig.JOB, faulty);
    assertThat(failed.status()).isEqualTo("FAILED");
    List<Map<String, Object>> steps = partitionSteps(failed.executionId());
    assertThat(steps).filteredOn(s -> "FAILED".equals(s.get("status"))).hasSize(1).first()
        .satisfies(s -> assertThat((String) s.get("step_name")).endsWith("partition1"))
        .satisfies(s -> assertThat(((Number) s.get("write_count")).longValue()).as("two committed chunks").isEqualTo(14));
    assertThat(steps).filteredOn(s -> "COMPLETED".equals(s.get("status"))).hasSize(2);
    long partial = ScanFixtures.accounted(db, faulty);
    long portfolios = count("SELECT count(*) FROM portfolio");
    assertThat(portfolios - partial).as("only the failed partition's uncommitted rest is missing").isEqualTo(inPartition - 14);

    LaunchOutcome restarted = launcher.launch(ScanJobConfig.JOB, faulty);
    assertThat(restarted.ranAndCompleted()).as(restarted.message()).isTrue();
    List<Map<String, Object>> rerun = partitionSteps(restarted.executionId());
    assertThat(rerun).as("only the failed partition reruns").hasSize(1)
        .allSatisfy(s -> assertThat((String) s.get("step_name")).endsWith("partition1"));
    // resumed after its last commit: it reads only the portfolios the failed run had not committed, not the whole range
    assertThat(((Number) rerun.get(0).get("read_count")).longValue()).as("items read by the restarted partition")
        .isEqualTo(inPartition - 14);
    assertThat(((Number) rerun.get(0).get("write_count")).longValue()).isEqualTo(inPartition - 14);
    ScanFixtures.assertWrittenOnce(db, faulty);
    assertThat(ScanFixtures.comparable(db, faulty)).isEqualTo(expected);
  }

  /**
   * A restarted partition reads on by portfolio id after what its committed chunks account for: a portfolio deactivated
   * between the failure and the restart neither shifts the rest (a reader restarting by its row count skipped the first
   * portfolio it had not read) nor is read again.
   */
  @Test
  void a_portfolio_deactivated_between_a_failure_and_the_restart_leaves_no_other_portfolio_unscanned() {
    Instant faulty = CYCLE.plus(Duration.ofMinutes(1));
    ScanFixtures.uninterruptedRun(db, launcher, 200, 11, CYCLE, faulty);
    failPartition = "partition1";
    FAIL_AT_CHUNK.set(3); // two chunks commit, the third fails
    assertThat(launcher.launch(ScanJobConfig.JOB, faulty).status()).isEqualTo("FAILED");
    long scannedThenDeactivated = count("SELECT first_id FROM scan_tally WHERE cycle = '" + faulty + "'"
        + " AND step_name LIKE '%partition1' ORDER BY first_id LIMIT 1");
    db.jdbi().useHandle(h -> h.execute("UPDATE portfolio SET active = false WHERE id = ?", scannedThenDeactivated));

    LaunchOutcome restarted = launcher.launch(ScanJobConfig.JOB, faulty);
    assertThat(restarted.ranAndCompleted()).as(restarted.message()).isTrue();
    assertThat(count("SELECT count(*) FROM portfolio p WHERE p.active AND NOT EXISTS (SELECT 1 FROM report_scan_portfolio r"
        + " WHERE r.portfolio_id = p.id AND r.cycle = '" + faulty + "')")).as("active portfolios without an outcome").isZero();
    assertThat(new dev.keel.persistence.scan.ScanDao(db.jdbi()).completeness(faulty).countedTwice()).isZero();
    assertThat(ScanFixtures.accounted(db, faulty)).as("every portfolio scanned once, the deactivated one before it was")
        .isEqualTo(count("SELECT count(*) FROM portfolio"));
  }

  private List<Map<String, Object>> partitionSteps(long execution) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT step_name, status, read_count, write_count, commit_count"
        + " FROM batch_step_execution WHERE job_execution_id = :e AND step_name LIKE '%partition%' ORDER BY step_name")
        .bind("e", execution).mapToMap().list());
  }

  @Test
  void a_dropped_database_connection_mid_chunk_rolls_the_chunk_back_and_a_restart_completes_the_cycle() {
    Instant faulty = CYCLE.plus(Duration.ofMinutes(1));
    List<String> expected = ScanFixtures.uninterruptedRun(db, launcher, 200, 13, CYCLE, faulty);

    failPartition = "partition2";
    DROP_CONNECTION_ONCE.set(true);
    LaunchOutcome failed = launcher.launch(ScanJobConfig.JOB, faulty);
    assertThat(failed.status()).isEqualTo("FAILED");
    assertThat(count("SELECT count(*) FROM proposal p WHERE cycle = '" + faulty + "' AND NOT EXISTS"
        + " (SELECT 1 FROM proposal_trade t WHERE t.proposal_id = p.id)")).as("no proposal without its trades").isZero();
    assertThat(count("SELECT count(*) FROM scan_outcome o WHERE cycle = '" + faulty + "' AND outcome = 'PROPOSAL' AND NOT EXISTS"
        + " (SELECT 1 FROM proposal p WHERE p.portfolio_id = o.portfolio_id AND p.cycle = o.cycle)")).as("no half-written chunk").isZero();

    LaunchOutcome restarted = launcher.launch(ScanJobConfig.JOB, faulty);
    assertThat(restarted.ranAndCompleted()).as(restarted.message()).isTrue();
    ScanFixtures.assertWrittenOnce(db, faulty);
    assertThat(ScanFixtures.comparable(db, faulty)).isEqualTo(expected);
  }

  @Test
  void a_stop_request_ends_the_run_stopped_at_a_chunk_boundary_and_a_restart_completes_it() throws Exception {
    Instant stopped = CYCLE.plus(Duration.ofMinutes(1));
    List<String> expected = ScanFixtures.uninterruptedRun(db, launcher, 300, 17, CYCLE, stopped);

    slow = true;
    java.util.concurrent.CompletableFuture<LaunchOutcome> run =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> launcher.launch(ScanJobConfig.JOB, stopped));
    dev.keel.persistence.testing.Poll.until("a few committed chunks", Duration.ofSeconds(30),
        () -> ScanFixtures.accounted(db, stopped) >= 20);
    assertThat(launcher.stopAll()).hasSize(1);
    LaunchOutcome outcome = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(outcome.status()).isEqualTo("STOPPED");
    assertThat(ScanFixtures.accounted(db, stopped)).isLessThan(count("SELECT count(*) FROM portfolio"));
    assertThat(launcher.launch(ScanJobConfig.JOB, stopped).message()).as("a stopping node starts nothing").contains("shutting down");

    launcher.resume();
    slow = false;
    LaunchOutcome restarted = launcher.launch(ScanJobConfig.JOB, stopped);
    assertThat(restarted.ranAndCompleted()).as(restarted.message()).isTrue();
    ScanFixtures.assertWrittenOnce(db, stopped);
    assertThat(ScanFixtures.comparable(db, stopped)).isEqualTo(expected);
  }

}
