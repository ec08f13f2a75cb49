package dev.keel.domain.portfolio;

import dev.keel.domain.optimize.BindingConstraint;
import dev.keel.domain.optimize.Dust;
import dev.keel.domain.optimize.ExchangeConstraints;
import dev.keel.domain.optimize.RebalanceOptimizer;
import dev.keel.domain.optimize.RebalanceOutcome;
import dev.keel.domain.optimize.RebalancePolicy;
import dev.keel.domain.optimize.RebalanceProblem;
import dev.keel.domain.optimize.Trade;
import dev.keel.domain.regime.BandScaling;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The drift scan of one portfolio: validate its targets, price it at the cycle's mids, compare each
 * weight with its regime-adjusted band and, only when a band is breached, ask the optimiser what to
 * trade. Stateless; every expected outcome is a {@link ScanResult}, never an exception.
 */
public final class DriftScan {

  /** How far targets may sum from 1 before they are rejected (M4). */
  public static final double TARGET_SUM_TOLERANCE = 1e-6;

  /** The cash line's band when it has no target of its own: room for the proceeds and costs of a rebalance. */
  public static final double CASH_BAND = 0.02;

  public static final DriftScan DEFAULT = new DriftScan(RebalanceOptimizer.DEFAULT);

  private final RebalancePolicy policy;

  public DriftScan(RebalancePolicy policy) {
    this.policy = policy;
  }

  public ScanResult scan(PortfolioPosition p, CycleMarket market) {
    String invalid = invalidTargets(p);
    if (invalid != null) {
      return new ScanResult.Skipped(p.portfolioId(), Double.NaN, ScanResult.Reason.INVALID_TARGET, invalid);
    }
    TreeSet<String> assets = new TreeSet<>(p.targets().keySet());
    p.holdings().forEach((a, q) -> {
      if (q.signum() > 0) {
        assets.add(a);
      }
    });
    assets.add(market.cash());
    List<String> lines = new ArrayList<>(assets);
    for (String a : lines) {
      AssetQuote q = market.quote(a);
      if (!q.usable()) {
        ScanResult.Reason r = switch (q.status()) {
          case STALE -> ScanResult.Reason.STALE_MARKET;
          case BAD_PRICE -> ScanResult.Reason.BAD_PRICE;
          default -> ScanResult.Reason.NO_PRICE;
        };
        return new ScanResult.Skipped(p.portfolioId(), Double.NaN, r, q.detail());
      }
    }

    int n = lines.size();
    double[] value = new double[n];
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < n; i++) {
      BigDecimal qty = p.holdings().getOrDefault(lines.get(i), BigDecimal.ZERO);
      BigDecimal v = qty.multiply(market.quote(lines.get(i)).mid());
      value[i] = v.doubleValue();
      total = total.add(v);
    }
    if (total.signum() <= 0) {
      return ScanResult.NoBreach.holdingNothing(p.portfolioId());
    }
    double v = total.doubleValue();
    double[] w0 = new double[n];
    double[] t = new double[n];
    double[] beta = new double[n];
    List<ScanResult.Line> described = new ArrayList<>(n);
    double maxDrift = 0;
    boolean breach = false;
    int cash = lines.indexOf(market.cash());
    for (int i = 0; i < n; i++) {
      String a = lines.get(i);
      w0[i] = value[i] / v;
      PortfolioPosition.Target target = p.targets().get(a);
      t[i] = target == null ? 0 : target.weight();
      double base = target != null ? target.band() : (i == cash ? CASH_BAND : RiskProfile.MIN_BAND);
      CycleMarket.RegimeBand regime = i == cash ? CycleMarket.RegimeBand.NORMAL : market.regime(a);
      beta[i] = BandScaling.scale(t[i], base, regime.multiplier(), market.maxBandHalfWidth()).halfWidth();
      double drift = Math.abs(w0[i] - t[i]);
      maxDrift = Math.max(maxDrift, drift);
      breach |= drift > beta[i] + 1e-12;
      described.add(new ScanResult.Line(a, t[i], w0[i], base, beta[i], regime.regime(), regime.multiplier()));
    }
    if (!breach) {
      return ScanResult.NoBreach.insideBands(p.portfolioId(), maxDrift);
    }
    if (p.openProposal() != null) {
      return new ScanResult.AwaitingDecision(p.portfolioId(), maxDrift, p.openProposal() + " is still open");
    }

