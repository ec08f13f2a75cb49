package dev.keel.jobs.execution;

import dev.keel.domain.execution.ExecutionPolicy;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.Side;
import dev.keel.persistence.testing.TestDatabase;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The database state of the execution fault tests ({@link ExecutionFaultsIT}), written with SQL: venues, their markets
 * with the rules the fake exchanges' fixtures give (Binance exchangeInfo, Kraken AssetPairs), one fresh OK snapshot per
 * market whose touch is the fake's default book, and a premium portfolio with an APPROVED proposal whose trades were
 * priced at the snapshots' mid.
 */
final class FaultFixtures {

  /** When every scenario starts: the snapshots' time, the proposals' creation. */
  static final Instant T0 = Instant.parse("2026-04-22T10:00:00Z");

  /** The executor's rate-limit-wait in {@link #settings}: how long a rate limit without Retry-After pauses a venue. */
  static final Duration RATE_LIMIT_WAIT = Duration.ofSeconds(60);

  static final Market BTC = Market.of("BTC", "USDT");
  static final Market ETH = Market.of("ETH", "USDT");

  private FaultFixtures() {}

  /**
   * One market at one venue as the fake serves it: rules from its metadata fixture, touch from its default book, taker
   * fee from its account fixture.
   */
  record VenueMarket(String venue, String kind, Market market, String symbol, String tick, String lot, String minNotional, String bid,
                     String ask, String takerFee) {
    BigDecimal mid() {
      return new BigDecimal(bid).add(new BigDecimal(ask)).divide(BigDecimal.valueOf(2), MathContext.DECIMAL64);
    }

    double spreadBps() {
      return new BigDecimal(ask).subtract(new BigDecimal(bid)).divide(mid(), MathContext.DECIMAL64).doubleValue() * 1e4;
    }
  }

  /** FakeBinance BTCUSDT: tick 0.01, step 0.00001, NOTIONAL 5; book 78000.00 / 78000.01; taker 0.1 %. */
  static final VenueMarket BINANCE_BTC = new VenueMarket("binance", "BINANCE", BTC, "BTCUSDT", "0.01", "0.00001", "5", "78000.00",
      "78000.01", "0.001");
  /** FakeBinance ETHUSDT: tick 0.01, step 0.0001, NOTIONAL 5; book 2369.40 / 2369.50. */
  static final VenueMarket BINANCE_ETH = new VenueMarket("binance", "BINANCE", ETH, "ETHUSDT", "0.01", "0.0001", "5", "2369.40",
      "2369.50", "0.001");
  /** FakeKraken XBTUSDT: tick 0.1, lot_decimals 8, costmin 0.5; book 78003.9 / 78004.1; taker 0.4 %. */
  static final VenueMarket KRAKEN_BTC = new VenueMarket("kraken", "KRAKEN", BTC, "XBTUSDT", "0.1", "0.00000001", "0.5", "78003.9",
      "78004.1", "0.004");

  /** A proposed trade, priced at {@code estimatedPrice} (the snapshots' mid). */
  record TradeSpec(String asset, Side side, BigDecimal quantity, BigDecimal estimatedPrice) {}

  static TradeSpec buy(String asset, String quantity, BigDecimal price) {
    return new TradeSpec(asset, Side.BUY, new BigDecimal(quantity), price);
  }

  static TradeSpec sell(String asset, String quantity, BigDecimal price) {
    return new TradeSpec(asset, Side.SELL, new BigDecimal(quantity), price);
  }

  /** The executor's settings for these tests: defaults, one thread, snapshots good for an hour (scenarios span minutes). */
  static ProposalExecutor.Settings settings(String naiveVenue) {
    return new ProposalExecutor.Settings(ExecutionPolicy.DEFAULT, 500, 1, Duration.ofHours(1), 100, naiveVenue, "faults-it",
        RATE_LIMIT_WAIT, Duration.ofMinutes(10));
  }

