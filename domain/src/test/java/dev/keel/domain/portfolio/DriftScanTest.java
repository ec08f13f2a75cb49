package dev.keel.domain.portfolio;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import dev.keel.domain.optimize.RebalanceOutcome;
import dev.keel.domain.optimize.RebalancePolicy;
import org.junit.jupiter.api.Test;

class DriftScanTest {

  static final Instant CYCLE = Instant.parse("2026-11-24T10:00:00Z");

  static AssetQuote quote(String asset, String mid) {
    return new AssetQuote(asset, AssetQuote.Status.OK, "", new BigDecimal(mid), CYCLE, 0.0012, 0.0012, 1e-9, 1e-9,
        "paper-a", "paper-a", new BigDecimal("0.00001"), new BigDecimal("5"));
  }

  static CycleMarket market(Map<String, AssetQuote> quotes, Map<String, CycleMarket.RegimeBand> regimes) {
    double[][] cov = {{0.36, 0.30}, {0.30, 0.49}};
    return new CycleMarket(CYCLE, "USDT", quotes, regimes, Map.of("BTC", 0, "ETH", 1), cov, 0.10, Duration.ofHours(24));
  }

  static final CycleMarket HEALTHY = market(Map.of("BTC", quote("BTC", "80000"), "ETH", quote("ETH", "2500")), Map.of());

  /** 60/40 BTC/ETH with bands of 5%; the holdings give the weights named. */
  static PortfolioPosition portfolio6040(Tier tier, double btcWeight, double value) {
    BigDecimal btc = BigDecimal.valueOf(value * btcWeight / 80000);
    BigDecimal eth = BigDecimal.valueOf(value * (1 - btcWeight) / 2500);
    return new PortfolioPosition(1, 1, tier, RiskProfile.BALANCED,
        Map.of("BTC", new PortfolioPosition.Target(0.6, 0.05), "ETH", new PortfolioPosition.Target(0.4, 0.05)),
        Map.of("BTC", btc, "ETH", eth));
  }

