package dev.keel.domain.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Two weeks of hourly paper snapshots: the cost profile prices weekend trades dearer than weekday ones. */
class WeekendCostProfileTest {

  private static final Market SOL = Market.of("SOL", "USDT");
  private static final VenueLiquidity PAPER_A = new VenueLiquidity(VenueId.of("paper-a"), 1.0, 1.0, 1.0);
  private static final Instant NOW = Instant.parse("2026-04-22T12:00:00Z");

  @Test
  void weekend_trades_get_a_higher_kappa_and_eta_than_weekday_trades() {
    MarketParameters p = LiquidityCalibration.fromTier(AssetCatalogue.require("SOL"));
    MicrostructureModel model = MicrostructureModel.of(11);
    FeeQuote fees = new FeeQuote(FeeSchedules.binanceSpot().rateFor(0), FeeSource.CONFIGURATION);
    List<MarketSnapshot> snapshots = new ArrayList<>();
    for (Instant t = NOW.minus(Duration.ofDays(14)).plusSeconds(3600); !t.isAfter(NOW); t = t.plusSeconds(3600)) {
      snapshots.add(MarketSnapshots.assess(PAPER_A.venue(), model.book(SOL, p, PAPER_A, t), t, Optional.of(t), fees,
          Optional.empty(), SnapshotSpec.standard()));
    }
    CostProfile profile = CostProfile.of(PAPER_A.venue(), SOL, snapshots, NOW, Duration.ofDays(14), TimeOfWeek.fourHourly(), 4);
    CostCoefficients weekday = profile.coefficients(Side.BUY, Instant.parse("2026-04-29T10:00:00Z")).orElseThrow();
    CostCoefficients weekend = profile.coefficients(Side.BUY, Instant.parse("2026-04-25T10:00:00Z")).orElseThrow();
    assertThat(weekend.kappa()).isGreaterThan(weekday.kappa());
    assertThat(weekend.eta(100_000)).isGreaterThan(1.3 * weekday.eta(100_000));
  }
}