  /** Venue rows, market rows and one OK snapshot per market taken at {@code at}. */
  static void markets(TestDatabase db, Instant at, VenueMarket... markets) {
    db.jdbi().useHandle(h -> {
      Set<String> venues = new LinkedHashSet<>();
      for (VenueMarket m : markets) {
        if (venues.add(m.venue())) {
          h.execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES (?, ?, ?, ?, ?)", m.venue(), m.kind(),
              "fake " + m.venue(), new BigDecimal(m.takerFee()), new BigDecimal(m.takerFee()));
        }
        long marketId = h.createQuery("INSERT INTO market (venue_id, base_asset, quote_asset, venue_symbol, tick_size, lot_size,"
                + " min_notional) VALUES (:venue, :base, :quote, :symbol, :tick, :lot, :min) RETURNING id")
            .bind("venue", m.venue()).bind("base", m.market().base()).bind("quote", m.market().quote()).bind("symbol", m.symbol())
            .bind("tick", new BigDecimal(m.tick())).bind("lot", new BigDecimal(m.lot())).bind("min", new BigDecimal(m.minNotional()))
            .mapTo(Long.class).one();
        h.createUpdate("INSERT INTO market_snapshot (cycle, market_id, taken_at, outcome, best_bid, best_ask, mid, spread_bps,"
                + " buy_impact_slope, sell_impact_slope, bid_levels, ask_levels, maker_fee, taker_fee, fee_source)"
                + " VALUES (:at, :market, :at, 'OK', :bid, :ask, :mid, :spread, 0, 0, 4, 4, :fee, :fee, 'VENUE')")
            .bind("at", at).bind("market", marketId).bind("bid", new BigDecimal(m.bid())).bind("ask", new BigDecimal(m.ask()))
            .bind("mid", m.mid()).bind("spread", m.spreadBps()).bind("fee", new BigDecimal(m.takerFee())).execute();
      }
    });
  }

  /** The price one asset is proposed at: the median of its venues' snapshot mids, as the executor re-prices it. */
  static BigDecimal mid(VenueMarket... markets) {
    return dev.keel.domain.market.Mids.median(java.util.Arrays.stream(markets).map(VenueMarket::mid).toList());
  }

  /**
   * A premium account and portfolio holding {@code holdings} (each with its OPENING ledger entry, so the ledger starts
   * balanced), targets spread over the traded assets, and one APPROVED proposal of {@code trades} made at {@code at}.
   *
   * @return the proposal's id
   */
  static long proposal(TestDatabase db, Instant at, String costVenue, Map<String, String> holdings, List<TradeSpec> trades) {
    return db.jdbi().inTransaction(h -> {
      long n = h.createQuery("SELECT count(*) FROM account").mapTo(Long.class).one() + 1;
      long account = h.createQuery("INSERT INTO account (external_ref, tier, created_at) VALUES (:ref, 'PREMIUM', :at) RETURNING id")
          .bind("ref", "faults-" + n).bind("at", at.minus(Duration.ofDays(30))).mapTo(Long.class).one();
      long portfolio = h.createQuery("INSERT INTO portfolio (account_id, name, basket, risk_profile, base_currency, created_at)"
              + " VALUES (:a, 'fault test', 'CORE', 'BALANCED', 'USDT', :at) RETURNING id")
          .bind("a", account).bind("at", at.minus(Duration.ofDays(30))).mapTo(Long.class).one();
      Set<String> risky = new LinkedHashSet<>();
      holdings.keySet().stream().filter(a -> !a.equals("USDT")).forEach(risky::add);
      trades.forEach(t -> risky.add(t.asset()));
      BigDecimal each = new BigDecimal("0.6").divide(BigDecimal.valueOf(risky.size()), 10, RoundingMode.DOWN);
      Map<String, BigDecimal> targets = new LinkedHashMap<>();
      risky.forEach(a -> targets.put(a, each));
      targets.put("USDT", BigDecimal.ONE.subtract(each.multiply(BigDecimal.valueOf(risky.size()))));
      targets.forEach((asset, w) -> h.execute("INSERT INTO target_weight (portfolio_id, asset, weight, band) VALUES (?, ?, ?, 0.05)",
          portfolio, asset, w));
      holdings.forEach((asset, q) -> opening(h, portfolio, asset, new BigDecimal(q), at));

      BigDecimal value = BigDecimal.ZERO;
      for (Map.Entry<String, String> e : holdings.entrySet()) {
        BigDecimal price = e.getKey().equals("USDT") ? BigDecimal.ONE : trades.stream().filter(t -> t.asset().equals(e.getKey()))
            .map(TradeSpec::estimatedPrice).findFirst().orElse(BigDecimal.ONE);
        value = value.add(new BigDecimal(e.getValue()).multiply(price));
      }
      BigDecimal notional = trades.stream().map(t -> t.quantity().multiply(t.estimatedPrice())).reduce(BigDecimal.ZERO, BigDecimal::add);
      // the expected cost leaves room for the dearest fixture fee (Kraken's 0.4 %): re-pricing never holds these proposals
      BigDecimal expectedCost = notional.multiply(new BigDecimal("0.005")).setScale(8, RoundingMode.HALF_UP);
      String drift = trades.stream().map(t -> "\"" + t.asset() + "\": {\"target\": " + targets.get(t.asset()) + ", \"weight\": "
          + targets.get(t.asset()).add(new BigDecimal(t.side() == Side.BUY ? "-0.07" : "0.07")) + ", \"band\": 0.05}")
          .collect(Collectors.joining(", ", "{", "}"));
      long proposal = h.createQuery("INSERT INTO proposal (portfolio_id, cycle, status, tier_at_creation, portfolio_value, max_drift,"
              + " drift_before, regime, expected_cost, expected_cost_bps, tracking_error_before, tracking_error_after, cost_venue,"
              + " created_at, expires_at, decided_by, decided_at)"
              + " VALUES (:p, :cycle, 'APPROVED', 'PREMIUM', :value, 0.07, CAST(:drift AS jsonb), '{}'::jsonb, :cost, :costBps,"
              + " 0.02, 0.001, :venue, :at, :expires, 'keel:auto-premium', :at) RETURNING id")
          .bind("p", portfolio).bind("cycle", at).bind("value", value.setScale(8, RoundingMode.HALF_UP)).bind("drift", drift)
          .bind("cost", expectedCost)
          .bind("costBps", expectedCost.doubleValue() / value.doubleValue() * 1e4).bind("venue", costVenue).bind("at", at)
          .bind("expires", at.plus(Duration.ofHours(1))).mapTo(Long.class).one();
      for (TradeSpec t : trades) {
        BigDecimal tradeNotional = t.quantity().multiply(t.estimatedPrice()).setScale(8, RoundingMode.HALF_UP);
        h.createUpdate("INSERT INTO proposal_trade (proposal_id, asset, side, quantity, estimated_price, notional, estimated_cost,"
                + " cost_bps, venue_id) VALUES (:p, :asset, :side, :q, :price, :notional, :cost, 10, :venue)")
            .bind("p", proposal).bind("asset", t.asset()).bind("side", t.side().name()).bind("q", t.quantity())
            .bind("price", t.estimatedPrice()).bind("notional", tradeNotional)
            .bind("cost", tradeNotional.multiply(new BigDecimal("0.001")).setScale(8, RoundingMode.HALF_UP)).bind("venue", costVenue)
            .execute();
      }
      return proposal;
    });
  }

  private static void opening(Handle h, long portfolio, String asset, BigDecimal quantity, Instant at) {
    h.execute("INSERT INTO holding (portfolio_id, asset, quantity, updated_at) VALUES (?, ?, ?, ?)", portfolio, asset, quantity, at);
    h.execute("INSERT INTO holding_entry (portfolio_id, asset, delta, kind, booked_at) VALUES (?, ?, ?, 'OPENING', ?)", portfolio, asset,
        quantity, at);
  }

  /** The trade of {@code asset} in the proposal. */
  static long trade(TestDatabase db, long proposal, String asset) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM proposal_trade WHERE proposal_id = :p AND asset = :a")
        .bind("p", proposal).bind("a", asset).mapTo(Long.class).one());
  }

  /** An order of a trade as the tests read it. */
  record OrderView(long id, String venue, String clientOrderId, int sequence, String status, BigDecimal requested, BigDecimal filled,
                   int notFoundChecks, Instant firstNotFoundAt, Instant createdAt, Instant finalAt, String reason) {}

  /** Every order of a trade, by sequence. */
  static List<OrderView> orders(TestDatabase db, long trade) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM venue_order WHERE proposal_trade_id = :t ORDER BY sequence")
        .bind("t", trade)
        .map((rs, ctx) -> new OrderView(rs.getLong("id"), rs.getString("venue_id"), rs.getString("client_order_id"), rs.getInt("sequence"),
            rs.getString("status"), rs.getBigDecimal("requested_qty"), rs.getBigDecimal("filled_qty"), rs.getInt("not_found_checks"),
            instant(rs.getTimestamp("first_not_found_at")), instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("final_at")),
            rs.getString("reason")))
        .list());
  }

  private static Instant instant(java.sql.Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  /** One column of one row, as text (null when SQL NULL). */
  static String text(TestDatabase db, String sql, Object... args) {
    return db.jdbi().withHandle(h -> {
      var q = h.createQuery(sql);
      for (int i = 0; i < args.length; i++) {
        q.bind(i, args[i]);
      }
      return q.mapTo(String.class).one();
    });
  }

  static long count(TestDatabase db, String sql, Object... args) {
    return db.jdbi().withHandle(h -> {
      var q = h.createQuery(sql);
      for (int i = 0; i < args.length; i++) {
        q.bind(i, args[i]);
      }
      return q.mapTo(Long.class).one();
    });
  }

  static BigDecimal decimal(TestDatabase db, String sql, Object... args) {
    return db.jdbi().withHandle(h -> {
      var q = h.createQuery(sql);
      for (int i = 0; i < args.length; i++) {
        q.bind(i, args[i]);
      }
      return q.mapTo(BigDecimal.class).findOne().orElse(null);
    });
  }

  /** Fills booked for a trade, by venue trade id. */
  static List<String> fillIds(TestDatabase db, long trade) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT f.venue_id || ':' || f.venue_trade_id FROM fill f JOIN venue_order o"
            + " ON o.id = f.venue_order_id WHERE o.proposal_trade_id = :t ORDER BY f.id")
        .bind("t", trade).mapTo(String.class).list());
  }
}
