package dev.keel.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.jobs.execution.ProposalExecutor;
import dev.keel.persistence.api.IdempotencyDao;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Decisions through the API over real HTTP (FAULTS.md A1 to A6, the Idempotency-Key rules), each checked in SQL: the
 * proposal's status, its status history, the audit trail, and what executed.
 */
class DecisionApiIT {

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

  private String[] auth(String idempotencyKey) {
    return idempotencyKey == null ? new String[] {"Authorization", "Bearer " + key}
        : new String[] {"Authorization", "Bearer " + key, "Idempotency-Key", idempotencyKey};
  }

  private ApiServer.Response approve(String account, long id, String idempotencyKey, String body) {
    return api.post("/api/v1/accounts/" + account + "/proposals/" + id + "/approve", body, auth(idempotencyKey));
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  private String one(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }

  private String history(long id) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT string_agg(status, ' ' ORDER BY id) FROM proposal_status_history"
        + " WHERE proposal_id = :id").bind("id", id).mapTo(String.class).one());
  }

  @Test
  void an_approval_makes_one_transition_and_a_repeat_with_its_key_answers_the_first_response() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiFixtures.proposal(db, 10, 1, "STANDARD", "PROPOSED", Duration.ofHours(1));
    ApiServer.Response first = approve("acc-1", 10, "k-1", "{\"reason\": \"fine\"}");
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.body()).contains("\"status\":\"APPROVED\"").contains("\"decidedBy\":\"investor:acc-1 via api:platform\"");
    ApiServer.Response repeat = approve("acc-1", 10, "k-1", "{\"reason\": \"fine\"}");
    assertThat(repeat.status()).isEqualTo(200);
    assertThat(repeat.body()).isEqualTo(first.body());
    assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");

    assertThat(history(10)).isEqualTo("PROPOSED APPROVED");
    assertThat(one("SELECT decision_reason FROM proposal WHERE id = 10")).isEqualTo("fine");
    assertThat(count("SELECT count(*) FROM audit_event WHERE subject = 'proposal 10' AND action = 'APPROVE'"
        + " AND outcome = 'RECORDED' AND actor = 'investor:acc-1 via api:platform'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM api_idempotency WHERE client = 'platform' AND idempotency_key = 'k-1'"
        + " AND state = 'DONE' AND response_status = 200")).isEqualTo(1);
  }

  @Test
  void a_decision_rolls_back_with_the_transaction_that_stores_its_response() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiFixtures.proposal(db, 10, 1, "STANDARD", "PROPOSED", Duration.ofHours(1));
    var transaction = new org.springframework.transaction.support.TransactionTemplate(
        api.context.getBean(org.springframework.jdbc.support.JdbcTransactionManager.class));
    var proposals = api.context.getBean(dev.keel.persistence.proposal.ProposalDao.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> transaction.executeWithoutResult(tx -> {
      proposals.decide(10, new dev.keel.domain.proposal.Decision(true, "investor:acc-1", null, Instant.now()));
      throw new IllegalStateException("the response could not be stored");
    })).hasMessage("the response could not be stored");
    assertThat(history(10)).as("the decision's own transaction joined the outer one").isEqualTo("PROPOSED");
    assertThat(count("SELECT count(*) FROM audit_event WHERE action <> 'CREATE_API_KEY'")).isZero();
  }

  @Test
  void a_decision_without_an_idempotency_key_is_refused_with_400_and_changes_nothing() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiFixtures.proposal(db, 10, 1, "STANDARD", "PROPOSED", Duration.ofHours(1));
    ApiServer.Response r = approve("acc-1", 10, null, null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("urn:keel:problem:IDEMPOTENCY_KEY_MISSING");
    assertThat(one("SELECT status FROM proposal WHERE id = 10")).isEqualTo("PROPOSED");
    assertThat(count("SELECT count(*) FROM audit_event WHERE action <> 'CREATE_API_KEY'")).isZero();
  }

  @Test
  void the_same_key_with_another_body_or_proposal_is_refused_with_422() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiFixtures.proposal(db, 10, 1, "STANDARD", "PROPOSED", Duration.ofHours(1));
    ApiFixtures.account(db, 2, "acc-2", "STANDARD");
    ApiFixtures.proposal(db, 20, 2, "STANDARD", "PROPOSED", Duration.ofHours(1));
    assertThat(approve("acc-1", 10, "k-1", "{\"reason\": \"a\"}").status()).isEqualTo(200);
    ApiServer.Response otherBody = approve("acc-1", 10, "k-1", "{\"reason\": \"b\"}");
    assertThat(otherBody.status()).isEqualTo(422);
    assertThat(otherBody.body()).contains("urn:keel:problem:IDEMPOTENCY_KEY_REUSED");
    assertThat(approve("acc-2", 20, "k-1", "{\"reason\": \"a\"}").status()).isEqualTo(422);
    assertThat(api.post("/api/v1/accounts/acc-1/proposals/10/reject", "{\"reason\": \"a\"}", auth("k-1")).status()).isEqualTo(422);
    assertThat(one("SELECT status FROM proposal WHERE id = 20")).isEqualTo("PROPOSED");
    assertThat(one("SELECT decision_reason FROM proposal WHERE id = 10")).isEqualTo("a");
  }

  @Test
  void the_same_key_while_the_first_request_is_in_flight_answers_409_and_the_decision_is_made_once() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiFixtures.proposal(db, 10, 1, "STANDARD", "PROPOSED", Duration.ofHours(1));
    // the first request has claimed the key and is still deciding
    api.context.getBean(IdempotencyDao.class).claim("platform", "k-1",
        DecisionService.fingerprint("POST", "/api/v1/accounts/acc-1/proposals/10/approve", null), Instant.now(), Duration.ofMinutes(1));
    ApiServer.Response r = approve("acc-1", 10, "k-1", null);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.body()).contains("urn:keel:problem:IDEMPOTENCY_KEY_IN_FLIGHT");
    assertThat(r.header("Retry-After")).isEqualTo("1");
    assertThat(history(10)).isEqualTo("PROPOSED");
    assertThat(count("SELECT count(*) FROM audit_event WHERE action <> 'CREATE_API_KEY'")).isZero();
  }

  @Test
  void a_claim_whose_node_died_is_taken_over_by_a_repeat_after_the_abandon_time() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiFixtures.proposal(db, 10, 1, "STANDARD", "PROPOSED", Duration.ofHours(1));
    // claimed a minute ago by a node that never answered (keel.api.idempotency-abandon-after is 30 s)
    api.context.getBean(IdempotencyDao.class).claim("platform", "k-1",
        DecisionService.fingerprint("POST", "/api/v1/accounts/acc-1/proposals/10/approve", null), Instant.now().minusSeconds(60),
        Duration.ofSeconds(30));
    ApiServer.Response r = approve("acc-1", 10, "k-1", null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(history(10)).isEqualTo("PROPOSED APPROVED");
    assertThat(approve("acc-1", 10, "k-1", null).body()).isEqualTo(r.body());
  }

  @Test
  void a1_an_approval_after_expiry_is_refused_with_proposal_expired_and_nothing_executes() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiFixtures.proposal(db, 10, 1, "STANDARD", "PROPOSED", Duration.ofSeconds(-1));
    ApiServer.Response r = approve("acc-1", 10, "k-1", null);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.body()).contains("\"type\":\"urn:keel:problem:PROPOSAL_EXPIRED\"").contains("\"code\":\"PROPOSAL_EXPIRED\"")
        .contains("expiresAt");
    assertThat(approve("acc-1", 10, "k-1", null).body()).isEqualTo(r.body());

    assertThat(one("SELECT status FROM proposal WHERE id = 10")).isEqualTo("PROPOSED");
    assertThat(count("SELECT count(*) FROM proposal WHERE decided_by IS NOT NULL")).isZero();
    assertThat(count("SELECT count(*) FROM audit_event WHERE subject = 'proposal 10' AND outcome = 'EXPIRED'")).isEqualTo(1);
    api.context.getBean(ProposalExecutor.class).run();
    assertThat(history(10)).isEqualTo("PROPOSED");
    assertThat(count("SELECT count(*) FROM venue_order")).isZero();
  }

  @Test
  void a2_a4_two_concurrent_approvals_make_one_transition_and_one_execution_and_an_undecided_proposal_never_executes()
      throws Exception {
    Pipeline.proposals(api.context, 30);
    List<Long> ids = db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM proposal WHERE status = 'PROPOSED' ORDER BY id LIMIT 2")
        .mapTo(Long.class).list());
    assertThat(ids).as("proposals from the scan").hasSize(2);
    long id = ids.get(0);
    long undecided = ids.get(1);
    String account = one("SELECT a.external_ref FROM proposal p JOIN portfolio pf ON pf.id = p.portfolio_id JOIN account a"
        + " ON a.id = pf.account_id WHERE p.id = " + id);

    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<ApiServer.Response> answers = new ArrayList<>();
    try {
      List<Future<ApiServer.Response>> futures = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String k = "concurrent-" + i;
        Callable<ApiServer.Response> call = () -> {
          start.await();
          return approve(account, id, k, null);
        };
        futures.add(pool.submit(call));
      }
      for (Future<ApiServer.Response> f : futures) {
        answers.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(answers).extracting(ApiServer.Response::status).containsExactly(200, 200);
    assertThat(answers.get(1).body()).isEqualTo(answers.get(0).body());
    assertThat(history(id)).isEqualTo("PROPOSED APPROVED");
    assertThat(count("SELECT count(*) FROM audit_event WHERE subject = 'proposal " + id + "' AND outcome = 'RECORDED'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM audit_event WHERE subject = 'proposal " + id + "' AND outcome = 'REPEATED'")).isEqualTo(1);

    ProposalExecutor executor = api.context.getBean(ProposalExecutor.class);
    executor.run();
    executor.run();
    assertThat(history(id)).startsWith("PROPOSED APPROVED EXECUTING ");
    assertThat(count("SELECT count(*) FROM proposal_status_history WHERE proposal_id = " + id + " AND status = 'EXECUTING'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id WHERE t.proposal_id = "
        + id + " AND o.sequence > 1")).isZero();
    assertThat(count("SELECT count(*) FROM proposal_trade t WHERE t.proposal_id = " + id + " AND (SELECT count(*) FROM venue_order o"
        + " WHERE o.proposal_trade_id = t.id) > 1")).isZero();
    assertThat(history(undecided)).isEqualTo("PROPOSED");
    assertThat(count("SELECT count(*) FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id WHERE t.proposal_id = "
        + undecided)).isZero();
  }

  @Test
  void a4_approving_a_premium_proposal_is_a_conflict_that_changes_nothing_and_it_still_executes_without_a_decision() {
    Pipeline.proposals(api.context, 30, 1.0);
    List<Long> ids = db.jdbi().withHandle(h -> h.createQuery("SELECT id FROM proposal WHERE tier_at_creation = 'PREMIUM'"
        + " AND status = 'APPROVED' ORDER BY id LIMIT 1").mapTo(Long.class).list());
    assertThat(ids).as("premium proposals from the scan, approved on creation").hasSize(1);
    long id = ids.get(0);
    String account = one("SELECT a.external_ref FROM proposal p JOIN portfolio pf ON pf.id = p.portfolio_id JOIN account a"
        + " ON a.id = pf.account_id WHERE p.id = " + id);
    String decision = "SELECT status || ' | ' || decided_by || ' | ' || decided_at || ' | ' || coalesce(decision_reason, '')"
        + " FROM proposal WHERE id = " + id;
    String decidedBefore = one(decision);
    assertThat(decidedBefore).startsWith("APPROVED | keel:auto-premium | ");
    String historyBefore = history(id);

    ApiServer.Response r = approve(account, id, "k-1", "{\"reason\": \"yes please\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(409);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.body()).contains("\"type\":\"urn:keel:problem:PROPOSAL_CONFLICT\"").contains("\"code\":\"PROPOSAL_CONFLICT\"")
        .contains("\"proposalStatus\":\"APPROVED\"").contains("premium");

    assertThat(one(decision)).as("still the automatic approval, its time and reason").isEqualTo(decidedBefore);
    assertThat(history(id)).isEqualTo(historyBefore);
    assertThat(count("SELECT count(*) FROM audit_event WHERE subject = 'proposal " + id + "' AND action = 'APPROVE'"
        + " AND outcome = 'CONFLICT' AND actor = 'investor:" + account + " via api:platform'")).isEqualTo(1);

    api.context.getBean(ProposalExecutor.class).run();
    assertThat(history(id)).startsWith(historyBefore + " EXECUTING ");
    assertThat(count("SELECT count(*) FROM venue_order o JOIN proposal_trade t ON t.id = o.proposal_trade_id WHERE t.proposal_id = "
        + id)).as("executed without a decision").isPositive();
  }

  @Test
  void approving_a_rejected_proposal_is_a_conflict_naming_its_status_and_changes_nothing() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiFixtures.proposal(db, 10, 1, "STANDARD", "PROPOSED", Duration.ofHours(1));
    assertThat(api.post("/api/v1/accounts/acc-1/proposals/10/reject", "{\"reason\": \"no\"}", auth("k-1")).status()).isEqualTo(200);

    ApiServer.Response r = approve("acc-1", 10, "k-2", null);
    assertThat(r.status()).as(r.body()).isEqualTo(409);
    assertThat(r.body()).contains("\"type\":\"urn:keel:problem:PROPOSAL_CONFLICT\"").contains("\"proposalStatus\":\"REJECTED\"")
        .contains("proposal 10 is REJECTED");
    assertThat(approve("acc-1", 10, "k-2", null).body()).as("a repeat answers the same").isEqualTo(r.body());

    assertThat(one("SELECT status || ' ' || decided_by || ' ' || decision_reason FROM proposal WHERE id = 10"))
        .isEqualTo("REJECTED investor:acc-1 via api:platform no");
    assertThat(history(10)).isEqualTo("PROPOSED REJECTED");
    assertThat(count("SELECT count(*) FROM audit_event WHERE subject = 'proposal 10' AND action = 'APPROVE' AND outcome = 'CONFLICT'"))
        .isEqualTo(1);
    api.context.getBean(ProposalExecutor.class).run();
    assertThat(history(10)).isEqualTo("PROPOSED REJECTED");
    assertThat(count("SELECT count(*) FROM venue_order")).isZero();
  }

  @Test
  void rejecting_an_approved_proposal_is_a_conflict_naming_its_status_and_changes_nothing() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiFixtures.proposal(db, 10, 1, "STANDARD", "PROPOSED", Duration.ofHours(1));
    assertThat(approve("acc-1", 10, "k-1", "{\"reason\": \"yes\"}").status()).isEqualTo(200);

    ApiServer.Response r = api.post("/api/v1/accounts/acc-1/proposals/10/reject", "{\"reason\": \"changed my mind\"}", auth("k-2"));
    assertThat(r.status()).as(r.body()).isEqualTo(409);
    assertThat(r.body()).contains("\"type\":\"urn:keel:problem:PROPOSAL_CONFLICT\"").contains("\"proposalStatus\":\"APPROVED\"")
        .contains("proposal 10 is APPROVED");

    assertThat(one("SELECT status || ' ' || decided_by || ' ' || decision_reason FROM proposal WHERE id = 10"))
        .isEqualTo("APPROVED investor:acc-1 via api:platform yes");
    assertThat(history(10)).isEqualTo("PROPOSED APPROVED");
    assertThat(count("SELECT count(*) FROM audit_event WHERE subject = 'proposal 10' AND action = 'REJECT' AND outcome = 'CONFLICT'"
        + " AND detail = 'changed my mind'")).isEqualTo(1);
  }

  @Test
  void a3_acting_on_another_accounts_proposal_answers_404_is_audited_and_changes_nothing() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiFixtures.account(db, 2, "acc-2", "STANDARD");
    ApiFixtures.proposal(db, 20, 2, "STANDARD", "PROPOSED", Duration.ofHours(1));
    ApiServer.Response decide = approve("acc-1", 20, "k-1", null);
    ApiServer.Response read = api.get("/api/v1/accounts/acc-1/proposals/20", auth(null));
    ApiServer.Response missing = approve("acc-1", 999, "k-2", null);
    assertThat(decide.status()).isEqualTo(404);
    assertThat(read.status()).isEqualTo(404);
    assertThat(decide.body()).isEqualTo(missing.body().replace("999", "20")).doesNotContain("acc-2");
    assertThat(api.get("/api/v1/accounts/acc-1/proposals", auth(null)).body()).doesNotContain("\"id\":20");

    assertThat(history(20)).isEqualTo("PROPOSED");
    assertThat(count("SELECT count(*) FROM proposal WHERE decided_by IS NOT NULL")).isZero();
    assertThat(count("SELECT count(*) FROM audit_event WHERE subject = 'proposal 20' AND outcome = 'NOT_OWNED'"
        + " AND actor = 'api:platform' AND action = 'APPROVE' AND detail = 'requested for account acc-1'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM audit_event WHERE subject = 'proposal 20' AND outcome = 'NOT_OWNED'"
        + " AND action = 'READ'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM audit_event WHERE subject = 'proposal 999'")).isZero();
  }

  @Test
  void a5_a_reason_with_sql_and_script_is_stored_verbatim_and_returned_as_data() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiFixtures.proposal(db, 10, 1, "STANDARD", "PROPOSED", Duration.ofHours(1));
    String hostile = "'); DROP TABLE proposal; --\n<script>alert(\"x\")</script>";
    String body = "{\"reason\": \"'); DROP TABLE proposal; --\\n<script>alert(\\\"x\\\")</script>\"}";
    ApiServer.Response r = api.post("/api/v1/accounts/acc-1/proposals/10/reject", body, auth("k-1"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(one("SELECT decision_reason FROM proposal WHERE id = 10")).isEqualTo(hostile);
    assertThat(count("SELECT count(*) FROM proposal")).isEqualTo(1);
    ApiServer.Response detail = api.get("/api/v1/accounts/acc-1/proposals/10", auth(null));
    assertThat(detail.header("Content-Type")).startsWith("application/json");
    assertThat(detail.body()).contains("\"reason\":\"'); DROP TABLE proposal; --\\n<script>alert(\\\"x\\\")</script>\"");
  }

  @Test
  void a6_a_decision_without_a_valid_key_is_refused_with_401_and_changes_nothing() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiFixtures.proposal(db, 10, 1, "STANDARD", "PROPOSED", Duration.ofHours(1));
    ApiServer.Response none = api.post("/api/v1/accounts/acc-1/proposals/10/approve", null, "Idempotency-Key", "k-1");
    ApiServer.Response wrong = api.post("/api/v1/accounts/acc-1/proposals/10/approve", null, "Idempotency-Key", "k-1",
        "Authorization", "Bearer " + key.substring(0, key.length() - 1) + (key.endsWith("0") ? "1" : "0"));
    assertThat(none.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo(none.body());
    assertThat(history(10)).isEqualTo("PROPOSED");
    assertThat(count("SELECT count(*) FROM api_idempotency")).isZero();
    assertThat(count("SELECT count(*) FROM audit_event WHERE action <> 'CREATE_API_KEY'")).isZero();
  }

  @Test
  void a_proposals_detail_shows_trades_costs_drift_regimes_tracking_error_and_status_history() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiFixtures.proposal(db, 10, 1, "STANDARD", "PROPOSED", Duration.ofHours(1));
    approve("acc-1", 10, "k-1", "{\"reason\": \"ok\"}");
    ApiServer.Response r = api.get("/api/v1/accounts/acc-1/proposals/10", auth(null));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"accountId\":\"acc-1\"")
        .contains("\"expectedCost\":{\"amount\":\"3.50000000\",\"currency\":\"USDT\",\"bps\":3.5}")
        .contains("\"asset\":\"BTC\",\"side\":\"SELL\",\"quantity\":\"0.010000000000000000\"")
        .contains("\"regime\":\"CALM\",\"bandMultiplier\":0.75")
        .contains("\"trackingError\":{\"before\":0.02,\"after\":0.001}")
        .contains("\"costToTarget\":{\"amount\":\"9.10000000\",\"currency\":\"USDT\"")
        .contains("\"naiveRebalance\":null")
        .contains("\"status\":\"PROPOSED\"").contains("\"status\":\"APPROVED\"")
        .contains("\"actor\":\"investor:acc-1 via api:platform\",\"reason\":\"ok\"");
  }

  @Test
  void bad_parameters_are_named_in_a_400_problem() {
    ApiFixtures.account(db, 1, "acc-1", "STANDARD");
    ApiServer.Response status = api.get("/api/v1/accounts/acc-1/proposals?status=DONE", auth(null));
    assertThat(status.status()).isEqualTo(400);
    assertThat(status.body()).contains("status must be ProposalStatus").contains("was 'DONE'");
    ApiServer.Response limit = api.get("/api/v1/accounts/acc-1/proposals?limit=0", auth(null));
    assertThat(limit.body()).contains("limit must be between 1 and 200, was 0");
    ApiServer.Response unknown = api.get("/api/v1/accounts/nobody/proposals", auth(null));
    assertThat(unknown.status()).isEqualTo(404);
    ApiServer.Response body = approve("acc-1", 1, "k-9", "{\"reason\": ");
    assertThat(body.status()).isEqualTo(400);
    assertThat(body.body()).contains("urn:keel:problem:BAD_REQUEST");
  }
}
