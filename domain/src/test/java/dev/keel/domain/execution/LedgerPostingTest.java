package dev.keel.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.domain.execution.LedgerPosting.Entry;
import dev.keel.domain.execution.LedgerPosting.Posting;
import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class LedgerPostingTest {

  private static final String BTC = "BTC";
  private static final String USDT = "USDT";
  private static final BigDecimal HALF_BTC = new BigDecimal("0.5");
  private static final BigDecimal AT_60000 = new BigDecimal("60000");
  /** 10 bps of 30 000 USDT. */
  private static final BigDecimal FEE_30_USDT = new BigDecimal("30");
  /** The same 10 bps charged in the base asset. */
  private static final BigDecimal FEE_IN_BTC = new BigDecimal("0.0005");
  private static final BigDecimal ONE_BTC_WANTED = BigDecimal.ONE;

  private static Entry entry(String asset, String delta, String kind) {
    return new Entry(asset, new BigDecimal(delta).setScale(LedgerPosting.SCALE), kind);
  }

  @Test
  void a_buy_books_the_asset_in_its_value_out_and_the_fee() {
    Posting p = LedgerPosting.of(Side.BUY, BTC, USDT, HALF_BTC, AT_60000, FEE_30_USDT, USDT, ONE_BTC_WANTED);

    assertThat(p.allocated()).isEqualByComparingTo("0.5");
    assertThat(p.feeQuote()).isEqualTo(new BigDecimal("30").setScale(LedgerPosting.SCALE));
    assertThat(p.entries()).containsExactly(
        entry(BTC, "0.5", "TRADE"),
        entry(USDT, "-30000", "TRADE"),
        entry(USDT, "-30", "FEE"));
  }

  @Test
  void a_sell_books_the_asset_out_its_value_in_and_the_fee() {
    Posting p = LedgerPosting.of(Side.SELL, BTC, USDT, HALF_BTC, AT_60000, FEE_30_USDT, USDT, HALF_BTC);

    assertThat(p.allocated()).isEqualByComparingTo("0.5");
    assertThat(p.entries()).containsExactly(
        entry(BTC, "-0.5", "TRADE"),
        entry(USDT, "30000", "TRADE"),
        entry(USDT, "-30", "FEE"));
  }

  @Test
  void a_fee_charged_in_the_base_asset_is_booked_in_it_and_valued_at_the_fill_price() {
    Posting p = LedgerPosting.of(Side.BUY, BTC, USDT, HALF_BTC, AT_60000, FEE_IN_BTC, BTC, ONE_BTC_WANTED);

    assertThat(p.feeQuote()).isEqualByComparingTo("30");
    assertThat(p.entries()).containsExactly(
        entry(BTC, "0.5", "TRADE"),
        entry(USDT, "-30000", "TRADE"),
        entry(BTC, "-0.0005", "FEE"));
  }

  @Test
  void a_fee_in_a_third_asset_is_refused_until_converted_to_the_quote_asset() {
    assertThatThrownBy(() -> LedgerPosting.of(Side.BUY, BTC, USDT, HALF_BTC, AT_60000, new BigDecimal("0.05"), "BNB", ONE_BTC_WANTED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a fee in BNB must be converted to USDT before booking");
  }

  @Test
  void a_fill_without_a_fee_books_no_fee_entry() {
    Posting p = LedgerPosting.of(Side.BUY, BTC, USDT, HALF_BTC, AT_60000, BigDecimal.ZERO, USDT, ONE_BTC_WANTED);

    assertThat(p.entries()).extracting(Entry::kind).containsExactly("TRADE", "TRADE");
    assertThat(p.feeQuote()).isZero();
  }

  @Test
  void a_fill_beyond_what_the_trade_still_needs_is_split_into_an_allocation_and_adjustments() {
    // 0.2 of the 0.5 is still needed: 2/5 of the fee goes with the allocation
    Posting p = LedgerPosting.of(Side.BUY, BTC, USDT, HALF_BTC, AT_60000, FEE_30_USDT, USDT, new BigDecimal("0.2"));

    assertThat(p.allocated()).isEqualByComparingTo("0.2");
    assertThat(p.feeQuote()).isEqualByComparingTo("12");
    assertThat(p.entries()).containsExactly(
        entry(BTC, "0.2", "TRADE"),
        entry(USDT, "-12000", "TRADE"),
        entry(USDT, "-12", "FEE"),
        entry(BTC, "0.3", "ADJUSTMENT"),
        entry(USDT, "-18018", "ADJUSTMENT"));
  }

  @Test
  void a_sell_beyond_what_the_trade_still_needs_keeps_its_base_fee_with_each_part() {
    Posting p = LedgerPosting.of(Side.SELL, BTC, USDT, HALF_BTC, AT_60000, FEE_IN_BTC, BTC, new BigDecimal("0.4"));

    assertThat(p.allocated()).isEqualByComparingTo("0.4");
    assertThat(p.feeQuote()).isEqualByComparingTo("24");
    assertThat(p.entries()).containsExactly(
        entry(BTC, "-0.4", "TRADE"),
        entry(USDT, "24000", "TRADE"),
        entry(BTC, "-0.0004", "FEE"),
        entry(BTC, "-0.1001", "ADJUSTMENT"),
        entry(USDT, "6000", "ADJUSTMENT"));
  }

  @Test
  void a_late_fill_of_a_trade_already_complete_is_booked_entirely_as_adjustments() {
    Posting p = LedgerPosting.of(Side.BUY, BTC, USDT, HALF_BTC, AT_60000, FEE_30_USDT, USDT, BigDecimal.ZERO);

    assertThat(p.allocated()).isZero();
    assertThat(p.feeQuote()).isZero();
    assertThat(p.entries()).containsExactly(
        entry(BTC, "0.5", "ADJUSTMENT"),
        entry(USDT, "-30030", "ADJUSTMENT"));
  }

  @Test
  void a_remaining_quantity_below_zero_counts_as_nothing_remaining() {
    Posting p = LedgerPosting.of(Side.SELL, BTC, USDT, HALF_BTC, AT_60000, FEE_30_USDT, USDT, new BigDecimal("-0.1"));

    assertThat(p.allocated()).isZero();
    assertThat(p.entries()).extracting(Entry::kind).containsOnly("ADJUSTMENT");
  }

  @Test
  void every_amount_keeps_the_ledgers_18_decimals() {
    Posting p = LedgerPosting.of(Side.BUY, BTC, USDT, new BigDecimal("0.3"), new BigDecimal("60000.123456789"),
        new BigDecimal("0.00000001"), USDT, new BigDecimal("0.1"));

    assertThat(p.entries()).allSatisfy(e -> assertThat(e.delta().scale()).isEqualTo(LedgerPosting.SCALE));
    assertThat(p.feeQuote().scale()).isEqualTo(LedgerPosting.SCALE);
  }

  @Test
  void a_posting_needs_a_side() {
    assertThatThrownBy(() -> LedgerPosting.of(null, BTC, USDT, HALF_BTC, AT_60000, FEE_30_USDT, USDT, ONE_BTC_WANTED))
        .isInstanceOf(NullPointerException.class).hasMessage("side");
  }
}
