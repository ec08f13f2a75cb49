package dev.keel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.persistence.testing.TestDatabase;
import dev.keel.scheduler.api.ApiKey;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code keel ops api-keys}: a key printed once and stored as its hash, listed without secrets, revoked and audited. */
class ApiKeysCommandIT {

  private static final Pattern KEY = Pattern.compile("keel_([a-z2-7]{12})_[0-9a-f]{64}");
  private final TestDatabase db = TestDatabase.get();

  @BeforeEach
  void clean() {
    db.reset();
  }

  private String one(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void create_prints_the_key_once_and_stores_only_its_hash() {
    CliRun.Result r = CliRun.keel("ops", "api-keys", "create", "--client", "platform", "--db-url", db.url());
    assertThat(r.code()).as(r.err()).isZero();
    Matcher m = KEY.matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    String key = m.group();
    String id = m.group(1);
    assertThat(r.out().indexOf(key)).isEqualTo(r.out().lastIndexOf(key));
    assertThat(one("SELECT client FROM api_key WHERE id = '" + id + "'")).isEqualTo("platform");
    byte[] stored = db.jdbi().withHandle(h -> h.createQuery("SELECT secret_sha256 FROM api_key").mapTo(byte[].class).one());
    assertThat(stored).isEqualTo(ApiKey.sha256(key));
    String secret = key.substring(key.lastIndexOf('_') + 1);
    assertThat(count("SELECT count(*) FROM api_key k WHERE row_to_json(k)::text LIKE '%" + secret.substring(0, 16) + "%'")).isZero();
    assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'CREATE_API_KEY' AND subject = 'api key " + id
        + " of platform'")).isEqualTo(1);
  }

  @Test
  void list_shows_every_key_of_a_client_without_secrets_and_revoke_marks_one() {
    String first = CliRun.keel("ops", "api-keys", "create", "--client", "platform", "--db-url", db.url()).out();
    String second = CliRun.keel("ops", "api-keys", "create", "--client", "platform", "--db-url", db.url()).out();
    Matcher a = KEY.matcher(first);
    Matcher b = KEY.matcher(second);
    assertThat(a.find() && b.find()).isTrue();

    CliRun.Result list = CliRun.keel("ops", "api-keys", "list", "--db-url", db.url());
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains(a.group(1)).contains(b.group(1)).doesNotContain(a.group()).doesNotContain(b.group());
    assertThat(count("SELECT count(*) FROM api_key WHERE client = 'platform' AND revoked_at IS NULL")).isEqualTo(2);

    CliRun.Result revoke = CliRun.keel("ops", "api-keys", "revoke", a.group(1), "--db-url", db.url());
    assertThat(revoke.code()).as(revoke.err()).isZero();
    assertThat(revoke.out()).contains("api key " + a.group(1) + " of client platform revoked at");
    assertThat(count("SELECT count(*) FROM api_key WHERE revoked_at IS NOT NULL")).isEqualTo(1);
    assertThat(one("SELECT id FROM api_key WHERE revoked_at IS NULL")).isEqualTo(b.group(1));
    assertThat(CliRun.keel("ops", "api-keys", "list", "--db-url", db.url()).out()).containsPattern(a.group(1) + ".*Z\\s+operator:");
  }

  @Test
  void the_api_settings_are_accepted_on_the_command_line_none_of_them_being_a_secret() {
    CliRun.Result r = CliRun.keel("ops", "api-keys", "list", "--keel.api.auth-cache-ttl=1s", "--keel.api.rate-limit-burst=10",
        "--keel.api.idempotency-retention=2h", "--db-url", db.url());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("(no api keys)");
  }

  @Test
  void bad_input_is_named_and_a_whole_key_is_never_echoed() {
    CliRun.Result client = CliRun.keel("ops", "api-keys", "create", "--client", "bad name", "--db-url", db.url());
    assertThat(client.code()).isEqualTo(1);
    assertThat(client.err()).contains("--client must be").contains("was 'bad name'");
    CliRun.Result missing = CliRun.keel("ops", "api-keys", "revoke", "aaaaaaaaaaaa", "--db-url", db.url());
    assertThat(missing.code()).isEqualTo(5);
    assertThat(missing.err().strip()).isEqualTo("keel ops api-keys revoke: no api key 'aaaaaaaaaaaa'");
    String pasted = "keel_aaaaaaaaaaaa_" + "ab".repeat(32);
    CliRun.Result whole = CliRun.keel("ops", "api-keys", "revoke", pasted, "--db-url", db.url());
    assertThat(whole.code()).isEqualTo(5);
    assertThat(whole.err()).doesNotContain("abab").contains("not an id");
  }
}
