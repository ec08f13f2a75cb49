package dev.keel.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.execution.Repricing.ProposedTrade;
import dev.keel.domain.execution.Repricing.Quote;
import dev.keel.domain.execution.Repricing.Verdict;
import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FAULTS.md E10: a proposal whose prices or cost moved too far since it was proposed is held, not executed. */
class RepricingTest {

  private static final ExecutionPolicy POLICY = ExecutionPolicy.DEFAULT; // 50 % cost rise, 1 x band

  /** Buy 0.1 BTC proposed at 50 000 with a 5 % band: 5 000 USDT. */
  private static final ProposedTrade BTC_BUY = new ProposedTrade("BTC", Side.BUY, new BigDecimal("0.1"), new BigDecimal("50000"), 0.05);
  /** Sell 2 ETH proposed at 3 000 with a 4 % band: 6 000 USDT. */
  private static final ProposedTrade ETH_SELL = new ProposedTrade("ETH", Side.SELL, new BigDecimal("2"), new BigDecimal("3000"), 0.04);
  private static final List<ProposedTrade> BTC_BUY_ETH_SELL = List.of(BTC_BUY, ETH_SELL);

  /** 20 bps of 11 000 USDT. */
  private static final BigDecimal EXPECTED_COST = new BigDecimal("22");
  private static final double COST_20_BPS = 0.002;

  private static Quote quote(String mid, double costFraction) {
    return new Quote(new BigDecimal(mid), n -> costFraction);
  }

  private static Map<String, Quote> quotes(String btcMid, String ethMid) {
    return Map.of("BTC", quote(btcMid, COST_20_BPS), "ETH", quote(ethMid, COST_20_BPS));
  }

  private static Verdict judge(Map<String, Quote> quotes) {
    return Repricing.judge(BTC_BUY_ETH_SELL, EXPECTED_COST, quotes, POLICY);
  }

  @Test
  void a_proposal_whose_prices_and_costs_did_not_move_proceeds_with_its_cost_now() {
    assertThat(judge(quotes("50000", "3000"))).isEqualTo(new Verdict(false, "", new BigDecimal("22.00000000")));
  }

  @Test
  void a_mid_that_rose_beyond_the_band_holds_naming_the_asset_the_move_and_the_band() {
    Verdict v = judge(quotes("52600", "3000"));

    assertThat(v.hold()).isTrue();
    assertThat(v.reason())
        .isEqualTo("held: BTC mid moved +5.20 % since the proposal (50000 → 52600), beyond the 5.00 % its band allows");
  }

  @Test
  void a_mid_that_fell_beyond_the_band_holds_too() {
    Verdict v = judge(quotes("50000", "2870"));

    assertThat(v.hold()).isTrue();
    assertThat(v.reason())
        .isEqualTo("held: ETH mid moved -4.33 % since the proposal (3000 → 2870), beyond the 4.00 % its band allows");
  }

  @Test
  void a_move_inside_the_band_proceeds() {
    assertThat(judge(quotes("52400", "2890")).hold()).isFalse();
  }

  @Test
  void a_move_of_exactly_the_band_is_allowed_in_either_direction() {
    assertThat(judge(quotes("52500", "3000")).hold()).as("BTC +5 %% on a 5 %% band").isFalse();
    assertThat(judge(quotes("47500", "3000")).hold()).as("BTC -5 %% on a 5 %% band").isFalse();
    assertThat(judge(quotes("50000", "2880")).hold()).as("ETH -4 %% on a 4 %% band").isFalse();
    assertThat(judge(quotes("50000", "3120")).hold()).as("ETH +4 %% on a 4 %% band").isFalse();
  }

  @Test
  void a_smaller_band_fraction_allows_a_smaller_move() {
    ExecutionPolicy halfBand = ExecutionPolicyTest.midMoveBandFraction(0.5);

    Verdict v = Repricing.judge(BTC_BUY_ETH_SELL, EXPECTED_COST, quotes("51300", "3000"), halfBand);

    assertThat(v.hold()).isTrue();
    assertThat(v.reason()).contains("BTC mid moved +2.60 %", "beyond the 2.50 % its band allows");
    assertThat(judge(quotes("51300", "3000")).hold()).as("the same move under the default policy").isFalse();
  }

