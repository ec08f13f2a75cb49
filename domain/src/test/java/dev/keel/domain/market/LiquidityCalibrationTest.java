package dev.keel.domain.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiquidityCalibrationTest {

  @Test
  void without_history_every_tradeable_asset_gets_its_tier_defaults() {
    Map<Market, MarketParameters> p = LiquidityCalibration.forAssets(AssetCatalogue.all(), Optional.empty());
    assertThat(p).hasSize(AssetCatalogue.all().size() - 1);
    assertThat(p.values()).allSatisfy(m -> assertThat(m.source()).isEqualTo("tier"));
    assertThat(p.get(Market.of("BTC", "USDT")).spreadBps()).isLessThan(p.get(Market.of("SOL", "USDT")).spreadBps());
    assertThat(p.get(Market.of("SOL", "USDT")).spreadBps()).isLessThan(p.get(Market.of("YFI", "USDT")).spreadBps());
  }

  @Test
  void with_history_depth_scales_with_real_daily_volume() {
    Optional<Path> cdd = SharedData.binanceDaily();
    assumeTrue(cdd.isPresent(), "shared data cdd-binance-daily not found beside the repository (set -Dkeel.shared.data or KEEL_SHARED_DATA); skipping");
    Map<Market, MarketParameters> p = LiquidityCalibration.forAssets(AssetCatalogue.all(), cdd);
    MarketParameters btc = p.get(Market.of("BTC", "USDT"));
    MarketParameters yfi = p.get(Market.of("YFI", "USDT"));
    assertThat(btc.source()).isEqualTo("cdd");
    assertThat(btc.dailyVolume()).isGreaterThan(1e8);
    assertThat(btc.depthWithin100Bps()).isGreaterThan(20 * yfi.depthWithin100Bps());
    assertThat(btc.spreadBps()).isLessThan(5);
    assertThat(yfi.spreadBps()).isGreaterThan(10);
  }

  @Test
  void a_missing_history_file_reads_as_absent() {
    assertThat(DailyVolume.read(Path.of("no-such-folder"), "BTC", 30)).isEmpty();
  }
}
