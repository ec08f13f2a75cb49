package dev.keel.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final ApiSecurityIT.MutableClock clock = new ApiSecurityIT.MutableClock(Instant.parse("2026-12-05T00:00:00Z"));

  @Test
  void a_key_spends_its_burst_then_waits_for_the_refill() {
    RateLimiter limiter = new RateLimiter(clock, 2, 3);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(1);
    clock.now = clock.now.plusMillis(500);
    assertThat(limiter.acquire("a")).as("one token refilled in half a second at 2/s").isZero();
    assertThat(limiter.acquire("a")).isEqualTo(1);
  }

  @Test
  void keys_have_buckets_of_their_own_and_a_slow_rate_asks_for_a_long_wait() {
    RateLimiter limiter = new RateLimiter(clock, 0.1, 1);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(10);
    assertThat(limiter.acquire("b")).isZero();
  }

  @Test
  void an_idle_key_refills_only_up_to_its_burst() {
    RateLimiter limiter = new RateLimiter(clock, 100, 2);
    limiter.acquire("a");
    clock.now = clock.now.plusSeconds(3600);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(1);
  }
}
