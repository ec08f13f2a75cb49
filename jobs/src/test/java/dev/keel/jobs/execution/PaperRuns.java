package dev.keel.jobs.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.execution.ExecutionPolicy;
import dev.keel.domain.market.Market;
import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.scan.ScanJobConfig;
import dev.keel.jobs.snapshot.MarketSnapshotJobConfig;
import dev.keel.jobs.snapshot.RegisteredVenue;
import dev.keel.jobs.venue.PaperFaults;
import dev.keel.jobs.venue.PaperJournal;
import dev.keel.jobs.venue.PaperVenues;
import dev.keel.jobs.venue.SettableClock;
import dev.keel.jobs.venue.Venue;
import dev.keel.jobs.venue.XChangeVenue;
import dev.keel.persistence.db.Jdbis;
import dev.keel.persistence.execution.ExecutionDao;
import dev.keel.persistence.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A whole execution on the two standard paper venues, faulty or not: a snapshot, a generated population and a scan at
 * {@code start}, then the executor run again and again, the one settable clock (the venues', the executor's) moved 15 s
 * between runs as the schedule would, until no proposal is executing. Every run ends with
 * {@link ExecutionFixtures#assertInvariants}; the venues' own orders and the executor's calls to them are kept for the
 * test to read.
 */
final class PaperRuns {

  /** The venues the jobs of a {@link #context} see; a test (or {@code PaperRuns} itself) fills it before it launches them. */
  static final List<RegisteredVenue> VENUES = new ArrayList<>();

  @Configuration(proxyBeanMethods = false)
  static class Venues {
    @Bean
    List<RegisteredVenue> registeredVenues() {
      return VENUES;
    }
  }

  /** The batch infrastructure with the snapshot and scan jobs, and {@code more}, over {@link #VENUES}. */
  static AnnotationConfigApplicationContext context(Class<?>... more) {
    List<Class<?>> configs = new ArrayList<>(List.of(MarketSnapshotJobConfig.class, ScanJobConfig.class, Venues.class));
    configs.addAll(List.of(more));
    return JobsTestContext.start(configs.toArray(Class<?>[]::new));
  }

  /** The executor's settings: the defaults, two threads, snapshots good for an hour (a faulty run lasts minutes). */
  static ProposalExecutor.Settings settings() {
    ProposalExecutor.Settings d = ExecutionJobConfig.defaults();
    return new ProposalExecutor.Settings(d.policy(), d.claimBatch(), 2, Duration.ofHours(1), d.bookDepth(), d.naiveVenue(), "paper-runs",
        d.rateLimitWait(), d.banHalt(), d.group(), d.crossing());
  }

  final TestDatabase db;
  final SettableClock clock;
  final List<XChangeVenue> paper;
  final JournalingVenue.Journal journal = new JournalingVenue.Journal();
  final ProposalExecutor executor;
  final ExecutionPolicy policy = settings().policy();
  int runs;
  /** Errors the runs counted (a proposal's step or a group that threw, a reply that could not be booked). */
  int errors;

  /**
   * The paper venues (registered in {@link #VENUES} for the snapshot job), the proposals of a generated population,
   * and an executor over the venues through a journal.
   *
   * @param installation this database's client order id prefix, fixed so that the venues' fault draws repeat
   */
  PaperRuns(TestDatabase db, CycleLauncher launcher, Instant start, long venueSeed, PaperFaults faults, int accounts, long populationSeed,
            double premiumShare, String installation) {
    this.db = db;
    this.clock = new SettableClock(start);
    List<Market> markets = PaperVenues.standard(venueSeed, clock).get(0).markets();
    this.paper = PaperVenues.standard(venueSeed, clock, markets, faults);
    ExecutionFixtures.registerPaper(VENUES, paper);
    db.jdbi().useHandle(h -> h.execute("UPDATE installation SET id = ?", installation));
    assertThat(launcher.launch(MarketSnapshotJobConfig.JOB, start).ranAndCompleted()).isTrue();
    ExecutionFixtures.population(db, accounts, populationSeed, premiumShare, start);
    assertThat(launcher.launch(ScanJobConfig.JOB, start).ranAndCompleted()).isTrue();
    List<Venue> journaled = new ArrayList<>();
    paper.forEach(v -> journaled.add(new JournalingVenue(v, clock, journal)));
    this.executor = new ProposalExecutor(new ExecutionDao(Jdbis.standalone(db.dataSource())), journaled, clock, settings());
  }

  long count(String sql) {
    return ExecutionFixtures.count(db, sql);
  }

  /** Runs the executor every 15 s of the clock until no proposal is executing; fails after {@code maxRuns}. */
  void untilNothingExecutes(int maxRuns) {
    for (runs = 1; runs <= maxRuns; runs++) {
      errors += executor.run().failed();
      ExecutionFixtures.assertInvariants(db);
      if (count("SELECT count(*) FROM proposal WHERE status IN ('APPROVED', 'EXECUTING')") == 0) {
        return;
      }
      clock.advance(Duration.ofSeconds(15));
    }
    throw new AssertionError("proposals still executing after " + maxRuns + " runs:\n" + stuck());
  }

  /** The proposals still open, with their trades, orders and cross legs, for a failure's message. */
  String stuck() {
    return FaultFixtures.text(db, "SELECT string_agg(line, E'\\n' ORDER BY pid, tid, ord) FROM ("
        + " SELECT p.id AS pid, t.id AS tid, 0 AS ord, 'proposal ' || p.id || ' ' || p.status || ' trade ' || t.id || ' ' || t.side || ' '"
        + "   || t.asset || ' ' || t.quantity || ' executed ' || t.executed_qty || ' planned ' || coalesce(t.planned_qty::text, '-') || ' '"
        + "   || t.status || coalesce(' (' || t.reason || ')', '')"
        + "   || coalesce((SELECT ' leg of cross ' || l.internal_cross_id || ' ' || c.status || ' net ' || coalesce(c.net_side, '-')"
        + "     || ' lead ' || coalesce(c.lead_trade_id::text, '-') || ' crossed ' || l.crossed || ' to venue ' || coalesce(l.to_venue::text, '-')"
        + "     FROM cross_leg l JOIN internal_cross c ON c.id = l.internal_cross_id WHERE l.proposal_trade_id = t.id), '') AS line"
        + " FROM proposal p JOIN proposal_trade t ON t.proposal_id = p.id WHERE p.status IN ('APPROVED', 'EXECUTING')"
        + " UNION ALL SELECT p.id, t.id, o.id, '    order ' || o.client_order_id || ' ' || o.venue_id || ' ' || o.status || ' '"
        + "   || o.requested_qty || ' filled ' || o.filled_qty || ' checks ' || o.not_found_checks || coalesce(' (' || o.reason || ')', '')"
        + " FROM proposal p JOIN proposal_trade t ON t.proposal_id = p.id JOIN venue_order o ON o.proposal_trade_id = t.id"
        + " WHERE p.status IN ('APPROVED', 'EXECUTING')"
        + " UNION ALL SELECT 1000000000 + c.id, l.proposal_trade_id, 0, 'open cross ' || c.id || ' ' || c.asset || ' net ' || coalesce(c.net_side, '-')"
        + "   || ' lead ' || coalesce(c.lead_trade_id::text, '-') || ': leg ' || l.proposal_trade_id || ' ' || l.side || ' of proposal '"
        + "   || t.proposal_id || ' ' || p.status || ', trade ' || t.status || ' planned ' || coalesce(t.planned_qty::text, '-')"
        + "   || ' crossed ' || l.crossed || ' to venue ' || coalesce(l.to_venue::text, '-') || coalesce(' (' || t.reason || ')', '')"
        + " FROM internal_cross c JOIN cross_leg l ON l.internal_cross_id = c.id JOIN proposal_trade t ON t.id = l.proposal_trade_id"
        + " JOIN proposal p ON p.id = t.proposal_id WHERE c.status = 'NET_OPEN') x");
  }

  /** Every order the paper venues placed, both venues. */
  List<PaperJournal.PlacedOrder> placed() {
    List<PaperJournal.PlacedOrder> out = new ArrayList<>();
    paper.forEach(v -> out.addAll(PaperJournal.orders(v)));
    return out;
  }

  /**
   * Read from the venues' own orders: each client order id placed once (at one venue), each one an order Keel recorded
   * for that venue; an order Keel gave up as never placed is not at the venue; what the venues filled for a trade (or a
   * cross's net) never exceeds what it was to trade there and equals the fills Keel booked for it.
   */
  void assertVenuesAgreeWithTheLedger() {
    List<PaperJournal.PlacedOrder> placed = placed();
    Map<String, Integer> byClientId = new HashMap<>();
    placed.forEach(o -> byClientId.merge(o.clientOrderId(), 1, Integer::sum));
    assertThat(byClientId.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
        .as("client order ids placed more than once at the venues").isEmpty();

    record Known(String venue, String group, BigDecimal allowed, BigDecimal booked, boolean givenUp) {}
    Map<String, Known> known = new HashMap<>();
    db.jdbi().useHandle(h -> h.createQuery("SELECT o.client_order_id, o.venue_id,"
            + " CASE WHEN o.internal_cross_id IS NULL THEN 'trade ' || o.proposal_trade_id ELSE 'net of cross ' || o.internal_cross_id END AS grp,"
            + " CASE WHEN o.internal_cross_id IS NULL"
            + "   THEN t.quantity - coalesce((SELECT l.crossed FROM cross_leg l WHERE l.proposal_trade_id = t.id), 0)"
            + "   ELSE (SELECT sum(l.to_venue) FROM cross_leg l JOIN internal_cross c ON c.id = l.internal_cross_id"
            + "         WHERE c.id = o.internal_cross_id AND l.side = c.net_side) END AS allowed,"
            + " (SELECT coalesce(sum(f.quantity), 0) FROM fill f WHERE f.venue_order_id = o.id) AS booked,"
            + " (o.status = 'FAILED' AND o.reason LIKE :notPlaced) AS given_up"
            + " FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id")
        .bind("notPlaced", ExecutionDao.NOT_PLACED + "%")
        .map((rs, ctx) -> Map.entry(rs.getString("client_order_id"), new Known(rs.getString("venue_id"), rs.getString("grp"),
            rs.getBigDecimal("allowed"), rs.getBigDecimal("booked"), rs.getBoolean("given_up"))))
        .forEach(e -> known.put(e.getKey(), e.getValue())));

    List<String> problems = new ArrayList<>();
    Map<String, BigDecimal> filledByGroup = new HashMap<>();
    Map<String, BigDecimal> bookedByGroup = new HashMap<>();
    Map<String, BigDecimal> allowedByGroup = new HashMap<>();
    for (PaperJournal.PlacedOrder o : placed) {
      Known k = known.get(o.clientOrderId());
      if (k == null) {
        problems.add(o.venue() + " placed " + o.clientOrderId() + ", which Keel never recorded");
        continue;
      }
      if (!k.venue().equals(o.venue())) {
        problems.add(o.clientOrderId() + " placed on " + o.venue() + ", recorded for " + k.venue());
      }
      if (k.givenUp()) {
        problems.add(o.clientOrderId() + " was placed on " + o.venue() + " but Keel gave it up as never placed");
      }
      filledByGroup.merge(k.group(), o.filled(), BigDecimal::add);
      bookedByGroup.merge(k.group(), k.booked(), BigDecimal::add);
      allowedByGroup.put(k.group(), k.allowed());
    }
    filledByGroup.forEach((group, filled) -> {
      if (filled.compareTo(bookedByGroup.get(group)) != 0) {
        problems.add(group + ": the venues filled " + filled.toPlainString() + ", Keel booked " + bookedByGroup.get(group).toPlainString());
      }
      if (filled.compareTo(allowedByGroup.get(group)) > 0) {
        problems.add(group + ": the venues filled " + filled.toPlainString() + ", beyond the " + allowedByGroup.get(group).toPlainString()
            + " it was to trade there");
      }
    });
    assertThat(problems).as("the venues' orders against Keel's").isEmpty();
  }
}
