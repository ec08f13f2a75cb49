package dev.keel.domain.optimize;

import dev.keel.domain.optimize.BindingConstraint.Kind;
import dev.keel.domain.optimize.ExchangeConstraints.VenueLimits;
import dev.keel.domain.optimize.RebalanceOutcome.Infeasible;
import dev.keel.domain.optimize.RebalanceOutcome.Optimal;
import dev.keel.domain.optimize.SolveReport.Route;
import dev.keel.domain.optimize.Trade.OrderSize;
import dev.keel.domain.optimize.Trade.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a certified trade in weights into the answer a proposal is made of: order quantities
 * rounded down to lot steps in {@link BigDecimal}, dust, costs, tracking errors and the binding
 * constraints. The one place where weights become quantities.
 */
final class ProposalAssembler {

  /** A trade at or below this size, fraction of portfolio value, is no trade. */
  static final double NO_TRADE = KktCertificate.PRIMAL_TOLERANCE;

  private static final MathContext PRECISION = MathContext.DECIMAL64;

  private ProposalAssembler() {
  }

  /** The lines whose trade in d would round to nothing or fall below the venue's minimum notional. */
  static List<Integer> untradeable(ResolvedProblem p, double[] d) {
    List<Integer> lines = new ArrayList<>();
    ExchangeConstraints ex = p.source.exchange();
    if (ex == null) {
      return lines;
    }
    for (int i = 0; i < p.n; i++) {
      if (i == p.cash || p.pinned[i] || Math.abs(d[i]) <= NO_TRADE) {
        continue;
      }
      if (size(p, i, d[i]).order() == null) {
        lines.add(i);
      }
    }
    return lines;
  }

  /** The dust report for line i's trade di, which venue limits leave undone. */
  static Dust dust(ResolvedProblem p, int i, double di) {
    return size(p, i, di).dust();
  }

  private record Sizing(OrderSize order, Dust dust, double realised) {
  }

  /**
   * The order size for trade di on line i: rounded toward zero to a whole number of lots, unless
   * that would leave the weight outside its band where one more lot keeps it inside (a sell never
   * beyond the holding).
   */
  private static Sizing size(ResolvedProblem p, int i, double di) {
    ExchangeConstraints ex = p.source.exchange();
    VenueLimits limits = ex.limits().get(i);
    String asset = p.source.assets().get(i);
    BigDecimal value = ex.portfolioValue();
    BigDecimal wantedNotional = new BigDecimal(Math.abs(di), PRECISION).multiply(value, PRECISION);
    BigDecimal wanted = wantedNotional.divide(limits.price(), PRECISION);
    BigDecimal lots = wanted.divide(limits.lotSize(), 0, RoundingMode.DOWN);
    BigDecimal quantity = lots.multiply(limits.lotSize());
    if (quantity.signum() > 0 && !insideBand(p, i, realised(di, quantity, limits, value))) {
      BigDecimal up = quantity.add(limits.lotSize());
      BigDecimal holding = new BigDecimal(p.w0[i], PRECISION).multiply(value, PRECISION).divide(limits.price(), PRECISION);
      if (insideBand(p, i, realised(di, up, limits, value)) && (di > 0 || up.compareTo(holding) <= 0)) {
        quantity = up;
      }
    }
    quantity = quantity.stripTrailingZeros();
    BigDecimal notional = quantity.multiply(limits.price()).stripTrailingZeros();
    if (quantity.signum() == 0) {
      return new Sizing(null, new Dust(asset, wanted, wantedNotional, Dust.Reason.BELOW_LOT_SIZE), 0);
    }
    if (notional.compareTo(limits.minNotional()) < 0) {
      return new Sizing(null, new Dust(asset, wanted, wantedNotional, Dust.Reason.BELOW_MIN_NOTIONAL), 0);
    }
    BigDecimal remainder = wanted.subtract(quantity);
    Dust dust = remainder.signum() > 0
        ? new Dust(asset, remainder, remainder.multiply(limits.price(), PRECISION), Dust.Reason.LOT_ROUNDING_REMAINDER)
        : null;
    return new Sizing(new OrderSize(quantity, notional), dust, realised(di, quantity, limits, value));
  }

