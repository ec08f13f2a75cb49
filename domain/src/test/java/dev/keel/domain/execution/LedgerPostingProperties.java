package dev.keel.domain.execution;

import static dev.keel.domain.testing.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.execution.LedgerPosting.Entry;
import dev.keel.domain.execution.LedgerPosting.Posting;
import dev.keel.domain.market.Side;
import dev.keel.domain.testing.Properties;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A fill's postings move each asset by exactly the fill's economic effect, and never allocate beyond the trade. */
class LedgerPostingProperties {

  private static final long SEED = 20261207_02L;
  private static final int CASES = 3_000;
  private static final String BASE = "ETH";
  private static final String QUOTE = "USDT";

  /**
   * One fill: below 10⁸ base units with up to 8 decimals, at a price below 10⁶ with up to 12 decimals (as a paper venue's
   * average price has), a fee in the base or the quote asset with up to 18 decimals (as a fee converted from a third
   * asset has), and what the trade still needs; every amount within the ledger's NUMERIC(38, 18).
   */
  record Fill(Side side, BigDecimal quantity, BigDecimal price, BigDecimal fee, String feeAsset, BigDecimal remaining) {}

  static Fill draw(SplittableRandom r) {
    Side side = r.nextBoolean() ? Side.BUY : Side.SELL;
    int quantityDecimals = r.nextInt(0, 9);
    BigDecimal quantity = BigDecimal.valueOf(r.nextLong(1, pow10(r.nextInt(1, 9) + quantityDecimals)), quantityDecimals);
    int priceDecimals = r.nextInt(2, 13);
    BigDecimal price = BigDecimal.valueOf(r.nextLong(1, pow10(r.nextInt(1, 7) + priceDecimals)), priceDecimals);
    String feeAsset = r.nextBoolean() ? BASE : QUOTE;
    BigDecimal fee = BigDecimal.ZERO;
    if (r.nextInt(5) > 0) {
      BigDecimal charged = feeAsset.equals(BASE) ? quantity : quantity.multiply(price);
      fee = charged.multiply(BigDecimal.valueOf(r.nextDouble(0, 0.002))).setScale(r.nextInt(2, 19), RoundingMode.HALF_EVEN);
    }
    BigDecimal remaining = switch (r.nextInt(5)) {
      case 0 -> BigDecimal.ZERO;
      case 1 -> quantity;
      case 2 -> quantity.add(BigDecimal.valueOf(r.nextLong(1, 1_000_000_000L), 8));
      case 3 -> BigDecimal.valueOf(-r.nextLong(1, 1_000_000L), 8);
      default -> quantity.multiply(BigDecimal.valueOf(r.nextDouble())).setScale(8, RoundingMode.DOWN);
    };
    return new Fill(side, quantity, price, fee, feeAsset, remaining);
  }

  static long pow10(int n) {
    return BigDecimal.TEN.pow(n).longValueExact();
  }

  static BigDecimal ledger(BigDecimal amount) {
    return amount.setScale(LedgerPosting.SCALE, RoundingMode.HALF_EVEN);
  }

  @Test
  void the_entries_of_each_asset_add_up_to_the_fills_effect_and_the_allocation_stays_within_what_remains() {
    List<Fill> edges = List.of(
        new Fill(Side.BUY, new BigDecimal("0.3"), new BigDecimal("3000.123456789012"), new BigDecimal("0.000000000000000003"),
            QUOTE, new BigDecimal("0.1")),
        new Fill(Side.SELL, new BigDecimal("3"), new BigDecimal("0.000000000123"), new BigDecimal("0.000000000000000001"), BASE,
            new BigDecimal("1")),
        new Fill(Side.BUY, new BigDecimal("0.5"), new BigDecimal("60000"), new BigDecimal("30"), QUOTE, BigDecimal.ZERO),
        new Fill(Side.SELL, new BigDecimal("99999999.99999999"), new BigDecimal("9999999.999999999999"),
            new BigDecimal("1999999999999.999999999999999999"), QUOTE, new BigDecimal("33333333.33333333")),
        new Fill(Side.BUY, new BigDecimal("7"), new BigDecimal("0.01"), new BigDecimal("0.000000000000000001"), BASE,
            new BigDecimal("7")));
    Properties.Tally split = new Properties.Tally("fill", SEED);

    forAll(SEED, CASES, edges, LedgerPostingProperties::draw, f -> {
      Posting p = LedgerPosting.of(f.side(), BASE, QUOTE, f.quantity(), f.price(), f.fee(), f.feeAsset(), f.remaining());

      BigDecimal sign = f.side() == Side.BUY ? BigDecimal.ONE : BigDecimal.ONE.negate();
      BigDecimal baseEffect = f.quantity().multiply(sign).subtract(f.feeAsset().equals(BASE) ? f.fee() : BigDecimal.ZERO);
      BigDecimal quoteEffect = f.quantity().multiply(f.price()).multiply(sign).negate()
          .subtract(f.feeAsset().equals(QUOTE) ? f.fee() : BigDecimal.ZERO);
      Map<String, BigDecimal> sums = new HashMap<>();
      for (Entry e : p.entries()) {
        sums.merge(e.asset(), e.delta(), BigDecimal::add);
      }
      assertThat(sums.keySet()).as("assets moved").isSubsetOf(BASE, QUOTE);
      assertThat(sums.getOrDefault(BASE, BigDecimal.ZERO)).as("%s moved, entries %s", BASE, p.entries())
          .isEqualByComparingTo(ledger(baseEffect));
      assertThat(sums.getOrDefault(QUOTE, BigDecimal.ZERO)).as("%s moved, entries %s", QUOTE, p.entries())
          .isEqualByComparingTo(ledger(quoteEffect));

      BigDecimal canTake = f.remaining().max(BigDecimal.ZERO);
      assertThat(p.allocated()).as("allocated").isBetween(BigDecimal.ZERO, canTake.min(f.quantity()))
          .isEqualByComparingTo(canTake.min(f.quantity()));
      assertThat(p.entries()).as("one entry per asset and kind")
          .doesNotHaveDuplicates()
          .extracting(e -> e.asset() + "/" + e.kind()).doesNotHaveDuplicates();
      assertThat(p.entries()).allSatisfy(e -> {
        assertThat(e.delta().scale()).isEqualTo(LedgerPosting.SCALE);
        assertThat(e.delta().signum()).isNotZero();
      });
      split.collect(p.allocated().signum() == 0 ? "all adjustment" : p.allocated().compareTo(f.quantity()) < 0 ? "split" : "allocated");
    });

    split.requirePercent("split", 10, 50).requirePercent("all adjustment", 20, 60).requirePercent("allocated", 20, 60);
  }
}
