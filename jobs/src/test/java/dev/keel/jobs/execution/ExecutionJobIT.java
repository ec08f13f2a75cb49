package dev.keel.jobs.execution;

import static dev.keel.jobs.execution.ExecutionFixtures.assertInvariants;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.scan.ScanJobConfig;
import dev.keel.jobs.snapshot.MarketSnapshotJobConfig;
import dev.keel.jobs.snapshot.RegisteredVenue;
import dev.keel.jobs.venue.PaperVenues;
import dev.keel.persistence.db.Jdbis;
import dev.keel.persistence.execution.ExecutionDao;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * executionJob end to end on the two paper venues: a snapshot, a generated population, a drift scan, then execution;
 * every outcome checked in SQL.
 */
class ExecutionJobIT {

  private static final Instant NOW = JobsTestContext.NOW;
  private static final List<RegisteredVenue> VENUES = new ArrayList<>();
  private static AnnotationConfigApplicationContext ctx;
  private static CycleLauncher launcher;
  private final TestDatabase db = TestDatabase.get();

  @Configuration(proxyBeanMethods = false)
  static class TestVenues {
    @Bean
    List<RegisteredVenue> registeredVenues() {
      return VENUES;
    }
  }

  @BeforeAll
  static void start() {
    ctx = JobsTestContext.start(MarketSnapshotJobConfig.class, ScanJobConfig.class, ExecutionJobConfig.class, TestVenues.class);
    launcher = ctx.getBean(CycleLauncher.class);
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @BeforeEach
  void clean() {
    db.reset();
    ExecutionFixtures.registerPaper(VENUES, PaperVenues.standard(42, ctx.getBean(Clock.class)));
  }

  private long count(String sql) {
    return ExecutionFixtures.count(db, sql);
  }

  /** Snapshot, population and scan at NOW: proposals, the premium ones approved on creation. */
  private void proposals(int accounts, double premiumShare) {
    ExecutionFixtures.scanned(launcher, db, accounts, premiumShare, NOW);
  }

  @Test
  void premium_proposals_execute_and_are_booked_into_the_ledger_while_standard_ones_wait_for_approval() {
    proposals(300, 0.5);
    long approved = count("SELECT count(*) FROM proposal WHERE status = 'APPROVED'");
    long waiting = count("SELECT count(*) FROM proposal WHERE status = 'PROPOSED'");
    assertThat(approved).as("premium proposals approved on creation").isPositive();
    assertThat(waiting).as("standard proposals waiting for the investor").isPositive();

    assertThat(launcher.launch(ExecutionJobConfig.JOB, NOW).ranAndCompleted()).isTrue();

    assertThat(count("SELECT count(*) FROM proposal WHERE status IN ('APPROVED', 'EXECUTING')")).as("nothing left behind").isZero();
    assertThat(count("SELECT count(*) FROM proposal WHERE status IN ('EXECUTED', 'PARTIAL')"))
        .as(db.jdbi().<String, RuntimeException>withHandle(h -> h.createQuery("SELECT string_agg(status || ': ' || coalesce(outcome_reason, '-'), E'\\n')"
            + " FROM (SELECT status, outcome_reason FROM proposal WHERE tier_at_creation = 'PREMIUM' LIMIT 5) s").mapTo(String.class).one()))
        .isEqualTo(approved);
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'PROPOSED'")).as("standard tier untouched (A4)").isEqualTo(waiting);
    assertThat(count("SELECT count(*) FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id"
        + " JOIN proposal p ON p.id = t.proposal_id WHERE p.tier_at_creation = 'STANDARD'")).as("no order without approval").isZero();
    assertThat(count("SELECT count(*) FROM fill")).isPositive();
    assertThat(count("SELECT count(*) FROM notification WHERE kind IN ('PROPOSAL_AUTO_EXECUTED', 'PROPOSAL_PARTIAL')"))
        .as("premium proposals end auto-executed or partial").isEqualTo(approved);
    assertThat(count("SELECT count(*) FROM proposal WHERE status IN ('EXECUTED', 'PARTIAL') AND naive_cost IS NULL")).isZero();
    assertThat(count("SELECT count(*) FROM report_execution_drag")).isPositive();
    assertInvariants(db);
  }

  @Test
  void sells_are_placed_before_buys_and_buys_never_spend_more_cash_than_the_portfolio_holds() {
    proposals(300, 1.0);
    assertThat(launcher.launch(ExecutionJobConfig.JOB, NOW).ranAndCompleted()).isTrue();
    assertThat(count("SELECT count(*) FROM proposal p WHERE EXISTS (SELECT 1 FROM venue_order b JOIN proposal_trade tb"
        + " ON tb.id = b.proposal_trade_id WHERE tb.proposal_id = p.id AND b.side = 'BUY' AND EXISTS (SELECT 1 FROM venue_order s"
        + " JOIN proposal_trade ts ON ts.id = s.proposal_trade_id WHERE ts.proposal_id = p.id AND s.side = 'SELL' AND s.id > b.id))"))
        .as("proposals with a sell placed after a buy").isZero();
    assertThat(count("SELECT count(*) FROM holding WHERE quantity < 0")).isZero();
    assertInvariants(db);
  }

  @Test
  void a_second_run_of_the_same_cycle_places_nothing_more() {
    proposals(200, 1.0);
    assertThat(launcher.launch(ExecutionJobConfig.JOB, NOW).ranAndCompleted()).isTrue();
    long orders = count("SELECT count(*) FROM venue_order");
    long fills = count("SELECT count(*) FROM fill");
    ProposalExecutor again = new ProposalExecutor(new ExecutionDao(Jdbis.standalone(db.dataSource())),
        VENUES.stream().map(RegisteredVenue::venue).toList(), ctx.getBean(Clock.class), ExecutionJobConfig.defaults());
    ProposalExecutor.RunSummary s = again.run();
    assertThat(s.ordersPlaced()).isZero();
    assertThat(count("SELECT count(*) FROM venue_order")).isEqualTo(orders);
    assertThat(count("SELECT count(*) FROM fill")).isEqualTo(fills);
    assertInvariants(db);
  }

  private ProposalExecutor executor(Clock clock) {
    return new ProposalExecutor(new ExecutionDao(Jdbis.standalone(db.dataSource())),
        VENUES.stream().map(RegisteredVenue::venue).toList(), clock, ExecutionJobConfig.defaults());
  }

  @Test
  void a_proposal_whose_prices_moved_beyond_its_band_is_held_with_the_reason_and_never_trades() {
    proposals(300, 1.0);
    String asset = db.jdbi().withHandle(h -> h.createQuery("SELECT t.asset FROM proposal_trade t JOIN proposal p ON p.id = t.proposal_id"
        + " WHERE p.status = 'APPROVED' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").mapTo(String.class).one());
    // the asset's mid moves 30 % on every venue after the proposals were made: beyond any band (FAULTS.md E10)
    db.jdbi().useHandle(h -> h.execute("UPDATE market_snapshot s SET mid = mid * 1.3, best_bid = best_bid * 1.3, best_ask = best_ask * 1.3"
        + " FROM market m WHERE m.id = s.market_id AND m.base_asset = ?", asset));
    long affected = count("SELECT count(DISTINCT p.id) FROM proposal p JOIN proposal_trade t ON t.proposal_id = p.id"
        + " WHERE p.status = 'APPROVED' AND t.asset = '" + asset + "'");

    ProposalExecutor.RunSummary s = executor(ctx.getBean(Clock.class)).run();

    assertThat(s.held()).isEqualTo((int) affected);
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'HELD' AND outcome_reason LIKE '%" + asset
        + " mid moved +30.00 %% since the proposal%'")).isEqualTo(affected);
    assertThat(count("SELECT count(*) FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id"
        + " JOIN proposal p ON p.id = t.proposal_id WHERE p.status = 'HELD'")).as("a held proposal never trades").isZero();
    assertThat(count("SELECT count(*) FROM notification n JOIN proposal p ON p.id = n.proposal_id WHERE p.status = 'HELD'"
        + " AND n.kind = 'PROPOSAL_HELD'")).isEqualTo(affected);
    assertThat(count("SELECT count(*) FROM proposal_trade t JOIN proposal p ON p.id = t.proposal_id WHERE p.status = 'HELD'"
        + " AND t.status <> 'HELD'")).isZero();
    assertInvariants(db);
  }

  @Test
  void an_approval_that_waited_past_its_expiry_never_executes_and_expires() {
    proposals(200, 1.0);
    long approved = count("SELECT count(*) FROM proposal WHERE status = 'APPROVED'");
    db.jdbi().useHandle(h -> h.execute("UPDATE proposal SET expires_at = ? WHERE status = 'APPROVED'", NOW.plusSeconds(1)));
    Clock later = Clock.fixed(NOW.plusSeconds(60), java.time.ZoneOffset.UTC);

    ProposalExecutor.RunSummary s = executor(later).run();

    assertThat(s.claimed()).isZero();
    assertThat(count("SELECT count(*) FROM venue_order")).isZero();
    assertThat(new dev.keel.persistence.proposal.ProposalDao(db.jdbi()).expireLapsed(later.instant())).isEqualTo((int) approved);
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXPIRED' AND outcome_reason LIKE '%while APPROVED'"))
        .isEqualTo(approved);
    assertThat(count("SELECT count(*) FROM notification WHERE kind = 'PROPOSAL_EXPIRED'")).isEqualTo(approved);
  }

  @Test
  void two_executors_at_once_never_trade_the_same_proposal() throws Exception {
    proposals(400, 1.0);
    long approved = count("SELECT count(*) FROM proposal WHERE status = 'APPROVED'");
    ProposalExecutor.Settings d = ExecutionJobConfig.defaults();
    java.util.List<ProposalExecutor> executors = new java.util.ArrayList<>();
    for (String name : new String[] {"executor-1", "executor-2"}) {
      executors.add(new ProposalExecutor(new ExecutionDao(Jdbis.standalone(db.dataSource())),
          VENUES.stream().map(RegisteredVenue::venue).toList(), ctx.getBean(Clock.class),
          new ProposalExecutor.Settings(d.policy(), 25, 2, d.maxSnapshotAge(), d.bookDepth(), d.naiveVenue(), name,
              d.rateLimitWait(), d.banHalt())));
    }
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
      for (ProposalExecutor e : executors) {
        runs.add(pool.submit(() -> {
          start.await();
          int claimed = 0;
          for (int i = 0; i < 40 && count("SELECT count(*) FROM proposal WHERE status IN ('APPROVED', 'EXECUTING')") > 0; i++) {
            claimed += e.run().claimed();
          }
          return claimed;
        }));
      }
      int claimed = 0;
      for (var f : runs) {
        claimed += f.get();
      }
      assertThat(claimed).as("each proposal claimed once in all").isEqualTo((int) approved);
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("SELECT count(DISTINCT claimed_by) FROM proposal WHERE claimed_by IS NOT NULL")).as("both executors worked").isEqualTo(2);
    assertThat(count("SELECT count(*) FROM proposal WHERE status IN ('APPROVED', 'EXECUTING')")).isZero();
    assertThat(count("SELECT count(*) FROM (SELECT proposal_trade_id, sequence FROM venue_order GROUP BY 1, 2 HAVING count(*) > 1) x"))
        .isZero();
    assertInvariants(db);
  }
}
