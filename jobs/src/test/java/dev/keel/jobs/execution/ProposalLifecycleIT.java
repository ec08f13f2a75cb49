package dev.keel.jobs.execution;

import static dev.keel.jobs.execution.ExecutionFixtures.assertInvariants;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.notification.NotificationKind;
import dev.keel.domain.portfolio.Tier;
import dev.keel.domain.proposal.Decision;
import dev.keel.domain.proposal.DecisionOutcome;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.housekeeping.HousekeepingJobConfig;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.scan.ScanJobConfig;
import dev.keel.jobs.snapshot.MarketSnapshotJobConfig;
import dev.keel.jobs.snapshot.RegisteredVenue;
import dev.keel.jobs.venue.PaperVenues;
import dev.keel.persistence.proposal.ProposalDao;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Proposals along the real paths, jobs and decisions as production runs them (a scan on a paper snapshot, investors'
 * decisions through ProposalDao, executionJob on the paper venues, housekeeping's expiry): every status a proposal took,
 * as proposal_status_history recorded it, follows from the one before by {@link ProposalStatus#canBecome}, and each
 * proposal's end is told by exactly the event its status calls for.
 */
class ProposalLifecycleIT {

  private static final Instant NOW = JobsTestContext.NOW;
  private static final List<RegisteredVenue> VENUES = new ArrayList<>();
  private static AnnotationConfigApplicationContext ctx;
  private static CycleLauncher launcher;
  private final TestDatabase db = TestDatabase.get();
  private final ProposalDao proposals = new ProposalDao(db.jdbi());

  @Configuration(proxyBeanMethods = false)
  static class TestVenues {
    @Bean
    List<RegisteredVenue> registeredVenues() {
      return VENUES;
    }
  }

  @BeforeAll
  static void start() {
    ctx = JobsTestContext.start(MarketSnapshotJobConfig.class, ScanJobConfig.class, ExecutionJobConfig.class,
        HousekeepingJobConfig.class, TestVenues.class);
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

  /** Snapshot, population and scan at NOW: standard proposals waiting, premium ones approved on creation. */
  private void scan(int accounts, double premiumShare) {
    ExecutionFixtures.scanned(launcher, db, accounts, premiumShare, NOW);
  }

  /** Each investor decides through the same DAO the API uses; {@code approve} says which way for each proposal. */
  private void decide(List<Long> ids, java.util.function.LongPredicate approve) {
    for (long id : ids) {
      boolean yes = approve.test(id);
      DecisionOutcome outcome = proposals.decide(id, new Decision(yes, "investor-of-" + id, yes ? "fine" : "not now", NOW));
      assertThat(outcome).as("decision on " + id).isInstanceOf(DecisionOutcome.Recorded.class);
    }
  }

  private void execute() {
    assertThat(launcher.launch(ExecutionJobConfig.JOB, NOW).ranAndCompleted()).isTrue();
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTING'")).as("nothing left executing").isZero();
  }

  /** Every proposal's statuses, oldest first, as the history trigger recorded them. */
  private Map<Long, List<ProposalStatus>> histories() {
    Map<Long, List<ProposalStatus>> out = new LinkedHashMap<>();
    db.jdbi().useHandle(h -> h.createQuery("SELECT proposal_id, status FROM proposal_status_history ORDER BY proposal_id, id")
        .map((rs, c) -> out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(ProposalStatus.valueOf(rs.getString(2))))
        .list());
    return out;
  }

  /**
   * Every consecutive pair of every history is a transition the lifecycle allows, and each history ends in its
   * proposal's status.
   *
   * @return the transitions seen, "FROM -> TO"
   */
  private Set<String> assertEveryHistoryFollowsTheLifecycle() {
    Map<Long, List<ProposalStatus>> histories = histories();
    Map<Long, String> now = new LinkedHashMap<>();
    db.jdbi().useHandle(h -> h.createQuery("SELECT id, status FROM proposal").map((rs, c) -> now.put(rs.getLong(1), rs.getString(2))).list());
    assertThat(histories.keySet()).as("every proposal has a history").containsExactlyInAnyOrderElementsOf(now.keySet());
    Set<String> seen = new TreeSet<>();
    List<String> refused = new ArrayList<>();
    histories.forEach((id, statuses) -> {
      for (int i = 1; i < statuses.size(); i++) {
        String pair = statuses.get(i - 1) + " -> " + statuses.get(i);
        seen.add(pair);
        if (!statuses.get(i - 1).canBecome(statuses.get(i))) {
          refused.add("proposal " + id + ": " + statuses);
        }
      }
      assertThat(statuses.get(statuses.size() - 1).name()).as("proposal " + id + "'s history ends in its status").isEqualTo(now.get(id));
    });
    assertThat(refused).as("histories with a step the lifecycle does not allow").isEmpty();
    return seen;
  }

  /** Each proposal's events but the request for a decision, kinds in order. */
  private Map<Long, List<String>> endEvents() {
    Map<Long, List<String>> out = new LinkedHashMap<>();
    db.jdbi().useHandle(h -> h.createQuery("SELECT proposal_id, kind FROM notification WHERE proposal_id IS NOT NULL AND kind <> :ready"
            + " ORDER BY proposal_id, id")
        .bind("ready", NotificationKind.PROPOSAL_READY.name())
        .map((rs, c) -> out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2))).list());
    return out;
  }

  @Test
  void standard_proposals_approved_by_their_investors_execute_and_each_end_is_told_once_by_its_own_event() {
    scan(300, 0.5);
    List<Long> waiting = proposals.ids(ProposalStatus.PROPOSED, Tier.STANDARD);
    assertThat(waiting).hasSizeGreaterThan(3);
    List<Long> approved = waiting.subList(0, waiting.size() / 2);
    List<Long> undecided = waiting.subList(waiting.size() / 2, waiting.size());
    decide(approved, id -> true);

    execute();

    Map<Long, List<String>> events = endEvents();
    Map<String, Long> ends = new LinkedHashMap<>();
    for (long id : approved) {
      ProposalStatus status = proposals.find(id).orElseThrow().status();
      ends.merge(status.name(), 1L, Long::sum);
      assertThat(events.get(id)).as("proposal " + id + " ended " + status)
          .containsExactly(NotificationKind.ended(status, false).name());
    }
    assertThat(ends).as("approved standard proposals by how they ended").containsKey(ProposalStatus.EXECUTED.name());
    assertThat(count("SELECT count(*) FROM notification WHERE kind = '" + NotificationKind.PROPOSAL_EXECUTED.name() + "'"))
        .as("one PROPOSAL_EXECUTED per standard proposal executed in full, none for a premium one")
        .isEqualTo(ends.get(ProposalStatus.EXECUTED.name()))
        .isEqualTo(count("SELECT count(*) FROM proposal WHERE status = 'EXECUTED' AND tier_at_creation = 'STANDARD'"));
    for (long id : undecided) {
      assertThat(proposals.find(id).orElseThrow().status()).isEqualTo(ProposalStatus.PROPOSED);
      assertThat(events.get(id)).as("undecided proposal " + id + " has no end to tell").isNull();
    }
    assertThat(count("SELECT count(*) FROM notification n JOIN proposal p ON p.id = n.proposal_id WHERE p.status = 'PROPOSED'"
        + " AND n.kind = '" + NotificationKind.PROPOSAL_READY.name() + "'")).as("each still asked once").isEqualTo(undecided.size());
    for (long id : proposals.ids(ProposalStatus.EXECUTED, Tier.PREMIUM)) {
      assertThat(events.get(id)).containsExactly(NotificationKind.PROPOSAL_AUTO_EXECUTED.name());
    }
    assertEveryHistoryFollowsTheLifecycle();
    assertInvariants(db);
  }

  @Test
  void approvals_rejections_execution_holds_and_expiries_take_only_transitions_the_lifecycle_allows() {
    scan(300, 0.5);
    List<Long> waiting = proposals.ids(ProposalStatus.PROPOSED, Tier.STANDARD);
    assertThat(waiting).hasSizeGreaterThan(6);
    // a third approved, a third rejected, a third never decided
    decide(waiting.subList(0, 2 * waiting.size() / 3), id -> waiting.indexOf(id) % 2 == 0);
    // the least traded asset's mid moves 30 % on every venue after the scan: proposals trading it are held (E10)
    String asset = db.jdbi().withHandle(h -> h.createQuery("SELECT t.asset FROM proposal_trade t JOIN proposal p ON p.id = t.proposal_id"
        + " WHERE p.status = 'APPROVED' GROUP BY 1 ORDER BY count(*), 1 LIMIT 1").mapTo(String.class).one());
    db.jdbi().useHandle(h -> h.execute("UPDATE market_snapshot s SET mid = mid * 1.3, best_bid = best_bid * 1.3, best_ask = best_ask * 1.3"
        + " FROM market m WHERE m.id = s.market_id AND m.base_asset = ?", asset));

    execute();
    // one approval comes after the executor's run, and no executor comes again before its expiry: it expires, never executes
    long lapsing = waiting.get(waiting.size() - 1);
    decide(List.of(lapsing), id -> true);
    // housekeeping two days on: the lapsed approval and every undecided proposal expire
    assertThat(launcher.launch(HousekeepingJobConfig.JOB, NOW.plus(Duration.ofDays(2))).ranAndCompleted()).isTrue();
    assertThat(count("SELECT count(*) FROM proposal WHERE status IN ('PROPOSED', 'APPROVED', 'EXECUTING')")).isZero();

    Set<String> seen = assertEveryHistoryFollowsTheLifecycle();
    assertThat(seen).as("the paths this test means to take").contains("PROPOSED -> APPROVED", "PROPOSED -> REJECTED",
        "PROPOSED -> EXPIRED", "APPROVED -> EXPIRED", "APPROVED -> EXECUTING", "EXECUTING -> EXECUTED", "EXECUTING -> HELD");
    Map<Long, List<String>> events = endEvents();
    Map<Long, String> status = new LinkedHashMap<>();
    Map<Long, String> tier = new LinkedHashMap<>();
    db.jdbi().useHandle(h -> h.createQuery("SELECT id, status, tier_at_creation FROM proposal").map((rs, c) -> {
      status.put(rs.getLong(1), rs.getString(2));
      return tier.put(rs.getLong(1), rs.getString(3));
    }).list());
    status.forEach((id, s) -> {
      ProposalStatus end = ProposalStatus.valueOf(s);
      List<String> expected = end == ProposalStatus.REJECTED ? null
          : end == ProposalStatus.EXPIRED ? List.of(NotificationKind.PROPOSAL_EXPIRED.name())
          : List.of(NotificationKind.ended(end, Tier.PREMIUM.name().equals(tier.get(id))).name());
      assertThat(events.get(id)).as("proposal " + id + " ended " + s).isEqualTo(expected);
    });
    assertThat(Arrays.stream(ProposalStatus.values()).filter(ProposalStatus::isOpen).map(Enum::name).toList())
        .as("no status left open").doesNotContainAnyElementsOf(status.values());
    assertInvariants(db);
  }
}
