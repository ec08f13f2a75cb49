package dev.keel.ops;

import dev.keel.domain.market.AssetCatalogue;
import dev.keel.domain.market.history.DailyBarSeries;
import dev.keel.domain.market.history.DailyPriceFileReader;
import dev.keel.persistence.marketdata.PriceHistoryDao;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code keel load-history --prices DIR}: loads daily price files (the format of the shared Binance
 * history) into the 1d price bars, for the catalogue's assets, so that regimes and covariances start
 * from real history instead of warming up for months.
 */
@Command(name = "load-history", description = "Load daily price files into the 1d price bars (regimes, covariance).")
class LoadHistoryCommand implements Callable<Integer> {

  @Mixin
  DatabaseOptions db;

  @Option(names = "--prices", required = true, paramLabel = "DIR", description = "folder of daily price files (Binance_XXXUSDT_d.csv)")
  Path prices;

  @Option(names = "--days", defaultValue = "1300", description = "days to load, counted back from each file's last day (default ${DEFAULT-VALUE})")
  int days;

  @Override
  public Integer call() {
    if (days < 1 || days > 10_000) {
      throw new IllegalArgumentException("--days must be between 1 and 10000, was " + days);
    }
    try (ConfigurableApplicationContext ctx = Keel.start(db)) {
      long[] loaded = load(ctx.getBean(Jdbi.class), prices, days, System.out);
      System.out.printf("loaded %,d daily bars for %d assets from %s%n", loaded[1], loaded[0], prices);
      return 0;
    }
  }

  /** Loads the catalogue's assets from {@code dir}; returns {assets, bars}. */
  static long[] load(Jdbi jdbi, Path dir, int days, PrintStream out) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--prices: no such folder '" + dir + "'");
    }
    PriceHistoryDao dao = new PriceHistoryDao(jdbi);
    long assets = 0;
    long bars = 0;
    for (DailyBarSeries s : DailyPriceFileReader.readDirectory(dir)) {
      if (!AssetCatalogue.CASH.equals(s.quoteAsset()) || AssetCatalogue.find(s.baseAsset()).isEmpty() || s.bars().isEmpty()) {
        continue;
      }
      LocalDate last = s.bars().get(s.bars().size() - 1).date();
      DailyBarSeries recent = s.between(last.minusDays(days - 1L), last);
      bars += dao.loadDaily(s.baseAsset(), recent.bars(), "history:" + dir.getFileName());
      assets++;
    }
    return new long[] {assets, bars};
  }
}
