package dev.keel.jobs.venue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VenueOrderStatusTest {

  @Test
  void keel_records_what_the_venue_reports_under_the_same_name_final_when_the_venue_says_final() {
    for (VenueOrderStatus s : VenueOrderStatus.values()) {
      assertThat(s.recorded().name()).isEqualTo(s.name());
      assertThat(s.recorded().isFinal()).as(s.name()).isEqualTo(s.isFinal());
    }
  }
}
