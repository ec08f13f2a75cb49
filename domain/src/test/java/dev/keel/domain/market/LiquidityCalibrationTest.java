package dev.keel.domain.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keel.domain.market.history.DailyVolumeFiles;
import dev.keel.domain.market.history.SharedData;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiquidityCalibrationTest {

  @Test
  void without_history_every_tradeable_asset_gets_its_tier_defaults() {
    Map<Market, MarketParameters> p = LiquidityCalibration.forAssets(AssetCatalogue.all(), DailyVolumeFiles.NONE);
    assertThat(p).hasSize(AssetCatalogue.all().size() - 1);
    assertThat(p.values()).allSatisfy(m -> assertThat(m.source()).isEqualTo("tier"));
    assertThat(p.get(Market.of("BTC", "USDT")).spreadBps()).isLessThan(p.get(Market.of("SOL", "USDT")).spreadBps());
    assertThat(p.get(Market.of("SOL", "USDT")).spreadBps()).isLessThan(p.get(Market.of("YFI", "USDT")).spreadBps());
  }

  @Test
  void with_history_depth_scales_with_real_daily_volume() {
    Optional<Path> cdd = SharedData.binanceDaily();
    assumeTrue(cdd.isPresent(), SharedData.absent());
    Map<Market, MarketParameters> p = LiquidityCalibration.forAssets(AssetCatalogue.all(),
        DailyVolumeFiles.in(cdd, LiquidityCalibration.VOLUME_DAYS));
    MarketParameters btc = p.get(Market.of("BTC", "USDT"));
    MarketParameters yfi = p.get(Market.of("YFI", "USDT"));
    assertThat(btc.source()).isEqualTo("cdd");
    assertThat(btc.dailyVolume()).isGreaterThan(1e8);
    assertThat(btc.depthWithin100Bps()).isGreaterThan(20 * yfi.depthWithin100Bps());
    assertThat(btc.spreadBps()).isLessThan(5);
    assertThat(yfi.spreadBps()).isGreaterThan(10);
  }
}
