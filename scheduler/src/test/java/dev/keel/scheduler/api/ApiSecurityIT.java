package dev.keel.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keel.persistence.api.ApiKeyDao;
import dev.keel.persistence.proposal.ProposalDao;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Keys over HTTP: rotation with two live keys, revocation, the per-key rate limit, and logs that never hold a key or an
 * investor page's token.
 */
class ApiSecurityIT {

  private static ApiServer api;
  private final TestDatabase db = TestDatabase.get();

  @BeforeAll
  static void start() {
    api = ApiServer.shared();
  }

  @BeforeEach
  void clean() {
    db.reset();
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
  }

  private int status(String key) {
    return api.get("/api/v1/accounts/acc-1/proposals", "Authorization", "Bearer " + key).status();
  }

  @Test
  void two_keys_of_one_client_are_valid_at_once_and_a_revoked_one_is_refused() {
    String old = api.key("platform");
    String rotated = api.key("platform");
    assertThat(status(old)).isEqualTo(200);
    assertThat(status(rotated)).isEqualTo(200);
    String oldId = old.substring(5, 17);
    api.context.getBean(ApiKeyDao.class).revoke(oldId, Instant.now(), "test");
    assertThat(status(old)).isEqualTo(401);
    assertThat(status(rotated)).isEqualTo(200);
    long used = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM api_key WHERE last_used_at IS NOT NULL")
        .mapTo(Long.class).one());
    assertThat(used).isEqualTo(2);
  }

  @Test
  void a_node_trusts_what_it_read_about_a_key_for_the_cache_time_then_sees_the_revocation() {
    String key = api.key("platform");
    MutableClock clock = new MutableClock(Instant.parse("2026-12-05T00:00:00Z"));
    ApiKeyAuthenticator cached = new ApiKeyAuthenticator(api.context.getBean(ApiKeyDao.class), clock, Duration.ofSeconds(5));
    assertThat(cached.authenticate("Bearer " + key)).isPresent();
    api.context.getBean(ApiKeyDao.class).revoke(key.substring(5, 17), Instant.now(), "test");
    clock.now = clock.now.plusSeconds(4);
    assertThat(cached.authenticate("Bearer " + key)).as("within the cache time").isPresent();
    clock.now = clock.now.plusSeconds(1);
    assertThat(cached.authenticate("Bearer " + key)).as("after it").isEmpty();
  }

  @Test
  void a_key_over_its_rate_gets_429_with_retry_after_and_another_key_is_not_held_back() {
    try (ApiServer limited = ApiServer.start("--keel.api.rate-limit-per-second=0.01", "--keel.api.rate-limit-burst=3")) {
      String key = limited.key("platform");
      String other = limited.key("platform");
      String path = "/api/v1/accounts/acc-1/proposals";
      for (int i = 0; i < 3; i++) {
        assertThat(limited.get(path, "Authorization", "Bearer " + key).status()).isEqualTo(200);
      }
      ApiServer.Response r = limited.get(path, "Authorization", "Bearer " + key);
      assertThat(r.status()).isEqualTo(429);
      assertThat(r.body()).contains("urn:keel:problem:RATE_LIMITED");
      assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 100L);
      assertThat(limited.get(path, "Authorization", "Bearer " + other).status()).isEqualTo(200);
    }
  }

  @Test
  void no_log_line_holds_a_key_an_authorization_header_or_a_secret_even_at_trace() {
    String good = api.key("platform");
    String secret = good.substring(18);
    String wrong = good.substring(0, 18) + new StringBuilder(secret).reverse();
    String unknown = "keel_abcdefghijkl_" + "5".repeat(64);
    List<String> lines = logLinesAtTrace(() -> {
      String path = "/api/v1/accounts/acc-1/proposals";
      assertThat(api.get(path, "Authorization", "Bearer " + wrong).status()).isEqualTo(401);
      assertThat(api.get(path, "Authorization", "Bearer " + unknown).status()).isEqualTo(401);
      assertThat(api.get(path, "Authorization", "Basic a2VlbDpodW50ZXIy").status()).isEqualTo(401);
      assertThat(api.get(path, "Authorization", "Bearer " + good).status()).isEqualTo(200);
      assertThat(api.post("/api/v1/accounts/acc-1/proposals/1/approve", null, "Authorization", "Bearer " + good,
          "Idempotency-Key", "k-1").status()).isEqualTo(404);
    });
    assertThat(lines).as("the requests were logged at all").anyMatch(l -> l.contains("refused GET"));
    assertThat(lines).as("Tomcat's dump of a request as received, its Authorization header removed")
        .anyMatch(l -> l.startsWith("Received [GET /api/v1/accounts/acc-1/proposals HTTP/1.1") && l.contains("[credential removed]"));
    assertThat(lines).noneMatch(l -> l.contains(secret) || l.contains(secret.substring(0, 16)) || l.contains(wrong.substring(18, 40))
        || l.contains("5555555555555555") || l.contains("a2VlbDpodW50ZXIy") || l.contains("Bearer ") || l.contains("keel_")
        || l.toLowerCase(java.util.Locale.ROOT).contains("authorization:"));
  }

  @Test
  void no_log_line_holds_an_investor_page_token_genuine_or_tampered_even_at_trace() {
    long id = ApiFixtures.proposal(db, 10, 1, "STANDARD", "PROPOSED", Duration.ofHours(2));
    Instant expiresAt = db.jdbi().withHandle(h -> h.createQuery("SELECT expires_at FROM proposal WHERE id = 10").mapTo(Instant.class).one());
    String token = api.context.getBean(ProposalDao.class).pageLink().sign(id, expiresAt);
    byte[] raw = Base64.getUrlDecoder().decode(token);
    raw[raw.length - 1] ^= 0x01; // the same proposal, a signature that does not verify
    String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    List<String> lines = logLinesAtTrace(() -> {
      assertThat(page("GET", token, null).statusCode()).isEqualTo(200);
      assertThat(page("POST", token, "decision=approve&reason=fine").statusCode()).isEqualTo(303);
      assertThat(page("GET", token, null).statusCode()).isEqualTo(200);
      assertThat(page("GET", tampered, null).statusCode()).isEqualTo(404);
      assertThat(page("POST", tampered, "decision=reject").statusCode()).isEqualTo(404);
    });
    String status = db.jdbi().withHandle(h -> h.createQuery("SELECT status FROM proposal WHERE id = 10").mapTo(String.class).one());
    assertThat(status).as("the genuine link decided, the tampered one did not").isEqualTo("APPROVED");
    assertThat(lines).as("the page requests were logged, by Tomcat and by Spring, the token removed")
        .anyMatch(l -> l.startsWith("Received [POST /p/[token removed] HTTP/1.1")).anyMatch(l -> l.contains("GET /p/[token removed]"));
    // 48 bytes: the id and the expiry (16), then the signature; from character 22 on, the signature alone
    String signature = token.substring(22);
    assertThat(lines).noneMatch(l -> l.contains(token) || l.contains(tampered) || l.contains(signature.substring(0, 16))
        || l.contains(tampered.substring(tampered.length() - 16)));
  }

  /** A browser's request to the investor's page, without following the redirect after a decision. */
  private static java.net.http.HttpResponse<String> page(String method, String token, String form) {
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(api.uri("/p/" + token));
    if (form != null) {
      b.header("Content-Type", "application/x-www-form-urlencoded");
    }
    b.method(method, form == null ? java.net.http.HttpRequest.BodyPublishers.noBody() : java.net.http.HttpRequest.BodyPublishers.ofString(form));
    try {
      return java.net.http.HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every log line written while {@code requests} run, with Spring Security, Spring Web, Tomcat, Jackson and Keel at
   * TRACE: the message, its MDC and its exception's message, as an appender on the root logger receives them.
   */
  private static List<String> logLinesAtTrace(Runnable requests) {
    // Tomcat logs through java.util.logging; a second application closed in this JVM takes its bridge away
    boolean bridged = SLF4JBridgeHandler.isInstalled();
    if (!bridged) {
      SLF4JBridgeHandler.install();
    }
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    LoggingSystem logging = api.context.getBean(LoggingSystem.class);
    List<String> loud = List.of("org.springframework.security", "org.springframework.web", "org.apache.coyote", "org.apache.catalina",
        "org.apache.tomcat", "dev.keel", "tools.jackson", "org.springdoc");
    Map<String, LogLevel> before = loud.stream().collect(Collectors.toMap(n -> n,
        n -> logging.getLoggerConfiguration(n) == null || logging.getLoggerConfiguration(n).getConfiguredLevel() == null ? LogLevel.OFF
            : logging.getLoggerConfiguration(n).getConfiguredLevel()));
    try {
      loud.forEach(n -> logging.setLogLevel(n, LogLevel.TRACE));
      requests.run();
    } finally {
      before.forEach((n, level) -> logging.setLogLevel(n, level == LogLevel.OFF ? null : level));
      root.detachAppender(captured);
      if (!bridged) {
        SLF4JBridgeHandler.uninstall();
      }
    }
    return captured.list.stream().map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap()
        + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
