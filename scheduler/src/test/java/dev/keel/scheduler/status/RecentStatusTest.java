package dev.keel.scheduler.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentStatusTest {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private final AtomicInteger reads = new AtomicInteger();
  private final RecentStatus.Recent<Integer> recent = new RecentStatus.Recent<>(Duration.ofSeconds(10));

  private Integer read(Instant now) {
    return reads.incrementAndGet();
  }

  @Test
  void a_value_is_served_from_the_last_read_until_the_refresh_has_passed() {
    assertThat(recent.get(T0, this::read)).isEqualTo(1);
    assertThat(recent.get(T0.plusSeconds(9), this::read)).as("9 s after the read").isEqualTo(1);
    assertThat(recent.get(T0.plusSeconds(10), this::read)).as("10 s after the read").isEqualTo(2);
    assertThat(recent.get(T0.plusSeconds(19), this::read)).isEqualTo(2);
    assertThat(reads).hasValue(2);
  }

  @Test
  void a_failed_read_keeps_nothing_and_the_next_call_reads_again() {
    recent.get(T0, this::read);
    assertThatThrownBy(() -> recent.get(T0.plusSeconds(10), now -> {
      throw new IllegalStateException("database down");
    })).hasMessage("database down");

    assertThat(recent.get(T0.plusSeconds(11), this::read)).as("read again, not the value of 10 s before").isEqualTo(2);
  }

  @Test
  void a_refresh_of_zero_reads_on_every_call() {
    RecentStatus.Recent<Integer> always = new RecentStatus.Recent<>(Duration.ZERO);
    always.get(T0, this::read);
    always.get(T0, this::read);
    assertThat(reads).hasValue(2);
  }
}
