package dev.keel.scheduler.api;

import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.persistence.api.ApiProposalReader;
import dev.keel.persistence.proposal.ProposalDao;
import dev.keel.scheduler.KeelProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An account's proposals, for the platform's back end. {@code accountId} is the platform's own reference of the
 * account ({@code account.external_ref}), the one it knows; Keel's numeric ids change when a database is rebuilt.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RequestMapping(path = "/api/v1/accounts/{accountId}/proposals", produces = "application/json")
@Tag(name = "proposals", description = "An account's rebalancing proposals and the investor's decisions")
@SecurityRequirement(name = "apiKey")
public class ProposalsController {

  static final String CURRENCY = "USDT";

  private final ApiProposalReader reader;
  private final ProposalDao proposals;
  private final DecisionService decisions;
  private final Clock clock;
  private final int maxPageSize;

  public ProposalsController(ApiProposalReader reader, ProposalDao proposals, DecisionService decisions, Clock clock,
                             KeelProperties properties) {
    this.reader = reader;
    this.proposals = proposals;
    this.decisions = decisions;
    this.clock = clock;
    this.maxPageSize = properties.api().maxPageSize();
  }

  @GetMapping
  @Operation(summary = "An account's proposals, newest first", description = "Pages by `before`: pass the previous page's"
      + " `nextBefore`. 404 when Keel has no account with this reference.")
  public ProposalViews.ProposalPage list(
      @Parameter(description = "the platform's account reference") @PathVariable("accountId") String accountId,
      @Parameter(description = "only proposals in this status") @RequestParam(name = "status", required = false) ProposalStatus status,
      @Parameter(description = "only proposals with a smaller id (the next page)") @RequestParam(name = "before", required = false) Long before,
      @Parameter(description = "proposals per page, 1 to keel.api.max-page-size (200)") @RequestParam(name = "limit", defaultValue = "50") int limit) {
    if (limit < 1 || limit > maxPageSize) {
      throw new ApiException(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, "Bad request",
          "limit must be between 1 and " + maxPageSize + ", was " + limit);
    }
    List<ApiProposalReader.Summary> rows = reader.list(accountId, status, before, limit).orElseThrow(() -> new ApiException(
        HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", "no account " + accountId));
    List<ProposalViews.ProposalSummary> out = new ArrayList<>(rows.size());
    for (ApiProposalReader.Summary s : rows) {
      out.add(summary(s));
    }
    Long next = rows.size() == limit ? rows.get(rows.size() - 1).id() : null;
    return new ProposalViews.ProposalPage(out, next);
  }

  @GetMapping("/{proposalId}")
  @Operation(summary = "One proposal", description = "Its trades, expected cost in money and bps, the drift and the regimes"
      + " that caused it, tracking error before and after, the naive yardstick's cost, expiry and status history. A proposal"
      + " of another account answers 404, and the attempt is audited.")
  public ProposalViews.ProposalDetail detail(@PathVariable("accountId") String accountId, @PathVariable("proposalId") long proposalId) {
    Optional<ProposalDao.Detail> found = proposals.detail(proposalId);
    if (found.isEmpty()) {
      throw notFound(proposalId, accountId);
    }
    ProposalDao.Detail d = found.get();
    if (!d.accountRef().equals(accountId)) {
      reader.auditForeignAttempt(clock.instant(), "api:" + CurrentClient.get().client(), "READ", proposalId, accountId);
      throw notFound(proposalId, accountId);
    }
    return detail(d);
  }

  @PostMapping(path = "/{proposalId}/approve")
  @Operation(summary = "Approve a proposal for the investor", description = DECISION_RULES)
  @DecisionResponses
  public ResponseEntity<String> approve(@PathVariable("accountId") String accountId, @PathVariable("proposalId") long proposalId,
                                        @Parameter(required = true, description = "the client's unique key of this decision: 1 to 255 visible ASCII"
                                            + " characters, e.g. a UUID")
                                        @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                        @Valid @RequestBody(required = false) ProposalViews.DecisionRequest body,
                                        HttpServletRequest request) {
    return decide(accountId, proposalId, true, idempotencyKey, body, request);
  }

  @PostMapping(path = "/{proposalId}/reject")
  @Operation(summary = "Reject a proposal for the investor", description = DECISION_RULES)
  @DecisionResponses
  public ResponseEntity<String> reject(@PathVariable("accountId") String accountId, @PathVariable("proposalId") long proposalId,
                                       @Parameter(required = true, description = "the client's unique key of this decision: 1 to 255 visible ASCII"
                                            + " characters, e.g. a UUID")
                                       @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                       @Valid @RequestBody(required = false) ProposalViews.DecisionRequest body,
                                       HttpServletRequest request) {
    return decide(accountId, proposalId, false, idempotencyKey, body, request);
  }

  private static final String DECISION_RULES = "Requires an Idempotency-Key header: a repeat with the same key answers the"
      + " first response (the header Idempotent-Replayed: true says so); the same key with another request answers 422; the"
      + " same key while the first request is in flight answers 409 IDEMPOTENCY_KEY_IN_FLIGHT with Retry-After. The same"
      + " decision twice, or two at once, makes one transition and both answer it. After expiry: 409 PROPOSAL_EXPIRED,"
      + " nothing executes. The optional reason is stored verbatim.";

  private ResponseEntity<String> decide(String accountId, long proposalId, boolean approve, String idempotencyKey,
                                        ProposalViews.DecisionRequest body, HttpServletRequest request) {
    DecisionService.Answer a = decisions.decide(CurrentClient.get(), accountId, proposalId, approve, idempotencyKey,
        body == null ? null : body.reason(), request.getRequestURI());
    ResponseEntity.BodyBuilder r = ResponseEntity.status(a.status())
        .contentType(a.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON);
    if (a.replayed()) {
      r.header("Idempotent-Replayed", "true");
    }
    if (a.retryAfterSeconds() > 0) {
      r.header(HttpHeaders.RETRY_AFTER, Long.toString(a.retryAfterSeconds()));
    }
    return r.body(a.body());
  }

  static ApiException notFound(long proposalId, String accountId) {
    return new ApiException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found",
        "no proposal " + proposalId + " for account " + accountId);
  }

  static ProposalViews.Cost money(BigDecimal amount, double bps) {
    return new ProposalViews.Cost(amount.toPlainString(), CURRENCY, bps);
  }

  private static ProposalViews.ProposalSummary summary(ApiProposalReader.Summary s) {
    return new ProposalViews.ProposalSummary(s.id(), s.portfolioId(), s.status(), s.cycle(), s.createdAt(), s.expiresAt(),
        new ProposalViews.Money(s.portfolioValue().toPlainString(), CURRENCY), money(s.expectedCost(), s.expectedCostBps()), s.maxDrift(),
        new ProposalViews.TrackingError(s.trackingErrorBefore(), s.trackingErrorAfter()), s.trades(), s.decidedBy(), s.decidedAt());
  }

  /** An amount in basis points of the portfolio's value when proposed; 0 for a portfolio worth nothing. */
  private static double bps(java.math.BigDecimal amount, double value) {
    return value > 0 ? amount.doubleValue() / value * 10_000 : 0;
  }

  private static ProposalViews.ProposalDetail detail(ProposalDao.Detail d) {
    ProposalDao.Summary s = d.summary();
    double value = s.portfolioValue().doubleValue();
    List<ProposalViews.Trade> trades = d.trades().stream().map(t -> new ProposalViews.Trade(t.asset(), t.side(),
        t.quantity().toPlainString(), t.estimatedPrice().toPlainString(), t.notional().toPlainString(),
        money(t.estimatedCost(), bps(t.estimatedCost(), value)), t.venue(), t.status(),
        t.executedQty().toPlainString(), t.reason())).toList();
    List<ProposalViews.DriftLine> lines = d.lines().stream().map(l -> new ProposalViews.DriftLine(l.asset(), l.target(), l.weight(),
        l.drift(), l.baseBand() == null ? Double.NaN : l.baseBand(), l.band(),
        l.regime() == null ? null : l.regime().name(), l.multiplier())).toList();
    ProposalViews.NaiveRebalance naive = d.naive() == null ? null
        : new ProposalViews.NaiveRebalance(money(d.naive().cost(), bps(d.naive().cost(), value)),
            d.naive().notional() == null ? null : new ProposalViews.Money(d.naive().notional().toPlainString(), CURRENCY), d.naive().venue());
    ProposalViews.DecisionView decision = s.decidedBy() == null ? null
        : new ProposalViews.DecisionView(s.decidedBy(), s.decidedAt(), s.decisionReason());
    List<ProposalViews.StatusChange> history = d.history().stream()
        .map(h -> new ProposalViews.StatusChange(h.status(), h.at(), h.actor(), h.reason())).toList();
    return new ProposalViews.ProposalDetail(s.id(), d.accountRef(), s.portfolioId(), s.status(), s.tier(), s.cycle(),
        d.createdAt(), s.expiresAt(), new ProposalViews.Money(s.portfolioValue().toPlainString(), CURRENCY), money(s.expectedCost(), s.expectedCostBps()), trades,
        new ProposalViews.Drift(d.maxDrift(), lines), new ProposalViews.TrackingError(d.trackingErrorBefore(), d.trackingErrorAfter()),
        d.costToTarget() == null ? null : money(d.costToTarget(), bps(d.costToTarget(), value)),
        naive, decision, s.outcomeReason(), history);
  }

  /** What a decision answers; the same for approve and reject. */
  @java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @ApiResponses({
      @ApiResponse(responseCode = "200", description = "recorded, or the same decision recorded before (one transition)",
          content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProposalViews.DecisionResult.class))),
      @ApiResponse(responseCode = "400", description = "IDEMPOTENCY_KEY_MISSING, or a malformed body", content = @Content(
          mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
      @ApiResponse(responseCode = "404", description = "no such proposal for this account (audited when it is another's)",
          content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
      @ApiResponse(responseCode = "409", description = "PROPOSAL_EXPIRED, PROPOSAL_CONFLICT, or IDEMPOTENCY_KEY_IN_FLIGHT",
          content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
      @ApiResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED: the key was used for another request",
          content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))})
  @interface DecisionResponses {}
}