  private static double realised(double di, BigDecimal quantity, VenueLimits limits, BigDecimal value) {
    return Math.signum(di) * quantity.multiply(limits.price()).divide(value, PRECISION).doubleValue();
  }

  private static boolean insideBand(ResolvedProblem p, int i, double realised) {
    return realised >= p.lo[i] - 1e-12 && realised <= p.hi[i] + 1e-12;
  }

  /**
   * The answer for trade d on problem p. The verdict is null for the naive policy, which
   * certifies nothing and binds nothing.
   */
  static RebalanceOutcome assemble(ResolvedProblem p, double[] d, KktCertificate.Verdict verdict, Route route,
      int iterations, int exchangeRounds, List<String> notes, List<Dust> earlierDust) {
    int n = p.n;
    List<String> assets = p.source.assets();
    ExchangeConstraints ex = p.source.exchange();
    double[] realised = new double[n];
    Optional<OrderSize>[] sizes = newSizes(n);
    List<Dust> dust = new ArrayList<>(earlierDust);
    double residual = 0;
    int largest = -1;
    for (int i = 0; i < n; i++) {
      sizes[i] = Optional.empty();
      if (i == p.cash) {
        continue;
      }
      if (Math.abs(d[i]) <= NO_TRADE) {
        residual += d[i];
        continue;
      }
      if (ex == null) {
        realised[i] = d[i];
      } else {
        Sizing sizing = size(p, i, d[i]);
        if (sizing.dust() != null) {
          dust.add(sizing.dust());
        }
        if (sizing.order() != null) {
          sizes[i] = Optional.of(sizing.order());
          realised[i] = sizing.realised();
        }
      }
      residual += d[i] - realised[i];
      if (realised[i] != 0 && (largest < 0 || Math.abs(realised[i]) > Math.abs(realised[largest]))) {
        largest = i;
      }
    }
    if (p.cash >= 0) {
      settleCash(p, realised, sizes, ex);
    } else if (largest >= 0 && ex == null) {
      realised[largest] += residual;
    }
    List<Trade> trades = new ArrayList<>();
    double baseVariance = p.trackingVariance(realised);
    for (int i = 0; i < n; i++) {
      if (i == p.cash || realised[i] == 0) {
        continue;
      }
      double[] without = realised.clone();
      without[i] = 0;
      if (p.cash >= 0) {
        without[p.cash] += realised[i];
      }
      double relief = p.lambda * (p.trackingVariance(without) - baseVariance);
      trades.add(new Trade(assets.get(i), realised[i] > 0 ? Side.BUY : Side.SELL, realised[i],
          p.lineCost(i, realised[i]), relief, sizes[i]));
    }
    if (trades.isEmpty()) {
      return new RebalanceOutcome.NoTradeNeeded("every trade the bands call for is below its venue's minimum: " + dust);
    }
    double[] after = new double[n];
    for (int i = 0; i < n; i++) {
      after[i] = p.w0[i] + realised[i];
    }
    double cost = p.tradingCost(realised);
    if (p.cash >= 0 && after[p.cash] < cost - NO_TRADE) {
      return new Infeasible("the cash line (" + after[p.cash] + " of portfolio value after trading) cannot cover the"
          + " trading cost of " + cost);
    }
    double[] zero = new double[n];
    List<BindingConstraint> binding = verdict == null ? List.of() : binding(p, d, verdict);
    SolveReport report = new SolveReport(route, iterations, verdict == null ? 0 : verdict.primalResidual(),
        verdict == null ? 0 : verdict.stationarityResidual(), exchangeRounds, notes);
    return new Optimal(trades, after, cost, Math.sqrt(p.trackingVariance(zero)),
        Math.sqrt(p.trackingVariance(realised)), p.objective(d), binding, dust, report);
  }

  /** Rounds of trimming buys so that the cash line pays for the rounded trades and their cost. */
  static final int CASH_TRIM_ROUNDS = 8;

