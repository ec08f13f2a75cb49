package dev.keel.persistence.notification;

import dev.keel.persistence.db.Columns;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Webhook endpoints, one per API client, keyed by the client's name. A removed endpoint is kept inactive: its deliveries
 * still name it, and it gets no new ones. The secret is written here and read only by the delivery job.
 */
public final class WebhookEndpointDao {

  private final Jdbi jdbi;

  public WebhookEndpointDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** An endpoint as the operator sees it: no secret. */
  public record Endpoint(String client, String url, boolean active, Instant createdAt, Instant updatedAt) {}

  /** What adding did. */
  public enum Added {
    /** A new endpoint. */
    ADDED,
    /** A removed endpoint of this client is active again, with the new URL and secret. */
    REACTIVATED,
    /** The client has an active endpoint: nothing changed. */
    EXISTS
  }

  /** Adds the client's endpoint, or reactivates its removed one with this URL and secret; audited. */
  public Added add(String client, String url, String secret, String actor, Instant now) {
    return jdbi.inTransaction(h -> {
      Boolean active = h.createQuery("SELECT active FROM webhook_endpoint WHERE client = :client FOR UPDATE").bind("client", client)
          .mapTo(Boolean.class).findOne().orElse(null);
      Added result;
      if (active == null) {
        h.createUpdate("INSERT INTO webhook_endpoint (client, url, secret, active, created_at, updated_at)"
                + " VALUES (:client, :url, :secret, TRUE, :now, :now)")
            .bind("client", client).bind("url", url).bind("secret", secret).bind("now", now).execute();
        result = Added.ADDED;
      } else if (!active) {
        h.createUpdate("UPDATE webhook_endpoint SET url = :url, secret = :secret, active = TRUE, updated_at = :now WHERE client = :client")
            .bind("client", client).bind("url", url).bind("secret", secret).bind("now", now).execute();
        result = Added.REACTIVATED;
      } else {
        result = Added.EXISTS;
      }
      audit(h, now, actor, "ADD_WEBHOOK", client, result.name(), null); // a URL may carry a token: not copied
      return result;
    });
  }

  /** Every endpoint, active first, by client. */
  public List<Endpoint> list() {
    return jdbi.withHandle(h -> h.createQuery("SELECT client, url, active, created_at, updated_at FROM webhook_endpoint"
            + " ORDER BY active DESC, client")
        .map((rs, ctx) -> new Endpoint(rs.getString("client"), rs.getString("url"), rs.getBoolean("active"),
            Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at")))
        .list());
  }

  /** Deactivates the client's endpoint; its pending deliveries are given up when next claimed. Audited. */
  public boolean remove(String client, String actor, Instant now) {
    return jdbi.inTransaction(h -> {
      boolean removed = h.createUpdate("UPDATE webhook_endpoint SET active = FALSE, updated_at = :now WHERE client = :client AND active")
          .bind("client", client).bind("now", now).execute() == 1;
      audit(h, now, actor, "REMOVE_WEBHOOK", client, removed ? "REMOVED" : "NOT_FOUND", null);
      return removed;
    });
  }

  private static void audit(org.jdbi.v3.core.Handle h, Instant at, String actor, String action, String client, String outcome,
                            String detail) {
    h.createUpdate("INSERT INTO audit_event (occurred_at, actor, action, subject, outcome, detail)"
            + " VALUES (:at, :actor, :action, :subject, :outcome, :detail)")
        .bind("at", at).bind("actor", actor).bind("action", action).bind("subject", "webhook " + client).bind("outcome", outcome)
        .bind("detail", detail).execute();
  }
}
