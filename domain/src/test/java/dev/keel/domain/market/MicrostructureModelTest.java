package dev.keel.domain.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MicrostructureModelTest {

  private static final Instant WEDNESDAY = Instant.parse("2026-04-22T10:00:00Z");
  private static final Instant SATURDAY = Instant.parse("2026-04-25T10:00:00Z");
  private static final Instant CHRISTMAS_THURSDAY = Instant.parse("2025-12-25T10:00:00Z");
  private static final VenueLiquidity PAPER_A = new VenueLiquidity(VenueId.of("paper-a"), 1.0, 1.0, 1.0);
  private static final Market BTC = Market.of("BTC", "USDT");
  private static final Market YFI = Market.of("YFI", "USDT");
  private static final MarketParameters BTC_TIER = LiquidityCalibration.fromTier(AssetCatalogue.require("BTC"));
  private static final MarketParameters YFI_TIER = LiquidityCalibration.fromTier(AssetCatalogue.require("YFI"));

  @Test
  void the_same_seed_gives_the_same_book() {
    assertThat(MicrostructureModel.of(7).book(BTC, BTC_TIER, PAPER_A, WEDNESDAY))
        .isEqualTo(MicrostructureModel.of(7).book(BTC, BTC_TIER, PAPER_A, WEDNESDAY));
  }

  @Test
  void the_book_depends_on_the_instant_only_through_its_second() {
    // the paper venue builds a market's book once a second on this ground
    Instant later = WEDNESDAY.plusNanos(999_999_999);
    assertThat(MicrostructureModel.of(7).book(BTC, BTC_TIER, PAPER_A, later))
        .isEqualTo(MicrostructureModel.of(7).book(BTC, BTC_TIER, PAPER_A, WEDNESDAY));
    assertThat(MicrostructureModel.of(7).book(YFI, YFI_TIER, PAPER_A, SATURDAY.plusMillis(500)))
        .isEqualTo(MicrostructureModel.of(7).book(YFI, YFI_TIER, PAPER_A, SATURDAY));
  }

  @Test
  void another_seed_gives_another_book() {
    assertThat(MicrostructureModel.of(7).book(BTC, BTC_TIER, PAPER_A, WEDNESDAY))
        .isNotEqualTo(MicrostructureModel.of(8).book(BTC, BTC_TIER, PAPER_A, WEDNESDAY));
  }

  @Test
  void the_book_is_valid_with_many_levels() {
    OrderBook book = MicrostructureModel.of(7).book(YFI, YFI_TIER, PAPER_A, WEDNESDAY);
    assertThat(OrderBookCheck.check(book)).isEmpty();
    assertThat(book.bids()).hasSize(LiquidityCalibration.LEVELS);
    assertThat(book.asks()).hasSize(LiquidityCalibration.LEVELS);
  }

  @Test
  void size_grows_away_from_the_touch() {
    OrderBook book = MicrostructureModel.of(7).book(BTC, BTC_TIER, PAPER_A, WEDNESDAY);
    double nearTen = notional(book.asks().subList(0, 10));
    double farTen = notional(book.asks().subList(70, 80));
    assertThat(farTen).isGreaterThan(2 * nearTen);
  }

  @Test
  void large_caps_quote_a_few_bps_and_small_tokens_tens_of_bps() {
    MicrostructureModel model = MicrostructureModel.of(7);
    assertThat(BookWalk.spreadBps(model.book(BTC, BTC_TIER, PAPER_A, WEDNESDAY))).isBetween(1.0, 5.0);
    assertThat(BookWalk.spreadBps(model.book(YFI, YFI_TIER, PAPER_A, WEDNESDAY))).isBetween(20.0, 60.0);
  }

  @Test
  void weekend_depth_is_thinner_than_weekday_depth() {
    MicrostructureModel model = MicrostructureModel.of(7);
    double weekday = BookWalk.depthWithin(model.book(BTC, BTC_TIER, PAPER_A, WEDNESDAY), Side.BUY, 100);
    double weekend = BookWalk.depthWithin(model.book(BTC, BTC_TIER, PAPER_A, SATURDAY), Side.BUY, 100);
    assertThat(weekend).isLessThan(0.75 * weekday);
  }

  @Test
  void a_holiday_is_thinner_and_wider_than_a_weekday() {
    MicrostructureModel model = MicrostructureModel.of(7);
    OrderBook holiday = model.book(BTC, BTC_TIER, PAPER_A, CHRISTMAS_THURSDAY);
    OrderBook weekday = model.book(BTC, BTC_TIER, PAPER_A, WEDNESDAY);
    assertThat(BookWalk.depthWithin(holiday, Side.SELL, 100)).isLessThan(0.65 * BookWalk.depthWithin(weekday, Side.SELL, 100));
    assertThat(BookWalk.spreadBps(holiday)).isGreaterThan(1.3 * BookWalk.spreadBps(weekday));
  }

  @Test
  void depth_within_100_bps_matches_the_calibrated_figure_within_noise() {
    OrderBook book = MicrostructureModel.of(7).book(BTC, BTC_TIER, PAPER_A, WEDNESDAY);
    assertThat(BookWalk.depthWithin(book, Side.BUY, 100)).isBetween(0.8 * BTC_TIER.depthWithin100Bps(), 1.2 * BTC_TIER.depthWithin100Bps());
  }

  @Test
  void a_thinner_venue_costs_more_to_trade_on() {
    VenueLiquidity paperB = new VenueLiquidity(VenueId.of("paper-b"), 0.35, 1.5, 0.2);
    MicrostructureModel model = MicrostructureModel.of(7);
    SnapshotSpec spec = SnapshotSpec.standard();
    BookMetrics a = MarketSnapshots.measure(model.book(YFI, YFI_TIER, PAPER_A, WEDNESDAY), spec);
    BookMetrics b = MarketSnapshots.measure(model.book(YFI, YFI_TIER, paperB, WEDNESDAY), spec);
    assertThat(b.costAt(100_000).orElseThrow().buyCost()).isGreaterThan(a.costAt(100_000).orElseThrow().buyCost());
    assertThat(b.impactSlope(Side.BUY)).isGreaterThan(a.impactSlope(Side.BUY));
  }

  @Test
  void venues_agree_on_the_mid_within_a_fraction_of_the_spread() {
    VenueLiquidity paperB = new VenueLiquidity(VenueId.of("paper-b"), 0.35, 1.5, 0.2);
    MicrostructureModel model = MicrostructureModel.of(7);
    double a = BookWalk.mid(model.book(BTC, BTC_TIER, PAPER_A, WEDNESDAY));
    double b = BookWalk.mid(model.book(BTC, BTC_TIER, paperB, WEDNESDAY));
    assertThat(Math.abs(a - b) / a * 1e4).isLessThan(BTC_TIER.spreadBps());
    assertThat(MarketSnapshots.assess(PAPER_A.venue(), model.book(BTC, BTC_TIER, PAPER_A, WEDNESDAY), WEDNESDAY, Optional.empty(),
        new FeeQuote(FeeRate.ofPercent(0.1, 0.1), FeeSource.CONFIGURATION), Optional.empty(), SnapshotSpec.standard()).outcome().isOk()).isTrue();
  }

  private static double notional(List<PriceLevel> levels) {
    return levels.stream().mapToDouble(PriceLevel::notional).sum();
  }
}
