package dev.keel.domain.crossing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.domain.market.Side;
import dev.keel.domain.testing.Properties;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InternalCrossTest {

  static final BigDecimal LOT = new BigDecimal("0.001");
  static final long SEED = 20261204L;
  static final int CASES = 400;

  /** A run: trades in one asset, a venue fill ratio for the net, and a per-unit venue cost curve. */
  record Run(List<CrossingOrder> orders, double fillRatio, double linearCost, double impactSlope) {}

  static Run draw(SplittableRandom r) {
    int n = 1 + r.nextInt(12);
    List<CrossingOrder> orders = new ArrayList<>();
    double buyBias = r.nextDouble();
    for (int i = 0; i < n; i++) {
      Side side = r.nextDouble() < buyBias ? Side.BUY : Side.SELL;
      long lots = 1 + (r.nextBoolean() ? r.nextInt(5) : r.nextInt(100_000));
      orders.add(new CrossingOrder(1000 - 7L * i, side, LOT.multiply(BigDecimal.valueOf(lots))));
    }
    double fill = r.nextInt(4) == 0 ? 1 : r.nextDouble();
    return new Run(orders, fill, r.nextDouble() * 0.003, r.nextDouble() * 1e-4);
  }

  static BigDecimal sum(List<BigDecimal> values) {
    return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  static BigDecimal fillOf(InternalCross.Result result, double ratio) {
    BigDecimal lots = result.net().divide(LOT).multiply(BigDecimal.valueOf(ratio)).setScale(0, java.math.RoundingMode.FLOOR);
    return lots.multiply(LOT);
  }

  /** Each trade's share of the venues' fills of the net, as a final net is allocated: pro rata to the parts of the net. */
  static java.util.Map<Long, BigDecimal> venueShares(InternalCross.Result result, BigDecimal venueFill) {
    java.util.Map<Long, BigDecimal> parts = new java.util.LinkedHashMap<>();
    for (CrossedOrder o : result.orders()) {
      if (o.toVenue().signum() > 0) {
        parts.put(o.id(), o.toVenue());
      }
    }
    return InternalCross.allocate(venueFill, parts, LOT).shares();
  }

  static BigDecimal venueFilled(CrossedOrder o, java.util.Map<Long, BigDecimal> shares) {
    return shares.getOrDefault(o.id(), BigDecimal.ZERO);
  }

  /** Crossed plus venue-filled quantity: what the trade books. */
  static BigDecimal filled(CrossedOrder o, java.util.Map<Long, BigDecimal> shares) {
    return o.crossed().add(venueFilled(o, shares));
  }

  @Test
  void allocations_sum_to_crossed_quantity_plus_venue_fills_per_side() {
    Properties.forAll(SEED, CASES, InternalCrossTest::draw, run -> {
      InternalCross.Result result = InternalCross.cross(run.orders(), LOT);
      BigDecimal venueFill = fillOf(result, run.fillRatio());
      java.util.Map<Long, BigDecimal> shares = venueShares(result, venueFill);
      for (Side side : Side.values()) {
        BigDecimal booked = sum(result.orders().stream().filter(o -> o.side() == side).map(o -> filled(o, shares)).toList());
        BigDecimal expected = result.crossedPerSide().add(side == result.netSide() ? venueFill : BigDecimal.ZERO);
        assertThat(booked).as(side.name()).isEqualByComparingTo(expected);
      }
    });
  }

  @Test
  void no_trade_is_allocated_more_than_it_intended() {
    Properties.forAll(SEED + 1, CASES, InternalCrossTest::draw, run -> {
      InternalCross.Result result = InternalCross.cross(run.orders(), LOT);
      java.util.Map<Long, BigDecimal> shares = venueShares(result, fillOf(result, run.fillRatio()));
      for (CrossedOrder o : result.orders()) {
        assertThat(filled(o, shares)).isLessThanOrEqualTo(o.intended());
        assertThat(o.crossed().remainder(LOT)).isZero();
        assertThat(venueFilled(o, shares).remainder(LOT)).isZero();
      }
    });
  }

  @Test
  void the_net_goes_to_the_venue_and_only_from_the_larger_side() {
    Properties.forAll(SEED + 2, CASES, InternalCrossTest::draw, run -> {
      InternalCross.Result result = InternalCross.cross(run.orders(), LOT);
      BigDecimal buys = sum(run.orders().stream().filter(o -> o.side() == Side.BUY).map(CrossingOrder::quantity).toList());
      BigDecimal sells = sum(run.orders().stream().filter(o -> o.side() == Side.SELL).map(CrossingOrder::quantity).toList());
      assertThat(result.net()).isEqualByComparingTo(buys.subtract(sells).abs());
      assertThat(sum(result.orders().stream().map(CrossedOrder::toVenue).toList())).isEqualByComparingTo(result.net());
      for (CrossedOrder o : result.orders()) {
        if (o.side() != result.netSide()) {
          assertThat(o.toVenue()).isZero();
        }
      }
    });
  }

  /**
   * With the venue's per-unit cost rising with the size sent (a book walked deeper), every trade pays per unit at most
   * its side's per-unit cost without crossing, i.e. at most its pro rata share of the uncrossed execution.
   */
  @Test
  void no_trade_is_worse_off_than_its_share_of_the_uncrossed_execution() {
    Properties.forAll(SEED + 3, CASES, InternalCrossTest::draw, run -> {
      InternalCross.Result result = InternalCross.cross(run.orders(), LOT);
      BigDecimal mid = new BigDecimal("100");
      for (Side side : Side.values()) {
        BigDecimal gross = sum(run.orders().stream().filter(o -> o.side() == side).map(CrossingOrder::quantity).toList());
        if (gross.signum() == 0) {
          continue;
        }
        double uncrossedPerUnit = run.linearCost() + run.impactSlope() * gross.doubleValue();
        double netPerUnit = run.linearCost() + run.impactSlope() * result.net().doubleValue();
        BigDecimal sign = BigDecimal.valueOf(side == Side.BUY ? 1 : -1);
        BigDecimal venueAverage = mid.multiply(BigDecimal.ONE.add(sign.multiply(BigDecimal.valueOf(netPerUnit))));
        BigDecimal uncrossedAverage = mid.multiply(BigDecimal.ONE.add(sign.multiply(BigDecimal.valueOf(uncrossedPerUnit))));
        java.util.Map<Long, BigDecimal> shares = venueShares(result, result.net());
        for (CrossedOrder o : result.orders()) {
          if (o.side() != side) {
            continue;
          }
          // one average price: the cross at the mid, the venue part at the venue's average
          BigDecimal price = o.crossed().multiply(mid).add(venueFilled(o, shares).multiply(venueAverage))
              .divide(filled(o, shares), MathContext.DECIMAL128);
          if (side == Side.BUY) {
            assertThat(price).isLessThanOrEqualTo(uncrossedAverage);
          } else {
            assertThat(price).isGreaterThanOrEqualTo(uncrossedAverage);
          }
        }
      }
    });
  }

  @Test
  void a_partial_venue_fill_leaves_every_venue_trade_short_by_the_same_fraction_within_a_lot() {
    Properties.forAll(SEED + 4, CASES, InternalCrossTest::draw, run -> {
      InternalCross.Result result = InternalCross.cross(run.orders(), LOT);
      Properties.assume(result.net().signum() > 0);
      BigDecimal venueFill = fillOf(result, run.fillRatio());
      double ratio = venueFill.doubleValue() / result.net().doubleValue();
      java.util.Map<Long, BigDecimal> shares = venueShares(result, venueFill);
      for (CrossedOrder o : result.orders()) {
        double exact = o.toVenue().doubleValue() * ratio;
        assertThat(Math.abs(venueFilled(o, shares).doubleValue() - exact)).isLessThan(LOT.doubleValue() * 1.0001);
      }
    });
  }

  @Test
  void two_opposite_trades_of_equal_size_cross_in_full_and_nothing_goes_to_the_venue() {
    InternalCross.Result result = InternalCross.cross(List.of(new CrossingOrder(1, Side.BUY, new BigDecimal("2.000")),
        new CrossingOrder(2, Side.SELL, new BigDecimal("2.000"))), LOT);
    assertThat(result.net()).isZero();
    assertThat(result.netSide()).isNull();
    assertThat(result.crossedPerSide()).isEqualByComparingTo("2");
    assertThat(result.orders()).allSatisfy(o -> assertThat(o.crossed()).isEqualByComparingTo("2"));
  }

  @Test
  void the_larger_side_crosses_pro_rata_and_the_odd_lot_goes_to_the_largest_remainder() {
    // sells 0.003 against buys 0.002 + 0.002: each buy crosses 0.0015, floored to 0.001, and one lot is left
    InternalCross.Result result = InternalCross.cross(List.of(new CrossingOrder(5, Side.BUY, new BigDecimal("0.002")),
        new CrossingOrder(3, Side.BUY, new BigDecimal("0.002")), new CrossingOrder(9, Side.SELL, new BigDecimal("0.003"))),
        LOT);
    assertThat(result.netSide()).isEqualTo(Side.BUY);
    assertThat(result.net()).isEqualByComparingTo("0.001");
    // equal remainders: the smaller id (3) takes the odd lot
    assertThat(result.orders().get(0).crossed()).isEqualByComparingTo("0.001");
    assertThat(result.orders().get(1).crossed()).isEqualByComparingTo("0.002");
    assertThat(result.crossedPerSide()).isEqualByComparingTo("0.003");
  }

  @Test
  void quantities_off_the_lot_and_repeated_ids_are_refused() {
    assertThatThrownBy(() -> InternalCross.cross(List.of(new CrossingOrder(1, Side.BUY, new BigDecimal("0.0015"))), LOT))
        .hasMessageContaining("not a multiple of the lot");
    assertThatThrownBy(() -> InternalCross.cross(List.of(new CrossingOrder(1, Side.BUY, LOT),
        new CrossingOrder(1, Side.SELL, LOT)), LOT)).hasMessageContaining("appears twice");
  }

  @Test
  void a_late_fill_goes_pro_rata_to_what_each_trade_may_still_receive_and_the_rest_is_surplus() {
    // parts of the net 0.02 and 0.01, half allocated: 0.012 more shares 2 : 1, and nothing is left over
    InternalCross.Allocated late = InternalCross.allocate(new BigDecimal("0.012"), java.util.Map.of(7L, new BigDecimal("0.01"),
        3L, new BigDecimal("0.005")), LOT);
    assertThat(late.shares()).containsOnlyKeys(3L, 7L);
    assertThat(late.shares().get(7L)).isEqualByComparingTo("0.008");
    assertThat(late.shares().get(3L)).isEqualByComparingTo("0.004");
    assertThat(late.surplus()).isEqualByComparingTo("0");
    // an odd lot: equal remainders, to the smaller id; beyond every room, the rest is surplus
    InternalCross.Allocated odd = InternalCross.allocate(new BigDecimal("0.001"), java.util.Map.of(7L, new BigDecimal("0.002"),
        3L, new BigDecimal("0.002")), LOT);
    assertThat(odd.shares()).containsOnlyKeys(3L);
    InternalCross.Allocated over = InternalCross.allocate(new BigDecimal("0.05"), java.util.Map.of(7L, new BigDecimal("0.01"),
        3L, BigDecimal.ZERO), LOT);
    assertThat(over.shares()).containsOnlyKeys(7L);
    assertThat(over.shares().get(7L)).isEqualByComparingTo("0.01");
    assertThat(over.surplus()).isEqualByComparingTo("0.04");
    assertThatThrownBy(() -> InternalCross.allocate(new BigDecimal("0.0015"), java.util.Map.of(), LOT))
        .hasMessageContaining("venue fill 0.0015 is not a multiple of the lot");
  }

  /** Late fills shared among random rooms: never beyond a room, in lots, and the shares and the surplus add up to the fill. */
  @Test
  void late_shares_stay_within_each_room_in_lots_and_add_up_with_the_surplus() {
    Properties.forAll(SEED + 11, CASES, r -> r.nextLong(), seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      java.util.Map<Long, BigDecimal> room = new java.util.HashMap<>();
      int n = 1 + r.nextInt(8);
      for (int i = 0; i < n; i++) {
        room.put(50L + 3 * i, LOT.multiply(BigDecimal.valueOf(r.nextInt(4) == 0 ? 0 : r.nextInt(10_000))));
      }
      BigDecimal total = sum(new ArrayList<>(room.values()));
      BigDecimal fill = LOT.multiply(BigDecimal.valueOf(r.nextInt(25_000)));
      InternalCross.Allocated late = InternalCross.allocate(fill, room, LOT);
      BigDecimal shared = sum(new ArrayList<>(late.shares().values()));
      assertThat(shared.add(late.surplus())).isEqualByComparingTo(fill);
      assertThat(shared).isEqualByComparingTo(fill.min(total));
      late.shares().forEach((id, q) -> {
        assertThat(q).isLessThanOrEqualTo(room.get(id));
        assertThat(q.remainder(LOT).signum()).isZero();
        // pro rata to the room, to within a lot
        BigDecimal exact = total.signum() == 0 ? BigDecimal.ZERO : fill.min(total).multiply(room.get(id)).divide(total, MathContext.DECIMAL64);
        assertThat(q.subtract(exact).abs()).isLessThan(LOT);
      });
    });
  }

  /** The net's fills spread over the trades' shares: each trade gets exactly its share, each fill is shared exactly. */
  @Test
  void spreading_the_net_s_fills_gives_each_trade_its_share_and_each_fill_its_quantity_at_one_price() {
    Properties.forAll(SEED + 9, CASES, r -> r.nextLong(), seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      BigDecimal step = new BigDecimal("1e-18");
      java.util.Map<Long, BigDecimal> shares = new java.util.LinkedHashMap<>();
      int n = 1 + r.nextInt(8);
      for (int i = 0; i < n; i++) {
        shares.put(100L - i, LOT.multiply(BigDecimal.valueOf(1 + r.nextInt(10_000))));
      }
      BigDecimal total = sum(new ArrayList<>(shares.values()));
      List<BigDecimal> fills = new ArrayList<>();
      List<BigDecimal> prices = new ArrayList<>();
      BigDecimal left = total;
      while (left.signum() > 0) {
        BigDecimal f = left.multiply(BigDecimal.valueOf(r.nextDouble())).setScale(5, java.math.RoundingMode.DOWN).max(new BigDecimal("0.00001"))
            .min(left);
        fills.add(f);
        prices.add(BigDecimal.valueOf(70_000 + r.nextInt(1000)));
        left = left.subtract(f);
      }
      List<java.util.Map<Long, BigDecimal>> spread = InternalCross.spread(fills, shares, step);
      java.util.Map<Long, BigDecimal> got = new java.util.HashMap<>();
      java.util.Map<Long, BigDecimal> paid = new java.util.HashMap<>();
      for (int k = 0; k < fills.size(); k++) {
        assertThat(sum(new ArrayList<>(spread.get(k).values()))).as("fill %d shared exactly", k).isEqualByComparingTo(fills.get(k));
        for (var e : spread.get(k).entrySet()) {
          assertThat(e.getValue().signum()).isPositive();
          got.merge(e.getKey(), e.getValue(), BigDecimal::add);
          paid.merge(e.getKey(), e.getValue().multiply(prices.get(k)), BigDecimal::add);
        }
      }
      BigDecimal netAverage = BigDecimal.ZERO;
      for (int k = 0; k < fills.size(); k++) {
        netAverage = netAverage.add(fills.get(k).multiply(prices.get(k)));
      }
      netAverage = netAverage.divide(total, MathContext.DECIMAL128);
      for (var e : shares.entrySet()) {
        assertThat(got.get(e.getKey())).as("trade %d gets its share", e.getKey()).isEqualByComparingTo(e.getValue());
        BigDecimal average = paid.get(e.getKey()).divide(e.getValue(), MathContext.DECIMAL128);
        assertThat(average.subtract(netAverage).abs()).as("trade %d pays the net's average price", e.getKey())
            .isLessThan(new BigDecimal("1e-9"));
      }
    });
  }
}
