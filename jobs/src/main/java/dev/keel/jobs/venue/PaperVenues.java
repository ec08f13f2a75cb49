package dev.keel.jobs.venue;

import dev.keel.domain.market.AssetCatalogue;
import dev.keel.domain.market.FeeSchedules;
import dev.keel.domain.market.LiquidityCalibration;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketParameters;
import dev.keel.domain.market.MicrostructureModel;
import dev.keel.domain.market.history.DailyVolumeFiles;
import dev.keel.domain.market.history.SharedData;
import dev.keel.domain.market.VenueId;
import dev.keel.domain.market.VenueLiquidity;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two standard paper venues: "paper-a", as deep and tight as Binance with Binance's fees, and "paper-b", a third of
 * the depth, 1.5 times the spread, a fifth of the volume, and Kraken Pro's fees. Both list every asset of the catalogue
 * against USDT, calibrated to real daily volume where the shared history exists.
 */
public final class PaperVenues {

  public static final VenueId PAPER_A = VenueId.of("paper-a");
  public static final VenueId PAPER_B = VenueId.of("paper-b");

  /** paper-a's multipliers: the reference market itself. */
  public static final VenueLiquidity PAPER_A_LIQUIDITY = new VenueLiquidity(PAPER_A, 1.0, 1.0, 1.0);
  /** paper-b's multipliers. */
  public static final VenueLiquidity PAPER_B_LIQUIDITY = new VenueLiquidity(PAPER_B, 0.35, 1.5, 0.2);

  /** Keel's assumed 30-day volume on each paper venue, USD: base tiers on both. */
  public static final double DEFAULT_VOLUME_30D = 0;

  private PaperVenues() {}

  /** Both standard paper venues over the catalogue, seeded, at {@code clock}'s time. */
  public static List<XChangeVenue> standard(long seed, Clock clock) {
    return standard(seed, clock, calibrated().keySet());
  }

  /**
   * Both standard paper venues listing the given markets, in that order.
   *
   * @param listed markets of catalogue assets against USDT, the only markets the paper model calibrates
   * @throws IllegalArgumentException naming a market the paper venues cannot list, or when none is given
   */
  public static List<XChangeVenue> standard(long seed, Clock clock, java.util.Collection<Market> listed) {
    return standard(seed, clock, listed, PaperFaults.NONE);
  }

  /**
   * Both standard paper venues listing the given markets, whose order calls meet {@code faults}. Each opens with
   * {@link #STARTING_CASH} USDT and, of every listed base asset, what {@link #STARTING_VALUE_PER_ASSET} USDT buys at its
   * reference price: the omnibus account can sell what the portfolios hold.
   *
   * @param listed markets of catalogue assets against USDT, the only markets the paper model calibrates
   * @throws IllegalArgumentException naming a market the paper venues cannot list, or when none is given
   */
  public static List<XChangeVenue> standard(long seed, Clock clock, java.util.Collection<Market> listed, PaperFaults faults) {
    java.util.Objects.requireNonNull(faults, "faults");
    Map<Market, MarketParameters> all = calibrated();
    Map<Market, MarketParameters> markets = new java.util.LinkedHashMap<>();
    for (Market m : listed) {
      MarketParameters p = all.get(m);
      if (p == null) {
        throw new IllegalArgumentException("the paper venues list catalogue assets against " + AssetCatalogue.CASH
            + " only, not " + m);
      }
      markets.put(m, p);
    }
    MicrostructureModel model = MicrostructureModel.of(seed);
    Map<String, BigDecimal> balances = startingBalances(markets);
    return List.of(
        venue(new PaperVenueConfig(PAPER_A_LIQUIDITY, new ConfiguredFees(FeeSchedules.binanceSpot(), DEFAULT_VOLUME_30D), markets, model,
            balances), clock, faults),
        venue(new PaperVenueConfig(PAPER_B_LIQUIDITY, new ConfiguredFees(FeeSchedules.krakenPro(), DEFAULT_VOLUME_30D), markets, model,
            balances), clock, faults));
  }

  /** USDT the standard paper venues' account opens with. */
  public static final BigDecimal STARTING_CASH = new BigDecimal("10000000000");
  /** USDT worth of each listed base asset the standard paper venues' account opens with, at the asset's reference price. */
  public static final double STARTING_VALUE_PER_ASSET = 1e9;

  private static Map<String, BigDecimal> startingBalances(Map<Market, MarketParameters> markets) {
    Map<String, BigDecimal> balances = new java.util.HashMap<>();
    balances.put(AssetCatalogue.CASH, STARTING_CASH);
    markets.forEach((m, p) -> balances.put(m.base(),
        BigDecimal.valueOf(STARTING_VALUE_PER_ASSET / p.referencePrice()).setScale(8, java.math.RoundingMode.DOWN)));
    return balances;
  }

  private static Map<Market, MarketParameters> calibrated() {
    return LiquidityCalibration.forAssets(AssetCatalogue.all(),
        DailyVolumeFiles.in(SharedData.binanceDaily(), LiquidityCalibration.VOLUME_DAYS));
  }

  /** A paper venue from its configuration; its fees are reported by its account service, as a real venue's are. */
  public static XChangeVenue venue(PaperVenueConfig config, Clock clock) {
    return venue(config, clock, PaperFaults.NONE);
  }

  /** A paper venue from its configuration, whose order calls meet {@code faults}. */
  public static XChangeVenue venue(PaperVenueConfig config, Clock clock, PaperFaults faults) {
    java.util.Objects.requireNonNull(faults, "faults");
    XChangeVenue.Settings settings = new XChangeVenue.Settings(config.liquidity().venue(), new ArrayList<>(config.markets().keySet()),
        config.fees(), true, Duration.ofHours(1), true, Duration.ofMinutes(10));
    return new XChangeVenue(settings, () -> PaperExchange.create(config, clock, faults), clock, new PaperOrderChannel());
  }
}
