package dev.keel.domain.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final DeliveryPolicy POLICY = new DeliveryPolicy(5, Duration.ofSeconds(10), Duration.ofSeconds(60),
      Duration.ofSeconds(2), Duration.ofSeconds(3), 10);

  @Test
  void the_wait_doubles_from_the_base_delay_up_to_the_cap() {
    assertThat(POLICY.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(POLICY.delayAfter(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(POLICY.delayAfter(3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(POLICY.delayAfter(4)).isEqualTo(Duration.ofSeconds(60));
    assertThat(POLICY.delayAfter(1000)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void a_failure_before_the_last_attempt_is_retried_and_the_last_one_is_dead() {
    assertThat(POLICY.afterFailure(1, NOW, null)).isEqualTo(new DeliveryPolicy.AfterFailure.Retry(NOW.plusSeconds(10)));
    assertThat(POLICY.afterFailure(4, NOW, null)).isEqualTo(new DeliveryPolicy.AfterFailure.Retry(NOW.plusSeconds(60)));
    assertThat(POLICY.afterFailure(5, NOW, null)).isInstanceOf(DeliveryPolicy.AfterFailure.Dead.class);
  }

  @Test
  void a_receivers_retry_after_is_honoured_when_longer_and_never_beyond_the_cap() {
    assertThat(POLICY.afterFailure(1, NOW, Duration.ofSeconds(30))).isEqualTo(new DeliveryPolicy.AfterFailure.Retry(NOW.plusSeconds(30)));
    assertThat(POLICY.afterFailure(1, NOW, Duration.ofSeconds(1))).isEqualTo(new DeliveryPolicy.AfterFailure.Retry(NOW.plusSeconds(10)));
    assertThat(POLICY.afterFailure(1, NOW, Duration.ofDays(1))).isEqualTo(new DeliveryPolicy.AfterFailure.Retry(NOW.plusSeconds(60)));
  }

  @Test
  void a_claim_is_leased_for_a_batch_of_timeouts_and_a_margin() {
    assertThat(POLICY.lease()).isEqualTo(Duration.ofSeconds(10 * 5 + 30));
  }

  @Test
  void bad_settings_are_refused_naming_the_key_and_the_value() {
    assertThatThrownBy(() -> new DeliveryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(1), 1)).hasMessage("keel.notifications.max-attempts must be between 1 and 100, was 0");
    assertThatThrownBy(() -> new DeliveryPolicy(3, Duration.ofSeconds(-1), Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(1), 1)).hasMessage("keel.notifications.base-delay must be positive, was PT-1S");
    assertThatThrownBy(() -> new DeliveryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(1),
        Duration.ofSeconds(1), 1)).hasMessage("keel.notifications.max-delay must be at least base-delay (PT10S), was PT5S");
    assertThatThrownBy(() -> new DeliveryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(1), 0)).hasMessage("keel.notifications.claim-batch must be between 1 and 1000, was 0");
  }
}
