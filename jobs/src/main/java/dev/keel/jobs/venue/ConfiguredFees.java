package dev.keel.jobs.venue;

import dev.keel.domain.market.FeeQuote;
import dev.keel.domain.market.FeeSchedule;
import dev.keel.domain.market.FeeSource;
import java.util.Objects;

/**
 * The fees Keel assumes on a venue when the venue does not report them.
 *
 * @param schedule  the venue's published maker/taker tiers
 * @param volume30d Keel's 30-day traded volume on the venue, USD, zero or positive
 */
public record ConfiguredFees(FeeSchedule schedule, double volume30d) {
  public ConfiguredFees {
    Objects.requireNonNull(schedule, "schedule");
    if (!(volume30d >= 0) || Double.isInfinite(volume30d)) {
      throw new IllegalArgumentException("30-day volume must be finite and not negative, was " + volume30d);
    }
  }

  /** The configured fees as a quote. */
  public FeeQuote quote() {
    return new FeeQuote(schedule.rateFor(volume30d), FeeSource.CONFIGURATION);
  }
}
