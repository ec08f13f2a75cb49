package dev.keel.domain.execution;

import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Before a proposal trades, it is priced again on the latest healthy snapshots (FAULTS.md E10). It is held, with the
 * reason, when a traded asset has no healthy price now, when any mid moved further than the band allows, or when the
 * expected cost rose by more than the tolerance; the next scan then proposes afresh on today's prices. A move of exactly
 * the allowed fraction is allowed (compared with a 10⁻¹² slack, so that 52 500 / 50 000 − 1 in doubles is not taken for
 * more than 5 %); a trade whose cost cannot be estimated now (not a finite number) holds like one without a price.
 */
public final class Repricing {

  private Repricing() {}

  /**
   * A trade as proposed.
   *
   * @param asset          the asset
   * @param side           BUY or SELL
   * @param quantity       base units
   * @param priceAtProposal the mid it was priced at, USDT per unit
   * @param band           the asset's band half-width when proposed (after the regime multiplier), fraction of value
   */
  public record ProposedTrade(String asset, Side side, BigDecimal quantity, BigDecimal priceAtProposal, double band) {
    public ProposedTrade {
      Objects.requireNonNull(asset, "asset");
      Objects.requireNonNull(side, "side");
      Objects.requireNonNull(quantity, "quantity");
      Objects.requireNonNull(priceAtProposal, "priceAtProposal");
    }
  }

  /**
   * An asset's price and cost now, from its latest healthy snapshots.
   *
   * @param mid      USDT per unit
   * @param costFraction a function of notional: the best venue's half spread + fee + impact, fraction of notional
   */
  public record Quote(BigDecimal mid, java.util.function.DoubleUnaryOperator costFraction) {}

  /** The answer: go ahead, or hold with a reason. */
  public record Verdict(boolean hold, String reason, BigDecimal expectedCostNow) {}

  /**
   * @param expectedCost the proposal's expected cost, USDT
   * @param quotes       asset → its quote now; an asset missing has no healthy snapshot
   */
  public static Verdict judge(List<ProposedTrade> trades, BigDecimal expectedCost, Map<String, Quote> quotes, ExecutionPolicy policy) {
    List<String> reasons = new ArrayList<>();
    double costNow = 0;
    for (ProposedTrade t : trades) {
      Quote q = quotes.get(t.asset());
      if (q == null) {
        reasons.add(t.asset() + " has no healthy snapshot now");
        continue;
      }
      double move = q.mid().doubleValue() / t.priceAtProposal().doubleValue() - 1;
      double allowed = policy.midMoveBandFraction() * t.band();
      if (Math.abs(move) > allowed + 1e-12) {
        reasons.add(String.format(java.util.Locale.ROOT, "%s mid moved %+.2f %% since the proposal (%s → %s), beyond the %.2f %% its band allows",
            t.asset(), move * 100, t.priceAtProposal().stripTrailingZeros().toPlainString(), q.mid().stripTrailingZeros().toPlainString(),
            allowed * 100));
      }
      double notional = t.quantity().doubleValue() * q.mid().doubleValue();
      double cost = notional * q.costFraction().applyAsDouble(notional);
      if (!Double.isFinite(cost)) {
        reasons.add(t.asset() + " has no cost estimate now");
        continue;
      }
      costNow += cost;
    }
    double limit = expectedCost.doubleValue() * (1 + policy.costRiseTolerance());
    if (reasons.isEmpty() && costNow > limit + 1e-9) {
      reasons.add(String.format(java.util.Locale.ROOT, "expected cost rose from %.4f to %.4f USDT, beyond the %.0f %% tolerance",
          expectedCost.doubleValue(), costNow, policy.costRiseTolerance() * 100));
    }
    BigDecimal now = BigDecimal.valueOf(costNow).setScale(8, java.math.RoundingMode.HALF_UP);
    return reasons.isEmpty() ? new Verdict(false, "", now) : new Verdict(true, "held: " + String.join("; ", reasons), now);
  }
}
