package dev.keel.persistence.marketdata;

import dev.keel.domain.market.history.DailyBar;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

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
    int n = bars.size();
    String[] starts = new String[n];
    String[] o = new String[n];
    String[] hi = new String[n];
    String[] lo = new String[n];
    String[] c = new String[n];
    for (int i = 0; i < n; i++) {
      DailyBar d = bars.get(i);
      starts[i] = d.date().atStartOfDay().toInstant(ZoneOffset.UTC).toString();
      o[i] = BigDecimal.valueOf(d.open()).toPlainString();
      hi[i] = BigDecimal.valueOf(d.high()).toPlainString();
      lo[i] = BigDecimal.valueOf(d.low()).toPlainString();
      c[i] = BigDecimal.valueOf(d.close()).toPlainString();
    }
    // one statement, so the count of rows inserted is exact (batched inserts report no counts once rewritten)
    return jdbi.withHandle(h -> h.createUpdate("INSERT INTO price_bar (asset, bar_interval, bar_start, open, high, low, close,"
            + " close_at, source) SELECT :asset, '1d', s::timestamptz, o, hi, lo, c, s::timestamptz + interval '1 day' - interval '1 second',"
            + " :source FROM unnest(CAST(:starts AS text[]), CAST(:o AS text[])::numeric[], CAST(:hi AS text[])::numeric[],"
            + " CAST(:lo AS text[])::numeric[], CAST(:c AS text[])::numeric[]) AS t(s, o, hi, lo, c) ON CONFLICT DO NOTHING")
        .bind("asset", asset).bind("source", source).bind("starts", starts).bind("o", o).bind("hi", hi).bind("lo", lo).bind("c", c)
        .execute());
  }
}
