package dev.keel.jobs.venue;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.Side;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link FakeBinance} and {@link FakeKraken} share: a WireMock server on 127.0.0.1 and a dynamic port, a book per
 * market that immediate-or-cancel orders meet, the orders and trades the fake venue keeps, faults programmed for the
 * next requests, and a journal of what reached it. Market metadata, tickers and fees are the fixtures under
 * {@code venue/} ({@link StubVenue}); books, orders and trades are answered from this state in the venue's own REST
 * format, and signed requests are checked against {@link #API_KEY} and {@link #SECRET}.
 *
 * <p>The book is what every order meets: fills do not consume it. Set a thin book to get a partial fill. Thread-safe;
 * a delayed reply is delayed after the state changed and without holding the fake's lock.
 *
 * <p>A JVM that places orders on a fake must run with {@code -Dsun.net.http.retryPost=false} (the jobs module's test
 * JVMs do; pass it to a child JVM too), or Keel refuses to place: see docs/venue-orders.md.
 */
public abstract class FakeExchange implements AutoCloseable {

  /** The API key the fakes expect, sent by {@link #connection(Duration)}. */
  public static final String API_KEY = "fake-key-4c1d";
  /** The API secret the fakes sign with: Base64, as Kraken's are; Binance uses the text itself. */
  public static final String SECRET = Base64.getEncoder().encodeToString("fake-secret-92be".getBytes(StandardCharsets.UTF_8));

  protected static final ObjectMapper JSON = new ObjectMapper();
  protected static final MathContext MC = MathContext.DECIMAL64;

  /**
   * A fault for the next order placement (or placements). Build one with the static methods.
   *
   * @param kind   what happens
   * @param status the HTTP status answered, where the kind has one
   * @param time   the delay or the Retry-After, where the kind has one
   */
  public record Fault(Kind kind, int status, Duration time) {

    public enum Kind {
      /** The order is placed, then the reply is an HTTP error (500, 503...): the client cannot tell it was placed. */
      ACCEPT_THEN_STATUS,
      /** The order is placed, then the reply comes only after {@code time}, past the client's read timeout. */
      ACCEPT_THEN_DELAY,
      /** The order is placed, then the TCP connection is reset without a reply. */
      ACCEPT_THEN_RESET,
      /** The venue answers an HTTP error ({@code status}) without placing the order. */
      REFUSE_WITH_STATUS,
      /** Binance: HTTP 429 with Retry-After {@code time}; Kraken: "EAPI:Rate limit exceeded" (HTTP 200, no Retry-After). Not placed. */
      RATE_LIMITED,
      /** Binance: HTTP 418 with Retry-After {@code time}; Kraken: "EGeneral:Temporary lockout". Not placed. */
      BANNED,
      /** Binance: HTTP 400, -2010 "Account has insufficient balance"; Kraken: "EOrder:Insufficient funds". Not placed. */
      INSUFFICIENT_FUNDS
    }

    public static Fault acceptThenStatus(int status) {
      return new Fault(Kind.ACCEPT_THEN_STATUS, status, Duration.ZERO);
    }

    public static Fault acceptThenDelay(Duration delay) {
      return new Fault(Kind.ACCEPT_THEN_DELAY, 200, delay);
    }

    public static Fault acceptThenReset() {
      return new Fault(Kind.ACCEPT_THEN_RESET, 0, Duration.ZERO);
    }

    public static Fault refuseWithStatus(int status) {
      return new Fault(Kind.REFUSE_WITH_STATUS, status, Duration.ZERO);
    }

    public static Fault rateLimited(Duration retryAfter) {
      return new Fault(Kind.RATE_LIMITED, 429, retryAfter);
    }

    public static Fault banned(Duration retryAfter) {
      return new Fault(Kind.BANNED, 418, retryAfter);
    }

    public static Fault insufficientFunds() {
      return new Fault(Kind.INSUFFICIENT_FUNDS, 400, Duration.ZERO);
    }

    boolean places() {
      return kind == Kind.ACCEPT_THEN_STATUS || kind == Kind.ACCEPT_THEN_DELAY || kind == Kind.ACCEPT_THEN_RESET;
    }
  }

  /**
   * One order placement that reached the venue, in arrival order.
   *
   * @param clientOrderId the client order id as sent (Binance: Keel's id; Kraken: the {@code cl_ord_id} UUID)
   * @param symbol        the venue's symbol, e.g. BTCUSDT or XBTUSDT
   * @param side          BUY or SELL
   * @param quantity      base units asked for
   * @param price         the limit price
   * @param timeInForce   as sent (Binance GTC/IOC/FOK, Kraken GTC/IOC/GTD), GTC when absent
   * @param venueOrderId  the venue's id when the order was placed, empty when it was refused
   * @param answer        what the venue answered: "200", "500 after placing", "reset after placing", "429", "-2010"...
   */
  public record Placement(String clientOrderId, String symbol, Side side, BigDecimal quantity, BigDecimal price, String timeInForce,
                          Optional<String> venueOrderId, String answer) {
    public boolean placed() {
      return venueOrderId.isPresent();
    }
  }

  /** One trade of an order at the fake venue; the fee is in the market's quote asset. */
  public record Trade(String tradeId, BigDecimal quantity, BigDecimal price, BigDecimal fee, Instant at) {}

  /** An order as the fake venue keeps it. */
  public record Order(String venueOrderId, String clientOrderId, Market market, Side side, BigDecimal quantity, BigDecimal price,
                      String timeInForce, State state, BigDecimal executed, List<Trade> trades, Instant at) {}

  /** An order's state, named by each venue in its own words. */
  public enum State { OPEN, FILLED, CANCELLED_BY_CLIENT, REMAINDER_CANCELLED }

  /** A placement's parsed request, in the venue's terms. */
  protected record NewOrder(String clientOrderId, String symbol, Market market, Side side, BigDecimal quantity, BigDecimal price,
                            String timeInForce) {}

  /** An answer to send: built by the venue, delayed or replaced by a reset by a fault. */
  protected record Answer(int status, String body, Map<String, String> headers) {
    static Answer json(int status, Object body) {
      return new Answer(status, write(body), Map.of("Content-Type", "application/json"));
    }
  }

  private final String name;
  private final WireMockServer server;
  private final Clock clock;
  private final BigDecimal takerFee;
  private final Map<Market, List<PriceLevel>> bids = new LinkedHashMap<>();
  private final Map<Market, List<PriceLevel>> asks = new LinkedHashMap<>();
  private final Map<String, MutableOrder> byVenueId = new LinkedHashMap<>();
  private final Deque<Fault> placementFaults = new ArrayDeque<>();
  private final Deque<Integer> queryFailures = new ArrayDeque<>();
  private final List<Placement> placements = new ArrayList<>();
  private final List<String> requests = new ArrayList<>();
  private int hideNewOrdersFor;
  private long orderSequence;
  private long tradeSequence;

  /** An order's state as it changes. */
  protected static final class MutableOrder {
    final String venueOrderId;
    final NewOrder order;
    final Instant at;
    final List<Trade> trades = new ArrayList<>();
    State state = State.OPEN;
    Instant closedAt;
    int hiddenFor;

    MutableOrder(String venueOrderId, NewOrder order, Instant at, int hiddenFor) {
      this.venueOrderId = venueOrderId;
      this.order = order;
      this.at = at;
      this.hiddenFor = hiddenFor;
    }

    BigDecimal executed() {
      return trades.stream().map(Trade::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    BigDecimal cost() {
      return trades.stream().map(t -> t.quantity().multiply(t.price(), MC)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    BigDecimal fee() {
      return trades.stream().map(Trade::fee).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Counts a query that would show the order; true while the order is still hidden from queries. */
    boolean hiddenFromThisQuery() {
      if (hiddenFor > 0) {
        hiddenFor--;
        return true;
      }
      return false;
    }

    Order snapshot() {
      return new Order(venueOrderId, order.clientOrderId(), order.market(), order.side(), order.quantity(), order.price(),
          order.timeInForce(), state, executed(), List.copyOf(trades), at);
    }
  }

  protected FakeExchange(String name, Clock clock, BigDecimal takerFee) {
    this.name = name;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.takerFee = takerFee;
    this.server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().asynchronousResponseEnabled(false)
        .containerThreads(24).extensions(new Handler()));
    server.start();
  }

  /** The base URL of the fake venue's REST API, e.g. http://127.0.0.1:41234. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** A connection to this fake with its key and secret, a 2 s connect timeout and the given read timeout. */
  public VenueConnection connection(Duration readTimeout) {
    return new VenueConnection(baseUrl(), API_KEY, SECRET, Duration.ofSeconds(2), readTimeout);
  }

  /** The WireMock server underneath, for stubbing what the fake does not answer itself. */
  public WireMockServer server() {
    return server;
  }

  /** The book orders on {@code market} meet from now on (and the depth endpoint answers), best level first. */
  public synchronized FakeExchange book(Market market, List<PriceLevel> bidLevels, List<PriceLevel> askLevels) {
    bids.put(market, List.copyOf(bidLevels));
    asks.put(market, List.copyOf(askLevels));
    return this;
  }

  /** The next order placement meets {@code fault}. */
  public FakeExchange failNextPlacement(Fault fault) {
    return failNextPlacements(fault, 1);
  }

  /** The next {@code count} order placements meet {@code fault}; faults queue up in the order given. */
  public synchronized FakeExchange failNextPlacements(Fault fault, int count) {
    for (int i = 0; i < count; i++) {
      placementFaults.add(Objects.requireNonNull(fault, "fault"));
    }
    return this;
  }

  /** The next {@code count} order queries (lookups, trades, cancels) answer HTTP {@code status} and change nothing. */
  public synchronized FakeExchange failNextQueries(int status, int count) {
    for (int i = 0; i < count; i++) {
      queryFailures.add(status);
    }
    return this;
  }

  /**
   * Every order placed from now on is reported as not existing by its first {@code queries} queries (Binance: -2013
   * "Order does not exist."; Kraken: absent from OpenOrders, ClosedOrders and QueryOrders). Zero turns it off.
   */
  public synchronized FakeExchange hideNewOrdersFromQueries(int queries) {
    hideNewOrdersFor = queries;
    return this;
  }

  /**
   * A trade that appears later for the order with this client id (as sent), whatever its state: its executed quantity
   * grows, and it becomes filled when that reaches its quantity.
   */
  public synchronized Trade addFill(String clientOrderId, BigDecimal quantity, BigDecimal price) {
    MutableOrder o = byClientId(clientOrderId).orElseThrow(() -> new IllegalArgumentException("no order " + clientOrderId));
    Trade t = trade(o, quantity, price);
    if (o.executed().compareTo(o.order.quantity()) >= 0) {
      o.state = State.FILLED;
    }
    return t;
  }

  /** Every order placement that reached the venue, in arrival order, placed or not. */
  public synchronized List<Placement> placements() {
    return List.copyOf(placements);
  }

  /** The placements that reached the venue with this client order id (as sent). */
  public synchronized List<Placement> placements(String clientOrderId) {
    return placements.stream().filter(p -> clientOrderId.equals(p.clientOrderId())).toList();
  }

  /** "METHOD /path" of every request the fake answered from its state (orders, trades, books), in arrival order. */
  public synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  /** The orders the venue holds, in placement order. */
  public synchronized List<Order> orders() {
    return byVenueId.values().stream().map(MutableOrder::snapshot).toList();
  }

  /** The order with this client order id (as sent), the newest when several carry it. */
  public synchronized Optional<Order> order(String clientOrderId) {
    return byClientId(clientOrderId).map(MutableOrder::snapshot);
  }

  /** Forgets orders, trades, faults and the journal, and restores the default books. */
  public synchronized void reset() {
    byVenueId.clear();
    placementFaults.clear();
    queryFailures.clear();
    placements.clear();
    requests.clear();
    hideNewOrdersFor = 0;
    bids.clear();
    asks.clear();
    defaultBooks();
    server.resetRequests();
  }

  @Override
  public void close() {
    server.stop();
  }

  // ---- for the venues

  /** Sets the default books (from the fixtures). */
  protected abstract void defaultBooks();

  /** Answers a request the fake handles from its state. */
  protected abstract Reply answer(LoggedRequest request);

  /** The answer to a placement refused by {@code fault} (not placed). */
  protected abstract Answer refusal(Fault fault);

  /** The answer to a query failed with {@code status}. */
  protected abstract Answer queryFailure(int status);

  protected final Clock clock() {
    return clock;
  }

  protected final synchronized List<PriceLevel> bids(Market market) {
    return bids.getOrDefault(market, List.of());
  }

  protected final synchronized List<PriceLevel> asks(Market market) {
    return asks.getOrDefault(market, List.of());
  }

  protected final synchronized Optional<MutableOrder> byVenueId(String venueOrderId) {
    return Optional.ofNullable(byVenueId.get(venueOrderId));
  }

  protected final synchronized Optional<MutableOrder> byClientId(String clientOrderId) {
    MutableOrder found = null;
    for (MutableOrder o : byVenueId.values()) {
      if (clientOrderId != null && clientOrderId.equals(o.order.clientOrderId())) {
        found = o;
      }
    }
    return Optional.ofNullable(found);
  }

  protected final synchronized List<MutableOrder> allOrders() {
    return List.copyOf(byVenueId.values());
  }

  /**
   * Handles a placement: takes the next programmed fault, records the placement, and (unless the fault refuses it)
   * places the order: it meets the book up to its limit, an IOC remainder is cancelled, a GTC one rests.
   *
   * @param accepted renders the accepted order's reply
   */
  protected final synchronized Reply place(NewOrder order, java.util.function.Function<MutableOrder, Answer> accepted) {
    Fault fault = placementFaults.poll();
    if (fault != null && !fault.places()) {
      Answer refusal = refusal(fault);
      placements.add(new Placement(order.clientOrderId(), order.symbol(), order.side(), order.quantity(), order.price(),
          order.timeInForce(), Optional.empty(), answerName(refusal)));
      return new Reply(refusal, null);
    }
    MutableOrder o = new MutableOrder(nextOrderId(), order, clock.instant(), hideNewOrdersFor);
    byVenueId.put(o.venueOrderId, o);
    match(o);
    Answer reply = accepted.apply(o);
    String answer = fault == null ? answerName(reply) : switch (fault.kind()) {
      case ACCEPT_THEN_STATUS -> fault.status() + " after placing";
      case ACCEPT_THEN_DELAY -> "reply delayed " + fault.time().toMillis() + " ms after placing";
      case ACCEPT_THEN_RESET -> "reset after placing";
      default -> throw new IllegalStateException();
    };
    placements.add(new Placement(order.clientOrderId(), order.symbol(), order.side(), order.quantity(), order.price(),
        order.timeInForce(), Optional.of(o.venueOrderId), answer));
    if (fault == null) {
      return new Reply(reply, null);
    }
    return switch (fault.kind()) {
      case ACCEPT_THEN_STATUS -> new Reply(queryFailure(fault.status()), null);
      case ACCEPT_THEN_DELAY -> new Reply(reply, fault.time());
      case ACCEPT_THEN_RESET -> new Reply(null, null);
      default -> throw new IllegalStateException();
    };
  }

  /** A placement refused by the venue's own rules (duplicate client id, bad request), recorded in the journal. */
  protected final synchronized void refusedPlacement(NewOrder order, String answer) {
    placements.add(new Placement(order.clientOrderId(), order.symbol(), order.side(), order.quantity(), order.price(),
        order.timeInForce(), Optional.empty(), answer));
  }

  /** The next programmed query failure, if any: a query answers it instead. */
  protected final synchronized Optional<Answer> nextQueryFailure() {
    Integer status = queryFailures.poll();
    return status == null ? Optional.empty() : Optional.of(queryFailure(status));
  }

  /** What to send back: an answer, delayed or not, or a reset connection (null answer). */
  protected record Reply(Answer answer, Duration delay) {
    static Reply of(Answer answer) {
      return new Reply(answer, null);
    }
  }

  private void match(MutableOrder o) {
    NewOrder n = o.order;
    List<PriceLevel> levels = n.side() == Side.BUY ? asks(n.market()) : bids(n.market());
    BigDecimal left = n.quantity();
    for (PriceLevel level : levels) {
      boolean crosses = n.side() == Side.BUY ? level.price().compareTo(n.price()) <= 0 : level.price().compareTo(n.price()) >= 0;
      if (!crosses || left.signum() <= 0) {
        break;
      }
      BigDecimal take = left.min(level.quantity());
      trade(o, take, level.price());
      left = left.subtract(take);
    }
    if (left.signum() <= 0) {
      o.state = State.FILLED;
      o.closedAt = o.at;
    } else if (!"GTC".equalsIgnoreCase(n.timeInForce())) {
      o.state = State.REMAINDER_CANCELLED;
      o.closedAt = o.at;
    }
  }

  private Trade trade(MutableOrder o, BigDecimal quantity, BigDecimal price) {
    BigDecimal fee = quantity.multiply(price, MC).multiply(takerFee, MC).setScale(8, RoundingMode.HALF_UP);
    Trade t = new Trade(nextTradeId(), quantity, price, fee, clock.instant());
    o.trades.add(t);
    return t;
  }

  /** Cancels an open order; false when it was already final. */
  protected final synchronized boolean cancel(MutableOrder o) {
    if (o.state != State.OPEN) {
      return false;
    }
    o.state = State.CANCELLED_BY_CLIENT;
    o.closedAt = clock.instant();
    return true;
  }

  protected abstract String orderId(long sequence);

  protected abstract String tradeId(long sequence);

  private String nextOrderId() {
    return orderId(++orderSequence);
  }

  private String nextTradeId() {
    return tradeId(++tradeSequence);
  }

  private static String answerName(Answer a) {
    if (a.status() / 100 != 2) {
      return Integer.toString(a.status());
    }
    try {
      Map<?, ?> body = JSON.readValue(a.body(), Map.class);
      Object error = body.get("error");
      if (error instanceof List<?> l && !l.isEmpty()) {
        return l.get(0).toString();
      }
    } catch (JsonProcessingException | RuntimeException e) {
      // not JSON: the status says it
    }
    return Integer.toString(a.status());
  }

  // ---- helpers for the venues

  protected static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parameters of a form body or a query string, decoded. */
  protected static Map<String, String> params(String encoded) {
    Map<String, String> out = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return out;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(key, value);
    }
    return out;
  }

  /** The raw (still encoded) query string of a request, empty when none. */
  protected static String rawQuery(LoggedRequest request) {
    String url = request.getUrl();
    int q = url.indexOf('?');
    return q < 0 ? "" : url.substring(q + 1);
  }

  /** The path of a request, without its query. */
  protected static String path(LoggedRequest request) {
    String url = request.getUrl();
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  protected static String plain(BigDecimal value, int scale) {
    return value.setScale(scale, RoundingMode.HALF_UP).toPlainString();
  }

  /** Book levels from a fixture's [[price, quantity, ...], ...]. */
  @SuppressWarnings("unchecked")
  protected static List<PriceLevel> levels(Object fixtureLevels) {
    List<PriceLevel> out = new ArrayList<>();
    for (Object level : (List<Object>) fixtureLevels) {
      List<Object> l = (List<Object>) level;
      out.add(new PriceLevel(new BigDecimal(l.get(0).toString()), new BigDecimal(l.get(1).toString())));
    }
    return out;
  }

  /** Routes the fake's stubs to {@link #answer}. */
  private final class Handler implements ResponseDefinitionTransformerV2 {

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      LoggedRequest request = event.getRequest();
      synchronized (FakeExchange.this) {
        requests.add(request.getMethod().getName() + " " + path(request));
      }
      Reply r;
      try {
        r = answer(request);
      } catch (RuntimeException e) {
        r = Reply.of(new Answer(500, "fake " + name + " failed: " + e, Map.of("Content-Type", "text/plain")));
      }
      if (r.answer() == null) {
        return ResponseDefinitionBuilder.responseDefinition().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)
            .build();
      }
      Answer a = r.answer();
      Duration delay = r.delay();
      ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition().withStatus(a.status()).withBody(a.body());
      a.headers().forEach(b::withHeader);
      if (delay != null) {
        b.withFixedDelay(Math.toIntExact(delay.toMillis()));
      }
      return b.build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return name;
    }
  }

  /** The transformer name to put on the stubs this fake answers itself. */
  protected final String transformer() {
    return name;
  }
}
