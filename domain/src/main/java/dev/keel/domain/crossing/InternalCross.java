package dev.keel.domain.crossing;

import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Crosses one asset's opposite trades of one run at the fair mid and allocates the net's venue fills, pro rata.
 *
 * <p>The rule, written down in docs/execution.md and docs/backtest.md: per side, the intended quantities are summed
 * (B buys, S sells); {@code min(B, S)} crosses inside Keel at the mid, paying no spread and no fee. Every trade of the
 * smaller side crosses in full. On the larger side each trade crosses the same fraction {@code min(B, S) / max(B, S)}
 * of its quantity, and the rest, the net {@code |B - S|}, goes to the venues. The net's venue fills are shared pro rata
 * to each trade's venue quantity, so a partial fill leaves every trade short by the same fraction. Quantities are
 * multiples of a lot: each share is rounded down to a lot and the remaining lots go one each to the trades with the
 * largest rounded-off remainders, ties to the smaller id. No trade is ever allocated more than it intended.
 *
 * <p>Why nobody is worse off than uncrossed: the smaller side trades all at the mid, which is better than any venue
 * price after fees; the larger side trades a fraction at the mid and the rest at the average price of an order smaller
 * than its side's uncrossed total, which walks no deeper into the book. Each trade's average price is therefore at
 * least as good as its pro rata share of the execution its side would have had without crossing.
 *
 * <p>Stateless and pure; {@code BigDecimal} throughout so that the same rule books production fills.
 */
public final class InternalCross {

  /**
   * The result of crossing one asset's trades: per trade its crossed and venue parts.
   *
   * @param orders         per trade, in the order given, its crossed and venue parts
   * @param crossedPerSide base units that cross on each side, the same on both
   * @param netSide        the larger side, whose trades send the net to the venues; null when the sides are equal
   * @param net            base units left for the venues, {@code |B - S|}
   */
  public record Result(List<CrossedOrder> orders, BigDecimal crossedPerSide, Side netSide, BigDecimal net) {}

  private InternalCross() {}

  /**
   * Crosses one asset's trades.
   *
   * @param orders the run's trades in the asset, ids unique, quantities multiples of {@code lot}
   * @param lot    the quantity step, positive
   */
  public static Result cross(List<CrossingOrder> orders, BigDecimal lot) {
    Objects.requireNonNull(orders, "orders");
    Objects.requireNonNull(lot, "lot");
    if (lot.signum() <= 0) {
      throw new IllegalArgumentException("lot must be positive, was " + lot);
    }
    Set<Long> ids = new HashSet<>();
    BigDecimal buys = BigDecimal.ZERO;
    BigDecimal sells = BigDecimal.ZERO;
    for (CrossingOrder o : orders) {
      if (!ids.add(o.id())) {
        throw new IllegalArgumentException("trade id " + o.id() + " appears twice");
      }
      requireLots(o.quantity(), lot, "quantity of trade " + o.id());
      if (o.side() == Side.BUY) {
        buys = buys.add(o.quantity());
      } else {
        sells = sells.add(o.quantity());
      }
    }
    int cmp = buys.compareTo(sells);
    Side larger = cmp > 0 ? Side.BUY : cmp < 0 ? Side.SELL : null;
    BigDecimal crossed = buys.min(sells);
    BigDecimal largerTotal = buys.max(sells);
    List<CrossingOrder> largerSide = new ArrayList<>();
    for (CrossingOrder o : orders) {
      if (o.side() == larger) {
        largerSide.add(o);
      }
    }
    BigDecimal[] largerCrossed = proRata(crossed, largerSide.stream().map(CrossingOrder::quantity).toList(),
        largerSide.stream().mapToLong(CrossingOrder::id).toArray(), largerTotal, lot);
    List<CrossedOrder> out = new ArrayList<>(orders.size());
    int k = 0;
    for (CrossingOrder o : orders) {
      if (o.side() == larger) {
        BigDecimal c = largerCrossed[k++];
        out.add(new CrossedOrder(o.id(), o.side(), o.quantity(), c, o.quantity().subtract(c)));
      } else {
        out.add(new CrossedOrder(o.id(), o.side(), o.quantity(), o.quantity(), BigDecimal.ZERO));
      }
    }
    return new Result(List.copyOf(out), crossed, larger, largerTotal.subtract(crossed));
  }

  /**
   * What fills of a net give each trade, and what no trade may take.
   *
   * @param shares  trade id → base units, in the order of the trade ids, trades given nothing left out
   * @param surplus base units beyond every trade's room, not negative
   */
  public record Allocated(java.util.Map<Long, BigDecimal> shares, BigDecimal surplus) {}

