package dev.keel.domain.backtest;

import dev.keel.domain.market.CostModel;
import dev.keel.domain.market.LiquidityCalibration;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.MarketParameters;
import dev.keel.domain.market.MicrostructureModel;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.TradingCalendar;
import dev.keel.domain.market.VenueId;
import dev.keel.domain.market.VenueLiquidity;
import dev.keel.domain.market.history.DailyBar;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * One day's trading cost of one asset from that day's real bar, through the paper microstructure model's own
 * calibration and books (docs/backtest.md has the formula with units):
 * <ol>
 *   <li>liquidity: {@link LiquidityCalibration#fromDailyVolume} on the day's own traded value V (USDT), so the
 *       spread is {@code clamp(3 * cbrt(1e9 / V), 1, 100)} bps and the depth within 100 bps {@code 0.02 * V} a side;
 *       weekends are thinner because their real volume is (52 to 82 % of weekdays on 2019-2026 Binance data), so the
 *       model's weekend calendar is not applied again;</li>
 *   <li>stress: the day's Parkinson volatility {@code ln(high / low) / (2 sqrt(ln 2))} over its trailing median,
 *       raised to {@link DailyCostParameters#stressExponent()} and clamped, multiplies the spread and divides the depth;</li>
 *   <li>impact: the slope {@link CostModel#fitImpact} fits to the walk of the model's book for those parameters
 *       (one venue at the reference venue's multipliers, no calendar factor), up to
 *       {@link DailyCostParameters#impactFitNotional()};</li>
 *   <li>fee: the configured taker fee.</li>
 * </ol>
 * Stateless apart from the model's seed; safe to call from several threads.
 */
public final class DailyCostModel {

  private static final VenueLiquidity REFERENCE_VENUE = new VenueLiquidity(VenueId.of("backtest"), 1, 1, 1);
  private static final TradingCalendar NO_CALENDAR = new TradingCalendar(1, 1, Set.of(), 1, 1);
  private static final double PARKINSON = 2 * Math.sqrt(Math.log(2));
  /** Smallest daily traded value the calibration is given, USDT: keeps a near-empty day finite. */
  private static final double MIN_VOLUME = 1_000;

  private final DailyCostParameters parameters;
  private final MicrostructureModel books;

  /**
   * @param parameters how costs follow the bar
   * @param seed       the seed of the microstructure model's book noise
   */
  public DailyCostModel(DailyCostParameters parameters, long seed) {
    this.parameters = java.util.Objects.requireNonNull(parameters, "parameters");
    this.books = new MicrostructureModel(seed, NO_CALENDAR, Duration.ofDays(1));
  }

  public DailyCostParameters parameters() {
    return parameters;
  }

  /** The day's range volatility, fraction per day: {@code ln(high / low) / (2 sqrt(ln 2))}. */
  public static double rangeVolatility(DailyBar bar) {
    return Math.log(bar.high() / bar.low()) / PARKINSON;
  }

  /**
   * The stress factor of a day, dimensionless: (range / normal range)^exponent, clamped.
   *
   * @param rangeVolatility the day's range volatility, fraction per day
   * @param normalRange     the asset's normal range volatility, fraction per day; NaN or zero when unknown (factor 1)
   */
  public double stress(double rangeVolatility, double normalRange) {
    if (!(normalRange > 0) || !(rangeVolatility > 0)) {
      return 1;
    }
    double s = Math.pow(rangeVolatility / normalRange, parameters.stressExponent());
    return Math.max(parameters.minStress(), Math.min(parameters.maxStress(), s));
  }

  /**
   * The cost of trading {@code asset} on the day of {@code bar}.
   *
   * @param asset       the base asset, e.g. "BTC"
   * @param bar         the day's real bar
   * @param normalRange the asset's normal range volatility before this day, fraction per day (NaN when unknown)
   */
  public DailyCost costOn(String asset, DailyBar bar, double normalRange) {
    double scale = parameters.costScale();
    if (scale == 0) {
      return DailyCost.FREE;
    }
    double volume = Math.max(MIN_VOLUME, bar.quoteVolume());
    double stress = stress(rangeVolatility(bar), normalRange);
    MarketParameters calm = LiquidityCalibration.fromDailyVolume(volume, bar.close(), "backtest");
    double spreadBps = Math.min(parameters.maxSpreadBps(), calm.spreadBps() * stress);
    double depth = calm.depthWithin100Bps() / stress;
    double spacing = Math.max(2, Math.min(10, spreadBps / 2));
    MarketParameters stressed = new MarketParameters(bar.close(), spreadBps, depth, calm.levels(), spacing,
        calm.sizeGrowth(), volume, "backtest");
    Market market = Market.of(asset, "USDT");
    OrderBook book = books.book(market, stressed, REFERENCE_VENUE, bar.date().atStartOfDay(ZoneOffset.UTC).toInstant());
    double slope = CostModel.fitImpact(book, Side.BUY, parameters.impactFitNotional()).slope();
    return new DailyCost(scale * spreadBps / 2e4, scale * parameters.takerFee(), scale * slope, scale * spreadBps,
        depth, stress);
  }
}
