package dev.keel.persistence.regime;

import dev.keel.domain.regime.Decision;
import dev.keel.domain.regime.Regime;
import dev.keel.domain.regime.RegimeAssessment;
import dev.keel.domain.regime.RegimeState;
import dev.keel.domain.regime.SpreadRegime;
import java.time.Instant;
import java.util.Objects;

/**
 * One basket_regime row: a basket's volatility regime, classified on its target-weighted value index. No spread
 * regime and no band multiplier: bands stay per asset, and a basket has no quoted spread of its own.
 *
 * @param basket          the basket's code (portfolio.basket)
 * @param asOf            the close of the index's last bar assessed
 * @param fastVolatility  fast EWMA volatility of the index, annualised; NaN while warming up
 * @param slowVolatility  slow EWMA volatility of the index, annualised; NaN while warming up
 * @param fastPercentile  rank of the fast volatility in its trailing distribution; NaN while warming up
 * @param slowPercentile  rank of the slow volatility in its trailing distribution; NaN while warming up
 * @param regime          the volatility regime
 * @param regimeSince     when the basket entered it
 * @param decision        why the regime is what it is
 * @param reason          one line for people
 */
public record BasketRegimeRow(String basket, Instant asOf, double fastVolatility, double slowVolatility,
    double fastPercentile, double slowPercentile, Regime regime, Instant regimeSince, Decision decision, String reason) {

  public BasketRegimeRow {
    Objects.requireNonNull(basket, "basket");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(regime, "regime");
    Objects.requireNonNull(regimeSince, "regimeSince");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(reason, "reason");
  }

  /** The row of a basket's assessment (its spread figures and multiplier are left out). */
  public static BasketRegimeRow of(RegimeAssessment a) {
    return new BasketRegimeRow(a.asset(), a.asOf(), a.fastVolatility(), a.slowVolatility(), a.fastPercentile(),
        a.slowPercentile(), a.regime(), a.regimeSince(), a.decision(), a.reason());
  }

  /** The state to continue the basket's classification from in the next cycle. */
  public RegimeState state() {
    return new RegimeState(regime, regimeSince, SpreadRegime.UNOBSERVED, asOf, asOf);
  }
}
