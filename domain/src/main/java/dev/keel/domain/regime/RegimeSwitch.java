package dev.keel.domain.regime;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of an asset's volatility regime.
 *
 * @param at   the time of the bar that switched it
 * @param from the regime before
 * @param to   the regime after
 */
public record RegimeSwitch(Instant at, Regime from, Regime to) {
  public RegimeSwitch {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from == to) {
      throw new IllegalArgumentException("a switch needs two different regimes, both were " + from);
    }
  }
}
