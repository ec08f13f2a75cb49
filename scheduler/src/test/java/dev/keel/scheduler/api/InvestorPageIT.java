package dev.keel.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.persistence.proposal.ProposalDao;
import dev.keel.persistence.testing.TestDatabase;
import dev.keel.scheduler.page.HeadlessChrome;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The investor's page over real HTTP, in a real headless Chromium, on the real database. */
class InvestorPageIT {

  private static final String INJECTION = "'); DROP TABLE proposal; -- <script>alert(1)</script>";

  private static ApiServer server;
  private final TestDatabase db = TestDatabase.get();
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() {
    server = ApiServer.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void clean() {
    db.reset();
  }

  private String link(long proposalId) {
    Instant expiresAt = db.jdbi().withHandle(h -> h.createQuery("SELECT expires_at FROM proposal WHERE id = :id").bind("id", proposalId)
        .mapTo(Instant.class).one());
    return "/p/" + server.context.getBean(ProposalDao.class).pageLink().sign(proposalId, expiresAt);
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(server.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, Object> proposal(long id) {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT status, decided_by, decision_reason FROM proposal WHERE id = :id")
        .bind("id", id).mapToMap().one());
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void an_investor_opens_the_signed_link_reads_the_trades_and_approves_in_a_real_browser() throws Exception {
    ApiFixtures.account(db, 1, "acct-page-1", "STANDARD");
    long id = ApiFixtures.proposal(db, 101, 1, "STANDARD", "PROPOSED", Duration.ofHours(2));
    try (HeadlessChrome chrome = HeadlessChrome.start()) {
      chrome.run("investor-page", () -> {
        chrome.driver.get(server.uri(link(id)).toString());
        assertThat(chrome.driver.getTitle()).isEqualTo("Proposal 101 | Keel");
        List<WebElement> rows = chrome.driver.findElements(By.cssSelector("tr[data-asset]"));
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.getText()).contains("BTC").contains("Sell").contains("0.01"));
        assertThat(chrome.driver.findElement(By.id("expected-cost")).getText()).isEqualTo("3.50 USDT");
        assertThat(chrome.driver.findElement(By.id("cost-to-target")).getText()).as("trading every line back to target")
            .isEqualTo("9.10 USDT");
        assertThat(chrome.driver.findElement(By.xpath("//section[h2='What it costs']/p")).getText())
            .as("tracking error before and after").startsWith("Tracking error against your target: 2.0% now, 0.1% after");
        assertThat(regime(chrome, "BTC")).isEqualTo("calm");
        assertThat(regime(chrome, "USDT")).isEqualTo("normal");
        assertThat(chrome.driver.findElement(By.id("status")).getAttribute("data-status")).isEqualTo("PROPOSED");
        assertThat(overflow(chrome)).as("the page fits the phone's width: no sideways scrolling").isLessThanOrEqualTo(0);
        chrome.driver.findElement(By.id("reason")).sendKeys(INJECTION);
        chrome.screenshot("investor-page-before-approval");
        chrome.driver.findElement(By.cssSelector("button.approve")).click();
        new WebDriverWait(chrome.driver, Duration.ofSeconds(20)).until(
            ExpectedConditions.attributeToBe(By.id("status"), "data-status", "APPROVED"));
        assertThat(chrome.driver.findElement(By.id("status")).getText()).startsWith("Approved on");
        assertThat(chrome.driver.findElement(By.id("history")).getText()).as("the reason shown as the investor typed it")
            .contains(INJECTION);
        assertThat(chrome.driver.findElements(By.tagName("form"))).as("no second decision offered").isEmpty();
        assertThat(overflow(chrome)).as("the approved page fits the phone's width").isLessThanOrEqualTo(0);
        Path shot = chrome.screenshot("investor-page-approved");
        assertThat(Files.size(shot)).isPositive();
      });
    }
    assertThat(proposal(id)).containsEntry("status", "APPROVED").containsEntry("decided_by", "investor acct-page-1 (page)")
        .containsEntry("decision_reason", INJECTION);
    assertThat(count("SELECT count(*) FROM proposal")).as("the reason was never interpreted").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'APPROVE' AND subject = 'proposal 101' AND outcome = 'RECORDED'"))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM proposal_status_history WHERE proposal_id = 101 AND status = 'APPROVED'")).isEqualTo(1);
  }

  /** The market cell of an asset's line in "Why": its regime in words. */
  private static String regime(HeadlessChrome chrome, String asset) {
    return chrome.driver.findElement(By.xpath("//section[h2='Why']//tbody/tr[td[1]='" + asset + "']/td[5]")).getText();
  }

  /** CSS pixels the page is wider than the window (0 or less: it fits). */
  private static long overflow(HeadlessChrome chrome) {
    return ((Number) chrome.driver.executeScript("return document.documentElement.scrollWidth - window.innerWidth;")).longValue();
  }

  @Test
  void a_second_post_of_the_same_decision_changes_nothing_and_lands_on_the_same_page() throws Exception {
    ApiFixtures.account(db, 1, "acct-page-2", "STANDARD");
    long id = ApiFixtures.proposal(db, 102, 1, "STANDARD", "PROPOSED", Duration.ofHours(2));
    String link = link(id);
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = post(link, "decision=reject&reason=" + URLEncoder.encode("too dear", StandardCharsets.UTF_8));
      assertThat(r.statusCode()).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).hasValue(link.substring("/p/".length()));
    }
    assertThat(proposal(id)).containsEntry("status", "REJECTED").containsEntry("decision_reason", "too dear");
    assertThat(count("SELECT count(*) FROM proposal_status_history WHERE proposal_id = 102 AND status = 'REJECTED'")).isEqualTo(1);
    HttpResponse<String> page = get(link);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("data-status=\"REJECTED\"").doesNotContain("<form");
    assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
  }

  @Test
  void a_tampered_link_is_refused_and_reveals_nothing() throws Exception {
    ApiFixtures.account(db, 1, "acct-page-3", "STANDARD");
    long id = ApiFixtures.proposal(db, 103, 1, "STANDARD", "PROPOSED", Duration.ofHours(2));
    String token = link(id).substring("/p/".length());
    byte[] raw = Base64.getUrlDecoder().decode(token);
    raw[7] ^= 0x01; // another proposal id, same signature
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    for (String bad : List.of(forged, token.substring(0, 40), "nonsense")) {
      HttpResponse<String> page = get("/p/" + bad);
      assertThat(page.statusCode()).as(bad).isEqualTo(404);
      assertThat(page.body()).contains("This link is not valid").doesNotContain("103").doesNotContain("BTC");
      assertThat(post("/p/" + bad, "decision=approve").statusCode()).isEqualTo(404);
    }
    assertThat(proposal(id)).containsEntry("status", "PROPOSED");
  }

  @Test
  void an_expired_link_is_refused_saying_only_what_became_of_its_proposal_and_takes_no_decision() throws Exception {
    ApiFixtures.account(db, 1, "acct-page-4", "STANDARD");
    long id = ApiFixtures.proposal(db, 104, 1, "STANDARD", "PROPOSED", Duration.ofMinutes(-5));
    String link = link(id);
    HttpResponse<String> page = get(link);
    assertThat(page.statusCode()).isEqualTo(410);
    assertThat(page.body()).contains("This link has expired").contains("It expired without a decision")
        .doesNotContain("<form").doesNotContain("BTC").doesNotContain("data-asset");
    HttpResponse<String> decided = post(link, "decision=approve");
    assertThat(decided.statusCode()).isEqualTo(409);
    assertThat(decided.body()).contains("This proposal has expired");
    assertThat(proposal(id)).containsEntry("status", "PROPOSED").containsEntry("decided_by", null);
  }

  @Test
  void a_post_without_a_decision_or_with_an_overlong_reason_records_nothing_and_says_why() throws Exception {
    ApiFixtures.account(db, 1, "acct-page-5", "STANDARD");
    long id = ApiFixtures.proposal(db, 105, 1, "STANDARD", "PROPOSED", Duration.ofHours(2));
    String link = link(id);
    HttpResponse<String> none = post(link, "decision=maybe");
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.body()).contains("must be approve or reject, was &#39;maybe&#39;");
    HttpResponse<String> longReason = post(link, "decision=approve&reason=" + "x".repeat(2_001));
    assertThat(longReason.statusCode()).isEqualTo(400);
    assertThat(longReason.body()).contains("2001 characters");
    assertThat(proposal(id)).containsEntry("status", "PROPOSED");
  }

  @Test
  void a_premium_proposal_s_page_offers_no_decision_and_refuses_one() throws Exception {
    ApiFixtures.account(db, 1, "acct-page-6", "PREMIUM");
    long id = ApiFixtures.proposal(db, 106, 1, "PREMIUM", "APPROVED", Duration.ofHours(2));
    String link = link(id);
    assertThat(get(link).body()).contains("data-status=\"APPROVED\"").doesNotContain("<form");
    HttpResponse<String> r = post(link, "decision=reject");
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(proposal(id)).containsEntry("status", "APPROVED");
    assertThat(URI.create(server.uri(link).toString()).getPath()).startsWith("/p/");
  }
}
