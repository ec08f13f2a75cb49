package dev.keel.persistence.marketdata;

import dev.keel.domain.market.BookMetrics;
import dev.keel.domain.market.DepthBand;
import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.MarketSnapshot;
import dev.keel.domain.market.NotionalCost;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The venues and markets Keel trades on, the snapshots taken of them each cycle, and the price bars built from them. */
public final class MarketDataDao {

  private final Jdbi jdbi;

  public MarketDataDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Creates or updates a venue; fees are the configured base fees, fractions of traded notional. */
  /** The latest cycle any venue's snapshot was recorded for, or null when none was. */
  public Instant latestSnapshotCycle() {
    return jdbi.withHandle(h -> h.createQuery("SELECT max(cycle) FROM venue_snapshot").mapTo(Instant.class).findOne().orElse(null));
  }

  /** How many venues are enabled. */
  public long enabledVenues() {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM venue WHERE enabled").mapTo(Long.class).one());
  }

  /** How many markets are enabled, on every venue. */
  public long enabledMarkets() {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM market WHERE enabled").mapTo(Long.class).one());
  }

  /**
   * One market's snapshot of a cycle, as the demo summarises it.
   *
   * @param outcome    the snapshot's outcome ({@code OK} or why there is no book)
   * @param spreadBps  the quoted spread, basis points of mid
   * @param takerFeeBps the taker fee, basis points of traded notional
   * @param depth50    the thinner side's depth within 50 bps of mid, quote currency; null when unknown
   * @param costBuy10k the cost of buying 10,000 of quote currency, basis points before the fee; null when beyond the book
   */
  public record SnapshotLine(String asset, String venue, dev.keel.domain.market.SnapshotStatus outcome, Double spreadBps, Double takerFeeBps, Double depth50,
                             Double costBuy10k) {}

  /** Every market's snapshot of {@code cycle}, by asset and venue. */
  public List<SnapshotLine> snapshotLines(Instant cycle) {
    return jdbi.withHandle(h -> h.createQuery("SELECT m.base_asset AS asset, m.venue_id AS venue, s.outcome,"
            + " s.spread_bps, s.taker_fee * 10000 AS fee_bps, least(s.depth_bid_50, s.depth_ask_50) AS depth50,"
            + " s.cost_buy_10k * 10000 AS cost10k FROM market_snapshot s JOIN market m ON m.id = s.market_id"
            + " WHERE s.cycle = :cycle ORDER BY m.base_asset, m.venue_id")
        .bind("cycle", cycle)
        .map((rs, ctx) -> new SnapshotLine(rs.getString("asset"), rs.getString("venue"),
            dev.keel.domain.market.SnapshotStatus.valueOf(rs.getString("outcome")),
            nullableDouble(rs, "spread_bps"), nullableDouble(rs, "fee_bps"), nullableDouble(rs, "depth50"),
            nullableDouble(rs, "cost10k")))
        .list());
  }

