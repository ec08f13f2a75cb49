package dev.keel.persistence.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Session-scoped PostgreSQL advisory locks on a connection the caller keeps for as long as it holds them: the lock lives
 * as long as that session, and is released when the session ends, whichever way the process ends.
 */
public final class SessionLocks {

  private SessionLocks() {}

  /** Takes the lock on this connection's session if no other session holds it; never waits. */
  public static boolean tryLock(Connection c, long key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Releases a lock this connection's session holds. */
  public static void unlock(Connection c, long key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      ps.setLong(1, key);
      ps.execute();
    }
  }
}
