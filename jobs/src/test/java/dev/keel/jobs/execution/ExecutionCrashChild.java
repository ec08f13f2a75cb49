package dev.keel.jobs.execution;

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
 * One execution run in a JVM of its own, for {@link ExecutionFaultsIT}'s crash case (FAULTS.md E9): on the database at
 * KEEL_TEST_DB_URL, on the venue {@code args[0]} ("binance" or "kraken") whose fake is at {@code args[1]}, at the instant
 * {@code args[2]}, with a read timeout longer than the fake's delayed reply, so that the test can kill it with SIGKILL
 * after the venue accepted the order and before the database recorded the reply. Must be started with
 * {@code -Dsun.net.http.retryPost=false}.
 */
public final class ExecutionCrashChild {

  private ExecutionCrashChild() {}

  public static void main(String[] args) {
    String venue = args[0];
    VenueConnection fake = new VenueConnection(URI.create(args[1]), FakeExchange.API_KEY, FakeExchange.SECRET, Duration.ofSeconds(2),
        Duration.ofSeconds(120));
    Clock clock = Clock.fixed(Instant.parse(args[2]), ZoneOffset.UTC);
    TestDatabase db = TestDatabase.get();
    XChangeVenue client = switch (venue) {
      case "binance" -> XChangeVenues.binance(VenueId.of(venue), fake, List.of(FaultFixtures.BTC, FaultFixtures.ETH), 0, clock);
      case "kraken" -> XChangeVenues.kraken(VenueId.of(venue), fake, List.of(FaultFixtures.BTC), 0, clock);
      default -> throw new IllegalArgumentException("venue must be binance or kraken, was " + venue);
    };
    ProposalExecutor executor = new ProposalExecutor(new ExecutionDao(Jdbis.standalone(db.dataSource())), List.of(client), clock,
        FaultFixtures.settings(venue));
    System.out.println("child: " + executor.run().describe());
  }
}
