package dev.keel.domain.market;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where a market's usual cost at a time of week comes from: the same slot of the week (for example Saturday 00:00 to
 * 04:00 UTC) in earlier weeks.
 *
 * @param slotStarts the slot's start in each earlier week
 * @param slotWidth  the slot's width
 * @param minSamples fewest healthy snapshots of a market in those slots before its medians are used
 */
public record TimeOfWeekSlots(List<Instant> slotStarts, Duration slotWidth, int minSamples) {
  public TimeOfWeekSlots {
    slotStarts = List.copyOf(slotStarts);
  }
}
