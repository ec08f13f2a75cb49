package dev.keel.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.domain.execution.Reconciliation.Adopt;
import dev.keel.domain.execution.Reconciliation.AskAgain;
import dev.keel.domain.execution.Reconciliation.NotPlaced;
import dev.keel.domain.execution.Reconciliation.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** FAULTS.md E1–E3, E9: "no such order" counts as "not placed" only after 4 answers spread over at least 60 s. */
class ReconciliationTest {

  private static final ExecutionPolicy POLICY = ExecutionPolicy.DEFAULT;
  private static final Instant FIRST_NOT_FOUND = Instant.parse("2026-12-07T09:00:00Z");
  /** The executor runs every 15 s, so an unsettled order is looked up that often. */
  private static final Duration EXECUTOR_PERIOD = Duration.ofSeconds(15);

  private static Instant after(long seconds) {
    return FIRST_NOT_FOUND.plusSeconds(seconds);
  }

  @Test
  void an_order_the_venue_reports_is_adopted() {
    assertThat(Reconciliation.judge(true, 0, null, FIRST_NOT_FOUND, POLICY)).isEqualTo(new Adopt());
  }

  @Test
  void an_order_the_venue_reports_after_several_no_such_order_answers_is_still_adopted() {
    assertThat(Reconciliation.judge(true, 3, FIRST_NOT_FOUND, after(600), POLICY)).isEqualTo(new Adopt());
  }

  @Test
  void the_first_no_such_order_answer_asks_again_counting_one_from_now() {
    assertThat(Reconciliation.judge(false, 0, null, FIRST_NOT_FOUND, POLICY))
        .isEqualTo(new AskAgain(1, FIRST_NOT_FOUND, "no such order at the venue (1 of 4 answers, 0 of 60 s)"));
  }

  @Test
  void a_later_answer_keeps_the_time_of_the_first() {
    Verdict v = Reconciliation.judge(false, 1, FIRST_NOT_FOUND, after(15), POLICY);

    assertThat(v).isEqualTo(new AskAgain(2, FIRST_NOT_FOUND, "no such order at the venue (2 of 4 answers, 15 of 60 s)"));
  }

  @Test
  void four_answers_within_less_than_a_minute_ask_again() {
    assertThat(Reconciliation.judge(false, 3, FIRST_NOT_FOUND, after(59), POLICY))
        .isEqualTo(new AskAgain(4, FIRST_NOT_FOUND, "no such order at the venue (4 of 4 answers, 59 of 60 s)"));
  }

  @Test
  void three_answers_over_two_minutes_ask_again() {
    assertThat(Reconciliation.judge(false, 2, FIRST_NOT_FOUND, after(120), POLICY))
        .isEqualTo(new AskAgain(3, FIRST_NOT_FOUND, "no such order at the venue (3 of 4 answers, 120 of 60 s)"));
  }

  @Test
  void four_answers_over_exactly_a_minute_mean_not_placed_with_the_count_and_seconds() {
    assertThat(Reconciliation.judge(false, 3, FIRST_NOT_FOUND, after(60), POLICY))
        .isEqualTo(new NotPlaced("not placed: the venue answered \"no such order\" 4 times over 60 s"));
  }

  @Test
  void more_answers_over_a_longer_time_also_mean_not_placed() {
    assertThat(Reconciliation.judge(false, 7, FIRST_NOT_FOUND, after(300), POLICY))
        .isEqualTo(new NotPlaced("not placed: the venue answered \"no such order\" 8 times over 300 s"));
  }

  @Test
  void an_order_looked_up_every_run_counts_as_not_placed_on_the_fifth_answer_a_minute_after_the_first() {
    int checks = 0;
    Instant first = null;
    Instant now = FIRST_NOT_FOUND;
    Verdict v;
    while ((v = Reconciliation.judge(false, checks, first, now, POLICY)) instanceof AskAgain again) {
      checks = again.notFoundChecks();
      first = again.firstNotFoundAt();
      now = now.plus(EXECUTOR_PERIOD);
      assertThat(checks).as("answers before a conclusion").isLessThan(10);
    }

    assertThat(v).isEqualTo(new NotPlaced("not placed: the venue answered \"no such order\" 5 times over 60 s"));
  }

  @Test
  void a_stricter_policy_needs_its_own_count_and_window() {
    ExecutionPolicy twoOverTenSeconds = ExecutionPolicyTest.notFound(2, Duration.ofSeconds(10));

    assertThat(Reconciliation.judge(false, 1, FIRST_NOT_FOUND, after(9), twoOverTenSeconds)).isInstanceOf(AskAgain.class);
    assertThat(Reconciliation.judge(false, 1, FIRST_NOT_FOUND, after(10), twoOverTenSeconds)).isInstanceOf(NotPlaced.class);
  }

  @Test
  void a_clock_that_went_back_never_concludes_not_placed() {
    assertThat(Reconciliation.judge(false, 9, FIRST_NOT_FOUND, FIRST_NOT_FOUND.minusSeconds(120), POLICY))
        .isInstanceOf(AskAgain.class);
  }

  @Test
  void a_lookup_needs_its_time() {
    assertThatThrownBy(() -> Reconciliation.judge(false, 0, null, null, POLICY))
        .isInstanceOf(NullPointerException.class).hasMessage("now");
  }
}