  @Test
  void an_asset_proposed_without_a_band_holds_on_any_move() {
    ProposedTrade noBand = new ProposedTrade("BTC", Side.BUY, new BigDecimal("0.1"), new BigDecimal("50000"), 0);

    assertThat(Repricing.judge(List.of(noBand), new BigDecimal("10"), Map.of("BTC", quote("50000", COST_20_BPS)), POLICY).hold())
        .isFalse();
    assertThat(Repricing.judge(List.of(noBand), new BigDecimal("10"), Map.of("BTC", quote("50001", COST_20_BPS)), POLICY).hold())
        .isTrue();
  }

  @Test
  void a_cost_that_rose_by_more_than_half_holds_naming_both_costs_and_the_tolerance() {
    Map<String, Quote> dearer = Map.of("BTC", quote("50000", 0.0031), "ETH", quote("3000", 0.0031));

    Verdict v = judge(dearer);

    assertThat(v.hold()).isTrue();
    assertThat(v.reason()).isEqualTo("held: expected cost rose from 22.0000 to 34.1000 USDT, beyond the 50 % tolerance");
    assertThat(v.expectedCostNow()).isEqualByComparingTo("34.1");
  }

  @Test
  void a_cost_that_rose_by_exactly_half_proceeds() {
    Map<String, Quote> halfAgain = Map.of("BTC", quote("50000", 0.003), "ETH", quote("3000", 0.003));

    assertThat(judge(halfAgain).hold()).isFalse();
  }

  @Test
  void a_cost_that_fell_proceeds() {
    Map<String, Quote> cheaper = Map.of("BTC", quote("50000", 0.001), "ETH", quote("3000", 0.001));

    assertThat(judge(cheaper)).isEqualTo(new Verdict(false, "", new BigDecimal("11.00000000")));
  }

  @Test
  void the_cost_now_is_asked_for_each_trades_notional_at_todays_mid() {
    List<Double> asked = new ArrayList<>();
    Map<String, Quote> recording = Map.of(
        "BTC", new Quote(new BigDecimal("51000"), n -> { asked.add(n); return COST_20_BPS; }),
        "ETH", new Quote(new BigDecimal("2950"), n -> { asked.add(n); return COST_20_BPS; }));

    judge(recording);

    assertThat(asked).containsExactly(5100.0, 5900.0);
  }

  @Test
  void an_asset_without_a_healthy_quote_holds_naming_the_asset() {
    Verdict v = judge(Map.of("BTC", quote("50000", COST_20_BPS)));

    assertThat(v.hold()).isTrue();
    assertThat(v.reason()).isEqualTo("held: ETH has no healthy snapshot now");
  }

  @Test
  void several_reasons_are_all_given() {
    Verdict v = judge(Map.of("BTC", quote("52600", COST_20_BPS)));

    assertThat(v.reason()).isEqualTo("held: BTC mid moved +5.20 % since the proposal (50000 → 52600), beyond the 5.00 % its band "
        + "allows; ETH has no healthy snapshot now");
  }

  @Test
  void a_cost_that_cannot_be_estimated_now_holds_naming_the_asset() {
    Map<String, Quote> unknownCost = Map.of("BTC", quote("50000", Double.NaN), "ETH", quote("3000", COST_20_BPS));
    Map<String, Quote> endlessCost = Map.of("BTC", quote("50000", COST_20_BPS), "ETH", quote("3000", Double.POSITIVE_INFINITY));

    assertThat(judge(unknownCost).hold()).isTrue();
    assertThat(judge(unknownCost).reason()).isEqualTo("held: BTC has no cost estimate now");
    assertThat(judge(endlessCost).reason()).isEqualTo("held: ETH has no cost estimate now");
  }
}
