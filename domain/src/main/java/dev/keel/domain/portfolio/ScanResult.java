package dev.keel.domain.portfolio;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What the drift scan concluded for one portfolio in one cycle: exactly one of these, never an exception. */
public sealed interface ScanResult
    permits ScanResult.NoBreach, ScanResult.NoTrade, ScanResult.AwaitingDecision, ScanResult.Skipped, ScanResult.Proposal {

  long portfolioId();

  /** Largest |weight - target| over the portfolio's lines, fraction of portfolio value; NaN when unknown. */
  double maxDrift();

  /** {@link #outcome()} of a {@link NoBreach}. */
  String NO_BREACH = "NO_BREACH";
  /** {@link #outcome()} of a {@link NoTrade}. */
  String NO_TRADE = "NO_TRADE";
  /** {@link #outcome()} of an {@link AwaitingDecision}. */
  String AWAITING_DECISION = "AWAITING_DECISION";
  /** {@link #outcome()} of a {@link Proposal}. */
  String PROPOSAL = "PROPOSAL";
  /** {@link #outcome()} of a {@link Skipped}; scan_outcome records its {@link Reason} beside it. */
  String SKIPPED = "SKIPPED";

  /** The outcome's name as scan_outcome records it and the meters tag it: NO_BREACH, NO_TRADE, ... */
  default String outcome() {
    if (this instanceof NoBreach) {
      return NO_BREACH;
    } else if (this instanceof NoTrade) {
      return NO_TRADE;
    } else if (this instanceof AwaitingDecision) {
      return AWAITING_DECISION;
    } else if (this instanceof Proposal) {
      return PROPOSAL;
    }
    return SKIPPED;
  }

  /**
   * Every weight is inside its regime-adjusted band, or the portfolio holds nothing: no trade and no solve.
   *
   * @param holdsNothing whether the portfolio's holdings are worth nothing at mid prices (its weights are then undefined)
   * @param detail       for people
   */
  record NoBreach(long portfolioId, double maxDrift, boolean holdsNothing, String detail) implements ScanResult {

    /** Every weight of a portfolio that holds something is inside its band. */
    public static NoBreach insideBands(long portfolioId, double maxDrift) {
      return new NoBreach(portfolioId, maxDrift, false, "every weight inside its band");
    }

    /** A portfolio whose holdings are worth nothing. */
    public static NoBreach holdingNothing(long portfolioId) {
      return new NoBreach(portfolioId, 0, true, "portfolio holds nothing");
    }
  }

  /** A band was breached but the optimiser found nothing worth trading (or only untradeable dust). */
  record NoTrade(long portfolioId, double maxDrift, String detail) implements ScanResult {}

  /**
   * A band is breached but an earlier proposal is still waiting for the investor's decision or for execution: no second
   * proposal (and no second notification) until that one is decided, executed or expired.
   */
  record AwaitingDecision(long portfolioId, double maxDrift, String detail) implements ScanResult {}

  /** The portfolio could not be scanned safely this cycle; {@code reason} is one of {@link Reason}. */
  record Skipped(long portfolioId, double maxDrift, Reason reason, String detail) implements ScanResult {
    public Skipped {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Why a portfolio was skipped (FAULTS M1–M6). */
  enum Reason { STALE_MARKET, BAD_PRICE, NO_PRICE, INVALID_TARGET, OPTIMIZATION_FAILED }

  /**
   * A proposal to rebalance.
   *
   * @param portfolioId          the portfolio
   * @param accountId            its account
   * @param tier                 the tier at creation
   * @param portfolioValue       value at mid prices, USDT
   * @param maxDrift             largest |weight - target|, fraction of portfolio value
   * @param lines                each line's target, weight, band and regime as the scan saw them
   * @param trades               the trades, sells first
   * @param expectedCost         expected cost of all trades, USDT
   * @param expectedCostBps      expected cost, basis points of portfolio value
   * @param trackingErrorBefore  tracking error before the trades, annualised, fraction
   * @param trackingErrorAfter   tracking error after the trades, annualised, fraction
   * @param costVenue            the venue most of the traded notional was priced on
   * @param bindingConstraints   the constraints that bound the solution, for people
   * @param dust                 lines that wanted a trade too small to send, for people
   * @param expiresAt            when the proposal expires if nobody decides
   * @param costToTarget         what trading every line exactly back to target would cost by the same cost model, USDT
   */
  record Proposal(long portfolioId, long accountId, Tier tier, BigDecimal portfolioValue, double maxDrift,
                  List<Line> lines, List<ProposedTrade> trades, BigDecimal expectedCost, double expectedCostBps,
                  double trackingErrorBefore, double trackingErrorAfter, String costVenue, List<String> bindingConstraints,
                  List<String> dust, Instant expiresAt, BigDecimal costToTarget) implements ScanResult {
    public Proposal {
      lines = List.copyOf(lines);
      trades = List.copyOf(trades);
      bindingConstraints = List.copyOf(bindingConstraints);
      dust = List.copyOf(dust);
      if (trades.isEmpty()) {
        throw new IllegalArgumentException("portfolio " + portfolioId + ": a proposal needs at least one trade");
      }
    }
  }

  /**
   * One line of a portfolio as the scan saw it.
   *
   * @param asset      the asset
   * @param target     target weight, fraction of portfolio value
   * @param weight     weight at mid prices, fraction of portfolio value
   * @param baseBand   band half-width before the regime multiplier
   * @param band       band half-width applied, after the multiplier and its bounds
   * @param regime     the asset's regime
   * @param multiplier the regime's band multiplier
   */
  record Line(String asset, double target, double weight, double baseBand, double band, dev.keel.domain.regime.Regime regime,
              double multiplier) {}

  /**
   * One proposed trade.
   *
   * @param asset          the asset
   * @param side           BUY or SELL
   * @param quantity       units of the asset, rounded to the venue's lot, {@code > 0}
   * @param estimatedPrice the mid it was priced at, USDT per unit
   * @param notional       quantity times price, USDT
   * @param estimatedCost  expected cost (half spread, fee, impact), USDT
   * @param costBps        expected cost in basis points of this trade's notional
   * @param venue          the venue it was priced on
   */
  record ProposedTrade(String asset, String side, BigDecimal quantity, BigDecimal estimatedPrice, BigDecimal notional,
                       BigDecimal estimatedCost, double costBps, String venue) {}
}
