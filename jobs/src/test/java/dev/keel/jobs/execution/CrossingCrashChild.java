package dev.keel.jobs.execution;

import dev.keel.domain.market.VenueId;
import dev.keel.jobs.venue.FakeExchange;
import dev.keel.jobs.venue.OrderReport;
import dev.keel.jobs.venue.OrderRequest;
import dev.keel.jobs.venue.Venue;
import dev.keel.jobs.venue.VenueConnection;
import dev.keel.jobs.venue.VenueResult;
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
 * One execution run with crossing on, in a JVM of its own, for {@link ExecutionCrossingIT}'s crash case: on the database at
 * KEEL_TEST_DB_URL, against the fake Binance at {@code args[0]}, at the instant {@code args[1]}. By default the process
 * dies abruptly ({@link Runtime#halt}: no shutdown hook, no finally, as under SIGKILL) at its first order placement,
 * before a byte of it is sent: after the cross and the net order's intent are committed, before the venue sees the
 * order. With {@code args[2]} {@link #WAIT} it sends the order and waits for a reply the fake holds back, for the test
 * to kill it. Must be started with {@code -Dsun.net.http.retryPost=false}.
 */
public final class CrossingCrashChild {

  /** {@code args[2]}: die at the first placement (the default); {@link #WAIT}: place, and wait for the reply until killed. */
  static final String DIE_AT_PLACEMENT = "die-at-placement";
  static final String WAIT = "wait";

  /** The exit status the child dies with at its first placement. */
  static final int DIED_AT_PLACEMENT = 77;

  private CrossingCrashChild() {}

  public static void main(String[] args) {
    URI fake = URI.create(args[0]);
    Clock clock = Clock.fixed(Instant.parse(args[1]), ZoneOffset.UTC);
    TestDatabase db = TestDatabase.get();
    boolean dieAtPlacement = args.length < 3 || args[2].equals(DIE_AT_PLACEMENT);
    // waiting for a held-back reply needs a read timeout longer than the hold
    XChangeVenue binance = XChangeVenues.binance(VenueId.of("binance"), new VenueConnection(fake, FakeExchange.API_KEY, FakeExchange.SECRET,
        Duration.ofSeconds(2), Duration.ofSeconds(dieAtPlacement ? 5 : 120)), List.of(FaultFixtures.BTC, FaultFixtures.ETH), 0, clock);
    Venue venue = dieAtPlacement ? new DiesAtPlacement(binance) : binance;
    ProposalExecutor executor = new ProposalExecutor(new ExecutionDao(Jdbis.standalone(db.dataSource())), List.of(venue), clock,
        ExecutionGroupsIT.settings("crossing-child", 50));
    System.out.println("child: " + executor.run().describe());
  }

  /** The venue, except that placing an order kills the process first. */
  private static final class DiesAtPlacement extends ForwardingVenue {
    DiesAtPlacement(Venue venue) {
      super(venue, venue);
    }

    @Override
    public VenueResult<OrderReport> place(OrderRequest request) {
      System.out.println("child: dying at the placement of " + request.clientOrderId() + " (" + request.quantity() + ")");
      System.out.flush();
      Runtime.getRuntime().halt(DIED_AT_PLACEMENT);
      throw new IllegalStateException("unreachable");
    }
  }
}
