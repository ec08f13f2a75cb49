package dev.keel.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.persistence.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The approval API over real HTTP on 127.0.0.1: reads, authentication, and what lies outside /api. */
class ApiIT {

  private static ApiServer api;
  private final TestDatabase db = TestDatabase.get();
  private String key;

  @BeforeAll
  static void start() {
    api = ApiServer.shared();
  }

  @BeforeEach
  void clean() {
    db.reset();
    key = api.key("platform");
  }

  private String bearer() {
    return "Bearer " + key;
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void an_accounts_proposals_are_listed_newest_first_with_costs_as_decimal_strings() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiFixtures.proposal(db, 10, 1, "STANDARD", "EXPIRED", Duration.ofMinutes(-1));
    ApiFixtures.proposal(db, 11, 1, "STANDARD", "PROPOSED", Duration.ofHours(1));
    ApiServer.Response r = api.get("/api/v1/accounts/acc-1/proposals", "Authorization", bearer());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"id\":11").contains("\"id\":10").contains("\"amount\":\"3.50000000\"");
    assertThat(r.body().indexOf("\"id\":11")).isLessThan(r.body().indexOf("\"id\":10"));

    ApiServer.Response only = api.get("/api/v1/accounts/acc-1/proposals?status=PROPOSED", "Authorization", bearer());
    assertThat(only.body()).contains("\"id\":11").doesNotContain("\"id\":10");
  }

  @Test
  void a_long_list_pages_by_before_until_next_before_is_null() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    db.jdbi().useHandle(h -> {
      for (long p = 2; p <= 5; p++) {
        h.execute("INSERT INTO portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at)"
            + " VALUES (?, 1, 'p', 'TEST', 'BALANCED', 'USDT', now())", p);
      }
    });
    for (long p = 1; p <= 5; p++) {
      ApiFixtures.proposal(db, 10 + p, p, "STANDARD", "EXPIRED", Duration.ofMinutes(-1));
    }
    ApiServer.Response first = api.get("/api/v1/accounts/acc-1/proposals?limit=2", "Authorization", bearer());
    assertThat(first.body()).contains("\"id\":15").contains("\"id\":14").doesNotContain("\"id\":13").endsWith("\"nextBefore\":14}");
    ApiServer.Response second = api.get("/api/v1/accounts/acc-1/proposals?limit=2&before=14", "Authorization", bearer());
    assertThat(second.body()).contains("\"id\":13").contains("\"id\":12").endsWith("\"nextBefore\":12}");
    ApiServer.Response last = api.get("/api/v1/accounts/acc-1/proposals?limit=2&before=12", "Authorization", bearer());
    assertThat(last.body()).contains("\"id\":11").endsWith("\"nextBefore\":null}");
    ApiServer.Response none = api.get("/api/v1/accounts/acc-1/proposals?before=11", "Authorization", bearer());
    assertThat(none.body()).isEqualTo("{\"proposals\":[],\"nextBefore\":null}");
  }

  @Test
  void a_request_without_a_valid_key_is_refused_with_the_same_401_whatever_was_wrong() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    String revoked = api.key("platform");
    db.jdbi().useHandle(h -> h.execute("UPDATE api_key SET revoked_at = now()"));
    String path = "/api/v1/accounts/acc-1/proposals";
    ApiServer.Response none = api.get(path);
    ApiServer.Response malformed = api.get(path, "Authorization", "Bearer nonsense");
    ApiServer.Response unknown = api.get(path, "Authorization", "Bearer keel_aaaaaaaaaaaa_" + "0".repeat(64));
    ApiServer.Response wrongSecret = api.get(path, "Authorization", "Bearer " + key.substring(0, key.length() - 64) + "1".repeat(64));
    ApiServer.Response basic = api.get(path, "Authorization", "Basic dXNlcjpwYXNz");
    for (ApiServer.Response r : java.util.List.of(none, malformed, unknown, wrongSecret, basic)) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.body()).isEqualTo(none.body());
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"keel\"");
    }
    assertThat(none.body()).contains("urn:keel:problem:UNAUTHORIZED").doesNotContain("acc-1");
  }

  @Test
  void an_unknown_api_path_answers_a_404_problem_after_authentication() {
    ApiServer.Response r = api.get("/api/v2/anything", "Authorization", bearer());
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.body()).contains("urn:keel:problem:NOT_FOUND");
    assertThat(api.get("/api/v2/anything").status()).isEqualTo(401);
  }

  @Test
  void paths_outside_the_api_and_the_page_answer_404() {
    assertThat(api.get("/actuator/health").status()).isEqualTo(404);
    assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(404);
    assertThat(api.get("/").status()).isEqualTo(404);
  }

  @Test
  void the_openapi_document_is_served_without_a_key() {
    ApiServer.Response r = api.get("/v3/api-docs");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("/api/v1/accounts/{accountId}/proposals");
  }
}