  private static Double nullableDouble(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  public void upsertVenue(String id, String kind, String name, double makerFee, double takerFee) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO venue (id, kind, name, enabled, maker_fee, taker_fee)"
            + " VALUES (:id, :kind, :name, TRUE, :maker, :taker) ON CONFLICT (id) DO UPDATE SET kind = excluded.kind,"
            + " name = excluded.name, enabled = TRUE, maker_fee = excluded.maker_fee, taker_fee = excluded.taker_fee")
        .bind("id", id).bind("kind", kind).bind("name", name)
        .bind("maker", BigDecimal.valueOf(makerFee)).bind("taker", BigDecimal.valueOf(takerFee)).execute());
  }

  /** Creates or updates a market with the venue's rules. */
  public void upsertMarket(String venueId, MarketRules rules) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO market (venue_id, base_asset, quote_asset, venue_symbol, tick_size,"
            + " lot_size, min_notional) VALUES (:venue, :base, :quote, :symbol, :tick, :lot, :min)"
            + " ON CONFLICT (venue_id, base_asset, quote_asset) DO UPDATE SET tick_size = excluded.tick_size,"
            + " lot_size = excluded.lot_size, min_notional = excluded.min_notional, enabled = TRUE")
        .bind("venue", venueId).bind("base", rules.market().base()).bind("quote", rules.market().quote())
        .bind("symbol", rules.market().base() + rules.market().quote())
        .bind("tick", rules.tickSize()).bind("lot", rules.lotSize()).bind("min", rules.minNotional()).execute());
  }

  /** Market ids of a venue, keyed by "BASE/QUOTE". */
  public Map<String, Long> marketIds(String venueId) {
    Map<String, Long> ids = new HashMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT id, base_asset || '/' || quote_asset AS pair FROM market WHERE venue_id = :v")
        .bind("v", venueId).map((rs, ctx) -> ids.put(rs.getString("pair"), rs.getLong("id"))).list());
    return ids;
  }

  /** A venue's outcome for the cycle; a rerun keeps the first. */
  public void recordVenueOutcome(Instant cycle, String venueId, dev.keel.domain.market.VenueOutcome outcome, String reason, Instant takenAt, long latencyMs) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO venue_snapshot (cycle, venue_id, outcome, reason, taken_at, latency_ms)"
            + " VALUES (:cycle, :venue, :outcome, :reason, :takenAt, :latency) ON CONFLICT (cycle, venue_id) DO NOTHING")
        .bind("cycle", cycle).bind("venue", venueId).bind("outcome", outcome.name()).bind("reason", reason)
        .bind("takenAt", takenAt).bind("latency", latencyMs).execute());
  }

  /**
   * Stores the cycle's snapshots of one venue, one row per market; a rerun keeps the rows already stored.
   *
   * @return rows offered (batched inserts do not report which ones a rerun skipped)
   */
  public int storeSnapshots(Instant cycle, Map<String, Long> marketIds, List<MarketSnapshot> snapshots) {
    return jdbi.withHandle(h -> {
      PreparedBatch b = h.prepareBatch("INSERT INTO market_snapshot (cycle, market_id, taken_at, venue_time, outcome,"
          + " reason_code, reason, best_bid, best_ask, mid, spread_bps, depth_bid_10, depth_bid_50, depth_bid_100, depth_ask_10,"
          + " depth_ask_50, depth_ask_100, cost_buy_1k, cost_sell_1k, cost_buy_10k, cost_sell_10k, cost_buy_100k, cost_sell_100k,"
          + " buy_impact_slope, sell_impact_slope, bid_levels, ask_levels, maker_fee, taker_fee, fee_source, volume_24h)"
          + " VALUES (:cycle, :market, :takenAt, :venueTime, :outcome, :code, :reason, :bid, :ask, :mid, :spread, :db10, :db50,"
          + " :db100, :da10, :da50, :da100, :cb1, :cs1, :cb10, :cs10, :cb100, :cs100, :bis, :sis, :bl, :al, :maker, :taker,"
          + " :feeSource, :volume) ON CONFLICT (market_id, cycle) DO NOTHING");
      int rows = 0;
      for (MarketSnapshot s : snapshots) {
        Long market = marketIds.get(s.market().base() + "/" + s.market().quote());
        if (market == null) {
          continue;
        }
        Optional<BookMetrics> m = s.metrics();
        b.bind("cycle", cycle).bind("market", market).bind("takenAt", s.observedAt()).bind("venueTime", s.venueTime().orElse(null))
            .bind("outcome", s.outcome().status().name())
            .bind("code", s.outcome().isOk() ? null : s.outcome().code())
            .bind("reason", s.outcome().isOk() ? null : s.outcome().code() + ": " + s.outcome().detail())
            .bind("bid", m.map(BookMetrics::bestBid).orElse(null)).bind("ask", m.map(BookMetrics::bestAsk).orElse(null))
            .bind("mid", m.map(BookMetrics::mid).orElse(null)).bind("spread", m.map(BookMetrics::spreadBps).orElse(null))
            .bind("db10", depth(m, 10, true)).bind("db50", depth(m, 50, true)).bind("db100", depth(m, 100, true))
            .bind("da10", depth(m, 10, false)).bind("da50", depth(m, 50, false)).bind("da100", depth(m, 100, false))
            .bind("cb1", cost(m, 1_000, true)).bind("cs1", cost(m, 1_000, false))
            .bind("cb10", cost(m, 10_000, true)).bind("cs10", cost(m, 10_000, false))
            .bind("cb100", cost(m, 100_000, true)).bind("cs100", cost(m, 100_000, false))
            .bind("bis", m.map(BookMetrics::buyImpactSlope).orElse(null)).bind("sis", m.map(BookMetrics::sellImpactSlope).orElse(null))
            .bind("bl", m.map(BookMetrics::bidLevels).orElse(null)).bind("al", m.map(BookMetrics::askLevels).orElse(null))
            .bind("maker", s.fees().map(f -> fee(f.rate().maker())).orElse(null))
            .bind("taker", s.fees().map(f -> fee(f.rate().taker())).orElse(null))
            .bind("feeSource", s.fees().map(f -> f.source().name()).orElse(null))
            .bind("volume", s.volume24h().map(v -> BigDecimal.valueOf(v.quoteNotional()).setScale(2, RoundingMode.HALF_EVEN)).orElse(null))
            .add();
        rows++;
      }
      if (rows == 0) {
        return 0;
      }
      b.execute();
      return rows;
    });
  }

  /**
   * Adds one mid observation per asset to its 1m, 1h and 1d bars: open on first sight, high and
   * low widened, close set from the latest observation (by observation time, so reruns and late
   * writers cannot move it backwards).
   */
  public void addToBars(Map<String, BigDecimal> mids, Instant observedAt, String source) {
    jdbi.useHandle(h -> {
      PreparedBatch b = h.prepareBatch("INSERT INTO price_bar (asset, bar_interval, bar_start, open, high, low, close, close_at,"
          + " source) VALUES (:asset, :interval, :start, :p, :p, :p, :p, :at, :source) ON CONFLICT (asset, bar_interval, bar_start)"
          + " DO UPDATE SET high = greatest(price_bar.high, excluded.high), low = least(price_bar.low, excluded.low),"
          + " close = CASE WHEN price_bar.close_at IS NULL OR excluded.close_at >= price_bar.close_at THEN excluded.close"
          + " ELSE price_bar.close END, close_at = greatest(price_bar.close_at, excluded.close_at)");
      for (Map.Entry<String, BigDecimal> e : mids.entrySet()) {
        for (Map.Entry<String, ChronoUnit> iv : BAR_UNITS.entrySet()) {
          b.bind("asset", e.getKey()).bind("interval", iv.getKey()).bind("start", observedAt.truncatedTo(iv.getValue()))
              .bind("p", e.getValue()).bind("at", observedAt).bind("source", source).add();
        }
      }
      if (!mids.isEmpty()) {
        b.execute();
      }
    });
  }

  private static final Map<String, ChronoUnit> BAR_UNITS = Map.of("1m", ChronoUnit.MINUTES, "1h", ChronoUnit.HOURS, "1d", ChronoUnit.DAYS);

  private static BigDecimal fee(double f) {
    return BigDecimal.valueOf(f).setScale(8, RoundingMode.HALF_EVEN);
  }

  private static BigDecimal depth(Optional<BookMetrics> m, double bps, boolean bid) {
    if (m.isEmpty()) {
      return null;
    }
    for (DepthBand d : m.get().depth()) {
      if (d.bps() == bps) {
        return BigDecimal.valueOf(bid ? d.bidNotional() : d.askNotional()).setScale(2, RoundingMode.HALF_EVEN);
      }
    }
    return null;
  }

  private static Double cost(Optional<BookMetrics> m, double notional, boolean buy) {
    if (m.isEmpty()) {
      return null;
    }
    for (NotionalCost c : m.get().costs()) {
      if (c.notional() == notional) {
        double v = buy ? c.buyCost() : c.sellCost();
        return Double.isFinite(v) ? v : null;
      }
    }
    return null;
  }

}
