package dev.keel.jobs.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.execution.ExecutionPolicy;
import dev.keel.domain.market.Market;
import dev.keel.jobs.venue.OrderReport;
import dev.keel.jobs.venue.OrderRequest;
import dev.keel.jobs.venue.Venue;
import dev.keel.jobs.venue.VenueResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A venue that writes every order call the executor makes, and what it answered, into a journal shared by the venues
 * of a test, in the order the calls were made; {@link Journal#assertOneLiveOrderPerTrade} reads from it that no trade
 * ever had a second order sent while the fate of an earlier one was unknown.
 */
final class JournalingVenue extends ForwardingVenue {

  /** What an order call answered. */
  enum Answer {
    /** placed, and its report final */
    PLACED_FINAL,
    /** placed, its report not final yet */
    PLACED_OPEN,
    /** refused: the venue did not place it */
    NOT_PLACED,
    /** the outcome is unknown: placed or not */
    UNKNOWN,
    /** a lookup found the order, final */
    FOUND_FINAL,
    /** a lookup found the order, not final */
    FOUND_OPEN,
    /** a lookup: the venue has no such order */
    NOT_FOUND,
    /** a lookup that could not be answered */
    LOOKUP_FAILED
  }

  /** One order call: when, to which venue, for which client order id, and what it answered. */
  record Call(long sequence, Instant at, String venue, String clientOrderId, boolean placement, Answer answer) {
    /** The proposal trade the client order id belongs to: {@code k<installation>-<trade id>-<sequence>}. */
    long tradeId() {
      String[] parts = clientOrderId.split("-");
      return Long.parseLong(parts[1]);
    }
  }

  /** The calls of every venue of a test, in order. */
  static final class Journal {
    private final List<Call> calls = new ArrayList<>();

    synchronized void add(Instant at, String venue, String clientOrderId, boolean placement, Answer answer) {
      calls.add(new Call(calls.size(), at, venue, clientOrderId, placement, answer));
    }

    synchronized List<Call> calls() {
      return List.copyOf(calls);
    }

    synchronized long count(boolean placement, Answer answer) {
      return calls.stream().filter(c -> c.placement() == placement && c.answer() == answer).count();
    }

    /** No client order id is sent twice: Keel never repeats a placement, it looks the order up. */
    void assertEachClientOrderIdSentOnce() {
      Map<String, Long> sent = new HashMap<>();
      calls().stream().filter(Call::placement).forEach(c -> sent.merge(c.clientOrderId(), 1L, Long::sum));
      assertThat(sent.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
          .as("client order ids sent more than once").isEmpty();
    }

    /**
     * When an order of a trade is sent, every earlier order of that trade is settled as the executor may know it: its
     * placement was answered (placed and final, or refused), a lookup found it final, or lookups said "no such order"
     * at least {@code policy.notFoundChecks()} times over at least {@code policy.notFoundWindow()}. Otherwise the trade
     * could have had two live orders.
     */
    void assertOneLiveOrderPerTrade(ExecutionPolicy policy) {
      List<Call> all = calls();
      Map<Long, List<String>> sentByTrade = new HashMap<>();
      List<String> violations = new ArrayList<>();
      for (Call c : all) {
        if (!c.placement()) {
          continue;
        }
        List<String> earlier = sentByTrade.computeIfAbsent(c.tradeId(), k -> new ArrayList<>());
        for (String e : earlier) {
          if (!settled(all, e, c.sequence(), policy)) {
            violations.add(c.clientOrderId() + " sent at " + c.at() + " while " + e + " was not settled");
          }
        }
        earlier.add(c.clientOrderId());
      }
      assertThat(violations).as("orders sent while an earlier order of the same trade was live or unknown").isEmpty();
    }

    private static boolean settled(List<Call> all, String clientOrderId, long before, ExecutionPolicy policy) {
      int notFound = 0;
      Instant first = null;
      Instant last = null;
      for (Call c : all) {
        if (c.sequence() >= before) {
          break;
        }
        if (!c.clientOrderId().equals(clientOrderId)) {
          continue;
        }
        switch (c.answer()) {
          case PLACED_FINAL, NOT_PLACED, FOUND_FINAL -> {
            return true;
          }
          case NOT_FOUND -> {
            notFound++;
            first = first == null ? c.at() : first;
            last = c.at();
          }
          default -> {
            // unknown, open, or a lookup that failed: not settled by this call
          }
        }
      }
      return notFound >= policy.notFoundChecks() && Duration.between(first, last).compareTo(policy.notFoundWindow()) >= 0;
    }
  }

  private final Clock clock;
  private final Journal journal;

  JournalingVenue(Venue venue, Clock clock, Journal journal) {
    super(venue, venue);
    this.clock = clock;
    this.journal = journal;
  }

  @Override
  public VenueResult<OrderReport> place(OrderRequest request) {
    VenueResult<OrderReport> r = super.place(request);
    Answer a;
    if (r instanceof VenueResult.Ok<OrderReport> ok) {
      a = ok.value().status().isFinal() ? Answer.PLACED_FINAL : Answer.PLACED_OPEN;
    } else if (r instanceof VenueResult.Failed<OrderReport> f && !f.fault().kind().outcomeUnknown()) {
      a = Answer.NOT_PLACED;
    } else {
      a = Answer.UNKNOWN;
    }
    journal.add(clock.instant(), id().value(), request.clientOrderId(), true, a);
    return r;
  }

  @Override
  public VenueResult<Optional<OrderReport>> findOrder(Market market, String clientOrderId) {
    VenueResult<Optional<OrderReport>> r = super.findOrder(market, clientOrderId);
    Answer a;
    if (r instanceof VenueResult.Ok<Optional<OrderReport>> ok) {
      a = ok.value().isEmpty() ? Answer.NOT_FOUND : ok.value().get().status().isFinal() ? Answer.FOUND_FINAL : Answer.FOUND_OPEN;
    } else {
      a = Answer.LOOKUP_FAILED;
    }
    journal.add(clock.instant(), id().value(), clientOrderId, false, a);
    return r;
  }
}
