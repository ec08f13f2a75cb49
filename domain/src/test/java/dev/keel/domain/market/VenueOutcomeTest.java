package dev.keel.domain.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VenueOutcomeTest {

  @Test
  void a_venue_is_ok_when_every_market_is_partial_when_some_are_and_failed_when_none_is() {
    assertThat(VenueOutcome.of(25, 25)).isEqualTo(VenueOutcome.OK);
    assertThat(VenueOutcome.of(24, 25)).isEqualTo(VenueOutcome.PARTIAL);
    assertThat(VenueOutcome.of(1, 25)).isEqualTo(VenueOutcome.PARTIAL);
    assertThat(VenueOutcome.of(0, 25)).isEqualTo(VenueOutcome.FAILED);
    assertThat(VenueOutcome.of(0, 0)).as("a venue with no market").isEqualTo(VenueOutcome.FAILED);
  }

  @Test
  void more_ok_markets_than_markets_is_refused_naming_both() {
    assertThatThrownBy(() -> VenueOutcome.of(3, 2)).hasMessage("OK markets must be between 0 and 2, was 3");
  }
}
