package dev.keel.domain.market;

import dev.keel.domain.statistics.Quantiles;
import java.math.BigDecimal;
import java.util.Collection;

/** One price for an asset from its venues' mids: the median, so one venue's outlier cannot move it. */
public final class Mids {

  private Mids() {}

  /**
   * The median of the mids, quote currency per unit; the mean of the middle two for an even count.
   *
   * @throws IllegalArgumentException when there is no mid
   */
  public static BigDecimal median(Collection<BigDecimal> mids) {
    if (mids.isEmpty()) {
      throw new IllegalArgumentException("a median needs at least one mid");
    }
    return Quantiles.median(mids);
  }
}
