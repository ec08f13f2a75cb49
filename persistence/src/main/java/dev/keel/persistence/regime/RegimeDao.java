package dev.keel.persistence.regime;

import dev.keel.domain.regime.ClosingPrice;
import dev.keel.domain.regime.Decision;
import dev.keel.domain.regime.Regime;
import dev.keel.domain.regime.RegimeAssessment;
import dev.keel.domain.regime.SpreadObservation;
import dev.keel.domain.regime.SpreadRegime;
import dev.keel.persistence.db.Columns;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The regime detector's reads (bars, spreads, the last stored assessment) and its writes: asset_regime and
 * basket_regime, at most one row per asset (basket) per cycle.
 */
public final class RegimeDao {

  private final Jdbi jdbi;

  public RegimeDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The assets that have a regime: every asset but the cash line, in symbol order. */
  public List<String> tradedAssets() {
    return jdbi.withHandle(h -> h.createQuery("SELECT symbol FROM asset WHERE NOT is_cash ORDER BY symbol")
        .mapTo(String.class).list());
  }

  /**
   * Closing mids of the bars of {@code interval} complete by {@code until} and starting at or after {@code from},
   * oldest first, each timed at its close ({@code bar_start + length}): a bar's close is the last price it holds,
   * so an assessment of it is as of then, not as of the bar's start.
   */
  public List<ClosingPrice> closes(String asset, String interval, Duration length, Instant from, Instant until) {
    return closes(List.of(asset), interval, length, from, until).get(asset);
  }

  /** {@link #closes(String, String, Duration, Instant, Instant)} of several assets in one query; every asset has an entry. */
  public Map<String, List<ClosingPrice>> closes(List<String> assets, String interval, Duration length, Instant from,
      Instant until) {
    Map<String, List<ClosingPrice>> out = new LinkedHashMap<>();
    for (String a : assets) {
      out.put(a, new ArrayList<>());
    }
    jdbi.useHandle(h -> h.createQuery("SELECT asset, bar_start, close FROM price_bar WHERE asset = ANY(:assets)"
            + " AND bar_interval = :interval AND bar_start >= :from AND bar_start + CAST(:length AS interval) <= :until"
            + " ORDER BY asset, bar_start")
        .bindArray("assets", String.class, assets).bind("interval", interval).bind("length", length.toSeconds() + " seconds")
        .bind("from", from).bind("until", until)
        .map((rs, ctx) -> out.get(rs.getString(1)).add(
            new ClosingPrice(rs.getTimestamp(2).toInstant().plus(length), rs.getBigDecimal(3).doubleValue())))
        .list());
    return out;
  }

  /**
   * The latest close complete by {@code until} that every one of {@code assets} has reached: the least of their
   * latest bar closes; empty when one of them has no bar. Cheap (one index probe per asset), so a cycle can tell
   * whether there is a new bar before it reads the history.
   */
  public Optional<Instant> latestCommonClose(List<String> assets, String interval, Duration length, Instant until) {
    return jdbi.withHandle(h -> h.createQuery("SELECT CASE WHEN count(l.close_at) = cardinality(:assets) THEN min(l.close_at) END"
            + " FROM unnest(:assets) AS a(asset) LEFT JOIN LATERAL (SELECT bar_start + CAST(:length AS interval) AS close_at"
            + " FROM price_bar WHERE asset = a.asset AND bar_interval = :interval"
            + " AND bar_start + CAST(:length AS interval) <= :until ORDER BY bar_start DESC LIMIT 1) l ON TRUE")
        .bindArray("assets", String.class, assets).bind("interval", interval).bind("length", length.toSeconds() + " seconds")
        .bind("until", until)
        .map((rs, ctx) -> instant(rs, 1)).findOne());
  }

  /** The cash lines (stablecoins): constant price in a basket's value index. */
  public Set<String> cashAssets() {
    return jdbi.withHandle(h -> Set.copyOf(h.createQuery("SELECT symbol FROM asset WHERE is_cash").mapTo(String.class).list()));
  }

  /** The best (narrowest) quoted spread across venues per snapshot cycle, as a fraction of mid, oldest first. */
  public List<SpreadObservation> spreads(String asset, Instant from, Instant until) {
    return jdbi.withHandle(h -> h.createQuery("SELECT s.cycle, min(s.spread_bps) / 10000.0 FROM market_snapshot s"
            + " JOIN market m ON m.id = s.market_id WHERE m.base_asset = :asset AND s.outcome = 'OK'"
            + " AND s.spread_bps IS NOT NULL AND s.cycle >= :from AND s.cycle <= :until GROUP BY s.cycle ORDER BY s.cycle")
        .bind("asset", asset).bind("from", from).bind("until", until)
        .map((rs, ctx) -> new SpreadObservation(rs.getTimestamp(1).toInstant(), rs.getDouble(2)))
        .list());
  }

