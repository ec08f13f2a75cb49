package dev.keel.jobs.execution;

import dev.keel.domain.execution.ExecutionPolicy;
import dev.keel.domain.market.VenueId;
import dev.keel.jobs.venue.FakeExchange;
import dev.keel.jobs.venue.VenueConnection;
import dev.keel.jobs.venue.XChangeVenue;
import dev.keel.jobs.venue.XChangeVenues;
import dev.keel.persistence.db.Jdbis;
import dev.keel.persistence.execution.ExecutionDao;
import dev.keel.persistence.testing.TestDatabase;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One execution run driving its proposals in groups, in a JVM of its own, for {@link ExecutionGroupsIT}'s crash case: on
 * the database at KEEL_TEST_DB_URL, against the fake Binance at {@code args[0]}, at the instant {@code args[1]}, with
 * groups of {@code args[2]} proposals and a read timeout longer than the fake's delayed reply, so that the test can
 * kill it with SIGKILL in the middle of a group's round. Must be started with {@code -Dsun.net.http.retryPost=false}.
 */
public final class GroupCrashChild {

  private GroupCrashChild() {}

  public static void main(String[] args) {
    URI fake = URI.create(args[0]);
    Clock clock = Clock.fixed(Instant.parse(args[1]), ZoneOffset.UTC);
    int group = Integer.parseInt(args[2]);
    TestDatabase db = TestDatabase.get();
    XChangeVenue binance = XChangeVenues.binance(VenueId.of("binance"),
        new VenueConnection(fake, FakeExchange.API_KEY, FakeExchange.SECRET, Duration.ofSeconds(2), Duration.ofSeconds(120)),
        List.of(FaultFixtures.BTC, FaultFixtures.ETH), 0, clock);
    ProposalExecutor executor = new ProposalExecutor(new ExecutionDao(Jdbis.standalone(db.dataSource())), List.of(binance), clock,
        ExecutionGroupsIT.settings("child", group));
    System.out.println("child: " + executor.run().describe());
  }
}
