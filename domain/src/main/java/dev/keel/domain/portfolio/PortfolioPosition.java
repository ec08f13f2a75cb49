package dev.keel.domain.portfolio;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A portfolio as the drift scan reads it: who owns it, what it should hold and what it holds.
 *
 * @param portfolioId the portfolio's id
 * @param accountId   the owning account's id
 * @param tier        the account's tier, which decides whether a proposal waits for approval
 * @param profile     the risk profile: base bands' origin and the optimiser's risk aversion
 * @param targets     target per asset symbol: weight and base band half-width, fractions of portfolio value
 * @param holdings    quantity held per asset symbol, units of the asset, {@code >= 0}
 * @param openProposal an earlier proposal still waiting for its decision or execution, described for people
 *                     (e.g. "proposal 42 PROPOSED, expires 2026-11-25T10:00:00Z"); null when there is none
 */
public record PortfolioPosition(long portfolioId, long accountId, Tier tier, RiskProfile profile,
                                Map<String, Target> targets, Map<String, BigDecimal> holdings, String openProposal) {

  public PortfolioPosition {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(profile, "profile");
    targets = java.util.Collections.unmodifiableMap(new TreeMap<>(targets));
    holdings = java.util.Collections.unmodifiableMap(new TreeMap<>(holdings));
  }

  /** A portfolio with no proposal waiting. */
  public PortfolioPosition(long portfolioId, long accountId, Tier tier, RiskProfile profile,
                           Map<String, Target> targets, Map<String, BigDecimal> holdings) {
    this(portfolioId, accountId, tier, profile, targets, holdings, null);
  }

  /**
   * One target line.
   *
   * @param weight target weight, fraction of portfolio value (validated by the scan, not here, so a
   *               bad target is reported as INVALID_TARGET instead of failing the read)
   * @param band   base band half-width before the regime multiplier, fraction of portfolio value
   */
  public record Target(double weight, double band) {}
}
