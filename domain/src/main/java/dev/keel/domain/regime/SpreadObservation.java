package dev.keel.domain.regime;

import java.time.Instant;
import java.util.Objects;

/**
 * One reading of an asset's quoted spread, from a market snapshot.
 *
 * @param time           when the book was read
 * @param relativeSpread (ask - bid) / mid, fraction of mid price, non-negative (0.0004 is 4 basis points)
 */
public record SpreadObservation(Instant time, double relativeSpread) {
  public SpreadObservation {
    Objects.requireNonNull(time, "time");
    if (!(relativeSpread >= 0) || Double.isInfinite(relativeSpread)) {
      throw new IllegalArgumentException("relativeSpread at " + time + " must be a non-negative fraction, was " + relativeSpread);
    }
  }
}
