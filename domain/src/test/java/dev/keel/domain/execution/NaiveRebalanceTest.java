package dev.keel.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.keel.domain.execution.NaiveRebalance.Cost;
import dev.keel.domain.market.Market;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.PriceLevel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NaiveRebalanceTest {

  private static final String CASH = "USDT";
  private static final double TAKER_FEE_10_BPS = 0.001;
  private static final Map<String, Double> TARGETS_50_30_20 = Map.of("BTC", 0.5, "ETH", 0.3, CASH, 0.2);
  private static final Map<String, Double> MIDS = Map.of("BTC", 100.0, "ETH", 10.0, CASH, 1.0);
  /** 5 BTC (500), 30 ETH (300), 200 USDT: worth 1 000, exactly on target. */
  private static final Map<String, BigDecimal> ON_TARGET = holdings("5", "30", "200");
  /** 6 BTC (600), 20 ETH (200), 200 USDT: sell 100 of BTC, buy 100 of ETH. */
  private static final Map<String, BigDecimal> BTC_RALLIED = holdings("6", "20", "200");
  /** 3 BTC (300), 30 ETH (300), 400 USDT: buy 200 of BTC, cash 200 over its target. */
  private static final Map<String, BigDecimal> BTC_FELL = holdings("3", "30", "400");
  /** Bids 99 x 1, 98 x 2; asks 101 x 1, 102 x 2: mid 100. */
  private static final OrderBook BTC_BOOK = new OrderBook(Market.of("BTC", CASH),
      List.of(PriceLevel.of("99", "1"), PriceLevel.of("98", "2")),
      List.of(PriceLevel.of("101", "1"), PriceLevel.of("102", "2")));

  private static Map<String, BigDecimal> holdings(String btc, String eth, String usdt) {
    return Map.of("BTC", new BigDecimal(btc), "ETH", new BigDecimal(eth), CASH, new BigDecimal(usdt));
  }

  @Test
  void a_portfolio_already_on_target_costs_nothing() {
    assertThat(NaiveRebalance.of(ON_TARGET, TARGETS_50_30_20, MIDS, Map.of("BTC", BTC_BOOK), TAKER_FEE_10_BPS, CASH))
        .isEqualTo(new Cost(0, 0));
  }

  @Test
  void a_large_portfolio_on_target_at_real_prices_costs_nothing() {
    Map<String, BigDecimal> large = Map.of("BTC", new BigDecimal("150"), "ETH", new BigDecimal("1234.5678"), CASH,
        new BigDecimal("987654.32"));
    Map<String, Double> mids = Map.of("BTC", 67234.15, "ETH", 3456.789, CASH, 1.0);
    double value = 150 * 67234.15 + 1234.5678 * 3456.789 + 987654.32;
    Map<String, Double> targets = Map.of("BTC", 150 * 67234.15 / value, "ETH", 1234.5678 * 3456.789 / value, CASH,
        987654.32 / value);

    Cost cost = NaiveRebalance.of(large, targets, mids, Map.of(), TAKER_FEE_10_BPS, CASH);

    assertThat(cost.notional()).isCloseTo(0, within(1e-6));
    assertThat(cost.cost()).isCloseTo(0, within(1e-9));
  }

  @Test
  void a_drifted_portfolio_without_books_pays_the_fee_on_each_assets_gap_to_target() {
    Cost cost = NaiveRebalance.of(BTC_RALLIED, TARGETS_50_30_20, MIDS, Map.of(), TAKER_FEE_10_BPS, CASH);

    assertThat(cost.notional()).isCloseTo(200, within(1e-9));
    assertThat(cost.cost()).isCloseTo(200 * 0.001, within(1e-12));
  }

  @Test
  void a_sell_walks_the_bids_and_pays_the_fee_on_top() {
    // BTC: sell 100 = 1 BTC at 99, 1 % from mid, plus 0.1 %; ETH: buy 100 at the fee alone
    Cost cost = NaiveRebalance.of(BTC_RALLIED, TARGETS_50_30_20, MIDS, Map.of("BTC", BTC_BOOK), TAKER_FEE_10_BPS, CASH);

    assertThat(cost.notional()).isCloseTo(200, within(1e-9));
    assertThat(cost.cost()).isCloseTo(100 * (0.01 + 0.001) + 100 * 0.001, within(1e-9));
  }

  @Test
  void a_buy_across_two_levels_pays_the_walks_average_and_the_fee() {
    // BTC: buy 200 = 2 BTC at 101 and 102, average 101.5, 1.5 % from mid
    Cost cost = NaiveRebalance.of(BTC_FELL, TARGETS_50_30_20, MIDS, Map.of("BTC", BTC_BOOK), TAKER_FEE_10_BPS, CASH);

    assertThat(cost.notional()).isCloseTo(200, within(1e-9));
    assertThat(cost.cost()).isCloseTo(200 * (0.015 + 0.001), within(1e-9));
  }

  @Test
  void cash_is_never_traded_even_when_it_is_off_target() {
    // 400 USDT against a 200 target: the naive policy buys the other assets back to target, it never "trades" cash
    Map<String, BigDecimal> cashHeavy = holdings("5", "30", "400");

    Cost cost = NaiveRebalance.of(cashHeavy, TARGETS_50_30_20, MIDS, Map.of(), TAKER_FEE_10_BPS, CASH);

    assertThat(cost.notional()).as("100 of BTC and 60 of ETH, not the 160 of cash").isCloseTo(160, within(1e-9));
    assertThat(cost.cost()).isCloseTo(160 * 0.001, within(1e-12));
  }

  @Test
  void a_portfolio_all_in_cash_with_an_all_cash_target_costs_nothing() {
    assertThat(NaiveRebalance.of(Map.of(CASH, new BigDecimal("1000")), Map.of(CASH, 1.0), MIDS, Map.of(), TAKER_FEE_10_BPS, CASH))
        .isEqualTo(new Cost(0, 0));
  }

  @Test
  void an_asset_held_without_a_target_is_sold_entirely() {
    Map<String, BigDecimal> withDoge = Map.of("BTC", new BigDecimal("5"), "ETH", new BigDecimal("30"), CASH, new BigDecimal("200"),
        "DOGE", new BigDecimal("1000"));
    Map<String, Double> mids = Map.of("BTC", 100.0, "ETH", 10.0, CASH, 1.0, "DOGE", 0.01);

    // worth 1 010: BTC 505 - 500, ETH 303 - 300, DOGE 0 - 10
    Cost cost = NaiveRebalance.of(withDoge, TARGETS_50_30_20, mids, Map.of(), TAKER_FEE_10_BPS, CASH);

    assertThat(cost.notional()).isCloseTo(5 + 3 + 10, within(1e-9));
  }

  @Test
  void an_asset_without_a_mid_is_left_out() {
    Map<String, Double> noEthMid = Map.of("BTC", 100.0, CASH, 1.0);

    // worth 800 without ETH: BTC 400 - 600
    Cost cost = NaiveRebalance.of(BTC_RALLIED, TARGETS_50_30_20, noEthMid, Map.of(), TAKER_FEE_10_BPS, CASH);

    assertThat(cost.notional()).isCloseTo(200, within(1e-9));
  }

  @Test
  void a_book_with_an_empty_side_is_priced_at_the_fee_alone() {
    OrderBook noAsks = new OrderBook(Market.of("BTC", CASH), BTC_BOOK.bids(), List.of());

    Cost cost = NaiveRebalance.of(BTC_FELL, TARGETS_50_30_20, MIDS, Map.of("BTC", noAsks), TAKER_FEE_10_BPS, CASH);

    assertThat(cost.cost()).isCloseTo(200 * 0.001, within(1e-12));
  }
}
