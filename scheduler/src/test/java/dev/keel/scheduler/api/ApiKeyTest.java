package dev.keel.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

  @Test
  void a_generated_key_parses_back_to_its_id_and_hash_and_hides_itself_in_to_string() {
    ApiKey.Generated g = ApiKey.generate(new SecureRandom());
    assertThat(g.key()).matches("keel_[a-z2-7]{12}_[0-9a-f]{64}").startsWith("keel_" + g.id() + "_");
    ApiKey.Presented p = ApiKey.fromAuthorization("Bearer " + g.key()).orElseThrow();
    assertThat(p.id()).isEqualTo(g.id());
    assertThat(ApiKey.matches(ApiKey.sha256(g.key()), p.sha256())).isTrue();
    assertThat(g.toString()).doesNotContain(g.key().substring(18));
  }

  @Test
  void anything_but_a_bearer_key_in_keels_format_is_not_a_key() {
    String key = ApiKey.generate(new SecureRandom()).key();
    assertThat(ApiKey.fromAuthorization(null)).isEmpty();
    assertThat(ApiKey.fromAuthorization(key)).isEmpty();
    assertThat(ApiKey.fromAuthorization("Basic " + key)).isEmpty();
    assertThat(ApiKey.fromAuthorization("Bearer " + key.toUpperCase(java.util.Locale.ROOT))).isEmpty();
    assertThat(ApiKey.fromAuthorization("Bearer " + key + "0")).isEmpty();
    assertThat(ApiKey.fromAuthorization("Bearer " + key.substring(0, key.length() - 1))).isEmpty();
    assertThat(ApiKey.fromAuthorization("bearer " + key)).isPresent();
  }

  @Test
  void two_keys_never_share_a_hash_and_a_changed_secret_does_not_match() {
    String a = ApiKey.generate(new SecureRandom()).key();
    String b = a.substring(0, a.length() - 1) + (a.endsWith("0") ? "1" : "0");
    assertThat(ApiKey.matches(ApiKey.sha256(a), ApiKey.sha256(b))).isFalse();
  }
}
