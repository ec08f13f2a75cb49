package dev.keel.persistence.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.notification.DeliveryPolicy;
import dev.keel.domain.notification.DeliveryStatus;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox's routing and claiming rules, on the real schema. */
class NotificationDaoIT {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private final TestDatabase db = TestDatabase.get();
  private final NotificationDao dao = new NotificationDao(db.jdbi());

  @BeforeEach
  void events() {
    db.reset();
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('binance', 'PAPER', 'Binance', 0.001, 0.001)");
      h.execute("INSERT INTO account (id, external_ref, tier, created_at, email) VALUES (1, 'a1', 'STANDARD', now(), 'ana@example.com')");
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (2, 'a2', 'STANDARD', now())");
      for (int p = 1; p <= 2; p++) {
        h.execute("INSERT INTO portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at)"
            + " VALUES (?, ?, 'p', 'DEFI', 'BALANCED', 'USDT', now())", p, p);
        h.execute("INSERT INTO proposal (id, portfolio_id, cycle, status, tier_at_creation, portfolio_value, max_drift, drift_before,"
            + " regime, expected_cost, expected_cost_bps, tracking_error_before, tracking_error_after, created_at, expires_at)"
            + " VALUES (?, ?, ?, 'PROPOSED', 'STANDARD', 1000, 0.1, '{}', '{}', 1, 10, 0.02, 0.01, ?, ?)", p, p, T0, T0, T0.plusSeconds(3600));
        h.execute("INSERT INTO notification (account_id, proposal_id, kind, payload, created_at) VALUES (?, ?, 'PROPOSAL_READY', '{}', ?)",
            p, p, T0);
      }
      h.execute("INSERT INTO notification (venue_id, kind, payload, created_at) VALUES ('binance', 'VENUE_ALERT', '{}', ?)", T0);
      h.execute("INSERT INTO webhook_endpoint (client, url, secret, active, created_at, updated_at)"
          + " VALUES ('platform', 'https://a.example.com', ?, TRUE, now(), now()), ('old', 'https://b.example.com', ?, FALSE, now(), now())",
          SECRET, SECRET);
    });
  }

  private List<String> deliveries() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT n.kind || ' ' || coalesce(n.account_id::text, '-') || ' ' || d.channel"
        + " || ' ' || coalesce(d.client, '-') FROM notification_delivery d JOIN notification n ON n.id = d.notification_id"
        + " ORDER BY d.notification_id, d.channel").mapTo(String.class).list());
  }

  @Test
  void every_event_goes_to_every_active_endpoint_and_proposal_events_to_an_investors_address_once() {
    assertThat(dao.route(T0, true, 1000)).isEqualTo(3);
    assertThat(deliveries()).containsExactly("PROPOSAL_READY 1 EMAIL -", "PROPOSAL_READY 1 WEBHOOK platform",
        "PROPOSAL_READY 2 WEBHOOK platform", "VENUE_ALERT - WEBHOOK platform");
    assertThat(dao.route(T0, true, 1000)).as("routed once").isZero();
    assertThat(deliveries()).hasSize(4);
    assertThat(dao.unrouted()).isZero();
  }

  @Test
  void with_email_off_no_email_is_queued_and_routing_goes_in_bounded_batches() {
    assertThat(dao.route(T0, false, 2)).isEqualTo(2);
    assertThat(dao.unrouted()).isEqualTo(1);
    assertThat(dao.route(T0, false, 2)).isEqualTo(1);
    assertThat(deliveries()).allMatch(d -> d.contains("WEBHOOK")).hasSize(3);
  }

  @Test
  void a_claimed_delivery_is_leased_and_only_the_attempt_holding_the_claim_records_its_outcome() {
    dao.route(T0, false, 1000);
    Instant lease = T0.plusSeconds(60);
    List<NotificationDao.Claimed> first = dao.claim(T0, 2, lease);
    assertThat(first).hasSize(2).allMatch(c -> c.attempts() == 1 && c.endpointActive() && c.secret().equals(SECRET));
    assertThat(first.get(0).toString()).doesNotContain(SECRET);
    assertThat(dao.claim(T0, 10, lease)).as("the rest").hasSize(1);
    assertThat(dao.claim(T0.plusSeconds(59), 10, lease)).as("all leased").isEmpty();

    List<NotificationDao.Claimed> again = dao.claim(lease, 10, lease.plusSeconds(60));
    assertThat(again).as("due again when the lease ends").hasSize(3).allMatch(c -> c.attempts() == 2);
    long id = first.get(0).id();
    assertThat(dao.sent(id, 1, lease)).as("a lapsed claim records nothing").isFalse();
    assertThat(dao.failed(id, 2, "HTTP 500", new DeliveryPolicy.AfterFailure.Retry(lease.plusSeconds(10)))).isTrue();
    assertThat(dao.failed(id, 1, "late", new DeliveryPolicy.AfterFailure.Dead())).as("nor a lapsed claim's failure").isFalse();
    assertThat(dao.list(DeliveryStatus.PENDING, 10)).extracting(NotificationDao.Line::lastError).contains("HTTP 500");
  }
}
