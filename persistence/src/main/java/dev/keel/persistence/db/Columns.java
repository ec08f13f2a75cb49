package dev.keel.persistence.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Reading nullable columns the way every DAO does. */
public final class Columns {

  private Columns() {}

  /** A TIMESTAMPTZ column as an instant, or null. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
