package dev.keel.domain.regime;

import java.time.Duration;
import java.util.Objects;

/**
 * The detector's fast answer to a crash: a close at least {@code drop} below the highest close of the
 * {@code window} before it puts an established asset in HIGH at once (EXTREME stays EXTREME), whatever the
 * volatility ranks say, and keeps it at least HIGH until {@code hold} after the last such close. Percentile
 * ranks lag a crash that comes out of a quiet stretch or builds over several days of moderate moves; the fall
 * itself does not. After the hold, stepping down follows the usual hold bands and dwell, the dwell counted from
 * the day the asset entered HIGH.
 *
 * @param enabled whether the rule applies; without it only the volatility signal moves the regime
 * @param drop    least fall below the prior high, fraction in (0, 1); a fall equal to it within 1e-9 counts
 * @param window  how far back the prior high reaches: closes at times in {@code [t - window, t)}; positive
 * @param hold    how long after the last close that set the rule off the asset stays at least HIGH (that close's own
 *                bar always); zero or positive
 */
public record ShockRule(boolean enabled, double drop, Duration window, Duration hold) {

  /** A close 20 % below the previous 7 days' highest close: the crash definition of {@link ShockEpisodes#DEFAULT}. */
  public static final ShockRule DEFAULT = new ShockRule(true, 0.20, Duration.ofDays(7), Duration.ofDays(20));

  /** No shock rule: the regime follows the volatility signal alone. */
  public static final ShockRule OFF = new ShockRule(false, DEFAULT.drop, DEFAULT.window, DEFAULT.hold);

  public ShockRule {
    if (!(drop > 0 && drop < 1)) {
      throw new IllegalArgumentException("shock.drop must be a fraction in (0, 1), was " + drop);
    }
    Objects.requireNonNull(window, "shock.window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("shock.window must be a positive duration, was " + window);
    }
    Objects.requireNonNull(hold, "shock.hold");
    if (hold.isNegative()) {
      throw new IllegalArgumentException("shock.hold must be zero or a positive duration, was " + hold);
    }
  }

  /** Whether a close this far below its prior high (fraction; NaN when there is no prior close) sets the rule off. */
  public boolean firesAt(double fall) {
    return enabled && fall >= drop - RecentHigh.TOLERANCE;
  }
}
