package dev.keel.domain.execution;

import dev.keel.domain.market.Market;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.VenueId;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Chooses where a trade goes: walks every healthy venue's book for the quantity, adds each venue's taker fee, and
 * takes the cheapest plan, split across venues when one book is too thin, never beyond the depth resting inside the
 * price cap (FAULTS.md M3), on each venue's lot and minimum notional (M7). Stateless.
 *
 * <p>How a plan is found, all in exact {@link BigDecimal} arithmetic except the reported average price and fee
 * ({@link MathContext#DECIMAL64}):
 *
 * <ol>
 *   <li>Each venue's limit is the cap on its tick (down for a buy, up for a sell); only levels at or inside that limit
 *       count, so an order at the limit can take all of them. A level's effective price includes the taker fee:
 *       price &times; (1 + fee) for a buy, price &times; (1 &minus; fee) for a sell.
 *   <li>Merged greedy: the cheapest effective levels across all venues are taken first, which is the optimal split
 *       for per-level linear costs when quantities are continuous.
 *   <li>Each venue's slice is rounded down to its lot; the quantity lost is re-offered, in whole lots, to the venues'
 *       next cheapest lots (the rounded venue included, since several venues' losses may add up to one of its lots).
 *   <li>A slice worth less than its venue's minimum notional at the limit is either raised to the venue's minimum
 *       (taking quantity from the others) or dropped and its quantity re-routed; both branches are followed and the
 *       better kept. A raised venue keeps its minimum and a dropped one stays out, so each branch settles one venue
 *       and the search ends after at most 2<sup>n</sup> plans for n venues ({@link #MAX_PLANS_SEARCHED} bounds it,
 *       beyond which only dropping is tried).
 *   <li>With lots of different sizes, rounding is a knapsack, and a greedy split can end dearer than sending the
 *       whole trade to one venue (for example a 0.5 lot at 99 plus a 0.5 lot at 120 against one whole lot at 100).
 *       Each single-venue plan is therefore also a candidate: the router is never worse than the best single venue.
 * </ol>
 *
 * <p>Among candidates the plan that places more wins, then the cheaper one (fees included), then the one with fewer
 * slices. Whatever cannot be placed is {@link RoutePlan#unrouted()}, with a reason per venue.
 *
 * <p>Books must be checked ({@code OrderBookCheck}): best level first, so each venue's effective prices rise along
 * its walk. Work per trade is proportional to the levels inside the cap that the quantity reaches, never to the
 * number of lots.
 */
public final class VenueRouter {

  public static final VenueRouter DEFAULT = new VenueRouter();

  /** Most plans the minimum-notional search evaluates for one trade before it stops raising slices and only drops. */
  static final int MAX_PLANS_SEARCHED = 64;

  /** At most this many venues per trade: the search keeps its venue sets in a {@code long} bit mask. */
  static final int MAX_VENUES = 63;

  private static final MathContext REPORTED = MathContext.DECIMAL64;

  /**
   * @param side     BUY or SELL
   * @param quantity base units wanted, positive
   * @param priceCap the worst price any part may trade at, quote per base unit: a buy never above, a sell never below
   * @param books    the healthy venues' books of the market, with their fees and rules; venues may be absent
   */
  public RoutePlan route(Side side, BigDecimal quantity, BigDecimal priceCap, List<RoutableBook> books) {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(priceCap, "priceCap");
    Objects.requireNonNull(books, "books");
    if (quantity.signum() <= 0) {
      throw new IllegalArgumentException("quantity to route must be positive, was " + quantity.toPlainString());
    }
    if (priceCap.signum() <= 0) {
      throw new IllegalArgumentException("price cap must be positive, was " + priceCap.toPlainString());
    }
    if (books.isEmpty()) {
      return new RoutePlan(side, quantity, List.of(), quantity, "no healthy venue");
    }
    checkBooks(books);
    return new Routing(side, quantity, priceCap, books).plan();
  }

  private static void checkBooks(List<RoutableBook> books) {
    if (books.size() > MAX_VENUES) {
      throw new IllegalArgumentException("at most " + MAX_VENUES + " venues per trade, were " + books.size());
    }
    Market market = Objects.requireNonNull(books.get(0), "books[0]").book().market();
    Set<VenueId> seen = new HashSet<>();
    for (int i = 0; i < books.size(); i++) {
      RoutableBook b = Objects.requireNonNull(books.get(i), "books[" + i + "]");
      if (!seen.add(b.venue())) {
        throw new IllegalArgumentException("venue " + b.venue() + " appears twice among the books to route on");
      }
      if (!b.book().market().equals(market) || !b.rules().market().equals(market)) {
        throw new IllegalArgumentException("books to route on must all be of " + market + ", but " + b.venue()
            + " has a book of " + b.book().market() + " and rules of " + b.rules().market());
      }
    }
  }

  /**
   * One venue's book read for one trade: the levels inside its limit, up to the trade's quantity, with running sums.
   * Level j spans base units (cum[j], cum[j + 1]] of the walk.
   */
  private static final class VenueDepth {
    final RoutableBook input;
    final BigDecimal fee;
    final BigDecimal lot;
    /** The cap on this venue's tick, quote per base unit; zero or negative when a buy cap is below one tick. */
    final BigDecimal limit;
    /** Quoted price per level, quote per base unit. */
    final BigDecimal[] price;
    /** Effective price per level: what one base unit costs with the fee, negative for a sell (proceeds). */
    final BigDecimal[] unitCost;
    /** Base units before level j, length levels + 1. */
    final BigDecimal[] cum;
    /** Effective cost of the walk before level j, quote currency, negative for a sell. */
    final BigDecimal[] cumCost;
    /** Quoted value of the walk before level j, quote currency. */
    final BigDecimal[] cumNotional;
    final int levels;
    /** True when every level inside the limit was read before the walk reached the quantity. */
    final boolean wholeDepthRead;
    /** Base units inside the limit that were read: all of it when {@link #wholeDepthRead}, else at least the quantity. */
    final BigDecimal depth;
    /** The most this venue can take: its depth, at most the quantity, rounded down to the lot. */
    final BigDecimal capacity;
    /** The smallest slice worth the minimum notional at the limit, a whole number of lots, at least one. */
    final BigDecimal minimumSlice;

    VenueDepth(RoutableBook input, Side side, BigDecimal quantity, BigDecimal cap) {
      this.input = input;
      this.fee = BigDecimal.valueOf(input.takerFee());
      this.lot = input.rules().lotSize();
      BigDecimal tick = input.rules().tickSize();
      boolean buy = side == Side.BUY;
      this.limit = cap.divide(tick, 0, buy ? RoundingMode.FLOOR : RoundingMode.CEILING).multiply(tick);
      BigDecimal factor = buy ? BigDecimal.ONE.add(fee) : fee.subtract(BigDecimal.ONE);
      List<PriceLevel> book = input.book().levelsTakenBy(side);
      int n = limit.signum() > 0 ? book.size() : 0;
      BigDecimal[] p = new BigDecimal[n];
      BigDecimal[] unit = new BigDecimal[n];
      BigDecimal[] c = new BigDecimal[n + 1];
      BigDecimal[] cc = new BigDecimal[n + 1];
      BigDecimal[] cn = new BigDecimal[n + 1];
      c[0] = BigDecimal.ZERO;
      cc[0] = BigDecimal.ZERO;
      cn[0] = BigDecimal.ZERO;
      int k = 0;
      boolean reachedQuantity = false;
      for (int i = 0; i < n; i++) {
        PriceLevel level = book.get(i);
        BigDecimal price = level.price();
        if (buy ? price.compareTo(limit) > 0 : price.compareTo(limit) < 0) {
          break;
        }
        if (price.signum() <= 0 || level.quantity().signum() <= 0) {
          continue;
        }
        p[k] = price;
        unit[k] = price.multiply(factor);
        c[k + 1] = c[k].add(level.quantity());
        cc[k + 1] = cc[k].add(level.quantity().multiply(unit[k]));
        cn[k + 1] = cn[k].add(level.quantity().multiply(price));
        k++;
        if (c[k].compareTo(quantity) >= 0) {
          reachedQuantity = true;
          break;
        }
      }
      this.levels = k;
      this.price = p;
      this.unitCost = unit;
      this.cum = c;
      this.cumCost = cc;
      this.cumNotional = cn;
      this.wholeDepthRead = !reachedQuantity;
      this.depth = c[k];
      this.capacity = roundDownToLot(depth.min(quantity));
      BigDecimal minimumLots = BigDecimal.ONE;
      if (limit.signum() > 0) {
        minimumLots = minimumLots.max(input.rules().minNotional().divide(lot.multiply(limit), 0, RoundingMode.CEILING));
      }
      this.minimumSlice = minimumLots.multiply(lot);
    }

    /** A venue that can hold a slice at all: a valid limit and enough depth for one minimum slice. */
    boolean usable() {
      return limit.signum() > 0 && capacity.compareTo(minimumSlice) >= 0;
    }

    BigDecimal roundDownToLot(BigDecimal q) {
      return q.divideToIntegralValue(lot).multiply(lot);
    }

    /** The level holding the base unit just after {@code position} of the walk; {@link #levels} when none. */
    int levelAfter(BigDecimal position) {
      int lo = 0;
      int hi = levels;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cum[mid + 1].compareTo(position) > 0) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }

    /** Effective cost of the first {@code q} base units, negative for a sell; q at most {@link #depth}. */
    BigDecimal costOf(BigDecimal q) {
      if (q.signum() == 0) {
        return BigDecimal.ZERO;
      }
      int j = levelHolding(q);
      return cumCost[j].add(q.subtract(cum[j]).multiply(unitCost[j]));
    }

    /** Quoted value of the first {@code q} base units; q at most {@link #depth}. */
    BigDecimal notionalOf(BigDecimal q) {
      if (q.signum() == 0) {
        return BigDecimal.ZERO;
      }
      int j = levelHolding(q);
      return cumNotional[j].add(q.subtract(cum[j]).multiply(price[j]));
    }

    /** The level holding base unit {@code q}: cum[j] < q <= cum[j + 1]; q positive. */
    private int levelHolding(BigDecimal q) {
      int lo = 0;
      int hi = levels;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cum[mid + 1].compareTo(q) >= 0) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }
  }

  /** Base units per venue, in the order of the books. */
  private static final class Allocation {
    final BigDecimal[] taken;
    final BigDecimal routed;
    final BigDecimal cost;
    final int slices;

    Allocation(BigDecimal[] taken, VenueDepth[] venues) {
      this.taken = taken;
      BigDecimal r = BigDecimal.ZERO;
      BigDecimal c = BigDecimal.ZERO;
      int s = 0;
      for (int v = 0; v < taken.length; v++) {
        if (taken[v].signum() > 0) {
          r = r.add(taken[v]);
          c = c.add(venues[v].costOf(taken[v]));
          s++;
        }
      }
      this.routed = r;
      this.cost = c;
      this.slices = s;
    }

    /** The better plan: more placed, then cheaper, then fewer slices; {@code a} on a full tie. */
    static Allocation better(Allocation a, Allocation b) {
      if (a == null) {
        return b;
      }
      if (b == null) {
        return a;
      }
      int placed = a.routed.compareTo(b.routed);
      if (placed != 0) {
        return placed > 0 ? a : b;
      }
      int cheaper = a.cost.compareTo(b.cost);
      if (cheaper != 0) {
        return cheaper < 0 ? a : b;
      }
      return b.slices < a.slices ? b : a;
    }
  }

  /** One call of {@link #route}: its inputs and the search's counter. */
  private static final class Routing {
    final Side side;
    final BigDecimal quantity;
    final BigDecimal cap;
    final VenueDepth[] venues;
    int plansSearched;

    Routing(Side side, BigDecimal quantity, BigDecimal cap, List<RoutableBook> books) {
      this.side = side;
      this.quantity = quantity;
      this.cap = cap;
      this.venues = new VenueDepth[books.size()];
      for (int v = 0; v < venues.length; v++) {
        venues[v] = new VenueDepth(books.get(v), side, quantity, cap);
      }
    }

    RoutePlan plan() {
      long usable = 0;
      for (int v = 0; v < venues.length; v++) {
        if (venues[v].usable()) {
          usable |= 1L << v;
        }
      }
      Allocation best = search(usable, 0L);
      for (int v = 0; v < venues.length; v++) {
        if ((usable & (1L << v)) != 0) {
          best = Allocation.better(best, alone(v, best));
        }
      }
      if (best == null) {
        best = new Allocation(zeros(), venues);
      }
      return toPlan(best);
    }

    /** The trade on venue v alone, or null when it cannot beat {@code best} on quantity. */
    Allocation alone(int v, Allocation best) {
      VenueDepth d = venues[v];
      BigDecimal q = d.roundDownToLot(quantity).min(d.capacity);
      if (q.compareTo(d.minimumSlice) < 0 || (best != null && q.compareTo(best.routed) < 0)) {
        return null;
      }
      BigDecimal[] taken = zeros();
      taken[v] = q;
      return new Allocation(taken, venues);
    }

    /**
     * The best plan on the venues in {@code active}, those in {@code raised} holding at least their minimum slice;
     * null when the raised minimums alone exceed the quantity.
     */
    Allocation search(long active, long raised) {
      Allocation plan = split(active, raised);
      plansSearched++;
      if (plan == null) {
        return null;
      }
      int v = firstBelowMinimum(plan, active & ~raised);
      if (v < 0) {
        return plan;
      }
      Allocation drop = search(active & ~(1L << v), raised);
      Allocation raise = plansSearched < MAX_PLANS_SEARCHED ? search(active, raised | (1L << v)) : null;
      return Allocation.better(drop, raise);
    }

    int firstBelowMinimum(Allocation plan, long candidates) {
      for (int v = 0; v < venues.length; v++) {
        if ((candidates & (1L << v)) != 0 && plan.taken[v].signum() > 0
            && plan.taken[v].compareTo(venues[v].minimumSlice) < 0) {
          return v;
        }
      }
      return -1;
    }

    /** Merged greedy from the raised minimums, rounded down to lots, the loss re-offered in whole lots. */
    Allocation split(long active, long raised) {
      BigDecimal[] taken = zeros();
      BigDecimal remaining = quantity;
      for (int v = 0; v < venues.length; v++) {
        if ((raised & (1L << v)) != 0) {
          taken[v] = venues[v].minimumSlice;
          remaining = remaining.subtract(taken[v]);
        }
      }
      if (remaining.signum() < 0) {
        return null;
      }
      int[] head = new int[venues.length];
      for (int v = 0; v < venues.length; v++) {
        head[v] = venues[v].levelAfter(taken[v]);
      }
      while (remaining.signum() > 0) {
        int best = -1;
        for (int v = 0; v < venues.length; v++) {
          if ((active & (1L << v)) != 0 && taken[v].compareTo(venues[v].capacity) < 0
              && (best < 0 || venues[v].unitCost[head[v]].compareTo(venues[best].unitCost[head[best]]) < 0)) {
            best = v;
          }
        }
        if (best < 0) {
          break;
        }
        VenueDepth d = venues[best];
        BigDecimal levelEnd = d.cum[head[best] + 1];
        BigDecimal take = remaining.min(levelEnd.subtract(taken[best])).min(d.capacity.subtract(taken[best]));
        taken[best] = taken[best].add(take);
        remaining = remaining.subtract(take);
        if (taken[best].compareTo(levelEnd) >= 0) {
          head[best]++;
        }
      }
      BigDecimal left = quantity;
      for (int v = 0; v < venues.length; v++) {
        taken[v] = venues[v].roundDownToLot(taken[v]);
        left = left.subtract(taken[v]);
      }
      reoffer(active, taken, left);
      return new Allocation(taken, venues);
    }

    /** Places {@code left} in whole lots on the venues' next cheapest lots, a level's worth of lots at a time. */
    void reoffer(long active, BigDecimal[] taken, BigDecimal left) {
      while (left.signum() > 0) {
        int best = -1;
        BigDecimal bestLotCost = null;
        for (int v = 0; v < venues.length; v++) {
          VenueDepth d = venues[v];
          if ((active & (1L << v)) == 0 || d.lot.compareTo(left) > 0
              || d.capacity.subtract(taken[v]).compareTo(d.lot) < 0) {
            continue;
          }
          BigDecimal lotCost = d.costOf(taken[v].add(d.lot)).subtract(d.costOf(taken[v]));
          // per-unit comparison without division: lotCost / lot against bestLotCost / bestLot
          if (best < 0 || lotCost.multiply(venues[best].lot).compareTo(bestLotCost.multiply(d.lot)) < 0) {
            best = v;
            bestLotCost = lotCost;
          }
        }
        if (best < 0) {
          return;
        }
        VenueDepth d = venues[best];
        int j = d.levelAfter(taken[best]);
        BigDecimal lots = BigDecimal.ONE;
        if (d.cum[j + 1].compareTo(taken[best].add(d.lot)) >= 0) {
          // the next lot lies inside one level: every whole lot left in that level costs the same
          BigDecimal room = d.cum[j + 1].min(d.capacity).subtract(taken[best]).min(left);
          lots = room.divideToIntegralValue(d.lot);
        }
        BigDecimal add = lots.multiply(d.lot);
        taken[best] = taken[best].add(add);
        left = left.subtract(add);
      }
    }

    BigDecimal[] zeros() {
      BigDecimal[] z = new BigDecimal[venues.length];
      Arrays.fill(z, BigDecimal.ZERO);
      return z;
    }

    RoutePlan toPlan(Allocation plan) {
      List<Integer> used = new ArrayList<>();
      for (int v = 0; v < venues.length; v++) {
        if (plan.taken[v].signum() > 0) {
          used.add(v);
        }
      }
      // cheapest effective average first: cost_a / q_a against cost_b / q_b, cross-multiplied
      used.sort((a, b) -> {
        int c = venues[a].costOf(plan.taken[a]).multiply(plan.taken[b])
            .compareTo(venues[b].costOf(plan.taken[b]).multiply(plan.taken[a]));
        return c != 0 ? c : Integer.compare(a, b);
      });
      List<RouteSlice> slices = new ArrayList<>(used.size());
      for (int v : used) {
        VenueDepth d = venues[v];
        BigDecimal q = plan.taken[v];
        BigDecimal average = d.notionalOf(q).divide(q, REPORTED);
        BigDecimal fee = d.fee.multiply(q).multiply(average).round(REPORTED);
        slices.add(new RouteSlice(d.input.venue(), q, d.limit, average, fee));
      }
      BigDecimal unrouted = quantity.subtract(plan.routed);
      String reason = unrouted.signum() == 0 ? "" : reason(plan, unrouted);
      return new RoutePlan(side, quantity, slices, unrouted, reason);
    }

    String reason(Allocation plan, BigDecimal unrouted) {
      StringBuilder s = new StringBuilder();
      s.append(unrouted.toPlainString()).append(" of ").append(quantity.toPlainString()).append(' ')
          .append(venues[0].input.book().market()).append(" not routed on a ").append(side)
          .append(" capped at ").append(cap.toPlainString()).append(": ");
      for (int v = 0; v < venues.length; v++) {
        if (v > 0) {
          s.append("; ");
        }
        s.append(venues[v].input.venue()).append(": ").append(whyNotMore(venues[v], plan.taken[v], unrouted));
      }
      return s.toString();
    }

    String whyNotMore(VenueDepth d, BigDecimal taken, BigDecimal unrouted) {
      String atLimit = " at limit " + d.limit.toPlainString();
      if (d.limit.signum() <= 0) {
        return "depth inside cap exhausted, the cap is below one tick of " + d.input.rules().tickSize().toPlainString();
      }
      if (d.levels == 0) {
        return "depth inside cap exhausted, no level inside the cap";
      }
      BigDecimal wholeLots = d.roundDownToLot(d.depth);
      if (d.wholeDepthRead && wholeLots.signum() == 0) {
        return "below lot, depth inside cap " + d.depth.toPlainString() + " is below lot " + d.lot.toPlainString();
      }
      if (d.wholeDepthRead && wholeLots.compareTo(d.minimumSlice) < 0) {
        return "below min notional, depth inside cap " + d.depth.toPlainString() + " is worth less than "
            + d.input.rules().minNotional().toPlainString() + atLimit;
      }
      if (d.wholeDepthRead && d.capacity.subtract(taken).compareTo(d.lot) < 0) {
        return "depth inside cap exhausted, " + taken.toPlainString() + " of " + d.depth.toPlainString() + " taken";
      }
      if (unrouted.compareTo(d.lot) < 0) {
        return "below lot, remainder " + unrouted.toPlainString() + " is below lot " + d.lot.toPlainString();
      }
      if (taken.signum() == 0 && unrouted.compareTo(d.minimumSlice) < 0) {
        return "below min notional, remainder " + unrouted.toPlainString() + " is worth less than "
            + d.input.rules().minNotional().toPlainString() + atLimit;
      }
      return "below lot, remainder " + unrouted.toPlainString() + " does not fit in whole lots of "
          + d.lot.toPlainString() + " beside the other slices";
    }
  }
}
