package dev.keel.persistence.marketdata;

import dev.keel.domain.market.history.DailyBar;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Loads daily price history (for example the shared Binance files) into the 1d price bars. */
public final class PriceHistoryDao {

  private final Jdbi jdbi;

  public PriceHistoryDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Stores an asset's daily bars; a bar already stored for a day is kept as it is.
   *
   * @return bars inserted
   */
  public int loadDaily(String asset, List<DailyBar> bars, String source) {
    if (bars.isEmpty()) {
      return 0;
    }
    return jdbi.withHandle(h -> {
      PreparedBatch b = h.prepareBatch("INSERT INTO price_bar (asset, bar_interval, bar_start, open, high, low, close, close_at,"
          + " source) VALUES (:asset, '1d', :start, :o, :h, :l, :c, :closeAt, :source) ON CONFLICT DO NOTHING");
      for (DailyBar d : bars) {
        var start = d.date().atStartOfDay().toInstant(ZoneOffset.UTC);
        b.bind("asset", asset).bind("start", start).bind("o", BigDecimal.valueOf(d.open())).bind("h", BigDecimal.valueOf(d.high()))
            .bind("l", BigDecimal.valueOf(d.low())).bind("c", BigDecimal.valueOf(d.close()))
            .bind("closeAt", start.plusSeconds(86_399)).bind("source", source).add();
      }
      int n = 0;
      for (int c : b.execute()) {
        n += c;
      }
      return n;
    });
  }
}
