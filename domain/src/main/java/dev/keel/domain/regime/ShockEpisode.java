package dev.keel.domain.regime;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The shocks of one asset that follow each other closely enough to be one crash ({@link ShockEpisodes}).
 *
 * @param asset  the asset (or portfolio) the prices are of
 * @param shocks at least one, in strictly increasing time order
 */
public record ShockEpisode(String asset, List<Shock> shocks) {

  public ShockEpisode {
    Objects.requireNonNull(asset, "asset");
    shocks = List.copyOf(shocks);
    if (shocks.isEmpty()) {
      throw new IllegalArgumentException(asset + ": an episode needs at least one shock");
    }
    for (int i = 1; i < shocks.size(); i++) {
      if (!shocks.get(i).time().isAfter(shocks.get(i - 1).time())) {
        throw new IllegalArgumentException(asset + ": shocks must be in strictly increasing time order");
      }
    }
  }

  /** The first shock day: the day the detector is held to. */
  public Instant start() {
    return shocks.get(0).time();
  }

  /** The last shock day of the episode. */
  public Instant end() {
    return shocks.get(shocks.size() - 1).time();
  }

  /** The deepest fall of any of its shocks below its prior high, fraction in (0, 1). */
  public double deepestDrop() {
    double deepest = 0;
    for (Shock s : shocks) {
      deepest = Math.max(deepest, s.drop());
    }
    return deepest;
  }
}
