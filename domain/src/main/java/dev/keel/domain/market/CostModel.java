package dev.keel.domain.market;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The cost of trading, in fractions of traded notional: half spread + fee + impact. Two forms: the quoted cost,
 * walking a venue's current book; and the planning form the optimiser uses, a linear coefficient kappa (half spread
 * + fee) and a quadratic impact slope fitted to the book walk (see {@link CostCoefficients} for the units).
 */
public final class CostModel {

  /** Sample sizes of the impact fit: q_k = range * k / FIT_POINTS. */
  static final int FIT_POINTS = 24;

  /** The fit covers at most this fraction of a side's total size, so every sample lies inside the book. */
  static final double FIT_BOOK_FRACTION = 0.9;

  private CostModel() {}

  /**
   * The cost of a marketable trade of this size on this book, paying the taker fee.
   *
   * @param book     a book that passed {@link OrderBookCheck}
   * @param notional trade size, quote currency valued at mid, positive
   * @param fees     the fees in force
   */
  public static CostBreakdown quotedCost(OrderBook book, Side side, double notional, FeeRate fees) {
    WalkResult walk = BookWalk.walk(book, side, notional);
    double halfSpread = BookWalk.halfSpread(book);
    // no clamp: on a valid book the walk never beats the touch, and a negative impact would show a broken walk
    double impact = Double.isNaN(walk.costFraction()) ? 0 : walk.costFraction() - halfSpread;
    return new CostBreakdown(halfSpread, fees.taker(), impact, walk.complete());
  }

  /**
   * Fits walk cost(q) - half spread ~ slope * q by least squares through the origin, over sizes evenly spread up to
   * {@code min(maxNotional, 0.9 * the side's total size)}. A book whose depth grows away from the touch gives a concave
   * walk cost; the fit then overstates impact for the smallest sizes and understates it near the range's end, by at
   * most {@link ImpactFit#maxAbsError()}.
   *
   * @param maxNotional largest size of interest, quote currency, positive
   */
  public static ImpactFit fitImpact(OrderBook book, Side side, double maxNotional) {
    double range = Math.min(maxNotional, FIT_BOOK_FRACTION * BookWalk.sideNotionalAtMid(book, side));
    if (!(range > 0)) {
      return new ImpactFit(0, 0, 0);
    }
    double halfSpread = BookWalk.halfSpread(book);
    double[] q = new double[FIT_POINTS];
    double[] impact = new double[FIT_POINTS];
    double sxy = 0;
    double sxx = 0;
    for (int k = 0; k < FIT_POINTS; k++) {
      q[k] = range * (k + 1) / FIT_POINTS;
      impact[k] = Math.max(0, BookWalk.walk(book, side, q[k]).costFraction() - halfSpread);
      sxy += q[k] * impact[k];
      sxx += q[k] * q[k];
    }
    double slope = Math.max(0, sxy / sxx);
    double worst = 0;
    for (int k = 0; k < FIT_POINTS; k++) {
      worst = Math.max(worst, Math.abs(impact[k] - slope * q[k]));
    }
    return new ImpactFit(slope, range, worst);
  }

  /** The planning coefficients of one side from a snapshot that has metrics and fees (an OK snapshot). */
  public static Optional<CostCoefficients> coefficients(MarketSnapshot snapshot, Side side) {
    if (snapshot.metrics().isEmpty() || snapshot.fees().isEmpty()) {
      return Optional.empty();
    }
    BookMetrics m = snapshot.metrics().get();
    return Optional.of(new CostCoefficients(snapshot.market(), side, snapshot.venue(), m.halfSpread(),
        snapshot.fees().get().rate().taker(), m.impactSlope(side)));
  }

  /**
   * The cheapest venue's coefficients for a trade of about {@code referenceNotional}: the one with the lowest
   * kappa + impactSlope * referenceNotional.
   *
   * @param candidates one entry per venue for the same market and side
   * @param referenceNotional a typical trade size, quote currency, positive (e.g. the median trade of a cycle)
   */
  public static Optional<CostCoefficients> best(List<CostCoefficients> candidates, double referenceNotional) {
    if (!(referenceNotional > 0)) {
      throw new IllegalArgumentException("reference notional must be positive, was " + referenceNotional);
    }
    return candidates.stream().min(Comparator.comparingDouble((CostCoefficients c) -> c.costFraction(referenceNotional))
        .thenComparing(c -> c.venue().value()));
  }
}
