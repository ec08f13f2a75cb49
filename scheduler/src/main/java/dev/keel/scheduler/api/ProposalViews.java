package dev.keel.scheduler.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keel.domain.execution.TradeStatus;
import dev.keel.domain.market.Side;
import dev.keel.domain.portfolio.Tier;
import dev.keel.domain.proposal.ProposalStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * What the API answers about proposals. Money and quantities are decimal strings (exact, never binary floating point):
 * amounts in the portfolio's base currency, USDT. Weights, drifts, bands and tracking errors are fractions (0.05 = 5 %).
 */
public final class ProposalViews {

  private ProposalViews() {}

  @Schema(description = "A page of an account's proposals, newest first")
  public record ProposalPage(
      @Schema(description = "the proposals of this page") List<ProposalSummary> proposals,
      @Schema(description = "pass as `before` for the next page; null on the last page", nullable = true) Long nextBefore) {}

  @Schema(description = "An amount with its currency and, for a cost, its size in basis points of the portfolio's value")
  public record Cost(
      @Schema(description = "amount, decimal string", example = "3.52000000") String amount,
      @Schema(description = "currency of the amount", example = "USDT") String currency,
      @Schema(description = "basis points of the portfolio's value when proposed", example = "3.5") double bps) {}

  @Schema(description = "An amount of money")
  public record Money(
      @Schema(description = "amount, decimal string", example = "10250.00000000") String amount,
      @Schema(description = "currency of the amount", example = "USDT") String currency) {}

  @Schema(description = "Tracking error to the target allocation, annualised, fraction")
  public record TrackingError(
      @Schema(description = "before the trades", example = "0.021") double before,
      @Schema(description = "after the trades", example = "0.0012") double after) {}

  @Schema(description = "One proposal in a list")
  public record ProposalSummary(
      @Schema(description = "Keel's proposal id") long id,
      @Schema(description = "Keel's portfolio id") long portfolioId,
      @Schema(description = "PROPOSED, APPROVED, REJECTED, EXPIRED, EXECUTING, EXECUTED, PARTIAL, FAILED or HELD") ProposalStatus status,
      @Schema(description = "the drift-scan cycle that proposed it") Instant cycle,
      Instant createdAt,
      @Schema(description = "a decision after this is refused with PROPOSAL_EXPIRED") Instant expiresAt,
      @Schema(description = "the portfolio's value when proposed") Money portfolioValue,
      @Schema(description = "expected execution cost: half spread, fees, impact") Cost expectedCost,
      @Schema(description = "largest absolute drift of a weight from its target, fraction") double maxDrift,
      TrackingError trackingError,
      @Schema(description = "number of trades") int trades,
      @Schema(description = "who decided, when someone did", nullable = true) String decidedBy,
      @Schema(nullable = true) Instant decidedAt) {}

  @Schema(description = "One proposal with its trades, the drift and regimes behind it, and its status history")
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ProposalDetail(
      long id,
      @Schema(description = "the platform's account reference") String accountId,
      long portfolioId,
      ProposalStatus status,
      @Schema(description = "STANDARD (the investor decides) or PREMIUM (executes without a decision)") Tier tier,
      Instant cycle,
      Instant createdAt,
      Instant expiresAt,
      @Schema(description = "the portfolio's value when proposed") Money portfolioValue,
      @Schema(description = "expected execution cost: half spread, fees, impact") Cost expectedCost,
      List<Trade> trades,
      Drift drift,
      TrackingError trackingError,
      @Schema(description = "what trading every line back to target would have cost when proposed, on the same cost model;"
          + " the proposal's trades cost less because they stop at the band's edge; null when not recorded", nullable = true)
      Cost costToTarget,
      @Schema(description = "what trading every line back to target, cost-blind, on the single default venue would have"
          + " cost on the books Keel executed on; null until execution started (measured then, not at proposal time)",
          nullable = true) NaiveRebalance naiveRebalance,
      @Schema(nullable = true) DecisionView decision,
      @Schema(description = "why it was HELD, FAILED, PARTIAL or EXPIRED", nullable = true) String outcomeReason,
      @Schema(description = "every status it took, oldest first") List<StatusChange> statusHistory) {}

  @Schema(description = "One trade of a proposal")
  public record Trade(
      String asset,
      @Schema(description = "BUY or SELL") Side side,
      @Schema(description = "units of the asset, decimal string") String quantity,
      @Schema(description = "expected average price, USDT per unit") String estimatedPrice,
      @Schema(description = "quantity times price, USDT") String notional,
      @Schema(description = "expected cost of this trade") Cost estimatedCost,
      @Schema(description = "the venue expected to be cheapest") String venue,
      @Schema(description = "PENDING, EXECUTING, FILLED, PARTIAL, FAILED, REJECTED or HELD") TradeStatus status,
      @Schema(description = "units executed so far") String executedQuantity,
      @Schema(nullable = true) String reason) {}

  @Schema(description = "The drift that caused the proposal, and the regime that set each band")
  public record Drift(
      @Schema(description = "largest absolute drift, fraction") double maxDrift,
      List<DriftLine> assets) {}

  @Schema(description = "One asset's weight against its target and band")
  public record DriftLine(
      String asset,
      @Schema(description = "target weight, fraction") double target,
      @Schema(description = "weight when proposed, fraction") double weight,
      @Schema(description = "weight minus target") double drift,
      @Schema(description = "band half-width before the regime multiplier") double baseBand,
      @Schema(description = "band half-width after it") double band,
      // a Regime's name, or null for the cash line: as an enum the document would list the four names and so refuse null
      @Schema(description = "CALM, NORMAL, HIGH or EXTREME", nullable = true) String regime,
      @Schema(description = "the regime's band multiplier", nullable = true) Double bandMultiplier) {}

  @Schema(description = "The naive yardstick: every line back to target, cost-blind, on one venue")
  public record NaiveRebalance(Cost cost, @Schema(description = "its notional", nullable = true) Money notional,
                               @Schema(nullable = true) String venue) {}

  @Schema(description = "The investor's decision")
  public record DecisionView(String by, Instant at, @Schema(nullable = true) String reason) {}

  @Schema(description = "A status the proposal took")
  public record StatusChange(ProposalStatus status, Instant at, @Schema(nullable = true) String actor,
                             @Schema(nullable = true) String reason) {}

  @Schema(description = "The result of a decision: the same for its first call and every repeat")
  public record DecisionResult(
      long proposalId,
      @Schema(description = "APPROVED or REJECTED, or where an approved proposal went since") ProposalStatus status,
      String decidedBy,
      Instant decidedAt) {}

  @Schema(description = "An investor's decision; the body is optional")
  public record DecisionRequest(
      @Schema(description = "free text, stored verbatim, at most 2000 characters", nullable = true, maxLength = 2000)
      @jakarta.validation.constraints.Size(max = 2000) String reason) {}
}