  /**
   * Sets the cash line to what the rounded trades leave, and, when rounding sells down and buys up
   * has left it short of the trading cost, trims the largest buy by whole lots (dropping it if it
   * falls below its venue's minimum) until the cash pays. The trim is at most a few lots: the
   * solution already held a cash floor above its cost.
   */
  private static void settleCash(ResolvedProblem p, double[] realised, Optional<OrderSize>[] sizes, ExchangeConstraints ex) {
    for (int round = 0; ; round++) {
      double sum = 0;
      for (int i = 0; i < p.n; i++) {
        if (i != p.cash) {
          sum += realised[i];
        }
      }
      realised[p.cash] = -sum;
      double shortfall = p.tradingCost(realised) - (p.w0[p.cash] + realised[p.cash]);
      if (shortfall <= NO_TRADE || ex == null || round == CASH_TRIM_ROUNDS) {
        return;
      }
      int buy = -1;
      for (int i = 0; i < p.n; i++) {
        if (i != p.cash && realised[i] > 0 && (buy < 0 || realised[i] > realised[buy])) {
          buy = i;
        }
      }
      if (buy < 0) {
        return;
      }
      VenueLimits limits = ex.limits().get(buy);
      BigDecimal value = ex.portfolioValue();
      BigDecimal shortNotional = new BigDecimal(shortfall, PRECISION).multiply(value, PRECISION);
      BigDecimal lots = shortNotional.divide(limits.price().multiply(limits.lotSize()), 0, RoundingMode.UP).max(BigDecimal.ONE);
      BigDecimal quantity = sizes[buy].get().quantity().subtract(lots.multiply(limits.lotSize()));
      BigDecimal notional = quantity.multiply(limits.price());
      if (quantity.signum() <= 0 || notional.compareTo(limits.minNotional()) < 0) {
        sizes[buy] = Optional.empty();
        realised[buy] = 0;
      } else {
        sizes[buy] = Optional.of(new OrderSize(quantity.stripTrailingZeros(), notional.stripTrailingZeros()));
        realised[buy] = notional.divide(value, PRECISION).doubleValue();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Optional<OrderSize>[] newSizes(int n) {
    return (Optional<OrderSize>[]) new Optional<?>[n];
  }

  /** The constraints that hold with equality at d, with their multipliers. */
  static List<BindingConstraint> binding(ResolvedProblem p, double[] d, KktCertificate.Verdict verdict) {
    List<BindingConstraint> out = new ArrayList<>();
    List<String> assets = p.source.assets();
    double mu = verdict.budgetMultiplier();
    out.add(new BindingConstraint(Kind.BUDGET, "*", mu));
    double[] g = p.smoothGradient(d);
    double tol = KktCertificate.PRIMAL_TOLERANCE;
    for (int i = 0; i < p.n; i++) {
      double x = d[i];
      double marginal = g[i] + mu;
      if (p.pinned[i]) {
        out.add(new BindingConstraint(Kind.UNTRADEABLE, assets.get(i), Math.abs(marginal)));
      } else if (p.hi[i] - p.lo[i] <= tol) {
        out.add(new BindingConstraint(Kind.ZERO_WIDTH_BAND, assets.get(i), Math.abs(marginal)));
      } else if (x - p.lo[i] <= tol) {
        double right = p.lo[i] >= -tol ? p.kappaBuy[i] : -p.kappaSell[i];
        Kind kind = i == p.cash && p.lo[i] > Math.max(p.target[i] - p.source.bandHalfWidths()[i], 0) - p.w0[i] + tol
            ? Kind.CASH_COVERS_COSTS
            : p.loIsLongOnly[i] ? Kind.LONG_ONLY : Kind.LOWER_BAND;
        out.add(new BindingConstraint(kind, assets.get(i), Math.max(0, marginal + right)));
      } else if (p.hi[i] - x <= tol) {
        double left = p.hi[i] <= tol ? -p.kappaSell[i] : p.kappaBuy[i];
        out.add(new BindingConstraint(Kind.UPPER_BAND, assets.get(i), Math.max(0, -(marginal + left))));
      } else if (Math.abs(x) <= tol && i != p.cash) {
        out.add(new BindingConstraint(Kind.NO_TRADE_REGION, assets.get(i), Math.abs(marginal)));
      }
    }
    return out;
  }
}
