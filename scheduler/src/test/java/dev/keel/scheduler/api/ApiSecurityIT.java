package dev.keel.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keel.persistence.api.ApiKeyDao;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/** Keys over HTTP: rotation with two live keys, revocation, the per-key rate limit, and logs that never hold a key. */
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
      String path = "/api/v1/accounts/acc-1/proposals";
      assertThat(api.get(path, "Authorization", "Bearer " + wrong).status()).isEqualTo(401);
      assertThat(api.get(path, "Authorization", "Bearer " + unknown).status()).isEqualTo(401);
      assertThat(api.get(path, "Authorization", "Basic a2VlbDpodW50ZXIy").status()).isEqualTo(401);
      assertThat(api.get(path, "Authorization", "Bearer " + good).status()).isEqualTo(200);
      assertThat(api.post("/api/v1/accounts/acc-1/proposals/1/approve", null, "Authorization", "Bearer " + good,
          "Idempotency-Key", "k-1").status()).isEqualTo(404);
    } finally {
      before.forEach((n, level) -> logging.setLogLevel(n, level == LogLevel.OFF ? null : level));
      root.detachAppender(captured);
    }
    List<String> lines = captured.list.stream().map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap()
        + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
    assertThat(lines).as("the requests were logged at all").anyMatch(l -> l.contains("refused GET"));
    assertThat(lines).noneMatch(l -> l.contains(secret) || l.contains(secret.substring(0, 16)) || l.contains(wrong.substring(18, 40))
        || l.contains("5555555555555555") || l.contains("a2VlbDpodW50ZXIy") || l.contains("Bearer ") || l.contains("keel_")
        || l.toLowerCase(java.util.Locale.ROOT).contains("authorization:"));
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
