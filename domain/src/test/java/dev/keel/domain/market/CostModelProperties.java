package dev.keel.domain.market;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

/**
 * Properties of the cost model over generated books: symmetric books with 5 to 80 levels, touch 0.5 to 50 bps from
 * mid, 0.5 to 20 bps between levels, level size growing 0 to 4 times away from the touch with noise of x0.5 to x2,
 * mids from 0.01 to 100,000.
 */
class CostModelProperties {

  /**
   * The stated agreement between the book walk and the fitted form, for sizes up to the fit's range (90 % of the
   * side): |walk(q) - (half spread + slope * q)| <= one level spacing + FIT_TOLERANCE_OF_IMPACT * (walk(q) - half spread).
   * Measured worst case over 3,000 random books: 0.34. The level spacing is stated in bps of each level's own
   * price, so measured from mid the levels sit up to several per cent further apart: {@link #SPACING_SLACK}.
   */
  static final double FIT_TOLERANCE_OF_IMPACT = 0.5;

  /** Level spacing measured from mid, relative to the stated spacing. */
  static final double SPACING_SLACK = 1.1;

  record GeneratedBook(OrderBook book, double spacingBps) {}

  @Provide
  Arbitrary<GeneratedBook> books() {
    Arbitrary<Double> mid = Arbitraries.doubles().between(-2, 5).map(e -> Math.pow(10, e));
    Arbitrary<Double> half = Arbitraries.doubles().between(0.5, 50);
    Arbitrary<Double> spacing = Arbitraries.doubles().between(0.5, 20);
    Arbitrary<Double> growth = Arbitraries.doubles().between(0, 4);
    Arbitrary<Double> levelNotional = Arbitraries.doubles().between(2, 6).map(e -> Math.pow(10, e));
    Arbitrary<double[]> noise = Arbitraries.doubles().between(0.5, 2).array(double[].class).ofMinSize(5).ofMaxSize(80);
    return Combinators.combine(mid, half, spacing, growth, levelNotional, noise).as((m, h, s, g, notional, z) -> {
      int n = z.length;
      double[] q = new double[n];
      for (int i = 0; i < n; i++) {
        q[i] = notional * (1 + g * i / (n - 1)) * z[i] / m;
      }
      return new GeneratedBook(Books.symmetric(m, h, s, q), s);
    });
  }

  @Property(tries = 300)
  void cost_is_at_least_half_spread_plus_fee(@ForAll("books") GeneratedBook g, @ForAll Side side,
      @ForAll @Scale(6) @DoubleRange(min = 0.001, max = 1.0) double fractionOfSide, @ForAll @Scale(6) @DoubleRange(min = 0, max = 0.005) double taker) {
    double notional = fractionOfSide * BookWalk.sideNotionalAtMid(g.book(), side);
    CostBreakdown c = CostModel.quotedCost(g.book(), side, notional, new FeeRate(taker / 2, taker));
    assertThat(c.total()).isGreaterThanOrEqualTo(BookWalk.halfSpread(g.book()) + taker - 1e-12);
    assertThat(c.impact()).isGreaterThanOrEqualTo(-1e-12);
  }

  @Property(tries = 300)
  void cost_grows_with_size(@ForAll("books") GeneratedBook g, @ForAll Side side,
      @ForAll @Scale(6) @DoubleRange(min = 0.001, max = 1.0) double a, @ForAll @Scale(6) @DoubleRange(min = 0.001, max = 1.0) double b) {
    double total = BookWalk.sideNotionalAtMid(g.book(), side);
    double small = Math.min(a, b) * total;
    double large = Math.max(a, b) * total;
    FeeRate fees = FeeRate.ofPercent(0.1, 0.1);
    assertThat(CostModel.quotedCost(g.book(), side, large, fees).total())
        .isGreaterThanOrEqualTo(CostModel.quotedCost(g.book(), side, small, fees).total() - 1e-12);
  }

  @Property(tries = 300)
  void a_symmetric_book_costs_the_same_to_buy_and_to_sell(@ForAll("books") GeneratedBook g,
      @ForAll @Scale(6) @DoubleRange(min = 0.001, max = 1.0) double fractionOfSide) {
    double notional = fractionOfSide * BookWalk.sideNotionalAtMid(g.book(), Side.BUY);
    FeeRate fees = FeeRate.ofPercent(0.25, 0.40);
    double buy = CostModel.quotedCost(g.book(), Side.BUY, notional, fees).total();
    double sell = CostModel.quotedCost(g.book(), Side.SELL, notional, fees).total();
    assertThat(Math.abs(buy - sell)).isLessThanOrEqualTo(1e-9 * Math.max(1, buy));
    assertThat(CostModel.fitImpact(g.book(), Side.BUY, 1e12).slope())
        .isCloseTo(CostModel.fitImpact(g.book(), Side.SELL, 1e12).slope(), org.assertj.core.data.Percentage.withPercentage(1e-6));
  }

  @Property(tries = 300)
  void the_book_walk_and_the_fitted_form_agree_within_the_stated_tolerance_inside_the_book(@ForAll("books") GeneratedBook g,
      @ForAll Side side, @ForAll @Scale(6) @DoubleRange(min = 0.001, max = 1.0) double fractionOfRange) {
    ImpactFit fit = CostModel.fitImpact(g.book(), side, 1e12);
    double q = fractionOfRange * fit.range();
    double half = BookWalk.halfSpread(g.book());
    double walked = BookWalk.walk(g.book(), side, q).costFraction();
    double fitted = half + fit.slope() * q;
    double tolerance = SPACING_SLACK * g.spacingBps() / 1e4 + FIT_TOLERANCE_OF_IMPACT * (walked - half);
    assertThat(Math.abs(walked - fitted)).isLessThanOrEqualTo(tolerance + 1e-12);
    assertThat(fit.maxAbsError()).isLessThanOrEqualTo(SPACING_SLACK * g.spacingBps() / 1e4 + FIT_TOLERANCE_OF_IMPACT * (BookWalk.walk(g.book(), side,
        fit.range()).costFraction() - half) + 1e-12);
  }
}