  @Test
  void weights_inside_their_bands_need_no_trade() {
    ScanResult r = DriftScan.DEFAULT.scan(portfolio6040(Tier.STANDARD, 0.63, 10_000), HEALTHY);
    assertThat(r).isInstanceOf(ScanResult.NoBreach.class);
    assertThat(r.maxDrift()).isCloseTo(0.03, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void a_portfolio_that_holds_nothing_is_no_breach_marked_as_holding_nothing() {
    PortfolioPosition empty = new PortfolioPosition(1, 1, Tier.STANDARD, RiskProfile.BALANCED,
        Map.of("BTC", new PortfolioPosition.Target(0.6, 0.05), "ETH", new PortfolioPosition.Target(0.4, 0.05)),
        Map.of("BTC", BigDecimal.ZERO, "ETH", BigDecimal.ZERO));

    ScanResult r = DriftScan.DEFAULT.scan(empty, HEALTHY);

    assertThat(r).isInstanceOf(ScanResult.NoBreach.class);
    assertThat(((ScanResult.NoBreach) r).holdsNothing()).isTrue();
    assertThat(((ScanResult.NoBreach) DriftScan.DEFAULT.scan(portfolio6040(Tier.STANDARD, 0.63, 10_000), HEALTHY))
        .holdsNothing()).as("inside its bands").isFalse();
  }

  @Test
  void a_breach_gives_a_proposal_that_sells_the_overweight_asset_first() {
    ScanResult r = DriftScan.DEFAULT.scan(portfolio6040(Tier.STANDARD, 0.70, 10_000), HEALTHY);
    assertThat(r).isInstanceOf(ScanResult.Proposal.class);
    ScanResult.Proposal p = (ScanResult.Proposal) r;
    assertThat(p.tier()).isEqualTo(Tier.STANDARD);
    assertThat(p.trades().get(0).side()).isEqualTo("SELL");
    assertThat(p.trades().get(0).asset()).isEqualTo("BTC");
    assertThat(p.expectedCost().signum()).isPositive();
    assertThat(p.trackingErrorAfter()).isLessThan(p.trackingErrorBefore());
    assertThat(p.expiresAt()).isEqualTo(CYCLE.plus(Duration.ofHours(24)));
    assertThat(p.costToTarget()).as("trading all the way back to target costs more than stopping inside the band")
        .isGreaterThan(p.expectedCost());
    assertThat(p.trades()).allSatisfy(t -> assertThat(t.notional()).isGreaterThanOrEqualTo(new BigDecimal("5")));
  }

  @Test
  void a_breach_with_an_open_proposal_waits_for_it_instead_of_proposing_again() {
    PortfolioPosition p = portfolio6040(Tier.STANDARD, 0.70, 10_000);
    PortfolioPosition waiting = new PortfolioPosition(p.portfolioId(), p.accountId(), p.tier(), p.profile(), p.targets(),
        p.holdings(), "proposal 9 PROPOSED, expires 2026-11-25T10:00:00Z");
    assertThat(DriftScan.DEFAULT.scan(waiting, HEALTHY)).isInstanceOfSatisfying(ScanResult.AwaitingDecision.class,
        a -> assertThat(a.detail()).contains("proposal 9"));
    assertThat(DriftScan.DEFAULT.scan(new PortfolioPosition(1, 1, Tier.STANDARD, RiskProfile.BALANCED, p.targets(),
        portfolio6040(Tier.STANDARD, 0.62, 10_000).holdings(), "proposal 9 PROPOSED"), HEALTHY)).isInstanceOf(ScanResult.NoBreach.class);
  }

  @Test
  void a_premium_portfolio_s_proposal_carries_its_tier_for_the_lifecycle_to_approve_on_creation() {
    ScanResult.Proposal p = (ScanResult.Proposal) DriftScan.DEFAULT.scan(portfolio6040(Tier.PREMIUM, 0.70, 10_000), HEALTHY);
    assertThat(p.tier()).isEqualTo(Tier.PREMIUM);
  }

  @Test
  void a_wide_regime_band_absorbs_the_same_drift() {
    CycleMarket storm = market(Map.of("BTC", quote("BTC", "80000"), "ETH", quote("ETH", "2500")),
        Map.of("BTC", new CycleMarket.RegimeBand(dev.keel.domain.regime.Regime.EXTREME, 2.0), "ETH",
            new CycleMarket.RegimeBand(dev.keel.domain.regime.Regime.EXTREME, 2.0)));
    assertThat(DriftScan.DEFAULT.scan(portfolio6040(Tier.STANDARD, 0.68, 10_000), HEALTHY)).isInstanceOf(ScanResult.Proposal.class);
    assertThat(DriftScan.DEFAULT.scan(portfolio6040(Tier.STANDARD, 0.68, 10_000), storm)).isInstanceOf(ScanResult.NoBreach.class);
  }

  @Test
  void a_stale_market_skips_the_portfolio_naming_the_snapshot_time() {
    CycleMarket stale = market(Map.of("BTC", AssetQuote.unusable("BTC", AssetQuote.Status.STALE,
        "BTC: latest snapshot taken 2026-11-24T09:40:00Z, older than 180 s", Instant.parse("2026-11-24T09:40:00Z")),
        "ETH", quote("ETH", "2500")), Map.of());
    ScanResult r = DriftScan.DEFAULT.scan(portfolio6040(Tier.STANDARD, 0.70, 10_000), stale);
    assertThat(r).isInstanceOfSatisfying(ScanResult.Skipped.class, s -> {
      assertThat(s.reason()).isEqualTo(ScanResult.Reason.STALE_MARKET);
      assertThat(s.detail()).contains("2026-11-24T09:40:00Z");
    });
  }

  @Test
  void a_quarantined_asset_skips_the_portfolio_with_bad_price() {
    CycleMarket bad = market(Map.of("BTC", quote("BTC", "80000"), "ETH", AssetQuote.unusable("ETH", AssetQuote.Status.BAD_PRICE,
        "ETH: crossed book on every venue", CYCLE)), Map.of());
    assertThat(DriftScan.DEFAULT.scan(portfolio6040(Tier.STANDARD, 0.61, 10_000), bad))
        .isInstanceOfSatisfying(ScanResult.Skipped.class, s -> assertThat(s.reason()).isEqualTo(ScanResult.Reason.BAD_PRICE));
  }

  @Test
  void targets_that_do_not_sum_to_one_are_rejected_without_a_solve() {
    PortfolioPosition p = new PortfolioPosition(7, 1, Tier.STANDARD, RiskProfile.BALANCED,
        Map.of("BTC", new PortfolioPosition.Target(0.6, 0.05), "ETH", new PortfolioPosition.Target(0.3, 0.05)),
        Map.of("BTC", BigDecimal.ONE));
    assertThat(DriftScan.DEFAULT.scan(p, HEALTHY)).isInstanceOfSatisfying(ScanResult.Skipped.class, s -> {
      assertThat(s.reason()).isEqualTo(ScanResult.Reason.INVALID_TARGET);
      assertThat(s.detail()).contains("portfolio 7").contains("sum");
    });
  }

  @Test
  void a_tiny_portfolio_whose_trades_fall_below_the_minimum_notional_gets_no_trade() {
    ScanResult r = DriftScan.DEFAULT.scan(portfolio6040(Tier.STANDARD, 0.75, 30), HEALTHY);
    assertThat(r).isInstanceOf(ScanResult.NoTrade.class);
  }

  @Test
  void an_optimiser_that_fails_is_a_skip_with_its_reason_never_a_proposal() {
    PortfolioPosition breached = portfolio6040(Tier.PREMIUM, 0.70, 10_000);
    RebalancePolicy failing = problem -> new RebalanceOutcome.Failed("certificate rejected both routes", java.util.List.of("active set", "ojalgo"));
    RebalancePolicy infeasible = problem -> new RebalanceOutcome.Infeasible("cash cannot pay the costs");
    RebalancePolicy throwing = problem -> {
      throw new IllegalStateException("iteration cap 500 reached");
    };
    assertThat(new DriftScan(failing).scan(breached, HEALTHY)).isInstanceOfSatisfying(ScanResult.Skipped.class, s -> {
      assertThat(s.reason()).isEqualTo(ScanResult.Reason.OPTIMIZATION_FAILED);
      assertThat(s.detail()).isEqualTo("failed: certificate rejected both routes");
      assertThat(s.maxDrift()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
    });
    assertThat(new DriftScan(infeasible).scan(breached, HEALTHY)).isInstanceOfSatisfying(ScanResult.Skipped.class, s -> {
      assertThat(s.reason()).isEqualTo(ScanResult.Reason.OPTIMIZATION_FAILED);
      assertThat(s.detail()).isEqualTo("infeasible: cash cannot pay the costs");
    });
    assertThat(new DriftScan(throwing).scan(breached, HEALTHY)).isInstanceOfSatisfying(ScanResult.Skipped.class, s -> {
      assertThat(s.reason()).isEqualTo(ScanResult.Reason.OPTIMIZATION_FAILED);
      assertThat(s.detail()).isEqualTo("optimiser error: iteration cap 500 reached");
    });
  }

  @Test
  void numbers_the_optimiser_refuses_while_building_the_problem_skip_the_portfolio() {
    // A covariance entry that is not a number passes every price check but not the problem's own validation.
    CycleMarket odd = new CycleMarket(CYCLE, "USDT", HEALTHY.quotes(), Map.of(), Map.of("BTC", 0, "ETH", 1),
        new double[][] {{Double.NaN, 0.30}, {0.30, 0.49}}, 0.10, Duration.ofHours(24));
    assertThat(DriftScan.DEFAULT.scan(portfolio6040(Tier.STANDARD, 0.70, 10_000), odd))
        .isInstanceOfSatisfying(ScanResult.Skipped.class, s -> {
          assertThat(s.reason()).isEqualTo(ScanResult.Reason.OPTIMIZATION_FAILED);
          assertThat(s.detail()).startsWith("optimiser error: covariance[").contains("must be finite");
        });
  }

  @Test
  void negative_nan_or_out_of_range_targets_and_bands_are_rejected_naming_the_asset() {
    Map<String, BigDecimal> holdings = Map.of("BTC", BigDecimal.ONE);
    assertThat(invalid(Map.of("BTC", new PortfolioPosition.Target(1.2, 0.05), "ETH", new PortfolioPosition.Target(-0.2, 0.05)), holdings))
        .contains("target weight of").contains("must be in [0, 1]");
    assertThat(invalid(Map.of("BTC", new PortfolioPosition.Target(Double.NaN, 0.05)), holdings))
        .contains("target weight of BTC must be in [0, 1], was NaN");
    assertThat(invalid(Map.of("BTC", new PortfolioPosition.Target(1.0, 0.0)), holdings))
        .contains("band of BTC must be in (0, 0.5], was 0.0");
    assertThat(invalid(Map.of(), holdings)).contains("has no target weights");
  }

  private static String invalid(Map<String, PortfolioPosition.Target> targets, Map<String, BigDecimal> holdings) {
    ScanResult r = DriftScan.DEFAULT.scan(new PortfolioPosition(7, 1, Tier.STANDARD, RiskProfile.BALANCED, targets, holdings), HEALTHY);
    assertThat(r).isInstanceOf(ScanResult.Skipped.class);
    ScanResult.Skipped s = (ScanResult.Skipped) r;
    assertThat(s.reason()).isEqualTo(ScanResult.Reason.INVALID_TARGET);
    return s.detail();
  }
}
