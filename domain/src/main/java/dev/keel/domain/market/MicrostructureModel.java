package dev.keel.domain.market;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The seeded paper microstructure model: books with many levels whose size grows away from the touch, spreads and
 * depth from {@link MarketParameters}, a venue's multipliers, and the calendar's weekend and holiday factors. The
 * same seed, market, venue and time bucket always give the same book.
 *
 * <p>Mid: {@code referencePrice * exp(x(t))} where x is a smooth noise path shared by every venue (hourly and daily
 * knots of standard normals, linearly interpolated, scaled 0.4 % and 3 %), plus a per-venue offset of at most a
 * tenth of the half spread. Level i (0 at the touch) lies at {@code halfSpread + i * spacing} bps from mid; its size
 * is proportional to {@code (1 + growth * i / (levels - 1)) * exp(0.25 z - 0.03125)} with z standard normal, scaled so
 * the noise-free depth within 100 bps equals the parameter times the venue's and the calendar's depth factors.
 *
 * @param seed     the seed every random draw derives from
 * @param calendar weekend and holiday factors
 * @param refresh  how long one book stays the same (its time bucket), positive, e.g. one minute
 */
public record MicrostructureModel(long seed, TradingCalendar calendar, Duration refresh) {

  private static final MathContext PRICE_DIGITS = new MathContext(8);
  private static final MathContext QUANTITY_DIGITS = new MathContext(7);

  public MicrostructureModel {
    Objects.requireNonNull(calendar, "calendar");
    Objects.requireNonNull(refresh, "refresh");
    if (refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("refresh must be positive, was " + refresh);
    }
  }

  /** Seeded, standard calendar, a new book every minute. */
  public static MicrostructureModel of(long seed) {
    return new MicrostructureModel(seed, TradingCalendar.standard(), Duration.ofMinutes(1));
  }

  /** The common mid of a market at {@code t} before the venue's offset, quote currency per base unit. */
  public double referenceMid(Market market, MarketParameters p, Instant t) {
    double hours = t.getEpochSecond() / 3600.0;
    double days = hours / 24;
    double x = 0.004 * knotPath(market, 1, hours) + 0.03 * knotPath(market, 2, days);
    return p.referencePrice() * Math.exp(x);
  }

  /** The venue's book of a market at {@code t}, best level first. */
  public OrderBook book(Market market, MarketParameters p, VenueLiquidity venue, Instant t) {
    long bucket = Math.floorDiv(t.getEpochSecond(), refresh.getSeconds() == 0 ? 1 : refresh.getSeconds());
    SplittableRandom random = new SplittableRandom(mix(seed, market.toString().hashCode(), venue.venue().value().hashCode(), bucket));
    double spreadBps = p.spreadBps() * venue.spreadMultiplier() * calendar.spreadFactor(t);
    double halfBps = spreadBps / 2;
    double mid = referenceMid(market, p, t) * (1 + (random.nextDouble() - 0.5) * 0.2 * halfBps / 1e4);
    double depth100 = p.depthWithin100Bps() * venue.depthMultiplier() * calendar.depthFactor(t);
    int n = p.levels();
    double[] weight = new double[n];
    double weightWithin100 = 0;
    for (int i = 0; i < n; i++) {
      weight[i] = 1 + p.sizeGrowth() * i / (n - 1);
      if (halfBps + i * p.levelSpacingBps() <= 100) {
        weightWithin100 += weight[i];
      }
    }
    if (weightWithin100 == 0) {
      weightWithin100 = weight[0];
    }
    double notionalPerWeight = depth100 / weightWithin100;
    List<PriceLevel> bids = new ArrayList<>(n);
    List<PriceLevel> asks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double distance = (halfBps + i * p.levelSpacingBps()) / 1e4;
      for (Side side : Side.values()) {
        double price = side == Side.BUY ? mid * (1 + distance) : mid * (1 - distance);
        if (price <= 0) {
          continue;
        }
        double noise = Math.exp(0.25 * gaussian(random) - 0.03125);
        double quantity = notionalPerWeight * weight[i] * noise / price;
        PriceLevel level = new PriceLevel(new BigDecimal(price, PRICE_DIGITS), new BigDecimal(quantity, QUANTITY_DIGITS));
        (side == Side.BUY ? asks : bids).add(level);
      }
    }
    return new OrderBook(market, bids, asks);
  }

  /** The venue's rolling 24-hour volume at {@code t}: the reference volume times its share, thinner on weekends and holidays. */
  public TradingVolume24h volume24h(Market market, MarketParameters p, VenueLiquidity venue, Instant t) {
    double quote = p.dailyVolume() * venue.volumeShare() * calendar.depthFactor(t);
    return new TradingVolume24h(quote / referenceMid(market, p, t), quote);
  }

  private double knotPath(Market market, int scale, double at) {
    long k = (long) Math.floor(at);
    double frac = at - k;
    double a = gaussian(new SplittableRandom(mix(seed, market.toString().hashCode(), scale, k)));
    double b = gaussian(new SplittableRandom(mix(seed, market.toString().hashCode(), scale, k + 1)));
    return a + (b - a) * frac;
  }

  private static double gaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  private static long mix(long seed, long a, long b, long c) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (long x : new long[] {a, b, c}) {
      h ^= x + 0x632BE59BD9B4E019L + (h << 6) + (h >>> 2);
      h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
      h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
      h ^= h >>> 33;
    }
    return h;
  }
}
