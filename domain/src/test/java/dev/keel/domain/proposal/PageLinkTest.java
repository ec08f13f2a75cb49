package dev.keel.domain.proposal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageLinkTest {

  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final Instant EXPIRES = Instant.parse("2026-12-05T10:00:00Z");
  private static final PageLink LINK = new PageLink(KEY);

  @Test
  void a_signed_token_is_valid_for_its_proposal_until_its_expiry() {
    String token = LINK.sign(4711, EXPIRES);
    assertThat(LINK.verify(token, EXPIRES.minusSeconds(1))).isEqualTo(new PageLink.Verdict.Valid(4711, EXPIRES));
    assertThat(token).hasSize(64).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void a_token_is_expired_from_its_expiry_on() {
    String token = LINK.sign(4711, EXPIRES);
    assertThat(LINK.verify(token, EXPIRES)).isEqualTo(new PageLink.Verdict.Expired(4711, EXPIRES));
  }

  @Test
  void changing_any_byte_of_a_token_makes_it_tampered() {
    byte[] raw = Base64.getUrlDecoder().decode(LINK.sign(4711, EXPIRES));
    for (int i = 0; i < raw.length; i++) {
      byte[] altered = raw.clone();
      altered[i] ^= 0x01;
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
      assertThat(LINK.verify(token, EXPIRES.minusSeconds(60))).as("byte %d", i).isInstanceOf(PageLink.Verdict.Tampered.class);
    }
  }

  @Test
  void a_token_of_another_key_or_of_another_shape_is_tampered() {
    PageLink other = new PageLink("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
    Instant now = EXPIRES.minusSeconds(60);
    assertThat(LINK.verify(other.sign(4711, EXPIRES), now)).isInstanceOf(PageLink.Verdict.Tampered.class);
    assertThat(LINK.verify(null, now)).isInstanceOf(PageLink.Verdict.Tampered.class);
    assertThat(LINK.verify("", now)).isInstanceOf(PageLink.Verdict.Tampered.class);
    assertThat(LINK.verify("not a token at all; <script>", now)).isInstanceOf(PageLink.Verdict.Tampered.class);
    assertThat(LINK.verify("!".repeat(64), now)).isInstanceOf(PageLink.Verdict.Tampered.class);
    assertThat(LINK.verify(LINK.sign(4711, EXPIRES) + "A", now)).isInstanceOf(PageLink.Verdict.Tampered.class);
  }

  @Test
  void a_short_key_is_refused_and_the_key_is_never_shown() {
    assertThatThrownBy(() -> new PageLink(new byte[16])).hasMessageContaining("16 bytes, at least 32");
    assertThat(LINK.toString()).doesNotContain("0123456789abcdef");
  }
}