  /**
   * The asset's assessment stored for the latest cycle before {@code cycle}, if any: its state as the cycle
   * begins (regimeJob writes a row only when something changed, so the latest row is the current state).
   */
  public Optional<RegimeAssessment> lastBefore(String asset, Instant cycle) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM asset_regime WHERE asset = :asset AND cycle < :cycle"
            + " ORDER BY cycle DESC LIMIT 1")
        .bind("asset", asset).bind("cycle", cycle)
        .map((rs, ctx) -> assessment(rs)).findOne());
  }

  /** The asset's assessment stored for exactly {@code cycle}, if that cycle wrote one. */
  public Optional<RegimeAssessment> storedAt(String asset, Instant cycle) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM asset_regime WHERE asset = :asset AND cycle = :cycle")
        .bind("asset", asset).bind("cycle", cycle)
        .map((rs, ctx) -> assessment(rs)).findOne());
  }

  /** Stores assessments for the cycle, one per asset at most; a row already stored for that cycle is kept as it is. */
  public void store(Instant cycle, Instant computedAt, List<RegimeAssessment> assessments) {
    jdbi.useHandle(h -> insert(h, cycle, computedAt, assessments));
  }

  private static void insert(Handle h, Instant cycle, Instant computedAt, List<RegimeAssessment> assessments) {
    PreparedBatch b = h.prepareBatch("INSERT INTO asset_regime (asset, cycle, as_of, computed_at, volatility_fast,"
        + " volatility_slow, percentile_fast, percentile_slow, regime, regime_since, decision, spread_ratio, spread_regime,"
        + " spread_regime_since, band_multiplier, reason) VALUES (:asset, :cycle, :asOf, :computedAt, :vf, :vs, :pf, :ps,"
        + " :regime, :regimeSince, :decision, :spreadRatio, :spreadRegime, :spreadRegimeSince, :multiplier, :reason)"
        + " ON CONFLICT (asset, cycle) DO NOTHING");
    for (RegimeAssessment a : assessments) {
      b.bind("asset", a.asset()).bind("cycle", cycle).bind("asOf", a.asOf()).bind("computedAt", computedAt)
          .bind("vf", nullable(a.fastVolatility())).bind("vs", nullable(a.slowVolatility()))
          .bind("pf", nullable(a.fastPercentile())).bind("ps", nullable(a.slowPercentile()))
          .bind("regime", a.regime().name()).bind("regimeSince", a.regimeSince()).bind("decision", a.decision().name())
          .bind("spreadRatio", nullable(a.spreadRatio())).bind("spreadRegime", a.spreadRegime().name())
          .bind("spreadRegimeSince", a.spreadRegimeSince())
          .bind("multiplier", BigDecimal.valueOf(a.bandMultiplier()).setScale(4, RoundingMode.HALF_EVEN))
          .bind("reason", a.reason())
          .add();
    }
    if (!assessments.isEmpty()) {
      b.execute();
    }
  }

  /** The basket's regime stored for the latest cycle before {@code cycle}, if any. */
  public Optional<BasketRegimeRow> lastBasketBefore(String basket, Instant cycle) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM basket_regime WHERE basket = :basket AND cycle < :cycle"
            + " ORDER BY cycle DESC LIMIT 1")
        .bind("basket", basket).bind("cycle", cycle)
        .map((rs, ctx) -> basketRow(rs)).findOne());
  }

  /** The basket's regime stored for exactly {@code cycle}, if that cycle wrote one. */
  public Optional<BasketRegimeRow> basketStoredAt(String basket, Instant cycle) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM basket_regime WHERE basket = :basket AND cycle = :cycle")
        .bind("basket", basket).bind("cycle", cycle)
        .map((rs, ctx) -> basketRow(rs)).findOne());
  }

  /** Stores basket regimes for the cycle, one per basket at most; a row already stored for that cycle is kept as it is. */
  public void storeBaskets(Instant cycle, Instant computedAt, List<BasketRegimeRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    jdbi.useHandle(h -> {
      PreparedBatch b = h.prepareBatch("INSERT INTO basket_regime (basket, cycle, as_of, computed_at, volatility_fast,"
          + " volatility_slow, percentile_fast, percentile_slow, regime, regime_since, decision, reason) VALUES (:basket,"
          + " :cycle, :asOf, :computedAt, :vf, :vs, :pf, :ps, :regime, :regimeSince, :decision, :reason)"
          + " ON CONFLICT (basket, cycle) DO NOTHING");
      for (BasketRegimeRow r : rows) {
        b.bind("basket", r.basket()).bind("cycle", cycle).bind("asOf", r.asOf()).bind("computedAt", computedAt)
            .bind("vf", nullable(r.fastVolatility())).bind("vs", nullable(r.slowVolatility()))
            .bind("pf", nullable(r.fastPercentile())).bind("ps", nullable(r.slowPercentile()))
            .bind("regime", r.regime().name()).bind("regimeSince", r.regimeSince()).bind("decision", r.decision().name())
            .bind("reason", r.reason())
            .add();
      }
      b.execute();
    });
  }

  private static BasketRegimeRow basketRow(ResultSet rs) throws SQLException {
    return new BasketRegimeRow(rs.getString("basket"), Columns.instant(rs, "as_of"),
        nan(rs, "volatility_fast"), nan(rs, "volatility_slow"), nan(rs, "percentile_fast"), nan(rs, "percentile_slow"),
        Regime.valueOf(rs.getString("regime")), Columns.instant(rs, "regime_since"), Decision.valueOf(rs.getString("decision")),
        rs.getString("reason"));
  }

  private static Double nullable(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static double nan(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? Double.NaN : v;
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static RegimeAssessment assessment(ResultSet rs) throws SQLException {
    return new RegimeAssessment(rs.getString("asset"), Columns.instant(rs, "as_of"),
        nan(rs, "volatility_fast"), nan(rs, "volatility_slow"), nan(rs, "percentile_fast"), nan(rs, "percentile_slow"),
        Regime.valueOf(rs.getString("regime")), Columns.instant(rs, "regime_since"), Decision.valueOf(rs.getString("decision")),
        nan(rs, "spread_ratio"), SpreadRegime.valueOf(rs.getString("spread_regime")), Columns.instant(rs, "spread_regime_since"),
        rs.getBigDecimal("band_multiplier").doubleValue(), rs.getString("reason"));
  }
}
