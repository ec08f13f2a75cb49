package dev.keel.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactTest {

  @Test
  void names_that_hold_secrets_are_recognised_and_others_are_not() {
    assertThat(Redact.looksSecret("keel.db.password")).isTrue();
    assertThat(Redact.looksSecret("keel.venues.binance.secret-key")).isTrue();
    assertThat(Redact.looksSecret("keel.venues.kraken.api-key")).isTrue();
    assertThat(Redact.looksSecret("KEEL_DB_PASSWORD")).isTrue();
    assertThat(Redact.looksSecret("keel.notifications.email.token")).isTrue();
    assertThat(Redact.looksSecret("keel.db.colour")).isFalse();
    assertThat(Redact.looksSecret("keel.scheduler.thread-count")).isFalse();
    assertThat(Redact.looksSecret("keel.monkey")).isFalse();
    assertThat(Redact.looksSecret("keel.keepalive")).isFalse();
  }

  @Test
  void a_secret_setting_s_value_is_hidden() {
    assertThat(Redact.value("keel.db.password", "hunter2")).isEqualTo("(hidden)");
    assertThat(Redact.value("keel.db.colour", "blue")).isEqualTo("blue");
  }

  @Test
  void a_jdbc_url_is_shown_without_its_password() {
    assertThat(Redact.url("jdbc:postgresql://db.example:5432/keel?user=keel&password=hunter2&ssl=true"))
        .isEqualTo("jdbc:postgresql://db.example:5432/keel?user=keel&password=(hidden)&ssl=true");
    assertThat(Redact.url("jdbc:postgresql://db/keel?PASSWORD=hunter2")).isEqualTo("jdbc:postgresql://db/keel?PASSWORD=(hidden)");
    assertThat(Redact.url("postgresql://keel:hunter2@db.example/keel")).isEqualTo("postgresql://keel:(hidden)@db.example/keel");
    assertThat(Redact.url("jdbc:postgresql://db.example/keel")).isEqualTo("jdbc:postgresql://db.example/keel");
    assertThat(Redact.without("cannot read 'hunter2' as a number", "hunter2")).isEqualTo("cannot read '(hidden)' as a number");
  }
}
