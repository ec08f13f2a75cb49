package dev.keel.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecisionFingerprintTest {

  @Test
  void the_same_request_has_the_same_fingerprint_and_any_change_another() {
    byte[] a = DecisionService.fingerprint("POST", "/api/v1/accounts/a/proposals/1/approve", "x");
    assertThat(DecisionService.fingerprint("POST", "/api/v1/accounts/a/proposals/1/approve", "x")).isEqualTo(a);
    assertThat(DecisionService.fingerprint("POST", "/api/v1/accounts/a/proposals/1/approve", null)).isNotEqualTo(a);
    assertThat(DecisionService.fingerprint("POST", "/api/v1/accounts/a/proposals/1/approve", "")).isNotEqualTo(
        DecisionService.fingerprint("POST", "/api/v1/accounts/a/proposals/1/approve", null));
    assertThat(DecisionService.fingerprint("POST", "/api/v1/accounts/a/proposals/1/reject", "x")).isNotEqualTo(a);
    assertThat(DecisionService.fingerprint("POST", "/api/v1/accounts/a/proposals/2/approve", "x")).isNotEqualTo(a);
  }
}
