package dev.keel.domain.portfolio;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What the cycle knows about one asset's market: whether it can be priced, and if so at what mid,
 * what trading it costs on the best venue per side, and the venue's order limits.
 *
 * @param asset         the asset's symbol
 * @param status        whether the asset may be priced this cycle
 * @param detail        why not, naming the snapshot and its time; empty when usable
 * @param mid           mid price, USDT per unit; null when not usable
 * @param snapshotAt    when the snapshot behind {@code mid} was taken; null when there was none
 * @param buyKappa      half spread plus taker fee for buying on the best venue, fraction of traded notional
 * @param sellKappa     the same for selling
 * @param buyImpact     impact slope for buying: fraction of traded notional per USDT traded
 * @param sellImpact    the same for selling
 * @param buyVenue      the venue buys are priced on
 * @param sellVenue     the venue sells are priced on
 * @param lotSize       the order quantity step, units of the asset, {@code > 0}
 * @param minNotional   the smallest order the venue accepts, USDT, {@code >= 0}
 */
public record AssetQuote(String asset, Status status, String detail, BigDecimal mid, Instant snapshotAt,
                         double buyKappa, double sellKappa, double buyImpact, double sellImpact,
                         String buyVenue, String sellVenue, BigDecimal lotSize, BigDecimal minNotional) {

  /** Whether an asset may be priced this cycle. */
  public enum Status {
    /** A fresh, healthy snapshot exists on at least one venue. */
    OK,
    /** The latest healthy snapshot is older than the maximum age (FAULTS M1). */
    STALE,
    /** The latest snapshots were quarantined: bad or crossed prices, or an empty book (M2, M3). */
    BAD_PRICE,
    /** No snapshot at all. */
    NO_PRICE
  }

  public AssetQuote {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
    if (status == Status.OK) {
      if (mid == null || mid.signum() <= 0) {
        throw new IllegalArgumentException(asset + ": a usable quote needs a positive mid, was " + mid);
      }
      if (!(buyKappa >= 0 && sellKappa >= 0 && buyImpact >= 0 && sellImpact >= 0)) {
        throw new IllegalArgumentException(asset + ": cost coefficients must be >= 0");
      }
      Objects.requireNonNull(lotSize, "lotSize");
      Objects.requireNonNull(minNotional, "minNotional");
    }
  }

  /** The cash line: always priced at one, never traded against itself. */
  public static AssetQuote cash(String symbol) {
    return new AssetQuote(symbol, Status.OK, "", BigDecimal.ONE, null, 0, 0, 0, 0, null, null,
        new BigDecimal("0.00000001"), BigDecimal.ZERO);
  }

  /** An asset that cannot be priced this cycle. */
  public static AssetQuote unusable(String asset, Status status, String detail, Instant snapshotAt) {
    if (status == Status.OK) {
      throw new IllegalArgumentException("unusable quote needs a status other than OK");
    }
    return new AssetQuote(asset, status, detail, null, snapshotAt, 0, 0, 0, 0, null, null, null, null);
  }

  public boolean usable() {
    return status == Status.OK;
  }
}
