package dev.keel.jobs.notification;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.keel.domain.notification.DeliveryPolicy;
import dev.keel.domain.notification.WebhookSecret;
import dev.keel.domain.notification.WebhookSignature;
import dev.keel.domain.proposal.PageLink;
import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.venue.SettableClock;
import dev.keel.persistence.notification.NotificationDao;
import dev.keel.persistence.notification.WebhookEndpointDao;
import dev.keel.persistence.proposal.ProposalDao;
import dev.keel.persistence.testing.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * notificationJob against a webhook receiver on 127.0.0.1 and a local SMTP server (GreenMail): signed webhooks retried
 * with exponential back-off on a clock the test drives, dead-lettering and replay, an investor's email with a page link
 * that verifies, at-least-once after a lost claim, and no secret in any log line.
 */
class NotificationJobIT {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant EXPIRES = Instant.parse("2026-11-25T10:00:00Z");
  private static final String PUBLIC_URL = "https://keel.example.com/rebalance";
  /** Four attempts: 10 s, 20 s, 40 s apart. */
  private static final DeliveryPolicy POLICY = new DeliveryPolicy(4, Duration.ofSeconds(10), Duration.ofSeconds(60),
      Duration.ofSeconds(2), Duration.ofSeconds(5), 20);

  private static final SettableClock CLOCK = new SettableClock(T0);
  private static GreenMail smtp;
  private static WebhookReceiver receiver;
  private static AnnotationConfigApplicationContext ctx;
  private static CycleLauncher launcher;
  private static ListAppender<ILoggingEvent> logs;

  private final TestDatabase db = TestDatabase.get();
  private String secret;

  @Configuration(proxyBeanMethods = false)
  static class DrivenClockAndSettings {
    @Bean
    @Primary
    SettableClock drivenClock() {
      return CLOCK;
    }

    @Bean
    NotificationSettings notificationSettings() {
      return new NotificationSettings(POLICY, PUBLIC_URL, new NotificationSettings.Email("127.0.0.1", smtp.getSmtp().getPort(),
          "keel@example.com", null, null, false));
    }
  }

