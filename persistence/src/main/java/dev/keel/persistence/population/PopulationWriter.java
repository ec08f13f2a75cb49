package dev.keel.persistence.population;

import dev.keel.domain.portfolio.GeneratedAccount;
import dev.keel.domain.portfolio.PopulationGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Writes a generated population with COPY, in one transaction: either the whole population is
 * there afterwards, or nothing of it is. Accounts, portfolios, targets, holdings and the opening
 * ledger entries behind the holdings are streamed table by table; each pass regenerates the same
 * accounts from the seed rather than holding millions of rows in memory.
 */
public final class PopulationWriter {

  /** How the writer treats a database that already holds accounts. */
  public enum Existing {
    /** Refuse, naming the number of accounts found. */
    REFUSE,
    /** Delete every account, portfolio and everything that hangs off them first, in the same transaction. */
    REPLACE
  }

  private final DataSource dataSource;

  public PopulationWriter(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** What was written. */
  public record Written(long accounts, long portfolios, long targets, long holdings) {}

  /**
   * Writes the population.
   *
   * @param generator the population
   * @param createdAt the creation time stamped on every row
   * @param existing  what to do when accounts exist already
   * @param progress  told the number of accounts done so far, across all passes scaled to one
   */
  public Written write(PopulationGenerator generator, Instant createdAt, Existing existing, LongConsumer progress) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Written w = write(c, generator, createdAt, existing, progress);
        c.commit();
        return w;
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException | IOException e) {
      throw new PopulationWriteException("writing the population failed, nothing was written: " + rootMessage(e), e);
    }
  }

  private Written write(Connection c, PopulationGenerator gen, Instant createdAt, Existing existing, LongConsumer progress)
      throws SQLException, IOException {
    long present = count(c, "SELECT count(*) FROM account");
    if (present > 0) {
      if (existing == Existing.REFUSE) {
        throw new PopulationExistsException("the database already holds " + present
            + " accounts; pass --replace to replace them with a generated population");
      }
      try (Statement s = c.createStatement()) {
        s.execute("TRUNCATE account, portfolio, target_weight, holding, holding_entry, scan_outcome, proposal,"
            + " proposal_trade, venue_order, fill, allocation, notification RESTART IDENTITY CASCADE");
      }
    }
    PGConnection pg = c.unwrap(PGConnection.class);
    int n = gen.spec().accounts();
    String ts = createdAt.toString();
    long seed = gen.spec().seed();
    long total = 5L * n;
    long[] done = {0};
    LongConsumer tick = k -> {
      done[0]++;
      if (done[0] % 10_000 == 0 || done[0] == total) {
        progress.accept(done[0] / 5);
      }
    };

    long[] counts = new long[4];
    copy(pg, "COPY account (id, external_ref, tier, created_at) FROM STDIN", out -> {
      for (int i = 0; i < n; i++) {
        GeneratedAccount a = gen.account(i);
        out.write(Long.toString(i + 1L));
        out.write("\tgen-" + seed + "-" + i + "\t" + a.tier().name() + "\t" + ts + "\n");
        tick.accept(i);
      }
    });
    copy(pg, "COPY portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at) FROM STDIN", out -> {
      long pid = 0;
      for (int i = 0; i < n; i++) {
        GeneratedAccount a = gen.account(i);
        int k = 0;
        for (GeneratedAccount.Portfolio p : a.portfolios()) {
          pid++;
          out.write(pid + "\t" + (i + 1L) + "\t" + p.basket().name().toLowerCase() + "-" + (++k) + "\t" + p.basket().name()
              + "\t" + p.profile().name() + "\tUSDT\t" + ts + "\n");
        }
        tick.accept(i);
      }
      counts[1] = pid;
    });
    copy(pg, "COPY target_weight (portfolio_id, asset, weight, band) FROM STDIN", out -> {
      long pid = 0;
      long rows = 0;
      for (int i = 0; i < n; i++) {
        for (GeneratedAccount.Portfolio p : gen.account(i).portfolios()) {
          pid++;
          for (Map.Entry<String, Double> e : p.basket().weights().entrySet()) {
            double w = e.getValue();
            out.write(pid + "\t" + e.getKey() + "\t" + decimal(w) + "\t" + decimal(p.profile().bandFor(w)) + "\n");
            rows++;
          }
        }
        tick.accept(i);
      }
      counts[2] = rows;
    });
    copy(pg, "COPY holding (portfolio_id, asset, quantity, updated_at) FROM STDIN", out -> {
      long pid = 0;
      long rows = 0;
      for (int i = 0; i < n; i++) {
        for (GeneratedAccount.Portfolio p : gen.account(i).portfolios()) {
          pid++;
          for (Map.Entry<String, BigDecimal> e : p.holdings().entrySet()) {
            out.write(pid + "\t" + e.getKey() + "\t" + e.getValue().toPlainString() + "\t" + ts + "\n");
            rows++;
          }
        }
        tick.accept(i);
      }
      counts[3] = rows;
    });
    copy(pg, "COPY holding_entry (portfolio_id, asset, delta, kind, booked_at) FROM STDIN", out -> {
      long pid = 0;
      for (int i = 0; i < n; i++) {
        for (GeneratedAccount.Portfolio p : gen.account(i).portfolios()) {
          pid++;
          for (Map.Entry<String, BigDecimal> e : p.holdings().entrySet()) {
            if (e.getValue().signum() != 0) {
              out.write(pid + "\t" + e.getKey() + "\t" + e.getValue().toPlainString() + "\tOPENING\t" + ts + "\n");
            }
          }
        }
        tick.accept(i);
      }
    });
    try (Statement s = c.createStatement()) {
      s.execute("SELECT setval(pg_get_serial_sequence('account', 'id'), (SELECT max(id) FROM account))");
      s.execute("SELECT setval(pg_get_serial_sequence('portfolio', 'id'), (SELECT max(id) FROM portfolio))");
      s.execute("ANALYZE account, portfolio, target_weight, holding");
    }
    return new Written(n, counts[1], counts[2], counts[3]);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? e.getMessage() : e.getMessage() + ": " + t.getMessage();
  }

  private static String decimal(double v) {
    return BigDecimal.valueOf(v).setScale(10, java.math.RoundingMode.HALF_EVEN).toPlainString();
  }

  private interface Rows {
    void write(Writer out) throws IOException;
  }

  private static void copy(PGConnection pg, String sql, Rows rows) throws SQLException, IOException {
    try (PGCopyOutputStream os = new PGCopyOutputStream(pg, sql, 1 << 20);
         Writer out = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 20)) {
      rows.write(out);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The database holds accounts already and the caller asked not to replace them. */
  public static final class PopulationExistsException extends RuntimeException {
    PopulationExistsException(String message) {
      super(message);
    }
  }

  /** Writing failed and the transaction was rolled back. */
  public static final class PopulationWriteException extends RuntimeException {
    PopulationWriteException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
