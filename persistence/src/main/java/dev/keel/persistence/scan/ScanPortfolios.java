package dev.keel.persistence.scan;

import dev.keel.domain.portfolio.PortfolioPosition;
import dev.keel.domain.portfolio.RiskProfile;
import dev.keel.domain.portfolio.Tier;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** What a drift-scan partition reads: its portfolios in id order, and where a restarted partition reads on. */
public final class ScanPortfolios {

  /**
   * Every active portfolio in an id range with its tier, targets and holdings, one row per
   * portfolio in id order, with its open proposal if it has one, whatever its cycle (waiting for a decision or approved,
   * before its expiry, or executing): a portfolio has at most one (a unique index says so), so a cycle restarted after
   * a later one ran sees the later cycle's proposal and records AWAITING_DECISION instead of a second proposal. The
   * partition reader streams it through a cursor. Named parameters: {@code :minId}, {@code :maxId}, {@code :cycle}.
   */
  public static final String PORTFOLIOS_SQL = "SELECT p.id, p.account_id, a.tier, p.risk_profile,"
      + " t.assets AS t_assets, t.weights AS t_weights, t.bands AS t_bands, h.assets AS h_assets, h.quantities AS h_quantities,"
      + " o.open_proposal"
      + " FROM portfolio p JOIN account a ON a.id = p.account_id"
      // Targets, holdings and open proposals of the whole id range, each read in one ordered pass and merged with the
      // portfolios: no lookup per portfolio, so no plan can turn into a scan per portfolio (a per-portfolio subquery on
      // proposal planned while the table was empty seq-scanned it for every portfolio: 391 s for a million).
      + " LEFT JOIN (SELECT portfolio_id, array_agg(asset) AS assets, array_agg(weight::float8) AS weights,"
      + "   array_agg(band::float8) AS bands FROM target_weight WHERE portfolio_id BETWEEN :minId AND :maxId GROUP BY portfolio_id) t"
      + "   ON t.portfolio_id = p.id"
      + " LEFT JOIN (SELECT portfolio_id, array_agg(asset) AS assets, array_agg(quantity::text) AS quantities"
      + "   FROM holding WHERE portfolio_id BETWEEN :minId AND :maxId GROUP BY portfolio_id) h ON h.portfolio_id = p.id"
      + " LEFT JOIN (SELECT DISTINCT ON (portfolio_id) portfolio_id, 'proposal ' || id || ' ' || status || ' of cycle '"
      + "   || to_char(cycle AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || ', expires '"
      + "   || to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS open_proposal"
      + "   FROM proposal WHERE portfolio_id BETWEEN :minId AND :maxId"
      + "   AND (status = 'EXECUTING' OR (status IN ('PROPOSED', 'APPROVED') AND expires_at > :cycle))"
      + "   ORDER BY portfolio_id, cycle DESC) o ON o.portfolio_id = p.id"
      + " WHERE p.active AND p.id BETWEEN :minId AND :maxId ORDER BY p.id";

  private final Jdbi jdbi;

  public ScanPortfolios(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Lowest and highest active portfolio id, or null when there is none. */
  public long[] idRange() {
    return jdbi.withHandle(h -> h.createQuery("SELECT min(id), max(id) FROM portfolio WHERE active")
        .map((rs, ctx) -> rs.getObject(1) == null ? null : new long[] {rs.getLong(1), rs.getLong(2)}).one());
  }

  /**
   * {@link #PORTFOLIOS_SQL} for a JDBC cursor: the statement with its named parameters turned into positional ones, and
   * their values in that order.
   */
  public record PortfolioQuery(String sql, Object[] arguments) {}

  /** The scan's read of one partition: active portfolios with ids from {@code minId} to {@code maxId}, in id order. */
  public static PortfolioQuery portfolios(long minId, long maxId, Instant cycle) {
    var values = new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
        .addValue("minId", minId).addValue("maxId", maxId).addValue("cycle", java.sql.Timestamp.from(cycle));
    var parsed = org.springframework.jdbc.core.namedparam.NamedParameterUtils.parseSqlStatement(PORTFOLIOS_SQL);
    return new PortfolioQuery(org.springframework.jdbc.core.namedparam.NamedParameterUtils.substituteNamedParameters(parsed, values),
        org.springframework.jdbc.core.namedparam.NamedParameterUtils.buildValueArray(parsed, values, null));
  }

  /**
   * The last portfolio id a partition's committed chunks of the cycle account for, if any: a restarted partition reads
   * on from the id after it (by key, so a portfolio deactivated or added in between moves nothing), not by counting the
   * rows it read before.
   */
  public java.util.OptionalLong accountedUpTo(Instant cycle, String stepName) {
    Long last = jdbi.withHandle(h -> h.createQuery("SELECT max(last_id) FROM scan_tally WHERE cycle = :cycle AND step_name = :step")
        .bind("cycle", cycle).bind("step", stepName).mapTo(Long.class).one());
    return last == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(last);
  }

  /** Maps one row of {@link #PORTFOLIOS_SQL}. */
  public static PortfolioPosition position(ResultSet rs) throws SQLException {
    Map<String, PortfolioPosition.Target> targets = new HashMap<>();
    String[] ta = strings(rs.getArray("t_assets"));
    Double[] tw = doubles(rs.getArray("t_weights"));
    Double[] tb = doubles(rs.getArray("t_bands"));
    for (int i = 0; i < ta.length; i++) {
      targets.put(ta[i], new PortfolioPosition.Target(tw[i], tb[i]));
    }
    Map<String, BigDecimal> holdings = new HashMap<>();
    String[] ha = strings(rs.getArray("h_assets"));
    String[] hq = strings(rs.getArray("h_quantities"));
    for (int i = 0; i < ha.length; i++) {
      holdings.put(ha[i], new BigDecimal(hq[i]));
    }
    return new PortfolioPosition(rs.getLong("id"), rs.getLong("account_id"), Tier.valueOf(rs.getString("tier")),
        RiskProfile.valueOf(rs.getString("risk_profile")), targets, holdings, rs.getString("open_proposal"));
  }

  private static String[] strings(Array a) throws SQLException {
    return a == null ? new String[0] : (String[]) a.getArray();
  }

  private static Double[] doubles(Array a) throws SQLException {
    return a == null ? new Double[0] : (Double[]) a.getArray();
  }
}
