package dev.keel.ops.chart;

import java.awt.Color;
import java.awt.Font;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;

/** A time axis of UTC days: years marked over long spans, month starts (MM-dd) over short ones. */
public final class DayAxis {

  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
  private static final long DAY_MILLIS = 86_400_000L;

  private DayAxis() {}

  /** The day's start, UTC, as the axis's value: milliseconds since the epoch. */
  public static double x(LocalDate day) {
    return day.toEpochDay() * (double) DAY_MILLIS;
  }

  /** The same for an epoch day. */
  public static double x(long epochDay) {
    return epochDay * (double) DAY_MILLIS;
  }

  /** One day on the axis, milliseconds. */
  public static double oneDay() {
    return DAY_MILLIS;
  }

  /** An axis from the first day's start to the last day's start; more than 400 days are labelled by year. */
  public static DateAxis of(LocalDate first, LocalDate last, int fontSize) {
    DateAxis axis = new DateAxis(null, UTC, Locale.ROOT);
    boolean years = last.toEpochDay() - first.toEpochDay() > 400;
    SimpleDateFormat format = new SimpleDateFormat(years ? "yyyy" : "MM-dd", Locale.ROOT);
    format.setTimeZone(UTC);
    axis.setTickUnit(new DateTickUnit(years ? DateTickUnitType.YEAR : DateTickUnitType.MONTH, 1, format));
    axis.setRange(x(first), Math.max(x(last), x(first) + DAY_MILLIS));
    axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
    axis.setTickLabelPaint(Color.DARK_GRAY);
    return axis;
  }
}