    RebalanceOutcome outcome;
    RebalanceProblem problem;
    try {
      // Building the problem is inside too: a portfolio whose numbers the optimiser refuses is
      // skipped with the reason (M6), the rest of its chunk goes on.
      problem = problem(p, market, lines, cash, w0, t, beta, total);
      outcome = policy.rebalance(problem);
    } catch (RuntimeException e) {
      return new ScanResult.Skipped(p.portfolioId(), maxDrift, ScanResult.Reason.OPTIMIZATION_FAILED,
          "optimiser error: " + e.getMessage());
    }
    if (outcome instanceof RebalanceOutcome.Optimal opt) {
      return proposal(p, market, opt, described, total, maxDrift, problem.costToTarget());
    }
    if (outcome instanceof RebalanceOutcome.NoTradeNeeded none) {
      return new ScanResult.NoTrade(p.portfolioId(), maxDrift, none.reason());
    }
    if (outcome instanceof RebalanceOutcome.Infeasible inf) {
      return new ScanResult.Skipped(p.portfolioId(), maxDrift, ScanResult.Reason.OPTIMIZATION_FAILED, "infeasible: " + inf.reason());
    }
    RebalanceOutcome.Failed failed = (RebalanceOutcome.Failed) outcome;
    return new ScanResult.Skipped(p.portfolioId(), maxDrift, ScanResult.Reason.OPTIMIZATION_FAILED, "failed: " + failed.reason());
  }

  private RebalanceProblem problem(PortfolioPosition p, CycleMarket market, List<String> lines, int cash, double[] w0,
                                   double[] t, double[] beta, BigDecimal total) {
    int n = lines.size();
    double v = total.doubleValue();
    double[] kb = new double[n];
    double[] ks = new double[n];
    double[] eta = new double[n];
    double[][] sigma = new double[n][n];
    List<ExchangeConstraints.VenueLimits> limits = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      AssetQuote q = market.quote(lines.get(i));
      if (i != cash) {
        kb[i] = q.buyKappa();
        ks[i] = q.sellKappa();
        eta[i] = Math.max(q.buyImpact(), q.sellImpact()) * v;
        limits.add(new ExchangeConstraints.VenueLimits(q.mid(), q.lotSize(), q.minNotional()));
      } else {
        limits.add(ExchangeConstraints.VenueLimits.unlimited(BigDecimal.ONE));
      }
      Integer ri = market.covarianceIndex().get(lines.get(i));
      for (int j = 0; j < n; j++) {
        Integer rj = market.covarianceIndex().get(lines.get(j));
        sigma[i][j] = ri == null || rj == null || i == cash || j == cash ? 0 : market.covariance()[ri][rj];
      }
    }
    return RebalanceProblem.of(lines, cash, w0, t, beta, sigma, p.profile().riskAversion(), kb, ks, eta)
        .withExchange(new ExchangeConstraints(total, limits));
  }

  private ScanResult proposal(PortfolioPosition p, CycleMarket market, RebalanceOutcome.Optimal opt,
                              List<ScanResult.Line> lines, BigDecimal total, double maxDrift, double costToTarget) {
    List<ScanResult.ProposedTrade> trades = new ArrayList<>();
    BigDecimal cost = BigDecimal.ZERO;
    Map<String, BigDecimal> notionalByVenue = new HashMap<>();
    List<Trade> ordered = new ArrayList<>(opt.trades());
    ordered.sort(Comparator.comparing((Trade tr) -> tr.side() == Trade.Side.SELL ? 0 : 1).thenComparing(Trade::asset));
    for (Trade tr : ordered) {
      if (tr.asset().equals(market.cash()) || tr.size().isEmpty()) {
        continue;
      }
      AssetQuote q = market.quote(tr.asset());
      boolean buy = tr.side() == Trade.Side.BUY;
      BigDecimal notional = tr.size().get().notional().setScale(8, RoundingMode.HALF_EVEN);
      BigDecimal c = total.multiply(BigDecimal.valueOf(tr.expectedCost()), MathContext.DECIMAL64).setScale(8, RoundingMode.HALF_EVEN);
      String venue = buy ? q.buyVenue() : q.sellVenue();
      trades.add(new ScanResult.ProposedTrade(tr.asset(), tr.side().name(), tr.size().get().quantity(), q.mid(), notional,
          c, notional.signum() > 0 ? c.doubleValue() / notional.doubleValue() * 1e4 : 0, venue));
      cost = cost.add(c);
      if (venue != null) {
        notionalByVenue.merge(venue, notional, BigDecimal::add);
      }
    }
    List<String> dust = new ArrayList<>();
    for (Dust d : opt.dust()) {
      dust.add(d.asset() + " " + d.quantity().toPlainString() + " (" + d.notional().setScale(2, RoundingMode.HALF_EVEN) + " USDT): " + d.reason());
    }
    if (trades.isEmpty()) {
      return new ScanResult.NoTrade(p.portfolioId(), maxDrift, dust.isEmpty() ? "optimal trades round to nothing"
          : "only untradeable dust: " + String.join("; ", dust));
    }
    List<String> binding = new ArrayList<>();
    for (BindingConstraint b : opt.bindingConstraints()) {
      binding.add(b.kind() + " " + b.asset());
    }
    String costVenue = notionalByVenue.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    return new ScanResult.Proposal(p.portfolioId(), p.accountId(), p.tier(), total.setScale(8, RoundingMode.HALF_EVEN),
        maxDrift, lines, trades, cost, cost.doubleValue() / total.doubleValue() * 1e4, opt.trackingErrorBefore(),
        opt.trackingErrorAfter(), costVenue, binding, dust, market.cycle().plus(market.proposalTtl()),
        total.multiply(BigDecimal.valueOf(costToTarget), MathContext.DECIMAL64).setScale(8, RoundingMode.HALF_EVEN));
  }

  /** Why the targets cannot be used (M4), or null when they can. */
  static String invalidTargets(PortfolioPosition p) {
    if (p.targets().isEmpty()) {
      return "portfolio " + p.portfolioId() + " has no target weights";
    }
    double sum = 0;
    for (Map.Entry<String, PortfolioPosition.Target> e : p.targets().entrySet()) {
      double w = e.getValue().weight();
      if (!(w >= 0 && w <= 1)) {
        return "portfolio " + p.portfolioId() + ": target weight of " + e.getKey() + " must be in [0, 1], was " + w;
      }
      double band = e.getValue().band();
      if (!(band > 0 && band <= 0.5)) {
        return "portfolio " + p.portfolioId() + ": band of " + e.getKey() + " must be in (0, 0.5], was " + band;
      }
      sum += w;
    }
    if (Math.abs(sum - 1) > TARGET_SUM_TOLERANCE) {
      return "portfolio " + p.portfolioId() + ": target weights must sum to 1, sum was " + sum;
    }
    return null;
  }
}
