package dev.keel.domain.testing;

import static dev.keel.domain.testing.Properties.assume;
import static dev.keel.domain.testing.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.domain.testing.Properties.Tally;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropertiesTest {

  @Test
  void edge_cases_run_first_and_every_case_runs() {
    List<Integer> seen = new ArrayList<>();
    int checked = forAll(7, 5, List.of(-1, -2), r -> r.nextInt(100), seen::add);
    assertThat(checked).isEqualTo(5);
    assertThat(seen).hasSize(5).startsWith(-1, -2);
  }

  @Test
  void a_failure_names_the_seed_the_case_and_the_input_and_the_case_replays_alone() {
    List<Long> drawn = new ArrayList<>();
    assertThatThrownBy(() -> forAll(42, 100, r -> r.nextLong(), x -> {
      drawn.add(x);
      assertThat(drawn).hasSizeLessThan(4);
    })).isInstanceOf(AssertionError.class)
        .hasMessageContaining("seed 42, case 3 of 100")
        .hasMessageContaining("input: " + drawn.get(3));
    assertThat(Properties.random(42, 3).nextLong()).isEqualTo(drawn.get(3));
  }

  @Test
  void a_property_that_discards_most_cases_fails_as_vacuous() {
    assertThatThrownBy(() -> forAll(1, 60, r -> r.nextInt(10), x -> assume(x == 0)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("discarded");
    assertThat(forAll(1, 60, r -> r.nextInt(10), x -> assume(x < 5))).isBetween(15, 45);
  }

  @Test
  void a_tally_fails_when_a_share_leaves_its_bounds_and_names_its_seed() {
    Tally tally = new Tally("mix", 9);
    for (int i = 0; i < 10; i++) {
      tally.collect(i < 3);
    }
    assertThat(tally.percent(true)).isEqualTo(30.0);
    tally.requirePercent(true, 25, 35);
    assertThatThrownBy(() -> tally.requirePercent(true, 40, 100))
        .isInstanceOf(AssertionError.class).hasMessageContaining("coverage at seed 9: mix = true is 30.00%");
  }
}