  @BeforeAll
  static void start() {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    receiver = new WebhookReceiver();
    ctx = JobsTestContext.start(NotificationJobConfig.class, DrivenClockAndSettings.class);
    launcher = ctx.getBean(CycleLauncher.class);
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger("dev.keel")).setLevel(Level.DEBUG);
    // every logger's lines, not only Keel's: Spring, Jdbi, the HTTP and mail clients
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    ctx.close();
    receiver.close();
    smtp.stop();
  }

  @BeforeEach
  void clean() throws Exception {
    db.reset();
    receiver.reset();
    smtp.purgeEmailFromAllMailboxes();
    CLOCK.set(T0);
    logs.list.clear();
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO account (id, external_ref, tier, created_at, email) VALUES (1, 'a1', 'STANDARD', now(), 'ana@example.com')");
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (2, 'a2', 'STANDARD', now())");
      for (int p = 1; p <= 2; p++) {
        h.execute("INSERT INTO portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at)"
            + " VALUES (?, ?, ?, 'DEFI', 'BALANCED', 'USDT', now())", p, p, "defi-" + p);
        h.execute("INSERT INTO proposal (id, portfolio_id, cycle, status, tier_at_creation, portfolio_value, max_drift, drift_before,"
            + " regime, expected_cost, expected_cost_bps, tracking_error_before, tracking_error_after, created_at, expires_at)"
            + " VALUES (?, ?, ?, 'PROPOSED', 'STANDARD', 1000, 0.1, '{}', '{}', 1.25, 12.5, 0.02, 0.01, ?, ?)", p, p, T0, T0, EXPIRES);
      }
    });
    secret = WebhookSecret.generate(new SecureRandom()).reveal();
  }

  @AfterEach
  void no_secret_in_any_log_line() {
    String linkKey = db.jdbi().withHandle(h -> h.createQuery("SELECT link_key FROM installation").mapTo(String.class).one());
    // each webhook-signature header as sent ("v1,<base64>", several separated by spaces), and each signature alone
    List<String> signatures = receiver.requests().stream().map(r -> r.header("webhook-signature")).filter(Objects::nonNull)
        .flatMap(v -> Stream.concat(Stream.of(v), Stream.of(v.split(" ")).map(s -> s.substring(s.indexOf(',') + 1))))
        .filter(s -> !s.isBlank()).toList();
    List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage()
        + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
    assertThat(lines).noneMatch(m -> m.contains(secret) || m.contains(secret.substring(6)) || m.contains(linkKey) || m.contains("/p/")
        || signatures.stream().anyMatch(m::contains));
  }

  /** A PROPOSAL_READY event of proposal {@code p}, as the scan writes it. */
  private void ready(long p) {
    db.jdbi().useHandle(h -> h.execute("INSERT INTO notification (account_id, proposal_id, kind, payload, created_at)"
        + " VALUES (?, ?, 'PROPOSAL_READY', jsonb_build_object('proposal', ?::bigint, 'expiresAt', ?::text, 'expectedCost', '1.25'), ?)",
        p, p, p, EXPIRES.toString(), T0));
  }

  private void endpoint() {
    new WebhookEndpointDao(db.jdbi()).add("platform", receiver.url(), secret, "test", T0);
  }

  private void runAt(Instant t) {
    CLOCK.set(t);
    assertThat(launcher.launch(NotificationJobConfig.JOB, t).ranAndCompleted()).isTrue();
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private String text(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }

  private Map<String, Object> delivery(String channel) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT status, attempts, next_attempt_at, last_error, sent_at"
        + " FROM notification_delivery WHERE channel = :c").bind("c", channel).mapToMap().one());
  }

  private String eventId(long proposal) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT event_id::text FROM notification WHERE proposal_id = :p")
        .bind("p", proposal).mapTo(String.class).one());
  }

  private PageLink pageLink() {
    return new ProposalDao(db.jdbi()).pageLink();
  }

  @Test
  void a_webhook_refused_twice_is_retried_with_backoff_then_delivered_signed_with_its_event_id() {
    endpoint();
    ready(2); // account 2 has no address: the webhook only
    receiver.answer(503, 500);

    runAt(T0);
    assertThat(delivery("WEBHOOK")).containsEntry("status", "PENDING").containsEntry("attempts", 1)
        .containsEntry("last_error", "HTTP 503");
    assertThat(((java.sql.Timestamp) delivery("WEBHOOK").get("next_attempt_at")).toInstant()).isEqualTo(T0.plusSeconds(10));

    runAt(T0.plusSeconds(9));
    assertThat(receiver.requests()).as("not due before its back-off").hasSize(1);

    runAt(T0.plusSeconds(10));
    assertThat(delivery("WEBHOOK")).containsEntry("attempts", 2).containsEntry("last_error", "HTTP 500");
    assertThat(((java.sql.Timestamp) delivery("WEBHOOK").get("next_attempt_at")).toInstant())
        .as("the wait doubles").isEqualTo(T0.plusSeconds(30));

    runAt(T0.plusSeconds(29));
    assertThat(receiver.requests()).hasSize(2);
    runAt(T0.plusSeconds(30));
    assertThat(delivery("WEBHOOK")).containsEntry("status", "SENT").containsEntry("attempts", 3).containsEntry("last_error", null);
    assertThat(text("SELECT read_count || '/' || write_count || '/' || filter_count"
        + " FROM batch_step_execution WHERE step_name = 'notification.deliver' ORDER BY step_execution_id DESC LIMIT 1")).as("claimed / sent / failed").isEqualTo("1/1/0");

    String event = eventId(2);
    List<WebhookReceiver.Request> got = receiver.requests();
    assertThat(got).hasSize(3).allSatisfy(r -> assertThat(r.header("webhook-id")).as("one id for every attempt").isEqualTo(event));
    WebhookReceiver.Request last = got.get(2);
    long timestamp = Long.parseLong(last.header("webhook-timestamp"));
    assertThat(timestamp).as("the attempt's time").isEqualTo(T0.plusSeconds(30).getEpochSecond());
    assertThat(WebhookSignature.verify(WebhookSecret.parse(secret), event, timestamp, last.body(), last.header("webhook-signature")))
        .isTrue();
    assertThat(WebhookSignature.verify(WebhookSecret.parse(secret), event, timestamp, last.body() + " ", last.header("webhook-signature")))
        .isFalse();
    assertThat(last.body()).startsWith("{\"id\":\"" + event + "\",\"type\":\"proposal.ready\",\"timestamp\":\"2026-11-24T10:00:00Z\","
        + "\"account\":2,\"proposal\":2,\"pageUrl\":\"" + PUBLIC_URL + "/p/").contains("\"data\":{").contains("\"expectedCost\": \"1.25\"");
    Matcher token = Pattern.compile("/p/([A-Za-z0-9_-]+)\"").matcher(last.body());
    assertThat(token.find()).isTrue();
    assertThat(pageLink().verify(token.group(1), T0)).isEqualTo(new PageLink.Verdict.Valid(2, EXPIRES));
  }

  @Test
  void a_delivery_is_dead_after_its_last_attempt_and_a_replay_delivers_it() {
    endpoint();
    ready(2);
    receiver.otherwise(500);
    Instant t = T0;
    for (int attempt = 1; attempt <= 4; attempt++) {
      runAt(t);
      t = t.plus(POLICY.delayAfter(attempt));
    }
    assertThat(delivery("WEBHOOK")).containsEntry("status", "DEAD").containsEntry("attempts", 4).containsEntry("last_error", "HTTP 500");
    runAt(t.plusSeconds(3600));
    assertThat(receiver.requests()).as("a dead delivery is not tried again").hasSize(4);

    receiver.otherwise(204);
    NotificationDao dao = ctx.getBean(NotificationDao.class);
    long id = db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM notification_delivery").mapTo(Long.class).one());
    Instant replayAt = t.plusSeconds(7200);
    assertThat(dao.replay(id, "operator:test", replayAt)).isEqualTo(NotificationDao.Replay.REPLAYED);
    assertThat(dao.replay(id, "operator:test", replayAt)).as("only a dead delivery is replayed").isEqualTo(NotificationDao.Replay.NOT_DEAD);
    assertThat(dao.replay(999, "operator:test", replayAt)).isEqualTo(NotificationDao.Replay.NOT_FOUND);
    runAt(replayAt);
    assertThat(delivery("WEBHOOK")).containsEntry("status", "SENT").containsEntry("attempts", 1);
    assertThat(receiver.requests()).hasSize(5);
    assertThat(text("SELECT string_agg(outcome, ',' ORDER BY id) FROM audit_event"
        + " WHERE action = 'REPLAY_NOTIFICATION' AND subject = 'notification_delivery " + id + "' AND actor = 'operator:test'")).isEqualTo("REPLAYED,NOT_DEAD");
  }

  @Test
  void the_investor_receives_an_email_with_a_page_link_that_verifies_while_the_webhook_retries_on_its_own() throws Exception {
    endpoint();
    ready(1);
    receiver.answer(429);

    runAt(T0);
    assertThat(delivery("EMAIL")).containsEntry("status", "SENT").containsEntry("attempts", 1);
    assertThat(delivery("WEBHOOK")).containsEntry("status", "PENDING").containsEntry("last_error", "HTTP 429");
    assertThat(((java.sql.Timestamp) delivery("WEBHOOK").get("next_attempt_at")).toInstant())
        .as("the receiver's Retry-After, longer than the back-off").isEqualTo(T0.plusSeconds(45));

    MimeMessage[] mail = smtp.getReceivedMessages();
    assertThat(mail).hasSize(1);
    assertThat(mail[0].getAllRecipients()[0].toString()).isEqualTo("ana@example.com");
    assertThat(mail[0].getFrom()[0].toString()).isEqualTo("keel@example.com");
    assertThat(mail[0].getSubject()).isEqualTo("Keel: a rebalance of your portfolio waits for your decision");
    assertThat(mail[0].getHeader(EmailSender.EVENT_HEADER)).containsExactly(eventId(1));
    String body = GreenMailUtil.getBody(mail[0]).replace("=\r\n", "").replace("\r\n", "\n");
    assertThat(body).contains("your portfolio defi-1").contains("Expected cost: 1.25 USDT.").contains(eventId(1));
    Matcher link = Pattern.compile(Pattern.quote(PUBLIC_URL) + "/p/([A-Za-z0-9_-]{64})").matcher(body);
    assertThat(link.find()).as(body).isTrue();
    assertThat(pageLink().verify(link.group(1), T0)).isEqualTo(new PageLink.Verdict.Valid(1, EXPIRES));

    runAt(T0.plusSeconds(45));
    assertThat(delivery("WEBHOOK")).containsEntry("status", "SENT");
    assertThat(smtp.getReceivedMessages()).as("the email is not sent again").hasSize(1);
  }

  @Test
  void no_email_asks_for_a_decision_on_a_proposal_that_expired_before_it_could_be_sent_and_the_webhook_still_goes() {
    endpoint();
    ready(1);
    runAt(EXPIRES);
    assertThat(delivery("EMAIL")).containsEntry("status", "DEAD").containsEntry("attempts", 1)
        .containsEntry("last_error", "proposal 1 expired at " + EXPIRES + " before its email could be sent");
    assertThat(delivery("WEBHOOK")).containsEntry("status", "SENT");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void a_claim_whose_process_died_is_sent_again_after_its_lease() {
    endpoint();
    ready(2);
    ctx.getBean(NotificationDelivery.class).route();
    NotificationDao dao = ctx.getBean(NotificationDao.class);
    // a process claims the delivery and dies before recording anything
    assertThat(dao.claim(T0, 20, T0.plus(POLICY.lease()))).hasSize(1);

    runAt(T0.plusSeconds(1));
    assertThat(receiver.requests()).as("leased to the dead process").isEmpty();
    runAt(T0.plus(POLICY.lease()));
    assertThat(delivery("WEBHOOK")).containsEntry("status", "SENT").containsEntry("attempts", 2);
    assertThat(receiver.requests()).hasSize(1);
  }

  @Test
  void a_removed_endpoint_gets_no_new_deliveries_and_its_pending_ones_are_dead_lettered() {
    endpoint();
    ready(2);
    receiver.answer(503);
    runAt(T0);
    assertThat(new WebhookEndpointDao(db.jdbi()).remove("platform", "test", T0)).isTrue();
    ready(1);
    runAt(T0.plusSeconds(10));
    assertThat(delivery("WEBHOOK")).containsEntry("status", "DEAD")
        .containsEntry("last_error", "the webhook endpoint of client platform was removed");
    assertThat(count("SELECT count(*) FROM notification_delivery d JOIN notification n"
        + " ON n.id = d.notification_id WHERE n.proposal_id = 1 AND d.channel = 'WEBHOOK'")).isZero();
    assertThat(receiver.requests()).hasSize(1);
  }

  @Test
  void an_event_is_written_in_the_transaction_of_its_cause_and_a_rolled_back_cause_leaves_none() {
    Instant after = EXPIRES.plusSeconds(1);
    try {
      db.jdbi().useTransaction(h -> {
        assertThat(ProposalDao.expireLapsed(h, after, null)).isEqualTo(2);
        throw new IllegalStateException("the cause fails after writing");
      });
    } catch (IllegalStateException expected) {
      // rolled back
    }
    assertThat(count("SELECT count(*) FROM notification")).isZero();
    assertThat(count("SELECT count(*) FROM proposal WHERE status = 'PROPOSED'"))
        .isEqualTo(2);

    db.jdbi().useTransaction(h -> ProposalDao.expireLapsed(h, after, null));
    assertThat(count("SELECT count(DISTINCT event_id) FROM notification WHERE kind = 'PROPOSAL_EXPIRED'"
        + " AND status = 'PENDING'")).as("each with an event id of its own").isEqualTo(2);
  }
}
