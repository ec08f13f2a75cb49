package dev.keel.persistence.population;

import dev.keel.domain.portfolio.GeneratedAccount;
import dev.keel.domain.portfolio.PopulationGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes a generated population with COPY, in one transaction: either the whole population is
 * there afterwards, or nothing of it is.
 *
 * <p>Speed: accounts are generated once, in chunks, on a thread of their own, while the chunk
 * before is copied; each chunk is five COPY statements (accounts, portfolios, targets, holdings,
 * the opening ledger entries behind the holdings). The population tables' foreign keys are
 * dropped inside the transaction and added back at its end, so PostgreSQL validates each one in
 * a single pass instead of a trigger per row; any violation still aborts the whole transaction.
 */
public final class PopulationWriter {

  /** How the writer treats a database that already holds accounts. */
  public enum Existing {
    /** Refuse, naming the number of accounts found. */
    REFUSE,
    /** Delete every account, portfolio and everything that hangs off them first, in the same transaction. */
    REPLACE
  }

  /** Accounts generated and copied together. */
  static final int CHUNK = 5_000;

  private static final List<String> LOADED_TABLES = List.of("portfolio", "target_weight", "holding", "holding_entry");
  private static final String[] COPY_SQL = {
      "COPY account (id, external_ref, tier, created_at, email) FROM STDIN",
      "COPY portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at) FROM STDIN",
      "COPY target_weight (portfolio_id, asset, weight, band) FROM STDIN",
      "COPY holding (portfolio_id, asset, quantity, updated_at) FROM STDIN",
      "COPY holding_entry (portfolio_id, asset, delta, kind, booked_at) FROM STDIN",
  };

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
   * @param progress  told the number of accounts written so far, after each chunk
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
        s.execute("TRUNCATE " + dev.keel.persistence.db.Wipe.POPULATION_TABLES + " RESTART IDENTITY CASCADE");
      }
    }
    List<String> restore = dropForeignKeys(c);
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    int n = gen.spec().accounts();
    String ts = createdAt.toString();
    BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(2);
    ExecutorService producer = Executors.newSingleThreadExecutor(r -> new Thread(r, "population-generator"));
    long[] totals = new long[4];
    try {
      Future<?> generating = producer.submit(() -> {
        long portfolioId = 0;
        for (int from = 0; from < n; from += CHUNK) {
          Chunk chunk = format(gen, from, Math.min(n, from + CHUNK), portfolioId, ts);
          portfolioId = chunk.lastPortfolioId;
          queue.put(chunk);
        }
        return null;
      });
      for (int from = 0; from < n; from += CHUNK) {
        Chunk chunk = take(queue, generating);
        for (int t = 0; t < COPY_SQL.length; t++) {
          byte[] bytes = chunk.tables[t].toString().getBytes(StandardCharsets.UTF_8);
          copy.copyIn(COPY_SQL[t], new java.io.ByteArrayInputStream(bytes));
        }
        totals[1] += chunk.portfolios;
        totals[2] += chunk.targets;
        totals[3] += chunk.holdings;
        progress.accept(chunk.to);
      }
    } finally {
      producer.shutdownNow();
    }
    try (Statement s = c.createStatement()) {
      for (String add : restore) {
        s.execute(add);
      }
      s.execute("SELECT setval(pg_get_serial_sequence('account', 'id'), (SELECT max(id) FROM account))");
      s.execute("SELECT setval(pg_get_serial_sequence('portfolio', 'id'), (SELECT max(id) FROM portfolio))");
      s.execute("ANALYZE account, portfolio, target_weight, holding");
    }
    return new Written(n, totals[1], totals[2], totals[3]);
  }

  private static Chunk take(BlockingQueue<Chunk> queue, Future<?> generating) throws IOException {
    try {
      while (true) {
        Chunk c = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (c != null) {
          return c;
        }
        if (generating.isDone()) {
          generating.get(); // rethrows the generator's failure
          throw new IllegalStateException("the population generator stopped early");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the population", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("generating the population failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** The rows of accounts [from, to) as COPY text, one buffer per table. */
  private static final class Chunk {
    final StringBuilder[] tables = new StringBuilder[COPY_SQL.length];
    int to;
    long lastPortfolioId;
    long portfolios;
    long targets;
    long holdings;
  }

  private static Chunk format(PopulationGenerator gen, int from, int to, long portfolioId, String ts) {
    Chunk c = new Chunk();
    for (int t = 0; t < c.tables.length; t++) {
      c.tables[t] = new StringBuilder(64 * 8 * (to - from));
    }
    long seed = gen.spec().seed();
    long pid = portfolioId;
    for (int i = from; i < to; i++) {
      GeneratedAccount a = gen.account(i);
      long accountId = i + 1L;
      c.tables[0].append(accountId).append("\tgen-").append(seed).append('-').append(i).append('\t')
          .append(a.tier().name()).append('\t').append(ts).append("\tinvestor-").append(seed).append('-').append(i)
          .append("@example.com\n");
      int k = 0;
      for (GeneratedAccount.Portfolio p : a.portfolios()) {
        pid++;
        c.portfolios++;
        c.tables[1].append(pid).append('\t').append(accountId).append('\t').append(p.basket().name().toLowerCase())
            .append('-').append(++k).append('\t').append(p.basket().name()).append('\t').append(p.profile().name())
            .append("\tUSDT\t").append(ts).append('\n');
        for (Map.Entry<String, Double> e : p.basket().weights().entrySet()) {
          double w = e.getValue();
          c.tables[2].append(pid).append('\t').append(e.getKey()).append('\t').append(decimal(w)).append('\t')
              .append(decimal(p.profile().bandFor(w))).append('\n');
          c.targets++;
        }
        for (Map.Entry<String, BigDecimal> e : p.holdings().entrySet()) {
          String qty = e.getValue().toPlainString();
          c.tables[3].append(pid).append('\t').append(e.getKey()).append('\t').append(qty).append('\t').append(ts).append('\n');
          c.holdings++;
          if (e.getValue().signum() != 0) {
            c.tables[4].append(pid).append('\t').append(e.getKey()).append('\t').append(qty).append("\tOPENING\t")
                .append(ts).append('\n');
          }
        }
      }
    }
    c.to = to;
    c.lastPortfolioId = pid;
    return c;
  }

  /** Drops the foreign keys of the tables being loaded and returns the statements that add them back. */
  private static List<String> dropForeignKeys(Connection c) throws SQLException {
    List<String> restore = new ArrayList<>();
    List<String> drops = new ArrayList<>();
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
             + " WHERE contype = 'f' AND conrelid::regclass::text IN ('" + String.join("', '", LOADED_TABLES) + "')"
             + " ORDER BY 1, 2")) {
      while (rs.next()) {
        drops.add("ALTER TABLE " + rs.getString(1) + " DROP CONSTRAINT " + rs.getString(2));
        restore.add("ALTER TABLE " + rs.getString(1) + " ADD CONSTRAINT " + rs.getString(2) + " " + rs.getString(3));
      }
    }
    try (Statement s = c.createStatement()) {
      for (String d : drops) {
        s.execute(d);
      }
    }
    return restore;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? e.getMessage() : e.getMessage() + ": " + t.getMessage();
  }

  private static String decimal(double v) {
    return BigDecimal.valueOf(v).setScale(10, RoundingMode.HALF_EVEN).toPlainString();
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
