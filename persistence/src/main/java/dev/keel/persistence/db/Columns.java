package dev.keel.persistence.db;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;

/** Reading nullable columns, and arrays built by {@code array_agg}, the way every DAO does. */
public final class Columns {

  private Columns() {}

  /** A TIMESTAMPTZ column as an instant, or null. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  /** An array column's elements; a null array (no rows aggregated) is empty. */
  private static Object[] array(ResultSet rs, String column) throws SQLException {
    Array a = rs.getArray(column);
    return a == null ? new Object[0] : (Object[]) a.getArray();
  }

  /** A text[] column; elements may be null. */
  public static String[] strings(ResultSet rs, String column) throws SQLException {
    Object[] a = array(rs, column);
    return Arrays.copyOf(a, a.length, String[].class);
  }

  /** A numeric[] column; elements may be null. */
  public static BigDecimal[] decimals(ResultSet rs, String column) throws SQLException {
    Object[] a = array(rs, column);
    return Arrays.copyOf(a, a.length, BigDecimal[].class);
  }

  /** A float8[] column; elements may be null. */
  public static Double[] doubles(ResultSet rs, String column) throws SQLException {
    Object[] a = array(rs, column);
    Double[] out = new Double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] == null ? null : ((Number) a[i]).doubleValue();
    }
    return out;
  }

  /** A bigint[] column without nulls. */
  public static long[] longs(ResultSet rs, String column) throws SQLException {
    Object[] a = array(rs, column);
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = ((Number) a[i]).longValue();
    }
    return out;
  }

  /** A timestamptz[] column; elements may be null. */
  public static Instant[] instants(ResultSet rs, String column) throws SQLException {
    Object[] a = array(rs, column);
    Instant[] out = new Instant[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] == null ? null : ((Timestamp) a[i]).toInstant();
    }
    return out;
  }
}
