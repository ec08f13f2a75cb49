package dev.keel.domain.execution;

import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/** The worst price a trade's orders may fill at, derived from the proposal's cost estimate. */
public final class PriceCap {

  private PriceCap() {}

  /**
   * mid × (1 ± min(0.5, max(capCostMultiple × costBps / 10⁴, minCapSlippage))): above mid for a buy, below for a sell;
   * never more than half the mid away, so a sell's cap stays positive however dear the trade was expected to be.
   *
   * @param mid     the mid at execution, quote per base unit, positive
   * @param costBps the trade's expected cost, basis points of its notional (half spread, fee, impact), zero or positive
   */
  public static BigDecimal of(Side side, BigDecimal mid, double costBps, ExecutionPolicy policy) {
    Objects.requireNonNull(side, "side");
    if (mid.signum() <= 0) {
      throw new IllegalArgumentException("mid must be positive, was " + mid);
    }
    if (!(costBps >= 0) || Double.isInfinite(costBps)) {
      throw new IllegalArgumentException("expected cost must be zero or positive bps, was " + costBps);
    }
    double slip = Math.min(0.5, Math.max(policy.capCostMultiple() * costBps / 1e4, policy.minCapSlippage()));
    BigDecimal factor = BigDecimal.ONE.add(BigDecimal.valueOf(side == Side.BUY ? slip : -slip));
    return mid.multiply(factor, MathContext.DECIMAL64);
  }
}
