package dev.keel.domain.regime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What counts as a crash, the yardstick the regime detector is held to: a <b>shock</b> is a close at least
 * {@code drop} below the highest close of the {@code window} before it (the bar's own close excluded), and
 * shocks of one asset less than {@code episodeGap} apart form one <b>episode</b>. With the defaults: a close
 * 20 % or more below the highest close of the previous 7 days, shocks less than 30 days apart chained into
 * one episode. Time, not bar counts: with daily bars labelled at the start of their day, the window of the
 * bar of day {@code d} holds the closes of days {@code d-7} to {@code d-1} that exist (a missing day is not
 * replaced by an older one), and two shocks on days {@code d} and {@code d+29} are one episode, on
 * {@code d} and {@code d+30} two. Stateless.
 *
 * @param drop       least fall below the prior high, fraction in (0, 1); a fall equal to it within 1e-9 counts
 * @param window     how far back the prior high reaches: closes at times in {@code [t - window, t)}; positive
 * @param episodeGap a shock less than this after the previous shock of an episode belongs to it; positive
 */
public record ShockEpisodes(double drop, Duration window, Duration episodeGap) {

  /**
   * The definition the regime tests read (docs/regimes.md): 20 % below the previous 7 days' highest close; episodes of
   * shocks less than 30 days apart.
   */
  public static final ShockEpisodes DEFAULT = new ShockEpisodes(0.20, Duration.ofDays(7), Duration.ofDays(30));

  public ShockEpisodes {
    if (!(drop > 0 && drop < 1)) {
      throw new IllegalArgumentException("drop must be a fraction in (0, 1), was " + drop);
    }
    requirePositive("window", window);
    requirePositive("episodeGap", episodeGap);
  }

  /** Every shock of the series, oldest first. */
  public List<Shock> shocks(PriceSeries prices) {
    Objects.requireNonNull(prices, "prices");
    List<ClosingPrice> closes = prices.closes();
    double[] high = RecentHigh.highBefore(closes, window);
    List<Shock> out = new ArrayList<>();
    for (int i = 0; i < closes.size(); i++) {
      double close = closes.get(i).price();
      if (!Double.isNaN(high[i]) && 1 - close / high[i] >= drop - RecentHigh.TOLERANCE) {
        out.add(new Shock(closes.get(i).time(), close, high[i]));
      }
    }
    return out;
  }

  /** The shocks of the series chained into episodes, oldest first. */
  public List<ShockEpisode> episodes(PriceSeries prices) {
    List<ShockEpisode> out = new ArrayList<>();
    List<Shock> current = new ArrayList<>();
    for (Shock s : shocks(prices)) {
      if (!current.isEmpty()
          && Duration.between(current.get(current.size() - 1).time(), s.time()).compareTo(episodeGap) >= 0) {
        out.add(new ShockEpisode(prices.subject(), current));
        current = new ArrayList<>();
      }
      current.add(s);
    }
    if (!current.isEmpty()) {
      out.add(new ShockEpisode(prices.subject(), current));
    }
    return out;
  }

  private static void requirePositive(String key, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
    }
  }
}
