package dev.keel.domain.market;

import static dev.keel.domain.testing.Properties.combinations;
import static dev.keel.domain.testing.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Properties of the cost model over generated books: symmetric books with 5 to 80 levels, touch 0.5 to 50 bps from
 * mid, 0.5 to 20 bps between levels, level size growing 0 to 4 times away from the touch with noise of x0.5 to x2,
 * mids from 0.01 to 100,000. Each property runs 300 cases; the first 64 are the corners of that book space (every
 * parameter at one end of its range, noise alternating x0.5 and x2), paired in turn with the ends of the property's
 * own parameters.
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

  private static final int CASES = 300;

  private static final Side[] SIDES = Side.values();

  /** A generated book and what it was built from, printed when a property fails. */
  record GeneratedBook(OrderBook book, double mid, double halfSpreadBps, double spacingBps, double growth, double levelNotional,
                       double[] noise) {

    /** Level i holds {@code levelNotional * (1 + growth * i / (n - 1)) * noise[i]} of notional at mid. */
    static GeneratedBook of(double mid, double halfSpreadBps, double spacingBps, double growth, double levelNotional, double[] noise) {
      int n = noise.length;
      double[] q = new double[n];
      for (int i = 0; i < n; i++) {
        q[i] = levelNotional * (1 + growth * i / (n - 1)) * noise[i] / mid;
      }
      return new GeneratedBook(Books.symmetric(mid, halfSpreadBps, spacingBps, q), mid, halfSpreadBps, spacingBps, growth, levelNotional, noise);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "book(mid %s, half spread %s bps, spacing %s bps, growth %s, level notional %s, %d levels, noise %s)",
          mid, halfSpreadBps, spacingBps, growth, levelNotional, noise.length, Arrays.toString(noise));
    }
  }

  /** Mid 10^[-2, 5], half spread [0.5, 50] bps, spacing [0.5, 20] bps, growth [0, 4], level notional 10^[2, 6], [5, 80] levels. */
  static GeneratedBook book(SplittableRandom r) {
    double mid = Math.pow(10, r.nextDouble(-2, 5));
    double half = r.nextDouble(0.5, 50);
    double spacing = r.nextDouble(0.5, 20);
    double growth = r.nextDouble(0, 4);
    double levelNotional = Math.pow(10, r.nextDouble(2, 6));
    double[] noise = r.doubles(5 + r.nextInt(76), 0.5, 2).toArray();
    return GeneratedBook.of(mid, half, spacing, growth, levelNotional, noise);
  }

  /** The 64 corners of the book space, the level count varying fastest. */
  static final List<GeneratedBook> CORNER_BOOKS = combinations(new double[] {0.01, 1e5}, new double[] {0.5, 50},
      new double[] {0.5, 20}, new double[] {0, 4}, new double[] {1e2, 1e6}, new double[] {5, 80}).stream()
      .map(v -> GeneratedBook.of(v[0], v[1], v[2], v[3], v[4], IntStream.range(0, (int) v[5]).mapToDouble(i -> i % 2 == 0 ? 0.5 : 2).toArray()))
      .toList();

  /** Every corner book once, corner k paired with the k-th (cyclically) of the property's own parameter corners. */
  static <T> List<T> cornerCases(List<double[]> parameterCorners, CornerCase<T> edge) {
    return IntStream.range(0, CORNER_BOOKS.size())
        .mapToObj(i -> edge.of(CORNER_BOOKS.get(i), parameterCorners.get(i % parameterCorners.size()))).toList();
  }

  interface CornerCase<T> {
    T of(GeneratedBook book, double[] parameters);
  }

  record Quote(GeneratedBook g, Side side, double fractionOfSide, double taker) {}

  @Test
  void cost_is_at_least_half_spread_plus_fee() {
    forAll(20261204_21L, CASES,
        cornerCases(combinations(new double[] {0, 1}, new double[] {0.001, 1.0}, new double[] {0, 0.005}),
            (b, v) -> new Quote(b, SIDES[(int) v[0]], v[1], v[2])),
        r -> new Quote(book(r), SIDES[r.nextInt(2)], r.nextDouble(0.001, 1.0), r.nextDouble(0, 0.005)),
        c -> {
          double notional = c.fractionOfSide() * BookWalk.sideNotionalAtMid(c.g().book(), c.side());
          CostBreakdown cost = CostModel.quotedCost(c.g().book(), c.side(), notional, new FeeRate(c.taker() / 2, c.taker()));
          assertThat(cost.total()).isGreaterThanOrEqualTo(BookWalk.halfSpread(c.g().book()) + c.taker() - 1e-12);
          assertThat(cost.impact()).isGreaterThanOrEqualTo(-1e-12);
        });
  }

  record TwoSizes(GeneratedBook g, Side side, double a, double b) {}

  @Test
  void cost_grows_with_size() {
    forAll(20261204_22L, CASES,
        cornerCases(combinations(new double[] {0, 1}, new double[] {0.001, 1.0}, new double[] {0.001, 1.0}),
            (b, v) -> new TwoSizes(b, SIDES[(int) v[0]], v[1], v[2])),
        r -> new TwoSizes(book(r), SIDES[r.nextInt(2)], r.nextDouble(0.001, 1.0), r.nextDouble(0.001, 1.0)),
        c -> {
          double total = BookWalk.sideNotionalAtMid(c.g().book(), c.side());
          double small = Math.min(c.a(), c.b()) * total;
          double large = Math.max(c.a(), c.b()) * total;
          FeeRate fees = FeeRate.ofPercent(0.1, 0.1);
          assertThat(CostModel.quotedCost(c.g().book(), c.side(), large, fees).total())
              .isGreaterThanOrEqualTo(CostModel.quotedCost(c.g().book(), c.side(), small, fees).total() - 1e-12);
        });
  }

  record Size(GeneratedBook g, double fractionOfSide) {}

  @Test
  void a_symmetric_book_costs_the_same_to_buy_and_to_sell() {
    forAll(20261204_23L, CASES,
        cornerCases(combinations(new double[] {0.001, 1.0}), (b, v) -> new Size(b, v[0])),
        r -> new Size(book(r), r.nextDouble(0.001, 1.0)),
        c -> {
          OrderBook book = c.g().book();
          double notional = c.fractionOfSide() * BookWalk.sideNotionalAtMid(book, Side.BUY);
          FeeRate fees = FeeRate.ofPercent(0.25, 0.40);
          double buy = CostModel.quotedCost(book, Side.BUY, notional, fees).total();
          double sell = CostModel.quotedCost(book, Side.SELL, notional, fees).total();
          assertThat(Math.abs(buy - sell)).isLessThanOrEqualTo(1e-9 * Math.max(1, buy));
          assertThat(CostModel.fitImpact(book, Side.BUY, 1e12).slope())
              .isCloseTo(CostModel.fitImpact(book, Side.SELL, 1e12).slope(), org.assertj.core.data.Percentage.withPercentage(1e-6));
        });
  }

  record FitPoint(GeneratedBook g, Side side, double fractionOfRange) {}

  @Test
  void the_book_walk_and_the_fitted_form_agree_within_the_stated_tolerance_inside_the_book() {
    forAll(20261204_24L, CASES,
        cornerCases(combinations(new double[] {0, 1}, new double[] {0.001, 1.0}), (b, v) -> new FitPoint(b, SIDES[(int) v[0]], v[1])),
        r -> new FitPoint(book(r), SIDES[r.nextInt(2)], r.nextDouble(0.001, 1.0)),
        c -> {
          OrderBook book = c.g().book();
          ImpactFit fit = CostModel.fitImpact(book, c.side(), 1e12);
          double q = c.fractionOfRange() * fit.range();
          double half = BookWalk.halfSpread(book);
          double walked = BookWalk.walk(book, c.side(), q).costFraction();
          double fitted = half + fit.slope() * q;
          double tolerance = SPACING_SLACK * c.g().spacingBps() / 1e4 + FIT_TOLERANCE_OF_IMPACT * (walked - half);
          assertThat(Math.abs(walked - fitted)).isLessThanOrEqualTo(tolerance + 1e-12);
          assertThat(fit.maxAbsError()).isLessThanOrEqualTo(SPACING_SLACK * c.g().spacingBps() / 1e4
              + FIT_TOLERANCE_OF_IMPACT * (BookWalk.walk(book, c.side(), fit.range()).costFraction() - half) + 1e-12);
        });
  }
}
