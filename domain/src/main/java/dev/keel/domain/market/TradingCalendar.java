package dev.keel.domain.market;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Set;

/**
 * When crypto books are thinner: weekends and holidays (UTC days), as factors on depth and spread.
 *
 * @param weekendDepthFactor   factor on depth on Saturdays and Sundays, 0 to 1
 * @param weekendSpreadFactor  factor on the spread on Saturdays and Sundays, at least 1
 * @param holidays             days of the year treated as holidays, e.g. 12-25 and 01-01
 * @param holidayDepthFactor   factor on depth on holidays, 0 to 1 (the smaller of the two applies on a weekend holiday)
 * @param holidaySpreadFactor  factor on the spread on holidays, at least 1 (the larger applies)
 */
public record TradingCalendar(double weekendDepthFactor, double weekendSpreadFactor, Set<MonthDay> holidays,
    double holidayDepthFactor, double holidaySpreadFactor) {
  public TradingCalendar {
    holidays = Set.copyOf(Objects.requireNonNull(holidays, "holidays"));
    if (!(weekendDepthFactor > 0 && weekendDepthFactor <= 1) || !(holidayDepthFactor > 0 && holidayDepthFactor <= 1)) {
      throw new IllegalArgumentException("depth factors must be in (0, 1], were " + weekendDepthFactor + " and " + holidayDepthFactor);
    }
    if (!(weekendSpreadFactor >= 1) || !(holidaySpreadFactor >= 1)) {
      throw new IllegalArgumentException("spread factors must be at least 1, were " + weekendSpreadFactor + " and " + holidaySpreadFactor);
    }
  }

  /** Weekends at 60 % of weekday depth and 1.25 times the spread; 24-26 and 31 December and 1 January at 50 % and 1.4 times. */
  public static TradingCalendar standard() {
    return new TradingCalendar(0.6, 1.25,
        Set.of(MonthDay.of(12, 24), MonthDay.of(12, 25), MonthDay.of(12, 26), MonthDay.of(12, 31), MonthDay.of(1, 1)), 0.5, 1.4);
  }

  /** The depth factor in force at {@code t}, 0 to 1. */
  public double depthFactor(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    double f = 1;
    if (weekend(z)) {
      f = Math.min(f, weekendDepthFactor);
    }
    if (holidays.contains(MonthDay.from(z))) {
      f = Math.min(f, holidayDepthFactor);
    }
    return f;
  }

  /** The spread factor in force at {@code t}, at least 1. */
  public double spreadFactor(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    double f = 1;
    if (weekend(z)) {
      f = Math.max(f, weekendSpreadFactor);
    }
    if (holidays.contains(MonthDay.from(z))) {
      f = Math.max(f, holidaySpreadFactor);
    }
    return f;
  }

  private static boolean weekend(ZonedDateTime z) {
    return z.getDayOfWeek() == DayOfWeek.SATURDAY || z.getDayOfWeek() == DayOfWeek.SUNDAY;
  }
}
