package dev.keel.persistence.regime;

import dev.keel.domain.regime.ClosingPrice;
import dev.keel.domain.regime.Decision;
import dev.keel.domain.regime.Regime;
import dev.keel.domain.regime.RegimeAssessment;
import dev.keel.domain.regime.SpreadObservation;
import dev.keel.domain.regime.SpreadRegime;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The regime detector's reads (bars, spreads, the last stored assessment) and its writes (one row per asset per cycle). */
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

  /** Closing mids of the bars of {@code interval} complete by {@code until} and starting at or after {@code from}, oldest first. */
  public List<ClosingPrice> closes(String asset, String interval, Duration length, Instant from, Instant until) {
    return jdbi.withHandle(h -> h.createQuery("SELECT bar_start, close FROM price_bar WHERE asset = :asset"
            + " AND bar_interval = :interval AND bar_start >= :from AND bar_start + CAST(:length AS interval) <= :until"
            + " ORDER BY bar_start")
        .bind("asset", asset).bind("interval", interval).bind("length", length.toSeconds() + " seconds")
        .bind("from", from).bind("until", until)
        .map((rs, ctx) -> new ClosingPrice(rs.getTimestamp(1).toInstant(), rs.getBigDecimal(2).doubleValue()))
        .list());
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

  /** The asset's assessment stored for the latest cycle before {@code cycle}, if any. */
  public Optional<RegimeAssessment> lastBefore(String asset, Instant cycle) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM asset_regime WHERE asset = :asset AND cycle < :cycle"
            + " ORDER BY cycle DESC LIMIT 1")
        .bind("asset", asset).bind("cycle", cycle)
        .map((rs, ctx) -> assessment(rs)).findOne());
  }

  /** Stores one assessment per asset for the cycle; a row already stored for that cycle is kept as it is. */
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

  private static Double nullable(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static double nan(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? Double.NaN : v;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static RegimeAssessment assessment(ResultSet rs) throws SQLException {
    return new RegimeAssessment(rs.getString("asset"), instant(rs, "as_of"),
        nan(rs, "volatility_fast"), nan(rs, "volatility_slow"), nan(rs, "percentile_fast"), nan(rs, "percentile_slow"),
        Regime.valueOf(rs.getString("regime")), instant(rs, "regime_since"), Decision.valueOf(rs.getString("decision")),
        nan(rs, "spread_ratio"), SpreadRegime.valueOf(rs.getString("spread_regime")), instant(rs, "spread_regime_since"),
        rs.getBigDecimal("band_multiplier").doubleValue(), rs.getString("reason"));
  }
}
