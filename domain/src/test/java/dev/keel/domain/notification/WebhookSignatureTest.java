package dev.keel.domain.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  /** The Standard Webhooks specification's published test vector. */
  private static final WebhookSecret VECTOR_SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long VECTOR_TIMESTAMP = 1614265330L;
  private static final String VECTOR_BODY = "{\"test\": 2432232314}";
  private static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void signing_reproduces_the_standard_webhooks_test_vector() {
    assertThat(WebhookSignature.sign(VECTOR_SECRET, VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY)).isEqualTo(VECTOR_SIGNATURE);
  }

  @Test
  void verification_accepts_the_vector_and_refuses_any_change_to_id_timestamp_body_or_secret() {
    assertThat(WebhookSignature.verify(VECTOR_SECRET, VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY, VECTOR_SIGNATURE)).isTrue();
    assertThat(WebhookSignature.verify(VECTOR_SECRET, VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY, "v1,bm9wZQ== " + VECTOR_SIGNATURE))
        .as("one matching signature among several").isTrue();
    assertThat(WebhookSignature.verify(VECTOR_SECRET, "msg_other", VECTOR_TIMESTAMP, VECTOR_BODY, VECTOR_SIGNATURE)).isFalse();
    assertThat(WebhookSignature.verify(VECTOR_SECRET, VECTOR_ID, VECTOR_TIMESTAMP + 1, VECTOR_BODY, VECTOR_SIGNATURE)).isFalse();
    assertThat(WebhookSignature.verify(VECTOR_SECRET, VECTOR_ID, VECTOR_TIMESTAMP, "{\"test\": 2432232315}", VECTOR_SIGNATURE)).isFalse();
    WebhookSecret other = WebhookSecret.generate(new SecureRandom());
    assertThat(WebhookSignature.verify(other, VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY, VECTOR_SIGNATURE)).isFalse();
    assertThat(WebhookSignature.verify(VECTOR_SECRET, VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY, null)).isFalse();
    assertThat(WebhookSignature.verify(VECTOR_SECRET, VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY, "v1,***")).isFalse();
  }

  @Test
  void a_generated_secret_is_whsec_and_32_random_bytes_and_reads_back() {
    WebhookSecret s = WebhookSecret.generate(new SecureRandom());
    assertThat(s.reveal()).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(s.reveal().substring(6))).hasSize(32);
    assertThat(WebhookSecret.parse(s.reveal()).reveal()).isEqualTo(s.reveal());
    assertThat(WebhookSecret.generate(new SecureRandom()).reveal()).isNotEqualTo(s.reveal());
  }

  @Test
  void a_malformed_secret_is_refused_without_being_echoed_and_a_secret_never_shows_itself() {
    assertThatThrownBy(() -> WebhookSecret.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).hasMessage("a webhook secret starts with whsec_");
    assertThatThrownBy(() -> WebhookSecret.parse("whsec_not*base64")).hasMessageNotContaining("not*base64");
    assertThatThrownBy(() -> WebhookSecret.parse("whsec_c2hvcnQ=")).hasMessage("a webhook secret holds 24 to 64 bytes, this one 5");
    assertThat(VECTOR_SECRET.toString()).doesNotContain("MfKQ9r8");
  }
}
