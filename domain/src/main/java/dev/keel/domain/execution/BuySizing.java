package dev.keel.domain.execution;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Buys are sized to the cash the sells actually raised: once every sell is final, the portfolio's cash line is what it
 * can spend. Each buy may cost at most its quantity × its price cap × (1 + the dearest venue fee); when the buys
 * together could cost more than the cash, all are scaled down by the same factor and rounded down to their lot, so a
 * buy never books the portfolio's cash below zero.
 */
public final class BuySizing {

  /** Rounds toward zero, so that neither the factor nor a scaled quantity can end up a hair above what the cash pays. */
  private static final MathContext DOWN = new MathContext(34, RoundingMode.DOWN);

  private BuySizing() {}

  /**
   * One buy to size.
   *
   * @param tradeId  the proposal trade
   * @param quantity base units wanted
   * @param priceCap the most it may pay per unit, USDT
   * @param maxFee   the dearest taker fee among the venues it may use, fraction of notional
   * @param lot      the quantity step to round down to
   */
  public record Buy(long tradeId, BigDecimal quantity, BigDecimal priceCap, double maxFee, BigDecimal lot) {
    public Buy {
      Objects.requireNonNull(quantity, "quantity");
      Objects.requireNonNull(priceCap, "priceCap");
      Objects.requireNonNull(lot, "lot");
    }

    BigDecimal worstCost() {
      return quantity.multiply(priceCap).multiply(BigDecimal.ONE.add(BigDecimal.valueOf(maxFee)));
    }
  }

  /**
   * @param cash what the portfolio's cash line holds now, USDT
   * @return trade id → quantity to buy (zero when the cash cannot pay for even one lot)
   */
  public static Map<Long, BigDecimal> size(BigDecimal cash, List<Buy> buys) {
    Map<Long, BigDecimal> out = new LinkedHashMap<>();
    BigDecimal worst = buys.stream().map(Buy::worstCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    if (worst.signum() == 0 || worst.compareTo(cash) <= 0) {
      buys.forEach(b -> out.put(b.tradeId(), b.quantity()));
      return out;
    }
    BigDecimal factor = cash.max(BigDecimal.ZERO).divide(worst, DOWN);
    for (Buy b : buys) {
      BigDecimal scaled = b.quantity().multiply(factor, DOWN);
      BigDecimal lots = scaled.divide(b.lot(), 0, RoundingMode.DOWN);
      out.put(b.tradeId(), lots.multiply(b.lot()).stripTrailingZeros());
    }
    return out;
  }
}
