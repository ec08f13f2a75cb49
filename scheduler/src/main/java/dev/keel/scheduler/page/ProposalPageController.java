package dev.keel.scheduler.page;

import dev.keel.domain.proposal.Decision;
import dev.keel.domain.proposal.DecisionOutcome;
import dev.keel.domain.proposal.PageLink;
import dev.keel.persistence.api.ApiProposalReader;
import dev.keel.persistence.proposal.ProposalDao;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The investor's page, {@code /p/{token}}: the token is a {@link PageLink} naming one proposal until it expires, so
 * the link alone is the investor's credential for that proposal and nothing else. A decision posted from it goes
 * through the same rule as the API and the CLI ({@link ProposalDao#decide}: one conditional UPDATE, refused after
 * expiry, a repeat answers the first result), then redirects back to the page (post, redirect, get).
 *
 * <p>A link that is not genuine gets one "not valid" page whatever was wrong with it; an expired one is refused (410)
 * with one sentence on what became of its proposal. Responses are never cached,
 * send no referrer (the token is in the URL) and allow no script, frame or foreign form target.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ProposalPageController {

  private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none';"
      + " base-uri 'none'";

  private final ProposalDao proposals;
  private final ApiProposalReader owners;
  private final Clock clock;

  public ProposalPageController(ProposalDao proposals, ApiProposalReader owners, Clock clock) {
    this.proposals = proposals;
    this.owners = owners;
    this.clock = clock;
  }

  @GetMapping("/p/{token}")
  public ResponseEntity<String> show(@PathVariable String token) {
    Instant now = clock.instant();
    PageLink.Verdict verdict = link().verify(token, now);
    if (verdict instanceof PageLink.Verdict.Tampered) {
      return notValid();
    }
    if (verdict instanceof PageLink.Verdict.Expired e) {
      // refused: the link's time is over; it says only what became of its proposal
      Optional<ProposalDao.Summary> summary = proposals.find(e.proposalId());
      if (summary.isEmpty()) {
        return notValid();
      }
      return page(HttpStatus.GONE, ProposalPage.expiredLink(summary.get()));
    }
    Optional<ProposalDao.Detail> detail = proposals.detail(((PageLink.Verdict.Valid) verdict).proposalId());
    if (detail.isEmpty()) {
      return notValid();
    }
    return page(HttpStatus.OK, ProposalPage.proposal(detail.get(), token, now));
  }

  @PostMapping(path = "/p/{token}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  public ResponseEntity<String> decide(@PathVariable String token, @RequestParam(name = "decision", required = false) String decision,
                                       @RequestParam(name = "reason", required = false) String reason) {
    Instant now = clock.instant();
    PageLink.Verdict verdict = link().verify(token, now);
    if (verdict instanceof PageLink.Verdict.Tampered) {
      return notValid();
    }
    if (verdict instanceof PageLink.Verdict.Expired) {
      return decisionTooLate();
    }
    long id = ((PageLink.Verdict.Valid) verdict).proposalId();
    if (!"approve".equals(decision) && !"reject".equals(decision)) {
      return page(HttpStatus.BAD_REQUEST, ProposalPage.message("Choose approve or reject",
          "The decision must be approve or reject, was '" + (decision == null ? "" : decision) + "'. Nothing was recorded."));
    }
    Optional<String> accountRef = owners.owner(id);
    if (accountRef.isEmpty()) {
      return notValid();
    }
    Decision d;
    try {
      d = new Decision("approve".equals(decision), "investor " + accountRef.get() + " (page)",
          reason == null || reason.isBlank() ? null : reason, now);
    } catch (IllegalArgumentException e) {
      return page(HttpStatus.BAD_REQUEST, ProposalPage.message("Your decision was not recorded", e.getMessage()));
    }
    DecisionOutcome outcome = proposals.decide(id, d);
    if (outcome instanceof DecisionOutcome.Recorded || outcome instanceof DecisionOutcome.Repeated) {
      return backToPage(token);
    }
    if (outcome instanceof DecisionOutcome.Expired) {
      return decisionTooLate();
    }
    if (outcome instanceof DecisionOutcome.Conflict c) {
      return page(HttpStatus.CONFLICT, ProposalPage.message("This proposal was already decided",
          "It is " + c.status().name().toLowerCase(java.util.Locale.ROOT) + " and cannot be "
              + (d.approve() ? "approved" : "rejected") + " now. Nothing was changed."));
    }
    return notValid();
  }

  /** Read per request, not kept: emptying a database gives it a new key, and a kept one would refuse every new link. */
  private PageLink link() {
    return proposals.pageLink();
  }

  private static ResponseEntity<String> backToPage(String token) {
    return ResponseEntity.status(HttpStatus.SEE_OTHER).headers(headers()).location(URI.create(token)).build();
  }

  private static ResponseEntity<String> decisionTooLate() {
    return page(HttpStatus.CONFLICT, ProposalPage.message("This proposal has expired",
        "The time to decide on this proposal has passed, so nothing was recorded and nothing will be traded."));
  }

  private static ResponseEntity<String> notValid() {
    return page(HttpStatus.NOT_FOUND, ProposalPage.message("This link is not valid",
        "Please open the most recent message about your portfolio, or ask your platform for a new link."));
  }

  private static ResponseEntity<String> page(HttpStatus status, String html) {
    return ResponseEntity.status(status).headers(headers()).contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .body(html);
  }

  private static HttpHeaders headers() {
    HttpHeaders h = new HttpHeaders();
    h.setCacheControl(CacheControl.noStore());
    h.set("Content-Security-Policy", POLICY);
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Content-Type-Options", "nosniff");
    return h;
  }
}
