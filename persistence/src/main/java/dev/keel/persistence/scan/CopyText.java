package dev.keel.persistence.scan;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.SQLException;
import org.postgresql.copy.CopyManager;

/** Rows in PostgreSQL's COPY text format: tab-separated, \N for NULL, backslash escapes. */
final class CopyText {

  private final StringBuilder sb = new StringBuilder(4096);
  private int rows;

  void row(Object... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append('\t');
      }
      Object v = values[i];
      if (v == null) {
        sb.append("\\N");
      } else if (v instanceof BigDecimal d) {
        sb.append(d.toPlainString());
      } else if (v instanceof Double d) {
        if (Double.isFinite(d)) {
          sb.append(d);
        } else {
          sb.append("\\N");
        }
      } else {
        escape(v.toString());
      }
    }
    sb.append('\n');
    rows++;
  }

  private void escape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
  }

  void copy(CopyManager copy, String sql) throws SQLException, IOException {
    if (rows > 0) {
      copy.copyIn(sql, new StringReader(sb.toString()));
    }
  }
}
