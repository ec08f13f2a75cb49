package dev.keel.jobs.venue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stateful fake of Binance's spot REST API on 127.0.0.1, for the real XChange Binance client.
 *
 * <p>Start it with {@link #start()} (close it when done), point a venue at {@link #connection(Duration)} or
 * {@link #baseUrl()}. It answers exchangeInfo, assetDetail, the ticker and the account's fees from the fixtures, the
 * book of BTCUSDT and ETHUSDT from its state (the fixtures' books until {@link #book} changes them), and:
 * <ul>
 *   <li>POST /api/v3/order: LIMIT orders meet the book up to their price; IOC (or FOK) remainders expire (status
 *       EXPIRED), GTC remainders rest; the reply follows {@code newOrderRespType} (FULL when absent, with fills). A
 *       {@code newClientOrderId} of an open order is refused with -2010 "Duplicate order sent.".</li>
 *   <li>GET /api/v3/order by {@code orderId} or {@code origClientOrderId}: -2013 "Order does not exist." when unknown
 *       (or hidden, see {@link #hideNewOrdersFromQueries}).</li>
 *   <li>DELETE /api/v3/order: cancels an open order; -2011 "Unknown order sent." otherwise.</li>
 *   <li>GET /api/v3/myTrades (by {@code orderId} or all of a symbol), /api/v3/openOrders, /api/v3/allOrders.</li>
 * </ul>
 * Signed requests must carry {@code X-MBX-APIKEY} = {@link #API_KEY} (else 401 -2015) and an HMAC-SHA256 signature of
 * the query (GET, DELETE) or form body (POST) with {@link #SECRET} (else 400 -1022). Fees are 0.1 % of the quote
 * value, in USDT, as the account fixture says.
 *
 * <p>Faults ({@link #failNextPlacement}): 5xx after placing is an HTML 500 or a JSON 503 {@code -1001}; refusals are
 * HTML 5xx; 429 and 418 carry {@code -1003} and Retry-After; insufficient funds is 400 {@code -2010}.
 */
public final class FakeBinance extends FakeExchange {

  public static final Market BTC_USDT = Market.of("BTC", "USDT");
  public static final Market ETH_USDT = Market.of("ETH", "USDT");
  private static final Map<String, Market> SYMBOLS = Map.of("BTCUSDT", BTC_USDT, "ETHUSDT", ETH_USDT);

  private FakeBinance(Clock clock) {
    super("fake-binance", clock, new BigDecimal("0.001"));
    StubVenue.healthyBinance(server());
    server().stubFor(any(urlPathMatching("/api/v3/(order|myTrades|openOrders|allOrders|depth)")).atPriority(1)
        .willReturn(aResponse().withTransformers(transformer())));
    defaultBooks();
  }

  /** A fake Binance on a free port of 127.0.0.1, its orders and trades timed by the system clock. */
  public static FakeBinance start() {
    return start(Clock.systemUTC());
  }

  /** A fake Binance on a free port of 127.0.0.1, its orders and trades timed by {@code clock}. */
  public static FakeBinance start(Clock clock) {
    return new FakeBinance(clock);
  }

  /** Binance's symbol of a market, e.g. BTCUSDT. */
  public static String symbol(Market market) {
    return market.base() + market.quote();
  }

  @Override
  protected void defaultBooks() {
    for (Map.Entry<String, Market> e : SYMBOLS.entrySet()) {
      Map<?, ?> depth = read(StubVenue.fixture("binance/depth-" + e.getKey() + ".json"));
      book(e.getValue(), levels(depth.get("bids")), levels(depth.get("asks")));
    }
  }

  @Override
  protected Reply answer(LoggedRequest request) {
    String path = path(request);
    String method = request.getMethod().getName();
    Map<String, String> query = params(rawQuery(request));
    if (path.equals("/api/v3/depth")) {
      return Reply.of(depth(query));
    }
    if (!API_KEY.equals(request.getHeader("X-MBX-APIKEY"))) {
      return Reply.of(error(401, -2015, "Invalid API-key, IP, or permissions for action."));
    }
    String payload = method.equals("POST") ? request.getBodyAsString() : withoutSignature(rawQuery(request));
    if (!hmac(payload).equals(query.get("signature"))) {
      return Reply.of(error(400, -1022, "Signature for this request is not valid."));
    }
    if (method.equals("POST") && path.equals("/api/v3/order")) {
      return place(params(request.getBodyAsString()));
    }
    Optional<Answer> failure = nextQueryFailure();
    if (failure.isPresent()) {
      return Reply.of(failure.get());
    }
    return Reply.of(switch (method + " " + path) {
      case "GET /api/v3/order" -> query(query);
      case "DELETE /api/v3/order" -> cancel(query);
      case "GET /api/v3/myTrades" -> trades(query);
      case "GET /api/v3/openOrders" -> list(query, true);
      case "GET /api/v3/allOrders" -> list(query, false);
      default -> error(404, -1000, "fake Binance does not answer " + method + " " + path);
    });
  }

  private Reply place(Map<String, String> form) {
    Market market = SYMBOLS.get(form.get("symbol"));
    NewOrder order = new NewOrder(form.get("newClientOrderId"), form.get("symbol"), market,
        "SELL".equals(form.get("side")) ? Side.SELL : Side.BUY, decimal(form.get("quantity")), decimal(form.get("price")),
        form.getOrDefault("timeInForce", "GTC"));
    if (market == null || !"LIMIT".equals(form.get("type")) || order.quantity() == null || order.price() == null) {
      refusedPlacement(order, "-1102");
      return Reply.of(error(400, -1102, "Mandatory parameter was not sent, was empty/null, or malformed (fake: LIMIT orders only)."));
    }
    if (order.clientOrderId() != null) {
      Optional<MutableOrder> same = byClientId(order.clientOrderId());
      if (same.isPresent() && same.get().state == State.OPEN) {
        refusedPlacement(order, "-2010");
        return Reply.of(error(400, -2010, "Duplicate order sent."));
      }
    }
    String type = form.getOrDefault("newOrderRespType", "FULL");
    return place(order, o -> Answer.json(200, placementReply(o, type)));
  }

  private Map<String, Object> placementReply(MutableOrder o, String respType) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("symbol", o.order.symbol());
    m.put("orderId", Long.parseLong(o.venueOrderId));
    m.put("orderListId", -1);
    m.put("clientOrderId", o.order.clientOrderId());
    m.put("transactTime", o.at.toEpochMilli());
    if (respType.equals("ACK")) {
      return m;
    }
    m.putAll(orderFields(o));
    if (respType.equals("FULL")) {
      List<Map<String, Object>> fills = new ArrayList<>();
      for (Trade t : o.trades) {
        fills.add(Map.of("price", plain(t.price(), 8), "qty", plain(t.quantity(), 8), "commission", plain(t.fee(), 8),
            "commissionAsset", o.order.market().quote(), "tradeId", Long.parseLong(t.tradeId())));
      }
      m.put("fills", fills);
    }
    return m;
  }

  private Map<String, Object> orderFields(MutableOrder o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("price", plain(o.order.price(), 8));
    m.put("origQty", plain(o.order.quantity(), 8));
    m.put("executedQty", plain(o.executed(), 8));
    m.put("cummulativeQuoteQty", plain(o.cost(), 8));
    m.put("status", status(o));
    m.put("timeInForce", o.order.timeInForce());
    m.put("type", "LIMIT");
    m.put("side", o.order.side().name());
    m.put("workingTime", o.at.toEpochMilli());
    m.put("selfTradePreventionMode", "EXPIRE_MAKER");
    return m;
  }

  private static String status(MutableOrder o) {
    return switch (o.state) {
      case OPEN -> o.executed().signum() > 0 ? "PARTIALLY_FILLED" : "NEW";
      case FILLED -> "FILLED";
      case CANCELLED_BY_CLIENT -> "CANCELED";
      case REMAINDER_CANCELLED -> "EXPIRED";
    };
  }

  private Map<String, Object> orderReply(MutableOrder o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("symbol", o.order.symbol());
    m.put("orderId", Long.parseLong(o.venueOrderId));
    m.put("orderListId", -1);
    m.put("clientOrderId", o.order.clientOrderId());
    m.putAll(orderFields(o));
    m.put("stopPrice", "0.00000000");
    m.put("icebergQty", "0.00000000");
    m.put("time", o.at.toEpochMilli());
    m.put("updateTime", (o.closedAt == null ? o.at : o.closedAt).toEpochMilli());
    m.put("isWorking", true);
    m.put("origQuoteOrderQty", "0.00000000");
    return m;
  }

  private Optional<MutableOrder> find(Map<String, String> query) {
    Optional<MutableOrder> o = query.containsKey("orderId") ? byVenueId(query.get("orderId")) : byClientId(query.get("origClientOrderId"));
    return o.filter(x -> x.order.symbol().equals(query.get("symbol")));
  }

  private Answer query(Map<String, String> query) {
    Optional<MutableOrder> o = find(query);
    synchronized (this) {
      if (o.isEmpty() || o.get().hiddenFromThisQuery()) {
        return error(400, BinanceOrderChannel.ORDER_DOES_NOT_EXIST, "Order does not exist.");
      }
      return Answer.json(200, orderReply(o.get()));
    }
  }

  private Answer cancel(Map<String, String> query) {
    Optional<MutableOrder> o = find(query);
    if (o.isEmpty() || !cancel(o.get())) {
      return error(400, BinanceOrderChannel.UNKNOWN_ORDER_SENT, "Unknown order sent.");
    }
    synchronized (this) {
      Map<String, Object> m = orderReply(o.get());
      m.put("origClientOrderId", o.get().order.clientOrderId());
      return Answer.json(200, m);
    }
  }

  private Answer trades(Map<String, String> query) {
    List<Map<String, Object>> out = new ArrayList<>();
    synchronized (this) {
      for (MutableOrder o : allOrders()) {
        if (!o.order.symbol().equals(query.get("symbol")) || (query.containsKey("orderId") && !o.venueOrderId.equals(query.get("orderId")))) {
          continue;
        }
        for (Trade t : o.trades) {
          if (query.containsKey("fromId") && Long.parseLong(t.tradeId()) < Long.parseLong(query.get("fromId"))) {
            continue;
          }
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("symbol", o.order.symbol());
          m.put("id", Long.parseLong(t.tradeId()));
          m.put("orderId", Long.parseLong(o.venueOrderId));
          m.put("orderListId", -1);
          m.put("price", plain(t.price(), 8));
          m.put("qty", plain(t.quantity(), 8));
          m.put("quoteQty", plain(t.quantity().multiply(t.price(), MC), 8));
          m.put("commission", plain(t.fee(), 8));
          m.put("commissionAsset", o.order.market().quote());
          m.put("time", t.at().toEpochMilli());
          m.put("isBuyer", o.order.side() == Side.BUY);
          m.put("isMaker", false);
          m.put("isBestMatch", true);
          out.add(m);
        }
      }
    }
    // as Binance does: ascending trade ids, at most `limit` (500 unless asked, 1000 at most)
    out.sort(java.util.Comparator.comparingLong(m -> (Long) m.get("id")));
    int limit = Math.min(1000, Integer.parseInt(query.getOrDefault("limit", "500")));
    return Answer.json(200, out.size() > limit ? out.subList(0, limit) : out);
  }

  private Answer list(Map<String, String> query, boolean openOnly) {
    List<Map<String, Object>> out = new ArrayList<>();
    synchronized (this) {
      for (MutableOrder o : allOrders()) {
        if ((query.get("symbol") == null || o.order.symbol().equals(query.get("symbol"))) && (!openOnly || o.state == State.OPEN)) {
          out.add(orderReply(o));
        }
      }
    }
    return Answer.json(200, out);
  }

  private Answer depth(Map<String, String> query) {
    Market market = SYMBOLS.get(query.get("symbol"));
    if (market == null) {
      return error(400, -1121, "Invalid symbol.");
    }
    int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 100;
    return Answer.json(200, Map.of("lastUpdateId", 1, "bids", rows(bids(market), limit), "asks", rows(asks(market), limit)));
  }

  private static List<List<String>> rows(List<PriceLevel> levels, int limit) {
    return levels.stream().limit(limit).map(l -> List.of(plain(l.price(), 8), plain(l.quantity(), 8))).toList();
  }

  @Override
  protected Answer refusal(Fault fault) {
    return switch (fault.kind()) {
      case REFUSE_WITH_STATUS -> html(fault.status());
      case RATE_LIMITED -> withRetryAfter(error(429, -1003, "Too many requests; current limit of IP is 6000 requests per minute."), fault.time());
      case BANNED -> withRetryAfter(error(418, -1003, "Way too much request weight used; IP banned until 1776852600000."), fault.time());
      case INSUFFICIENT_FUNDS -> error(400, -2010, "Account has insufficient balance for requested action.");
      default -> throw new IllegalArgumentException("not a refusal: " + fault);
    };
  }

  @Override
  protected Answer queryFailure(int status) {
    return status == 503 ? error(503, -1001, "Internal error; unable to process your request. Please try again.") : html(status);
  }

  @Override
  protected String orderId(long sequence) {
    return Long.toString(28_000 + sequence);
  }

  @Override
  protected String tradeId(long sequence) {
    return Long.toString(910_000 + sequence);
  }

  private static Answer error(int status, int code, String msg) {
    return Answer.json(status, Map.of("code", code, "msg", msg));
  }

  private static Answer html(int status) {
    return new Answer(status, "<html><body><h1>" + status + "</h1>fake Binance</body></html>", Map.of("Content-Type", "text/html"));
  }

  private static Answer withRetryAfter(Answer a, Duration retryAfter) {
    Map<String, String> headers = new LinkedHashMap<>(a.headers());
    headers.put("Retry-After", Long.toString(retryAfter.toSeconds()));
    return new Answer(a.status(), a.body(), headers);
  }

  private static String withoutSignature(String rawQuery) {
    List<String> kept = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (!pair.startsWith("signature=")) {
        kept.add(pair);
      }
    }
    return String.join("&", kept);
  }

  private static String hmac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
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