  /**
   * Shares the venues' fills of a net among the trades of its side, pro rata to what each may still receive of its venue
   * quantity: floored to whole lots, the remaining lots one each by largest remainder, ties to the smaller id, and never
   * beyond a trade's room. The same rule allocates the net once it is final (the room is each trade's venue quantity, so
   * a partial fill leaves every trade short by the same fraction to within a lot) and fills reported after that (a venue
   * that reports an order long after Keel gave it up, FAULTS.md E5; the room is what each trade was not yet allocated,
   * after the first allocation pro rata to the venue quantities themselves to within a lot). What is left once every
   * trade has its room is the surplus, for the caller to book where the rule of the net says (the lead trade's portfolio,
   * as an over-fill).
   *
   * @param filled the fills' quantity, a multiple of {@code lot}, not negative
   * @param room   trade id → its venue quantity less what it was allocated so far, multiples of {@code lot}, not negative
   * @param lot    the quantity step, positive
   */
  public static Allocated allocate(BigDecimal filled, java.util.Map<Long, BigDecimal> room, BigDecimal lot) {
    Objects.requireNonNull(filled, "filled");
    Objects.requireNonNull(room, "room");
    if (lot.signum() <= 0) {
      throw new IllegalArgumentException("lot must be positive, was " + lot);
    }
    if (filled.signum() < 0) {
      throw new IllegalArgumentException("venue fill " + filled + " must not be negative");
    }
    requireLots(filled, lot, "venue fill");
    List<Long> ids = new ArrayList<>(new java.util.TreeSet<>(room.keySet()));
    BigDecimal total = BigDecimal.ZERO;
    for (long id : ids) {
      BigDecimal r = room.get(id);
      if (r.signum() < 0) {
        throw new IllegalArgumentException("trade " + id + ": room " + r + " must not be negative");
      }
      requireLots(r, lot, "room of trade " + id);
      total = total.add(r);
    }
    BigDecimal amount = filled.min(total);
    java.util.Map<Long, BigDecimal> shares = new java.util.LinkedHashMap<>();
    if (amount.signum() > 0) {
      List<Long> open = ids.stream().filter(id -> room.get(id).signum() > 0).toList();
      BigDecimal[] got = proRata(amount, open.stream().map(room::get).toList(), open.stream().mapToLong(Long::longValue).toArray(),
          total, lot);
      for (int i = 0; i < open.size(); i++) {
        if (got[i].signum() > 0) {
          shares.put(open.get(i), got[i]);
        }
      }
    }
    return new Allocated(shares, filled.subtract(amount));
  }

  /**
   * Spreads the trades' venue shares over the net's fills: fill after fill, each shared pro rata to what every trade
   * still has to receive, in whole {@code step}s (the ledger's 1e-18), never more than that. Every trade so receives
   * the same fraction of every fill to within a step, so its venue part has the net's average price, and exactly its
   * share in all.
   *
   * @param fills  the quantities of the net's fills in booking order, multiples of {@code step}
   * @param shares trade id → its venue share (from {@link #allocate}), in the order remainders go by
   * @return per fill, in the same order, trade id → quantity; trades with nothing from a fill left out
   */
  public static List<java.util.Map<Long, BigDecimal>> spread(List<BigDecimal> fills, java.util.Map<Long, BigDecimal> shares,
                                                             BigDecimal step) {
    java.util.Map<Long, BigDecimal> left = new java.util.LinkedHashMap<>(shares);
    BigDecimal remaining = shares.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    List<java.util.Map<Long, BigDecimal>> out = new ArrayList<>();
    for (BigDecimal fill : fills) {
      java.util.Map<Long, BigDecimal> part = new java.util.LinkedHashMap<>();
      BigDecimal amount = fill.min(remaining);
      if (amount.signum() > 0) {
        List<Long> ids = left.entrySet().stream().filter(e -> e.getValue().signum() > 0).map(java.util.Map.Entry::getKey).toList();
        BigDecimal[] got = proRata(amount, ids.stream().map(left::get).toList(), ids.stream().mapToLong(Long::longValue).toArray(),
            remaining, step);
        for (int i = 0; i < ids.size(); i++) {
          if (got[i].signum() > 0) {
            part.put(ids.get(i), got[i]);
            left.put(ids.get(i), left.get(ids.get(i)).subtract(got[i]));
          }
        }
        remaining = remaining.subtract(amount);
      }
      out.add(part);
    }
    return out;
  }

  /**
   * Shares {@code amount} among {@code weights} (which sum to {@code total}) in proportion, in whole lots, never more
   * than a weight: floors, then the remaining lots one each by largest remainder, ties to the smaller id.
   */
  static BigDecimal[] proRata(BigDecimal amount, List<BigDecimal> weights, long[] ids, BigDecimal total, BigDecimal lot) {
    int n = weights.size();
    BigDecimal[] share = new BigDecimal[n];
    if (n == 0) {
      return share;
    }
    if (amount.compareTo(total) == 0) {
      for (int i = 0; i < n; i++) {
        share[i] = weights.get(i);
      }
      return share;
    }
    BigDecimal[] remainder = new BigDecimal[n];
    BigDecimal assigned = BigDecimal.ZERO;
    for (int i = 0; i < n; i++) {
      // exact lots of amount * weight / total, floored; the remainder in lots, compared exactly
      BigDecimal scaled = amount.multiply(weights.get(i));
      BigDecimal[] lots = scaled.divideAndRemainder(total.multiply(lot));
      share[i] = lots[0].multiply(lot);
      remainder[i] = lots[1];
      assigned = assigned.add(share[i]);
    }
    long left = amount.subtract(assigned).divide(lot, 0, RoundingMode.UNNECESSARY).longValueExact();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.<Integer, BigDecimal>comparing(i -> remainder[i]).reversed()
        .thenComparingLong(i -> ids[i]));
    for (int k = 0; left > 0; k = (k + 1) % n) {
      int i = order[k];
      if (share[i].add(lot).compareTo(weights.get(i)) <= 0) {
        share[i] = share[i].add(lot);
        left--;
      }
    }
    return share;
  }

  static void requireLots(BigDecimal quantity, BigDecimal lot, String what) {
    if (quantity.remainder(lot).signum() != 0) {
      throw new IllegalArgumentException(what + " " + quantity + " is not a multiple of the lot " + lot);
    }
  }
}
