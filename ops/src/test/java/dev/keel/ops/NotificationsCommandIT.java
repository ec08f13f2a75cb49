package dev.keel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.persistence.testing.TestDatabase;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code keel ops webhooks} and {@code keel ops notifications}: the signing secret printed once and never again, a
 * dead-lettered delivery listed with its error and replayed once, every change audited.
 */
class NotificationsCommandIT {

  private final TestDatabase db = TestDatabase.get();
  private String out;
  private String err;

  @BeforeEach
  void clean() {
    db.reset();
  }

  private int keel(String... args) {
    CliRun.Result r = CliRun.keel(args);
    out = r.out();
    err = r.err();
    return r.code();
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private String one(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }

  @Test
  void adding_a_webhook_prints_its_secret_once_and_no_other_command_shows_it() {
    assertThat(keel("ops", "webhooks", "add", "--client", "platform", "--url", "https://platform.example.com/hooks/keel",
        "--db-url", db.url())).as(err).isZero();
    Matcher m = Pattern.compile("(whsec_[A-Za-z0-9+/=]{44})").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    String secret = m.group(1);
    assertThat(one("SELECT secret FROM webhook_endpoint WHERE client = 'platform'")).isEqualTo(secret);

    assertThat(keel("ops", "webhooks", "list", "--db-url", db.url())).isZero();
    assertThat(out).contains("platform").contains("https://platform.example.com/hooks/keel").doesNotContain("whsec_");
    assertThat(keel("ops", "webhooks", "add", "--client", "platform", "--url", "https://other.example.com", "--db-url", db.url()))
        .isEqualTo(4);
    assertThat(err.strip()).isEqualTo("keel ops webhooks add: client platform has an endpoint already; remove it first");
    assertThat(out + err).doesNotContain("whsec_");
    assertThat(one("SELECT url FROM webhook_endpoint WHERE client = 'platform'")).isEqualTo("https://platform.example.com/hooks/keel");

    assertThat(keel("ops", "webhooks", "remove", "--client", "platform", "--db-url", db.url())).isZero();
    assertThat(keel("ops", "webhooks", "remove", "--client", "platform", "--db-url", db.url())).isEqualTo(5);
    assertThat(keel("ops", "webhooks", "list", "--db-url", db.url())).isZero();
    assertThat(out).contains("removed").doesNotContain("whsec_");
    assertThat(keel("ops", "webhooks", "add", "--client", "platform", "--url", "https://platform.example.com/v2", "--db-url", db.url()))
        .isZero();
    assertThat(out).contains("added again");
    assertThat(one("SELECT secret FROM webhook_endpoint WHERE client = 'platform'")).as("a new secret").isNotEqualTo(secret);
    assertThat(one("SELECT string_agg(action || ' ' || outcome, ',' ORDER BY id) FROM audit_event WHERE subject = 'webhook platform'"))
        .isEqualTo("ADD_WEBHOOK ADDED,ADD_WEBHOOK EXISTS,REMOVE_WEBHOOK REMOVED,REMOVE_WEBHOOK NOT_FOUND,ADD_WEBHOOK REACTIVATED");
    assertThat(count("SELECT count(*) FROM audit_event WHERE detail LIKE '%whsec_%'")).isZero();
  }

  @Test
  void a_bad_client_or_url_is_refused_naming_it_and_a_url_with_credentials_is_not_echoed() {
    assertThat(keel("ops", "webhooks", "add", "--client", "bad name", "--url", "https://x.example.com", "--db-url", db.url())).isEqualTo(1);
    assertThat(err).contains("--client must be 1 to 64 letters").contains("was \"bad name\"");
    assertThat(keel("ops", "webhooks", "add", "--client", "p", "--url", "ftp://x.example.com", "--db-url", db.url())).isEqualTo(1);
    assertThat(err).contains("--url must be http(s)://host[:port][/path]").contains("\"ftp://x.example.com\"");
    assertThat(keel("ops", "webhooks", "add", "--client", "p", "--url", "https://ops:hunter2@x.example.com", "--db-url", db.url()))
        .isEqualTo(1);
    assertThat(err).contains("--url must not carry credentials").doesNotContain("hunter2");
    assertThat(count("SELECT count(*) FROM webhook_endpoint")).isZero();
  }

  @Test
  void a_dead_delivery_is_listed_with_its_error_and_replayed_once() {
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (1, 'a1', 'STANDARD', now())");
      h.execute("INSERT INTO webhook_endpoint (client, url, secret, created_at, updated_at)"
          + " VALUES ('platform', 'https://platform.example.com', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', now(), now())");
      h.execute("INSERT INTO notification (id, account_id, proposal_id, venue_id, kind, payload, created_at, status)"
          + " VALUES (1, NULL, NULL, NULL, 'VENUE_ALERT', '{}', now(), 'ROUTED')");
      h.execute("INSERT INTO notification_delivery (id, notification_id, channel, client, status, attempts, next_attempt_at, last_error,"
          + " created_at) VALUES (7, 1, 'WEBHOOK', 'platform', 'DEAD', 10, now(), 'HTTP 503\nsecond line', now())");
    });
    String event = one("SELECT event_id::text FROM notification WHERE id = 1");

    assertThat(keel("ops", "notifications", "list", "--status", "DEAD", "--db-url", db.url())).as(err).isZero();
    assertThat(out).contains("7 ").contains(event).contains("VENUE_ALERT").contains("WEBHOOK").contains("platform").contains("DEAD")
        .contains("\"HTTP 503\\nsecond line\"").doesNotContain("whsec_");
    assertThat(keel("ops", "notifications", "list", "--status", "SENT", "--db-url", db.url())).isZero();
    assertThat(out).contains("(no deliveries)");

    assertThat(keel("ops", "notifications", "replay", "7", "--by", "operator:ana", "--db-url", db.url())).as(err).isZero();
    assertThat(out).contains("delivery 7 due again at");
    assertThat(one("SELECT status || ' ' || attempts FROM notification_delivery WHERE id = 7")).isEqualTo("PENDING 0");
    assertThat(keel("ops", "notifications", "replay", "7", "--db-url", db.url())).isEqualTo(4);
    assertThat(err.strip()).isEqualTo("keel ops notifications replay: delivery 7 is not DEAD; only a DEAD one is replayed");
    assertThat(keel("ops", "notifications", "replay", "99", "--db-url", db.url())).isEqualTo(5);
    assertThat(one("SELECT string_agg(actor || ' ' || outcome, ',' ORDER BY id) FROM audit_event WHERE action = 'REPLAY_NOTIFICATION'"))
        .startsWith("operator:ana REPLAYED,operator:").contains("NOT_DEAD").endsWith("NOT_FOUND");
  }
}
