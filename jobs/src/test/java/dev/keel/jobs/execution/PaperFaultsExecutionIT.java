package dev.keel.jobs.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.snapshot.VenueSettings;
import dev.keel.jobs.venue.PaperFaults;
import dev.keel.jobs.venue.PaperJournal;
import dev.keel.persistence.execution.ExecutionDao;
import dev.keel.persistence.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The executor over the two paper venues configured with faults (keel.venues.paper.faults: lost replies, HTTP 500,
 * HTTP 429, partial fills, refusals, insufficient balance, "no such order" right after a placement), run as the
 * schedule would, every 15 s of a driven clock, until nothing is executing. Nothing is doubled or lost, counted in SQL
 * and in the paper venues' own orders (FAULTS.md E1–E7 together, on a whole population).
 */
class PaperFaultsExecutionIT {

  /**
   * Faults at rates that a population of proposals meets many times over, as keel.venues.paper.faults.* gives them:
   * lost-reply 0.12, server-error 0.08, rate-limited 0.04 (retry-after-seconds 30), partial-fill 0.25, rejected 0.05,
   * insufficient-funds 0.04, lookup-not-found-for 3.
   */
  static final PaperFaults FAULTS = new VenueSettings.Faults(0.12, 0.08, 0.04, 30L, 0.25, 0.05, 0.04, 3, 20261205L).paperFaults();

  private static AnnotationConfigApplicationContext ctx;
  private static CycleLauncher launcher;
  private final TestDatabase db = TestDatabase.get();

  @BeforeAll
  static void start() {
    ctx = PaperRuns.context();
    launcher = ctx.getBean(CycleLauncher.class);
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @BeforeEach
  void clean() {
    db.reset();
  }

  @Test
  void a_population_executed_on_faulty_paper_venues_ends_every_proposal_and_places_nothing_twice() {
    PaperRuns run = new PaperRuns(db, launcher, JobsTestContext.NOW, 42, FAULTS, 200, 7, 1.0, "fa0175ed");
    long approved = run.count("SELECT count(*) FROM proposal WHERE status = 'APPROVED'");
    assertThat(approved).as("premium proposals to execute").isGreaterThan(100);

    run.untilNothingExecutes(120);
    assertThat(run.errors).as("errors counted by the runs").isZero();

    // every proposal ended, with one outcome; no order is left live
    assertThat(run.count("SELECT count(*) FROM proposal WHERE status NOT IN ('EXECUTED', 'PARTIAL', 'FAILED', 'HELD')")).isZero();
    assertThat(run.count("SELECT count(*) FROM proposal")).isEqualTo(approved);
    assertThat(run.count("SELECT count(*) FROM venue_order WHERE status IN ('NEW', 'SUBMITTED', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED')"))
        .isZero();
    assertThat(run.count("SELECT count(*) FROM proposal_trade t JOIN proposal p ON p.id = t.proposal_id"
        + " WHERE p.status <> 'HELD' AND t.status NOT IN ('FILLED', 'PARTIAL', 'FAILED', 'REJECTED')")).as("every trade ended").isZero();
    assertThat(run.count("SELECT count(*) FROM proposal WHERE status IN ('EXECUTED', 'PARTIAL')")).isPositive();
    ExecutionFixtures.assertInvariants(db);

    // from the venues' side: each client order id sent once and placed at most once, no trade with two live orders,
    // and what the venues filled is what the ledger booked, never beyond a trade
    run.journal.assertEachClientOrderIdSentOnce();
    run.journal.assertOneLiveOrderPerTrade(run.policy);
    run.assertVenuesAgreeWithTheLedger();

    // the faults were met, each many times, and each ended as its fault says it must
    assertThat(run.journal.count(true, JournalingVenue.Answer.UNKNOWN)).as("placements whose outcome was unknown (lost reply, 500)")
        .isGreaterThan(5);
    assertThat(run.journal.count(false, JournalingVenue.Answer.NOT_FOUND)).as("lookups answered 'no such order'").isGreaterThan(5);
    assertThat(run.count("SELECT count(*) FROM venue_order WHERE status IN ('FILLED', 'CANCELLED') AND not_found_checks > 0"))
        .as("lost replies adopted by lookup after first being told 'no such order' (E1, E3)").isPositive();
    assertThat(run.count("SELECT count(*) FROM venue_order WHERE status = 'FAILED' AND reason LIKE '" + ExecutionDao.NOT_PLACED + "%'"))
        .as("5xx placements proven never placed after the window (E2)").isPositive();
    assertThat(run.count("SELECT count(*) FROM venue_order WHERE reason LIKE 'RATE_LIMITED%'")).as("429s (E6)").isPositive();
    assertThat(run.count("SELECT count(*) FROM venue_pause")).as("429s pause the venue for every executor").isPositive();
    assertThat(run.count("SELECT count(*) FROM venue_order WHERE status = 'REJECTED' AND reason LIKE 'REJECTED%'")).as("refusals")
        .isPositive();
    assertThat(run.count("SELECT count(*) FROM venue_order WHERE status = 'REJECTED' AND reason LIKE 'INSUFFICIENT_FUNDS%'"))
        .as("refusals for insufficient balance").isPositive();
    String refusedTrades = " FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id"
        + " WHERE o.status = 'REJECTED' AND o.reason LIKE 'INSUFFICIENT_FUNDS%'"
        + " AND NOT (t.status IN ('REJECTED', 'PARTIAL') AND t.reason LIKE '%refused by the venue: insufficient balance%')";
    assertThat(run.count("SELECT count(*)" + refusedTrades))
        .as("insufficient balance ends the trade, refused (E7): " + FaultFixtures.text(db, "SELECT string_agg(t.id || ' ' || t.status || ' '"
            + " || t.executed_qty || ' of ' || t.quantity || ' ' || coalesce(t.reason, '-'), E'\\n')" + refusedTrades)).isZero();
    assertThat(run.count("SELECT count(*) FROM venue_order o WHERE status = 'REJECTED' AND reason LIKE 'INSUFFICIENT_FUNDS%'"
        + " AND EXISTS (SELECT 1 FROM venue_order n WHERE n.proposal_trade_id = o.proposal_trade_id AND n.sequence > o.sequence)"))
        .as("no retry after insufficient balance (E7)").isZero();
    List<PaperJournal.PlacedOrder> partial = run.placed().stream()
        .filter(o -> o.filled().signum() > 0 && o.filled().compareTo(o.quantity()) < 0).toList();
    assertThat(partial).as("partial fills at the venues (E4)").isNotEmpty();
    assertThat(run.count("SELECT count(*) FROM venue_order o WHERE o.filled_qty > 0 AND o.filled_qty < o.requested_qty"
        + " AND EXISTS (SELECT 1 FROM venue_order n WHERE n.proposal_trade_id = o.proposal_trade_id AND n.sequence > o.sequence)"))
        .as("a partial fill's remainder sent again").isPositive();
    assertThat(run.runs).as("reconciliation windows and pauses took several runs").isGreaterThan(4);
  }
}
