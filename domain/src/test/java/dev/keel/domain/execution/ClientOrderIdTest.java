package dev.keel.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientOrderIdTest {

  private static final String INSTALLATION = "a1b2c3d4";
  private static final String OTHER_INSTALLATION = "00ff00ff";
  /** Binance's newClientOrderId limit. */
  private static final int MAX_LENGTH = 36;
  private static final long TRILLIONTH_TRADE = 1_000_000_000_000L;

  @Test
  void an_id_reads_k_installation_trade_and_sequence() {
    assertThat(ClientOrderId.of(INSTALLATION, 81234, 2)).isEqualTo("ka1b2c3d4-81234-2");
  }

  @Test
  void the_same_trade_and_attempt_always_gets_the_same_id() {
    assertThat(ClientOrderId.of(INSTALLATION, 81234, 2)).isEqualTo(ClientOrderId.of(INSTALLATION, 81234, 2));
  }

  @Test
  void every_new_attempt_and_every_installation_gets_a_different_id() {
    String first = ClientOrderId.of(INSTALLATION, 81234, 1);

    assertThat(ClientOrderId.of(INSTALLATION, 81234, 2)).isNotEqualTo(first);
    assertThat(ClientOrderId.of(OTHER_INSTALLATION, 81234, 1)).isNotEqualTo(first);
    assertThat(ClientOrderId.of(INSTALLATION, 8123, 41)).as("the dashes keep trade 8123 attempt 41 apart from 81234-1")
        .isNotEqualTo(ClientOrderId.of(INSTALLATION, 81234, 1));
  }

  @Test
  void a_realistic_large_id_stays_within_36_characters_of_lower_case_letters_digits_and_dashes() {
    String id = ClientOrderId.of(INSTALLATION, TRILLIONTH_TRADE, 99);

    assertThat(id).isEqualTo("ka1b2c3d4-1000000000000-99").hasSizeLessThanOrEqualTo(MAX_LENGTH).matches("[a-z0-9-]+");
  }

  @Test
  void every_trade_id_up_to_the_largest_long_fits_with_a_sequence_of_up_to_six_digits() {
    assertThat(ClientOrderId.of(INSTALLATION, Long.MAX_VALUE, 999_999)).hasSize(MAX_LENGTH);
    for (long trade = 9; trade > 0; trade = trade * 10 + 9) {
      assertThat(ClientOrderId.of(INSTALLATION, trade, 999_999)).as("trade %d", trade).hasSizeLessThanOrEqualTo(MAX_LENGTH);
    }
  }

  @Test
  void an_id_that_would_exceed_36_characters_is_refused_rather_than_cut() {
    assertThatThrownBy(() -> ClientOrderId.of(INSTALLATION, Long.MAX_VALUE, Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("client order id ka1b2c3d4-9223372036854775807-2147483647 is 40 characters, at most 36 are accepted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a1b2c3d", "a1b2c3d4e", "A1B2C3D4", "a1b2-3d4", "a1b2c3d_"})
  void an_installation_id_other_than_eight_lower_case_letters_or_digits_is_refused(String installation) {
    assertThatThrownBy(() -> ClientOrderId.of(installation, 81234, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("installation id must be 8 characters of [a-z0-9], was '" + installation + "'");
  }

  @Test
  void an_id_needs_an_installation() {
    assertThatThrownBy(() -> ClientOrderId.of(null, 81234, 1)).isInstanceOf(NullPointerException.class).hasMessage("installation");
  }

  @Test
  void a_trade_id_or_sequence_that_is_not_positive_is_refused() {
    assertThatThrownBy(() -> ClientOrderId.of(INSTALLATION, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trade id and sequence must be positive, were 0 and 1");
    assertThatThrownBy(() -> ClientOrderId.of(INSTALLATION, -5, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClientOrderId.of(INSTALLATION, 81234, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trade id and sequence must be positive, were 81234 and 0");
  }
}
