package dev.keel.jobs.execution;

import static dev.keel.jobs.execution.FaultFixtures.BINANCE_BTC;
import static dev.keel.jobs.execution.FaultFixtures.BTC;
import static dev.keel.jobs.execution.FaultFixtures.T0;
import static dev.keel.jobs.execution.FaultFixtures.buy;
import static dev.keel.jobs.execution.FaultFixtures.mid;
import static dev.keel.jobs.execution.FaultFixtures.sell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.jobs.venue.OrderReport;
import dev.keel.jobs.venue.SettableClock;
import dev.keel.jobs.venue.VenueFill;
import dev.keel.jobs.venue.VenueOrderStatus;
import dev.keel.persistence.db.Jdbis;
import dev.keel.persistence.execution.ExecutionDao;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A proposal whose buys were sized to its cash in one run but could not be sent (every venue of the asset paused), and
 * which a later run's group could cross: it must still end. Its buys are sized once (a plan is written only where none
 * was), so a net-side buy crossed after that would never learn its part of the net, and the net, the proposal and every
 * proposal of the cross would wait for ever. Found by {@link PaperFaultsExecutionIT} (429s pause a venue for a while).
 */
class CrossingAfterSizingIT {

  private static final SettableClock CLOCK = new SettableClock(T0);
  private final TestDatabase db = TestDatabase.get();

  @BeforeEach
  void clean() {
    db.reset();
    CLOCK.set(T0);
  }

  private long count(String sql, Object... args) {
    return FaultFixtures.count(db, sql, args);
  }

  @Test
  void a_proposal_whose_buys_were_sized_while_its_venue_was_paused_ends_when_a_later_run_could_cross_it() {
    FaultFixtures.markets(db, T0, BINANCE_BTC);
    ExecutionBookingIT.Scripted venue = new ExecutionBookingIT.Scripted("binance").book(BTC, BINANCE_BTC.bid(), BINANCE_BTC.ask());
    venue.reply = r -> new OrderReport(r.clientOrderId(), "v-" + r.clientOrderId(), VenueOrderStatus.FILLED, r.quantity(),
        List.of(new VenueFill("t-" + r.clientOrderId(), r.quantity(), new java.math.BigDecimal(r.side() == dev.keel.domain.market.Side.BUY
            ? BINANCE_BTC.ask() : BINANCE_BTC.bid()), java.math.BigDecimal.ZERO, "USDT", T0)));
    ExecutionDao dao = new ExecutionDao(Jdbis.standalone(db.dataSource()));
    // proposals driven in groups, so that two of them can cross
    ProposalExecutor.Settings one = FaultFixtures.settings("binance");
    ProposalExecutor executor = new ProposalExecutor(dao, List.of(venue), CLOCK, new ProposalExecutor.Settings(one.policy(), one.claimBatch(),
        one.threads(), one.maxSnapshotAge(), one.bookDepth(), one.naiveVenue(), one.executor(), one.rateLimitWait(), one.banHalt(), 50));

    long buyer = FaultFixtures.proposal(db, T0, "binance", Map.of("USDT", "100000"), List.of(buy("BTC", "0.5", mid(BINANCE_BTC))));
    // another executor met a 429: the venue is paused for a minute
    dao.pause("binance", dev.keel.domain.market.VenueFaultKind.RATE_LIMITED, T0.plusSeconds(60), "HTTP 429", T0);
    executor.run();
    assertThat(FaultFixtures.text(db, "SELECT status FROM proposal WHERE id = ?", buyer)).isEqualTo("EXECUTING");
    assertThat(count("SELECT count(*) FROM proposal_trade WHERE proposal_id = ? AND planned_qty IS NOT NULL", buyer))
        .as("its buy sized to its cash").isEqualTo(1);
    assertThat(venue.placed).as("nothing sent to a paused venue").isEmpty();

    // a seller of the same asset arrives; the pause is over
    long seller = FaultFixtures.proposal(db, T0.plusSeconds(60), "binance", Map.of("BTC", "1"), List.of(sell("BTC", "0.2",
        mid(BINANCE_BTC))));
    for (int run = 0; run < 8 && count("SELECT count(*) FROM proposal WHERE status IN ('APPROVED', 'EXECUTING')") > 0; run++) {
      CLOCK.set(T0.plus(Duration.ofSeconds(90 + 15L * run)));
      executor.run();
      ExecutionFixtures.assertInvariants(db);
    }

    assertThat(FaultFixtures.text(db, "SELECT string_agg(id || ' ' || status, ', ' ORDER BY id) FROM proposal"))
        .isEqualTo(buyer + " EXECUTED, " + seller + " EXECUTED");
    assertThat(count("SELECT count(*) FROM internal_cross WHERE status = 'NET_OPEN'")).as("no net left waiting").isZero();
    assertThat(count("SELECT count(*) FROM proposal_trade WHERE status <> 'FILLED' OR executed_qty <> quantity")).isZero();
  }
}
