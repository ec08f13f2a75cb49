package dev.keel.domain.regime;

import java.time.Instant;
import java.util.Objects;

/**
 * One bar whose close is a crash by {@link ShockEpisodes}' definition.
 *
 * @param time      the bar's time, as the price series labels it
 * @param close     the bar's close, quote currency per unit of asset, positive
 * @param priorHigh the highest close of the window before the bar, same unit, above {@code close}
 */
public record Shock(Instant time, double close, double priorHigh) {

  public Shock {
    Objects.requireNonNull(time, "time");
    if (!(close > 0) || !(priorHigh > close) || Double.isInfinite(priorHigh)) {
      throw new IllegalArgumentException("a shock needs 0 < close < prior high (finite), were " + close + " and " + priorHigh);
    }
  }

  /** How far the close is below the prior high, fraction of the prior high in (0, 1): 0.25 is a 25 % fall. */
  public double drop() {
    return 1 - close / priorHigh;
  }
}
