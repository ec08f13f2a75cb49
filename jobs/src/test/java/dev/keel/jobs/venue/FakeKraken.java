package dev.keel.jobs.venue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.Side;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stateful fake of Kraken's spot REST API on 127.0.0.1, for the real XChange Kraken client.
 *
 * <p>Start it with {@link #start()} (close it when done), point a venue at {@link #connection(Duration)} or
 * {@link #baseUrl()}. It answers AssetPairs, Assets, the ticker and TradeVolume from the fixtures, the book of XBTUSDT
 * from its state (the fixture's book until {@link #book} changes it; ETHUSDT has none), and:
 * <ul>
 *   <li>POST /0/private/AddOrder: limit orders meet the book up to their price; an IOC remainder is cancelled (status
 *       {@code canceled}, or {@code closed} when it filled), a GTC one rests ({@code open}). Reply: its txid.</li>
 *   <li>QueryOrders (by txid), OpenOrders and ClosedOrders (all, or filtered by {@code cl_ord_id} or {@code userref}),
 *       with {@code trades=true} listing each order's trade ids; QueryTrades (by trade ids); CancelOrder (by txid or
 *       {@code cl_ord_id}, "EOrder:Unknown order" when not open).</li>
 * </ul>
 * Private requests must carry {@code API-Key} = {@link #API_KEY} and a valid {@code API-Sign} (HMAC-SHA512 with the
 * Base64-decoded {@link #SECRET} of the path and SHA-256 of nonce and body), else "EAPI:Invalid key"; a nonce seen
 * before is "EAPI:Invalid nonce" (a POST sent twice shows up so). Fees are 0.4 % of the quote value, in the quote
 * asset (Keel asks for {@code fciq}).
 *
 * <p>Faults ({@link #failNextPlacement}): errors after placing and refusals are HTML 5xx; a rate limit is
 * "EAPI:Rate limit exceeded", a ban "EGeneral:Temporary lockout", insufficient funds "EOrder:Insufficient funds", each
 * in HTTP 200 with no Retry-After, as Kraken documents its errors (a fault's Retry-After is Binance's alone). An HTTP
 * 429 from in front of the API is {@code Fault.refuseWithStatus(429)}. {@link #failNextQueriesWithError} makes order
 * queries answer one of Kraken's errors, e.g. a rate limit met by the status query that follows a placement.
 */
public final class FakeKraken extends FakeExchange {

  public static final Market BTC_USDT = Market.of("BTC", "USDT");
  public static final Market ETH_USDT = Market.of("ETH", "USDT");
  private static final Map<String, Market> PAIRS = Map.of("XBTUSDT", BTC_USDT, "ETHUSDT", ETH_USDT);

  private final Set<String> nonces = new HashSet<>();
  private final Deque<String> queryErrors = new ArrayDeque<>();

  private FakeKraken(Clock clock) {
    super("fake-kraken", clock, new BigDecimal("0.004"));
    StubVenue.healthyKraken(server());
    server().stubFor(post(urlPathMatching("/0/private/(AddOrder|QueryOrders|OpenOrders|ClosedOrders|QueryTrades|CancelOrder)")).atPriority(1)
        .willReturn(aResponse().withTransformers(transformer())));
    server().stubFor(get(urlPathEqualTo("/0/public/Depth")).atPriority(1).willReturn(aResponse().withTransformers(transformer())));
    defaultBooks();
  }

  /** A fake Kraken on a free port of 127.0.0.1, its orders and trades timed by the system clock. */
  public static FakeKraken start() {
    return start(Clock.systemUTC());
  }

  /** A fake Kraken on a free port of 127.0.0.1, its orders and trades timed by {@code clock}. */
  public static FakeKraken start(Clock clock) {
    return new FakeKraken(clock);
  }

  /** The {@code cl_ord_id} Keel sends for its client order id, to read this fake's journal by Keel's id. */
  public static String clientOrderIdOf(String keelClientOrderId) {
    return XChangeVenues.krakenClientOrderId(keelClientOrderId);
  }

  @Override
  protected void defaultBooks() {
    Map<?, ?> depth = (Map<?, ?>) ((Map<?, ?>) read(StubVenue.fixture("kraken/Depth-XBTUSDT.json")).get("result")).get("XBTUSDT");
    book(BTC_USDT, levels(depth.get("bids")), levels(depth.get("asks")));
  }

  /**
   * The next {@code count} order queries (QueryOrders, OpenOrders, ClosedOrders, QueryTrades, CancelOrder) answer
   * Kraken's {@code error} in its own format, HTTP 200 {@code {"error":[error]}}, and change nothing; e.g.
   * "EAPI:Rate limit exceeded" or "EGeneral:Temporary lockout". They come before {@link #failNextQueries}'s.
   */
  public synchronized FakeKraken failNextQueriesWithError(String error, int count) {
    for (int i = 0; i < count; i++) {
      queryErrors.add(Objects.requireNonNull(error, "error"));
    }
    return this;
  }

  @Override
  public synchronized void reset() {
    super.reset();
    nonces.clear();
    queryErrors.clear();
  }

  @Override
  protected Reply answer(LoggedRequest request) {
    String path = path(request);
    if (path.equals("/0/public/Depth")) {
      return Reply.of(depth(params(rawQuery(request))));
    }
    String body = request.getBodyAsString();
    Map<String, String> form = params(body);
    if (!API_KEY.equals(request.getHeader("API-Key")) || !sign(path, form.get("nonce"), body).equals(request.getHeader("API-Sign"))) {
      return Reply.of(errors("EAPI:Invalid key"));
    }
    synchronized (this) {
      if (!nonces.add(form.get("nonce"))) {
        return Reply.of(errors("EAPI:Invalid nonce"));
      }
    }
    if (path.equals("/0/private/AddOrder")) {
      return place(form);
    }
    String error;
    synchronized (this) {
      error = queryErrors.poll();
    }
    if (error != null) {
      return Reply.of(errors(error));
    }
    Optional<Answer> failure = nextQueryFailure();
    if (failure.isPresent()) {
      return Reply.of(failure.get());
    }
    return Reply.of(switch (path) {
      case "/0/private/QueryOrders" -> queryOrders(form);
      case "/0/private/OpenOrders" -> listed(form, "open");
      case "/0/private/ClosedOrders" -> listed(form, "closed");
      case "/0/private/QueryTrades" -> queryTrades(form);
      case "/0/private/CancelOrder" -> cancel(form);
      default -> errors("EGeneral:Unknown method");
    });
  }

  private Reply place(Map<String, String> form) {
    Market market = PAIRS.get(form.get("pair"));
    NewOrder order = new NewOrder(form.get("cl_ord_id"), form.get("pair"), market, "sell".equals(form.get("type")) ? Side.SELL : Side.BUY,
        decimal(form.get("volume")), decimal(form.get("price")), form.getOrDefault("timeinforce", "GTC"));
    if (market == null || !"limit".equals(form.get("ordertype")) || order.quantity() == null || order.price() == null) {
      refusedPlacement(order, "EGeneral:Invalid arguments");
      return Reply.of(errors("EGeneral:Invalid arguments"));
    }
    return place(order, o -> ok(Map.of("descr", Map.of("order", description(o)), "txid", List.of(o.venueOrderId))));
  }

  private static String description(MutableOrder o) {
    return o.order.side().name().toLowerCase(Locale.ROOT) + " " + plain(o.order.quantity(), 8) + " " + o.order.symbol() + " @ limit "
        + o.order.price().toPlainString();
  }

  private static String status(MutableOrder o) {
    return switch (o.state) {
      case OPEN -> "open";
      case FILLED -> "closed";
      case CANCELLED_BY_CLIENT, REMAINDER_CANCELLED -> "canceled";
    };
  }

  private Map<String, Object> orderInfo(MutableOrder o, boolean trades) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("refid", null);
    m.put("userref", 0);
    m.put("cl_ord_id", o.order.clientOrderId());
    m.put("status", status(o));
    m.put("reason", o.state == State.REMAINDER_CANCELLED ? "Immediate or cancel" : o.state == State.CANCELLED_BY_CLIENT ? "User requested" : null);
    m.put("opentm", seconds(o.at));
    if (o.closedAt != null) {
      m.put("closetm", seconds(o.closedAt));
    }
    m.put("starttm", 0);
    m.put("expiretm", 0);
    m.put("descr", Map.of("pair", o.order.symbol(), "type", o.order.side().name().toLowerCase(Locale.ROOT), "ordertype", "limit",
        "price", o.order.price().toPlainString(), "price2", "0", "leverage", "none", "order", description(o), "close", ""));
    m.put("vol", plain(o.order.quantity(), 8));
    m.put("vol_exec", plain(o.executed(), 8));
    m.put("cost", plain(o.cost(), 5));
    m.put("fee", plain(o.fee(), 5));
    m.put("price", o.executed().signum() > 0 ? plain(o.cost().divide(o.executed(), MC), 1) : "0.00000");
    m.put("stopprice", "0.00000");
    m.put("limitprice", "0.00000");
    m.put("misc", "");
    m.put("oflags", "fciq");
    if (trades && !o.trades.isEmpty()) {
      m.put("trades", o.trades.stream().map(Trade::tradeId).toList());
    }
    return m;
  }

  private Answer queryOrders(Map<String, String> form) {
    boolean trades = "true".equals(form.get("trades"));
    Map<String, Object> result = new LinkedHashMap<>();
    synchronized (this) {
      for (String txid : form.getOrDefault("txid", "").split(",")) {
        Optional<MutableOrder> o = byVenueId(txid.trim());
        if (o.isPresent() && !o.get().hiddenFromThisQuery()) {
          result.put(o.get().venueOrderId, orderInfo(o.get(), trades));
        }
      }
    }
    return result.isEmpty() ? errors("EOrder:Invalid order") : ok(result);
  }

  private Answer listed(Map<String, String> form, String which) {
    boolean trades = "true".equals(form.get("trades"));
    Map<String, Object> orders = new LinkedHashMap<>();
    synchronized (this) {
      for (MutableOrder o : allOrders()) {
        boolean open = o.state == State.OPEN;
        if (open != which.equals("open")) {
          continue;
        }
        if (form.containsKey("cl_ord_id") && !form.get("cl_ord_id").equals(o.order.clientOrderId())) {
          continue;
        }
        if (form.containsKey("userref") && !form.get("userref").equals("0")) {
          continue;
        }
        if (!o.hiddenFromThisQuery()) {
          orders.put(o.venueOrderId, orderInfo(o, trades));
        }
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put(which, orders);
    if (which.equals("closed")) {
      result.put("count", orders.size());
    }
    return ok(result);
  }

  private Answer queryTrades(Map<String, String> form) {
    Map<String, Object> result = new LinkedHashMap<>();
    synchronized (this) {
      for (String id : form.getOrDefault("txid", "").split(",")) {
        for (MutableOrder o : allOrders()) {
          for (Trade t : o.trades) {
            if (t.tradeId().equals(id.trim())) {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("ordertxid", o.venueOrderId);
              m.put("postxid", "TKH2SE-M7IF5-CFI7LT");
              m.put("pair", o.order.symbol());
              m.put("time", seconds(t.at()));
              m.put("type", o.order.side().name().toLowerCase(Locale.ROOT));
              m.put("ordertype", "limit");
              m.put("price", t.price().toPlainString());
              m.put("cost", plain(t.quantity().multiply(t.price(), MC), 5));
              m.put("fee", plain(t.fee(), 5));
              m.put("vol", plain(t.quantity(), 8));
              m.put("margin", "0.00000");
              m.put("misc", "");
              m.put("trade_id", Long.parseLong(t.tradeId().replaceAll("\\D", "")));
              m.put("maker", false);
              result.put(t.tradeId(), m);
            }
          }
        }
      }
    }
    return result.isEmpty() ? errors("EOrder:Invalid order") : ok(result);
  }

  private Answer cancel(Map<String, String> form) {
    String id = form.containsKey("txid") ? form.get("txid") : form.get("cl_ord_id");
    Optional<MutableOrder> o = byVenueId(id).or(() -> byClientId(id));
    if (o.isEmpty() || !cancel(o.get())) {
      return errors("EOrder:Unknown order");
    }
    return ok(Map.of("count", 1));
  }

  private Answer depth(Map<String, String> query) {
    Market market = PAIRS.get(query.get("pair"));
    if (market == null) {
      return errors("EQuery:Unknown asset pair");
    }
    long now = clock().instant().getEpochSecond();
    return ok(Map.of(query.get("pair"), Map.of("asks", rows(asks(market), now), "bids", rows(bids(market), now))));
  }

  private static List<List<Object>> rows(List<PriceLevel> levels, long time) {
    List<List<Object>> out = new ArrayList<>();
    for (PriceLevel l : levels) {
      out.add(List.of(l.price().toPlainString(), l.quantity().toPlainString(), time));
    }
    return out;
  }

  @Override
  protected Answer refusal(Fault fault) {
    return switch (fault.kind()) {
      case REFUSE_WITH_STATUS -> html(fault.status());
      case RATE_LIMITED -> errors("EAPI:Rate limit exceeded");
      case BANNED -> errors("EGeneral:Temporary lockout");
      case INSUFFICIENT_FUNDS -> errors("EOrder:Insufficient funds");
      default -> throw new IllegalArgumentException("not a refusal: " + fault);
    };
  }

  @Override
  protected Answer queryFailure(int status) {
    return html(status);
  }

  @Override
  protected String orderId(long sequence) {
    return String.format("O%05d-FAKEK-RAKEN%d", sequence, sequence % 10);
  }

  @Override
  protected String tradeId(long sequence) {
    return String.format("T%05d-FAKEK-TRADE%d", sequence, sequence % 10);
  }

  private static Answer ok(Object result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", List.of());
    m.put("result", result);
    return Answer.json(200, m);
  }

  private static Answer errors(String error) {
    return Answer.json(200, Map.of("error", List.of(error)));
  }

  private static Answer html(int status) {
    return new Answer(status, "<html><body><h1>" + status + "</h1>fake Kraken</body></html>", Map.of("Content-Type", "text/html"));
  }

  private static double seconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }

  /** Kraken's API-Sign: Base64(HMAC-SHA512(Base64-decoded secret, path + SHA-256(nonce + body))). */
  private static String sign(String path, String nonce, String body) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update((nonce == null ? "" : nonce).getBytes(StandardCharsets.UTF_8));
      sha256.update(body.getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA512");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET), "HmacSHA512"));
      mac.update(path.getBytes(StandardCharsets.UTF_8));
      mac.update(sha256.digest());
      return Base64.getEncoder().encodeToString(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigDecimal decimal(String s) {
    try {
      return s == null ? null : new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Map<?, ?> read(String json) {
    try {
      return JSON.readValue(json, Map.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
