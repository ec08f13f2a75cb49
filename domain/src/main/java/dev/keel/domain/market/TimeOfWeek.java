package dev.keel.domain.market;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Buckets of the UTC week, Monday 00:00 first, used to keep weekend and night-time liquidity apart.
 *
 * @param bucketHours width of a bucket, hours; divides 168 (1, 2, 3, 4, 6, 8, 12, 24, ...)
 */
public record TimeOfWeek(int bucketHours) {
  public TimeOfWeek {
    if (bucketHours < 1 || 168 % bucketHours != 0) {
      throw new IllegalArgumentException("bucketHours must divide the 168 hours of a week, was " + bucketHours);
    }
  }

  /** Four-hour buckets: 42 per week, 12 of them on the weekend. */
  public static TimeOfWeek fourHourly() {
    return new TimeOfWeek(4);
  }

  /** How many buckets a week has. */
  public int buckets() {
    return 168 / bucketHours;
  }

  /** The start of the bucket an instant falls in, in that instant's own week. */
  public Instant bucketStart(Instant t) {
    ZonedDateTime hour = t.atZone(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    return hour.minusHours(hour.getHour() % bucketHours).toInstant();
  }

  /** The bucket an instant falls in, 0 to buckets() - 1. */
  public int bucketOf(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    int hourOfWeek = (z.getDayOfWeek().getValue() - 1) * 24 + z.getHour();
    return hourOfWeek / bucketHours;
  }
}
