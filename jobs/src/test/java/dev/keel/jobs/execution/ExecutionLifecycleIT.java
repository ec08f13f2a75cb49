package dev.keel.jobs.execution;

import static dev.keel.jobs.execution.ExecutionFixtures.assertInvariants;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.proposal.Decision;
import dev.keel.domain.proposal.DecisionOutcome;
import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.scan.ScanJobConfig;
import dev.keel.jobs.venue.PaperVenues;
import dev.keel.persistence.proposal.ProposalDao;
import dev.keel.persistence.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * A standard-tier proposal's way through execution: approved by its investor (the path of {@code keel ops proposals
 * approve}), executed by the next executor run and booked; held by re-pricing, then proposed afresh by the next scan.
 */
class ExecutionLifecycleIT {

  private static final Instant NOW = JobsTestContext.NOW;
  private static AnnotationConfigApplicationContext ctx;
  private static CycleLauncher launcher;
  private final TestDatabase db = TestDatabase.get();

  @BeforeAll
  static void start() {
    ctx = PaperRuns.context(ExecutionJobConfig.class);
    launcher = ctx.getBean(CycleLauncher.class);
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @BeforeEach
  void clean() {
    db.reset();
    ExecutionFixtures.registerPaper(PaperRuns.VENUES, PaperVenues.standard(42, ctx.getBean(Clock.class)));
  }

  private long count(String sql, Object... args) {
    return FaultFixtures.count(db, sql, args);
  }

  /** Snapshot, a population of standard-tier accounts and a scan at NOW: proposals waiting for their investors. */
  private void standardProposals(int accounts) {
    ExecutionFixtures.scanned(launcher, db, accounts, 0.0, NOW);
    assertThat(count("SELECT count(*) FROM proposal WHERE status <> 'PROPOSED'")).isZero();
  }

  private DecisionOutcome approve(long proposal) {
    return new ProposalDao(db.jdbi()).decide(proposal, new Decision(true, "investor:lifecycle-it", "looks right", NOW.plusSeconds(5)));
  }

  /** A portfolio's holdings, asset to quantity. */
  private Map<String, BigDecimal> holdings(long portfolio) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT asset, quantity FROM holding WHERE portfolio_id = :p").bind("p", portfolio)
        .reduceRows(new java.util.HashMap<String, BigDecimal>(), (m, row) -> {
          m.put(row.getColumn("asset", String.class), row.getColumn("quantity", BigDecimal.class));
          return m;
        }));
  }

  @Test
  void a_standard_proposal_approved_by_its_investor_is_executed_by_the_next_run_and_booked_into_its_holdings() {
    standardProposals(120);
    long proposal = count("SELECT min(id) FROM proposal WHERE status = 'PROPOSED'");
    long portfolio = count("SELECT portfolio_id FROM proposal WHERE id = ?", proposal);
    long waiting = count("SELECT count(*) FROM proposal WHERE status = 'PROPOSED'") - 1;
    Map<String, BigDecimal> before = holdings(portfolio);

    assertThat(approve(proposal)).isInstanceOf(DecisionOutcome.Recorded.class);
    assertThat(FaultFixtures.text(db, "SELECT status || ' ' || decided_by FROM proposal WHERE id = ?", proposal))
        .isEqualTo("APPROVED investor:lifecycle-it");
    assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'APPROVE' AND subject = ? AND outcome = 'RECORDED'",
        "proposal " + proposal)).isEqualTo(1);

    assertThat(launcher.launch(ExecutionJobConfig.JOB, NOW.plusSeconds(15)).ranAndCompleted()).isTrue();

    assertThat(FaultFixtures.text(db, "SELECT status FROM proposal WHERE id = ?", proposal)).isIn("EXECUTED", "PARTIAL");
    assertThat(FaultFixtures.text(db, "SELECT claimed_by FROM proposal WHERE id = ?", proposal)).isNotNull();
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'PROPOSED'")).as("the others still wait (A4)").isEqualTo(waiting);
    assertThat(count("SELECT count(*) FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id WHERE t.proposal_id <> ?",
        proposal)).as("nothing traded for a proposal nobody approved").isZero();
    assertThat(count("SELECT count(*) FROM fill")).isPositive();
    assertThat(count("SELECT count(*) FROM proposal_trade WHERE proposal_id = ? AND status NOT IN ('FILLED', 'PARTIAL')", proposal))
        .isZero();
    assertThat(count("SELECT count(*) FROM notification WHERE proposal_id = ? AND kind IN ('PROPOSAL_EXECUTED', 'PROPOSAL_PARTIAL')",
        proposal)).isEqualTo(1);

    // the holdings moved by exactly what was allocated to the proposal's trades: units of each asset one way, their
    // value and the fees in cash the other
    Map<String, BigDecimal> after = holdings(portfolio);
    List<Map<String, Object>> trades = db.jdbi().withHandle(h -> h.createQuery("SELECT t.asset, t.side,"
            + " coalesce(sum(a.quantity), 0) AS units, coalesce(sum(a.quantity * f.price), 0) AS value, coalesce(sum(a.fee), 0) AS fee"
            + " FROM proposal_trade t LEFT JOIN allocation a ON a.proposal_trade_id = t.id LEFT JOIN fill f ON f.id = a.fill_id"
            + " WHERE t.proposal_id = :p GROUP BY t.asset, t.side")
        .bind("p", proposal).mapToMap().list());
    assertThat(trades).isNotEmpty();
    BigDecimal cash = BigDecimal.ZERO;
    for (Map<String, Object> t : trades) {
      String asset = (String) t.get("asset");
      boolean buy = "BUY".equals(t.get("side"));
      BigDecimal units = (BigDecimal) t.get("units");
      assertThat(units.signum()).as(asset + " traded").isPositive();
      BigDecimal moved = after.getOrDefault(asset, BigDecimal.ZERO).subtract(before.getOrDefault(asset, BigDecimal.ZERO));
      assertThat(moved).as(asset + " holding moved by the units allocated").isEqualByComparingTo(buy ? units : units.negate());
      BigDecimal value = (BigDecimal) t.get("value");
      cash = cash.add(buy ? value.negate() : value).subtract((BigDecimal) t.get("fee"));
    }
    BigDecimal cashBefore = before.getOrDefault("USDT", BigDecimal.ZERO);
    BigDecimal cashAfter = after.getOrDefault("USDT", BigDecimal.ZERO);
    assertThat(cashAfter.subtract(cashBefore)).as("cash moved by the trades' value and fees").isEqualByComparingTo(cash);
    assertThat(cashAfter.signum()).isNotNegative();
    assertThat(count("SELECT count(*) FROM holding_entry WHERE portfolio_id <> ? AND kind <> 'OPENING'", portfolio))
        .as("no other portfolio's holdings moved").isZero();
    assertInvariants(db);
  }

  @Test
  void after_a_proposal_is_held_the_next_scan_proposes_afresh_for_its_portfolio() {
    standardProposals(200);
    for (long id : db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM proposal ORDER BY id").mapTo(Long.class).list())) {
      assertThat(approve(id)).isInstanceOf(DecisionOutcome.Recorded.class);
    }
    // the most traded asset's mid moves 30 % on every venue after the proposals were made: beyond any band (E10)
    String asset = FaultFixtures.text(db, "SELECT asset FROM proposal_trade GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
    db.jdbi().useHandle(h -> h.execute("UPDATE market_snapshot s SET mid = mid * 1.3, best_bid = best_bid * 1.3, best_ask = best_ask * 1.3"
        + " FROM market m WHERE m.id = s.market_id AND m.base_asset = ?", asset));

    assertThat(launcher.launch(ExecutionJobConfig.JOB, NOW.plusSeconds(15)).ranAndCompleted()).isTrue();
    long held = count("SELECT count(*) FROM proposal WHERE status = 'HELD'");
    assertThat(held).isPositive();
    assertThat(count("SELECT count(*) FROM proposal WHERE status IN ('APPROVED', 'EXECUTING')")).isZero();

    Instant next = NOW.plus(Duration.ofMinutes(1));
    assertThat(launcher.launch(ScanJobConfig.JOB, next).ranAndCompleted()).isTrue();

    String heldPortfolios = "SELECT portfolio_id FROM proposal WHERE status = 'HELD'";
    assertThat(count("SELECT count(*) FROM report_scan_portfolio WHERE cycle = ? AND outcome = 'AWAITING_DECISION'"
        + " AND portfolio_id IN (" + heldPortfolios + ")", next)).as("a held proposal is closed: nobody waits for it").isZero();
    long fresh = count("SELECT count(*) FROM proposal WHERE cycle = ? AND status = 'PROPOSED' AND tier_at_creation = 'STANDARD'"
        + " AND portfolio_id IN (" + heldPortfolios + ")", next);
    assertThat(fresh).as("fresh proposals for the held portfolios").isPositive();
    assertThat(count("SELECT count(*) FROM report_scan_portfolio WHERE cycle = ? AND outcome = 'PROPOSAL'"
        + " AND portfolio_id IN (" + heldPortfolios + ")", next)).as("each one the portfolio's outcome of the cycle").isEqualTo(fresh);
    assertThat(fresh).as("most held portfolios still breach on the moved price").isGreaterThan(held / 2);
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'HELD'")).as("the held proposals stay held").isEqualTo(held);
    assertThat(count("SELECT count(*) FROM notification n JOIN proposal p ON p.id = n.proposal_id WHERE p.cycle = ?"
        + " AND n.kind = 'PROPOSAL_READY' AND p.portfolio_id IN (" + heldPortfolios + ")", next))
        .as("each investor told of the fresh proposal").isEqualTo(fresh);
    assertInvariants(db);
  }
}
