package dev.keel.persistence.api;

import dev.keel.persistence.db.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The API's keys. Only the SHA-256 of a key is stored; the key itself exists once, in the answer to {@link #create}.
 * Several live keys per client are allowed, so a client rotates by creating a new key, switching, then revoking the old.
 */
public final class ApiKeyDao {

  private final Jdbi jdbi;

  public ApiKeyDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * One key as stored: never the secret.
   *
   * @param id           the public lookup part of the key
   * @param client       the client it belongs to
   * @param sha256       SHA-256 of the whole key, 32 bytes
   * @param lastUsedAt   the last accepted request, to the minute, or null
   * @param revokedAt    when it was revoked, or null while it is valid
   */
  public record StoredKey(String id, String client, byte[] sha256, Instant createdAt, String createdBy, Instant lastUsedAt,
                          Instant revokedAt) {
    public boolean revoked() {
      return revokedAt != null;
    }
  }

  /** Stores a new key's hash, audited. */
  public void create(String id, String client, byte[] sha256, Instant at, String by) {
    jdbi.useTransaction(h -> {
      h.createUpdate("INSERT INTO api_key (id, client, secret_sha256, created_at, created_by) VALUES (:id, :client, :hash, :at, :by)")
          .bind("id", id).bind("client", client).bind("hash", sha256).bind("at", at).bind("by", by).execute();
      h.createUpdate("INSERT INTO audit_event (occurred_at, actor, action, subject, outcome) VALUES (:at, :by, 'CREATE_API_KEY',"
              + " :subject, 'RECORDED')")
          .bind("at", at).bind("by", by).bind("subject", "api key " + id + " of " + client).execute();
    });
  }

  public Optional<StoredKey> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_key WHERE id = :id").bind("id", id)
        .map((rs, ctx) -> key(rs)).findOne());
  }

  /** Every key, newest first; with {@code client} only that client's. */
  public List<StoredKey> list(String client) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_key WHERE (CAST(:client AS text) IS NULL OR client = :client)"
            + " ORDER BY created_at DESC, id")
        .bind("client", client).map((rs, ctx) -> key(rs)).list());
  }

  /**
   * Revokes a key; revoking a revoked key keeps its first revocation time.
   *
   * @return the key as it is now, or empty when there is no such key
   */
  public Optional<StoredKey> revoke(String id, Instant at, String by) {
    return jdbi.inTransaction(h -> {
      h.createUpdate("UPDATE api_key SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL").bind("id", id).bind("at", at)
          .execute();
      Optional<StoredKey> now = h.createQuery("SELECT * FROM api_key WHERE id = :id").bind("id", id).map((rs, ctx) -> key(rs)).findOne();
      now.ifPresent(k -> h.createUpdate("INSERT INTO audit_event (occurred_at, actor, action, subject, outcome) VALUES (:at, :by,"
              + " 'REVOKE_API_KEY', :subject, 'RECORDED')")
          .bind("at", at).bind("by", by).bind("subject", "api key " + id + " of " + k.client()).execute());
      return now;
    });
  }

  /** Records that the key was used; at most one write a minute per key, whatever the request rate. */
  public void touch(String id, Instant at) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE api_key SET last_used_at = :at WHERE id = :id"
            + " AND (last_used_at IS NULL OR last_used_at < CAST(:at AS timestamptz) - interval '1 minute')")
        .bind("id", id).bind("at", at).execute());
  }

  private static StoredKey key(ResultSet rs) throws SQLException {
    return new StoredKey(rs.getString("id"), rs.getString("client"), rs.getBytes("secret_sha256"), Columns.instant(rs, "created_at"),
        rs.getString("created_by"), Columns.instant(rs, "last_used_at"), Columns.instant(rs, "revoked_at"));
  }
}
