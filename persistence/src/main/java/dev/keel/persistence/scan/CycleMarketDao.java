package dev.keel.persistence.scan;

import dev.keel.domain.market.SnapshotStatus;
import dev.keel.domain.market.TimeOfWeekSlots;
import dev.keel.domain.market.VenueSnapshotSummary;
import dev.keel.persistence.db.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The market a scan cycle prices with: the venues' latest snapshots with their medians, the regimes, the daily closes. */
public final class CycleMarketDao {

  private final Jdbi jdbi;

  public CycleMarketDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * The latest snapshot of every market taken in or before the cycle, with the market's rules, the medians of its
   * healthy snapshots over the cost window before the cycle (robust to one noisy book), and its medians over the same
   * time-of-week slot in earlier weeks, so the cost of a weekend or night-time cycle is known before the recent window
   * shows it.
   */
  public List<VenueSnapshotSummary> latestSnapshots(Instant cycle, java.time.Duration costWindow, TimeOfWeekSlots slots) {
    // The latest snapshot per market is one backward step on (market_id, cycle) for each market: the table keeps
    // weeks of minutes (2.5 million rows at 35 days), which a DISTINCT ON over all of it would sort every cycle.
    return jdbi.withHandle(h -> h.createQuery("WITH latest AS (SELECT s.market_id, m.venue_id, m.base_asset,"
            + " s.cycle, s.taken_at, s.outcome, s.reason, s.mid, s.spread_bps, s.taker_fee::float8 AS taker_fee, s.buy_impact_slope,"
            + " s.sell_impact_slope, m.lot_size, m.min_notional FROM market m CROSS JOIN LATERAL (SELECT * FROM market_snapshot x"
            + " WHERE x.market_id = m.id AND x.cycle <= :cycle ORDER BY x.cycle DESC LIMIT 1) s WHERE m.enabled),"
            + " win AS (SELECT market_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY spread_bps) AS med_spread,"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY buy_impact_slope) AS med_buy,"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY sell_impact_slope) AS med_sell FROM market_snapshot"
            + " WHERE outcome = 'OK' AND cycle <= :cycle AND cycle > :from GROUP BY market_id),"
            + " usual AS (SELECT s.market_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY s.spread_bps) AS usual_spread,"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY s.buy_impact_slope) AS usual_buy,"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY s.sell_impact_slope) AS usual_sell FROM market_snapshot s"
            + " JOIN unnest(CAST(:slots AS timestamptz[])) AS slot(start) ON s.cycle >= slot.start"
            + " AND s.cycle < slot.start + make_interval(secs => :slotSeconds)"
            + " WHERE s.outcome = 'OK' GROUP BY s.market_id HAVING count(*) >= :minSamples)"
            + " SELECT latest.*, win.med_spread, win.med_buy, win.med_sell, usual.usual_spread, usual.usual_buy,"
            + " usual.usual_sell FROM latest LEFT JOIN win USING (market_id) LEFT JOIN usual USING (market_id)")
        .bind("cycle", cycle).bind("from", cycle.minus(costWindow))
        .bind("slots", slots.slotStarts().stream().map(Instant::toString).toArray(String[]::new))
        .bind("slotSeconds", (double) slots.slotWidth().toSeconds()).bind("minSamples", slots.minSamples())
        .map((rs, ctx) -> new VenueSnapshotSummary(rs.getString("venue_id"), rs.getString("base_asset"), Columns.instant(rs, "cycle"),
            Columns.instant(rs, "taken_at"), SnapshotStatus.valueOf(rs.getString("outcome")), rs.getString("reason"), rs.getBigDecimal("mid"),
            nan(rs, "spread_bps"), nan(rs, "taker_fee"), nan(rs, "buy_impact_slope"), nan(rs, "sell_impact_slope"),
            rs.getBigDecimal("lot_size"), rs.getBigDecimal("min_notional"), nan(rs, "med_spread"), nan(rs, "med_buy"),
            nan(rs, "med_sell"), nan(rs, "usual_spread"), nan(rs, "usual_buy"), nan(rs, "usual_sell")))
        .list());
  }

  /** The latest regime row per asset stored in or before the cycle: asset → (regime, multiplier). */
  public Map<String, Map.Entry<dev.keel.domain.regime.Regime, Double>> latestRegimes(Instant cycle) {
    Map<String, Map.Entry<dev.keel.domain.regime.Regime, Double>> out = new HashMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT DISTINCT ON (asset) asset, regime, band_multiplier::float8 AS m FROM asset_regime"
            + " WHERE cycle <= :cycle ORDER BY asset, cycle DESC")
        .bind("cycle", cycle)
        .map((rs, ctx) -> out.put(rs.getString("asset"), Map.entry(dev.keel.domain.regime.Regime.valueOf(rs.getString("regime")), rs.getDouble("m")))).list());
    return out;
  }

  /** Daily closes per asset between two days (inclusive), by day. */
  public Map<String, Map<LocalDate, Double>> dailyCloses(LocalDate from, LocalDate to) {
    Map<String, Map<LocalDate, Double>> out = new HashMap<>();
    jdbi.useHandle(h -> h.createQuery("SELECT asset, bar_start, close::float8 AS c FROM price_bar WHERE bar_interval = '1d'"
            + " AND bar_start >= :from AND bar_start <= :to ORDER BY asset, bar_start")
        .bind("from", from.atStartOfDay().toInstant(ZoneOffset.UTC)).bind("to", to.atStartOfDay().toInstant(ZoneOffset.UTC))
        .map((rs, ctx) -> out.computeIfAbsent(rs.getString("asset"), k -> new HashMap<>())
            .put(Columns.instant(rs, "bar_start").atZone(ZoneOffset.UTC).toLocalDate(), rs.getDouble("c"))).list());
    return out;
  }


  private static double nan(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? Double.NaN : v;
  }
}
