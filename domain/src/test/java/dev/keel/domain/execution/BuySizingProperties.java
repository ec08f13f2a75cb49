package dev.keel.domain.execution;

import static dev.keel.domain.testing.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.execution.BuySizing.Buy;
import dev.keel.domain.testing.Properties;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sized buys fit the cash, stay within what was wanted, and are scaled by one factor when they must be. */
class BuySizingProperties {

  private static final long SEED = 20261207_01L;
  private static final int CASES = 2_500;
  private static final BigDecimal[] LOTS = {
      new BigDecimal("1"), new BigDecimal("0.1"), new BigDecimal("0.001"), new BigDecimal("0.00001"), new BigDecimal("0.00000001")};

  /** Cash in USDT (18 decimals, as the ledger keeps it) and the buys to size against it. */
  record Case(BigDecimal cash, List<Buy> buys) {}

  static BigDecimal worstCost(Buy b, BigDecimal quantity) {
    return quantity.multiply(b.priceCap()).multiply(BigDecimal.ONE.add(BigDecimal.valueOf(b.maxFee())));
  }

  static BigDecimal worstCost(List<Buy> buys) {
    return buys.stream().map(b -> worstCost(b, b.quantity())).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  static Case draw(SplittableRandom r) {
    int n = r.nextInt(1, 6);
    List<Buy> buys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BigDecimal lot = LOTS[r.nextInt(LOTS.length)];
      BigDecimal quantity = BigDecimal.valueOf(r.nextLong(1, 1_000_000_000L), r.nextInt(0, 9));
      BigDecimal cap = BigDecimal.valueOf(r.nextDouble(0.0001, 100_000)).setScale(r.nextInt(2, 9), RoundingMode.DOWN);
      if (cap.signum() <= 0) {
        cap = new BigDecimal("0.01");
      }
      buys.add(new Buy(i + 1, quantity, cap, r.nextInt(5) == 0 ? 0 : r.nextDouble(0, 0.01), lot));
    }
    BigDecimal worst = worstCost(buys);
    BigDecimal cash = switch (r.nextInt(4)) {
      case 0 -> worst.multiply(BigDecimal.valueOf(r.nextDouble(0, 1.3))).setScale(18, RoundingMode.DOWN);
      case 1 -> worst.subtract(BigDecimal.valueOf(r.nextLong(1, 1_000_000_000_000L), 18)); // a hair short
      case 2 -> worst.multiply(BigDecimal.valueOf(r.nextDouble(0, 1e-3))).setScale(r.nextInt(0, 19), RoundingMode.DOWN);
      default -> worst.multiply(BigDecimal.valueOf(r.nextDouble(0.9, 1))).setScale(2, RoundingMode.DOWN);
    };
    return new Case(cash, List.copyOf(buys));
  }

  @Test
  void sized_buys_never_cost_more_than_the_cash_at_their_caps_and_fees_nor_exceed_the_wanted_quantity() {
    Buy halfBtc = new Buy(1, new BigDecimal("0.5"), new BigDecimal("50000"), 0.001, new BigDecimal("0.00001"));
    Buy fourEth = new Buy(2, new BigDecimal("4"), new BigDecimal("3000"), 0.001, new BigDecimal("0.0001"));
    List<Case> edges = List.of(
        new Case(BigDecimal.ZERO, List.of(halfBtc, fourEth)),
        new Case(new BigDecimal("37037"), List.of(halfBtc, fourEth)),
        new Case(new BigDecimal("37036.999999999999999999"), List.of(halfBtc, fourEth)),
        new Case(new BigDecimal("-1"), List.of(halfBtc)));
    Properties.Tally scaled = new Properties.Tally("scaled", SEED);

    forAll(SEED, CASES, edges, BuySizingProperties::draw, c -> {
      Map<Long, BigDecimal> sized = BuySizing.size(c.cash(), c.buys());

      assertThat(sized.keySet()).as("one size per buy, in order").containsExactlyElementsOf(
          c.buys().stream().map(Buy::tradeId).toList());
      BigDecimal total = BigDecimal.ZERO;
      boolean scaledDown = worstCost(c.buys()).compareTo(c.cash()) > 0;
      BigDecimal factor = c.cash().max(BigDecimal.ZERO).divide(worstCost(c.buys()), new MathContext(34, RoundingMode.DOWN));
      for (Buy b : c.buys()) {
        BigDecimal q = sized.get(b.tradeId());
        assertThat(q).as("trade %d", b.tradeId()).isBetween(BigDecimal.ZERO, b.quantity());
        if (scaledDown) {
          assertThat(q.remainder(b.lot()).signum()).as("trade %d: %s is a whole number of lots %s", b.tradeId(), q, b.lot()).isZero();
          assertThat(q).as("trade %d scaled by %s, less at most one lot", b.tradeId(), factor)
              .isGreaterThanOrEqualTo(b.quantity().multiply(factor).subtract(b.lot()));
        }
        total = total.add(worstCost(b, q));
      }
      assertThat(total).as("worst-case cost of the sized buys").isLessThanOrEqualTo(c.cash().max(BigDecimal.ZERO));
      scaled.collect(scaledDown);
    });

    scaled.requirePercent(true, 50, 95);
  }
}
