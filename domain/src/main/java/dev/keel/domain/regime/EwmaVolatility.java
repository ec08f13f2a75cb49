package dev.keel.domain.regime;

import java.time.Duration;
import java.util.List;

/**
 * Exponentially weighted realised volatility of log returns, annualised.
 *
 * <p>With {@code r_t = ln(P_t / P_(t-1))} and decay {@code lambda = 2^(-interval / halfLife)}, the
 * per-interval variance is seeded with the first squared return and updated as
 * {@code v_t = lambda * v_(t-1) + (1 - lambda) * r_t^2} (mean return taken as zero, as is usual for
 * daily and shorter horizons). A return that spans {@code k} intervals because bars are missing counts
 * as {@code k} intervals: {@code v_t = lambda^k * v_(t-1) + (1 - lambda^k) * r_t^2 / k}. Annualised
 * volatility is {@code sqrt(v_t * periodsPerYear)} with {@code periodsPerYear = 365 days / interval},
 * because crypto markets trade every day of the year; so a 5-minute and a daily series of the same
 * market give comparable figures. Stateless.
 */
public final class EwmaVolatility {

  /** The length of a trading year for assets that trade around the clock, every day. */
  public static final Duration YEAR = Duration.ofDays(365);

  private EwmaVolatility() {}

  /** The per-bar decay for a half-life, a fraction in (0, 1). */
  public static double decay(Duration halfLife, Duration barInterval) {
    requirePositive("halfLife", halfLife);
    requirePositive("barInterval", barInterval);
    return Math.pow(2.0, -seconds(barInterval) / seconds(halfLife));
  }

  /** Bars per year: 365 for daily bars, 105,120 for 5-minute bars. */
  public static double periodsPerYear(Duration barInterval) {
    requirePositive("barInterval", barInterval);
    return seconds(YEAR) / seconds(barInterval);
  }

  /**
   * The annualised volatility after each bar, aligned with {@code prices.closes()}: element {@code i} uses
   * the returns up to bar {@code i}; element 0 is NaN (no return yet). Annualised volatility, fraction per
   * square-root year (0.6 means 60% a year).
   */
  public static double[] annualised(PriceSeries prices, Duration halfLife) {
    List<ClosingPrice> closes = prices.closes();
    double[] out = new double[closes.size()];
    if (out.length == 0) {
      return out;
    }
    out[0] = Double.NaN;
    double interval = seconds(prices.barInterval());
    double lambda = decay(halfLife, prices.barInterval());
    double annualise = periodsPerYear(prices.barInterval());
    double variance = Double.NaN;
    for (int i = 1; i < out.length; i++) {
      double r = Math.log(closes.get(i).price() / closes.get(i - 1).price());
      double elapsed = seconds(Duration.between(closes.get(i - 1).time(), closes.get(i).time()));
      long k = Math.max(1, Math.round(elapsed / interval));
      if (Double.isNaN(variance)) {
        variance = r * r / k;
      } else {
        double decayK = Math.pow(lambda, k);
        variance = decayK * variance + (1 - decayK) * r * r / k;
      }
      out[i] = Math.sqrt(variance * annualise);
    }
    return out;
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
    }
  }
}
