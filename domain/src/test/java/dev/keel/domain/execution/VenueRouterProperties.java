package dev.keel.domain.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.VenueId;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The router's promises on seeded random trades, as plain JUnit loops over a {@link SplittableRandom} (no property
 * library). Each property draws {@link #CASES} (2,500) cases from {@link #SEED} (20261204); case i is generated from the i-th long of
 * that stream, so a failure names the seed, the case index and the whole input, and
 * {@code generate(new SplittableRandom(caseSeed), frictionless)} rebuilds it.
 *
 * <p>A case has 1 to 4 venues around a common price drawn log-uniformly from 0.01 to 1,000,000 (quote per base
 * unit), each with its own mid (within 0.05%, or 0.3% in a quarter of the cases), tick (10<sup>-3</sup> to
 * 10<sup>-6</sup> of the price, sometimes five times that), 1 to 60 levels a side on the tick grid with random steps
 * of 1 to 50 ticks, level sizes worth 1 to 10,000 quote units spread over three orders of magnitude, a taker fee of
 * 0 to 0.5%, a lot of 1 to 0.00001 base units worth 0.0001 to 10 quote units (one venue in six gets 0.5, 0.25, 0.02
 * or 0.002 instead, so lots need not divide each other) and a minimum notional of 0 to 10. The side is random; the
 * cap is tight (within 0.2% of the best touch over all venues), generous (within 20%) or short of the touch (nothing
 * inside); the quantity is 0.003 to 3 times the depth inside the cap, log-uniform, on one venue's lot in two cases of
 * three, so it is sometimes below every lot and sometimes beyond every book.
 */
class VenueRouterProperties {

  /** The fixed seed; {@code -Dkeel.router.seed=...} explores others (a failure prints the one it ran). */
  static final long SEED = Long.getLong("keel.router.seed", 20261204L);
  /** Cases per property; {@code -Dkeel.router.cases=...} runs more. */
  static final int CASES = Integer.getInteger("keel.router.cases", 2_500);

  private static final VenueRouter ROUTER = VenueRouter.DEFAULT;
  private static final String[] LOTS = {"1", "0.1", "0.01", "0.001", "0.0001", "0.00001"};
  private static final String[] ODD_LOTS = {"0.5", "0.25", "0.02", "0.002"};

  /**
   * The rounding the plan's own figures carry: {@code expectedAveragePrice} and {@code expectedFee} are rounded to
   * {@link MathContext#DECIMAL64} (16 significant digits), so a cost rebuilt from them is off by at most about
   * 1e-16 of the notional per slice. 1e-12 of the notional is well above that and well below any real price
   * difference between two plans (one lot of 0.00001 BTC moved by one 0.01 tick is 1e-7 of 1 USDT).
   */
  static final BigDecimal RELATIVE_TOLERANCE = new BigDecimal("1e-12");

  /**
   * (1) The plan is never worse than sending the whole trade to any one of its venues. For every venue v, the trade
   * routed on books = [v] alone places q_v; the plan on all venues places at least q_v, exactly, with no lot of
   * slack, and when it places exactly q_v its {@code expectedCost(mid)} is at most v's plus
   * {@link #RELATIVE_TOLERANCE} of the two plans' notional (mid: the first venue's mid, common to both).
   *
   * <p>No lot tolerance is needed because the router keeps each single-venue plan as a candidate (a greedy split
   * over lots of different sizes can otherwise lose to one venue: see VenueRouterTest's whole-lot case). So this
   * property checks the selection and that a plan's reported slices price what the router compared; the merge
   * itself is checked by {@link #without_lots_or_minimums_the_plan_is_the_merged_greedy_optimum()}.
   */
  @Test
  void the_plan_is_never_worse_than_any_single_venue_plan() {
    int[] equalQuantity = {0};
    int[] split = {0};
    forEachCase("never worse than a single venue", false, c -> {
      RoutePlan plan = c.route();
      BigDecimal mid = c.referenceMid();
      if (plan.slices().size() > 1) {
        split[0]++;
      }
      for (RoutableBook v : c.books()) {
        RoutePlan alone = ROUTER.route(c.side(), c.quantity(), c.cap(), List.of(v));
        assertThat(plan.routed()).as("placed on all venues vs on %s alone", v.venue())
            .isGreaterThanOrEqualTo(alone.routed());
        if (plan.routed().compareTo(alone.routed()) == 0 && plan.routed().signum() > 0) {
          equalQuantity[0]++;
          BigDecimal tolerance = notional(plan).add(notional(alone)).multiply(RELATIVE_TOLERANCE);
          assertThat(plan.expectedCost(mid)).as("cost on all venues vs on %s alone, mid %s", v.venue(), mid)
              .isLessThanOrEqualTo(alone.expectedCost(mid).add(tolerance));
        }
      }
    });
    // the comparison must not be vacuous: many cases compare costs, and many plans split
    assertThat(equalQuantity[0]).isGreaterThan(CASES / 2);
    assertThat(split[0]).isGreaterThan(CASES / 10);
  }

  /**
   * (1, the merge) With no lot friction (lot 1e-8, every size a multiple of it) and no minimum notional, the plan
   * places exactly min(quantity, all depth inside the cap) and its effective cost (quoted notional plus fee for a
   * buy, minus fee for a sell) equals, within {@link #RELATIVE_TOLERANCE} of the notional, an independent merge:
   * every level inside the cap of every venue, sorted by price with the fee, taken in that order.
   */
  @Test
  void without_lots_or_minimums_the_plan_is_the_merged_greedy_optimum() {
    int[] split = {0};
    forEachCase("merged greedy optimum", true, c -> {
      RoutePlan plan = c.route();
      Reference ref = Reference.merge(c);
      if (plan.slices().size() > 1) {
        split[0]++;
      }
      assertThat(plan.routed()).as("placed").isEqualByComparingTo(ref.placed());
      BigDecimal effective = BigDecimal.ZERO;
      for (RouteSlice s : plan.slices()) {
        BigDecimal fee = c.side() == Side.BUY ? s.expectedFee() : s.expectedFee().negate();
        effective = effective.add(s.expectedNotional()).add(fee);
      }
      BigDecimal tolerance = ref.notional().multiply(RELATIVE_TOLERANCE);
      assertThat(effective.subtract(ref.effective()).abs()).as("effective %s vs reference %s", effective,
          ref.effective()).isLessThanOrEqualTo(tolerance);
    });
    assertThat(split[0]).isGreaterThan(CASES / 10);
  }

  /**
   * (2) No slice is larger than the depth its venue's book holds at prices inside the cap (buy: price &lt;= cap,
   * sell: price &gt;= cap), summed by the test from the book; and each slice's expected average price is inside the
   * cap.
   */
  @Test
  void no_slice_exceeds_the_depth_its_venue_holds_inside_the_cap() {
    int[] capBinds = {0};
    forEachCase("depth inside the cap", false, c -> {
      RoutePlan plan = c.route();
      if (plan.unrouted().signum() > 0 && plan.reason().contains("depth inside cap exhausted")) {
        capBinds[0]++;
      }
      for (RouteSlice s : plan.slices()) {
        RoutableBook v = c.book(s.venue());
        assertThat(s.quantity()).as("slice on %s", s.venue()).isLessThanOrEqualTo(depthInsideCap(v, c.side(), c.cap()));
        if (c.side() == Side.BUY) {
          assertThat(s.expectedAveragePrice()).as("average on %s", s.venue()).isLessThanOrEqualTo(c.cap());
        } else {
          assertThat(s.expectedAveragePrice()).as("average on %s", s.venue()).isGreaterThanOrEqualTo(c.cap());
        }
      }
    });
    assertThat(capBinds[0]).isGreaterThan(CASES / 10);
  }

  /**
   * (3) The plan's bookkeeping and each venue's rules, exactly: routed + unrouted == requested; a reason exactly when
   * something is unrouted; at most one slice per venue; every slice a positive multiple of its venue's lot, worth at
   * least the venue's minimum notional at its limit; every limit on the venue's tick and within one tick inside the
   * cap (buy: cap - tick &lt; limit &lt;= cap; sell: cap &lt;= limit &lt; cap + tick); slices in order of effective
   * average price, cheapest first (within {@link #RELATIVE_TOLERANCE}, since the order is decided on exact figures and
   * checked on the rounded ones).
   */
  @Test
  void every_slice_keeps_its_venue_rules_and_the_plan_adds_up() {
    int[] belowLot = {0};
    int[] minNotionalBinds = {0};
    forEachCase("rules and bookkeeping", false, c -> {
      RoutePlan plan = c.route();
      assertThat(plan.routed().add(plan.unrouted())).as("routed + unrouted").isEqualByComparingTo(c.quantity());
      assertThat(plan.unrouted().signum()).as("unrouted").isGreaterThanOrEqualTo(0);
      assertThat(plan.reason().isEmpty()).as("reason '%s' empty", plan.reason()).isEqualTo(plan.unrouted().signum() == 0);
      if (plan.reason().contains("below lot")) {
        belowLot[0]++;
      }
      if (plan.reason().contains("below min notional")) {
        minNotionalBinds[0]++;
      }
      Set<VenueId> seen = new HashSet<>();
      BigDecimal previousUnitCost = null;
      for (RouteSlice s : plan.slices()) {
        MarketRules rules = c.book(s.venue()).rules();
        assertThat(seen.add(s.venue())).as("one slice on %s", s.venue()).isTrue();
        assertThat(s.quantity().signum()).as("quantity on %s", s.venue()).isPositive();
        assertThat(s.quantity().remainder(rules.lotSize())).as("quantity %s on %s modulo lot %s", s.quantity(),
            s.venue(), rules.lotSize()).isEqualByComparingTo("0");
        assertThat(s.quantity().multiply(s.limitPrice())).as("value at limit on %s", s.venue())
            .isGreaterThanOrEqualTo(rules.minNotional());
        assertThat(s.limitPrice().remainder(rules.tickSize())).as("limit %s on %s modulo tick %s", s.limitPrice(),
            s.venue(), rules.tickSize()).isEqualByComparingTo("0");
        if (c.side() == Side.BUY) {
          assertThat(s.limitPrice()).as("buy limit on %s", s.venue()).isLessThanOrEqualTo(c.cap())
              .isGreaterThan(c.cap().subtract(rules.tickSize()));
        } else {
          assertThat(s.limitPrice()).as("sell limit on %s", s.venue()).isGreaterThanOrEqualTo(c.cap())
              .isLessThan(c.cap().add(rules.tickSize()));
        }
        BigDecimal fee = c.side() == Side.BUY ? s.expectedFee() : s.expectedFee().negate();
        BigDecimal unitCost = s.expectedNotional().add(fee).divide(s.quantity(), MathContext.DECIMAL64);
        if (c.side() == Side.SELL) {
          unitCost = unitCost.negate();
        }
        if (previousUnitCost != null) {
          BigDecimal slack = previousUnitCost.abs().multiply(RELATIVE_TOLERANCE);
          assertThat(unitCost).as("effective price order at %s", s.venue())
              .isGreaterThanOrEqualTo(previousUnitCost.subtract(slack));
        }
        previousUnitCost = unitCost;
      }
    });
    assertThat(belowLot[0]).isGreaterThan(CASES / 50);
    assertThat(minNotionalBinds[0]).isGreaterThan(CASES / 50);
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Runs {@code property} on {@link #CASES} cases; a failure names the property, seed, case index and input. */
  private static void forEachCase(String property, boolean frictionless, Consumer<Case> check) {
    SplittableRandom seeds = new SplittableRandom(SEED);
    for (int i = 0; i < CASES; i++) {
      long caseSeed = seeds.nextLong();
      Case c = generate(new SplittableRandom(caseSeed), frictionless);
      try {
        check.accept(c);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("property '" + property + "' failed: seed " + SEED + ", case " + i + " (case seed "
            + caseSeed + ", frictionless " + frictionless + ")\n" + e.getMessage() + "\ninput:\n" + c, e);
      }
    }
  }

  /** One generated trade. */
  record Case(Side side, BigDecimal quantity, BigDecimal cap, List<RoutableBook> books) {
    RoutePlan route() {
      return ROUTER.route(side, quantity, cap, books);
    }

    RoutableBook book(VenueId venue) {
      return books.stream().filter(b -> b.venue().equals(venue)).findFirst().orElseThrow();
    }

    BigDecimal referenceMid() {
      OrderBook b = books.get(0).book();
      return b.bids().get(0).price().add(b.asks().get(0).price()).divide(BigDecimal.valueOf(2));
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      s.append("  ").append(side).append(' ').append(quantity.toPlainString()).append(" capped at ")
          .append(cap.toPlainString()).append(" on ").append(books.size()).append(" venue(s)\n");
      for (RoutableBook b : books) {
        s.append("  ").append(b.venue()).append(": fee ").append(BigDecimal.valueOf(b.takerFee()).toPlainString()).append(", tick ")
            .append(b.rules().tickSize().toPlainString()).append(", lot ").append(b.rules().lotSize().toPlainString())
            .append(", min notional ").append(b.rules().minNotional().toPlainString()).append(", best bid ")
            .append(b.book().bids().get(0).price().toPlainString()).append(", best ask ")
            .append(b.book().asks().get(0).price().toPlainString()).append('\n')
            .append("    ").append(side == Side.BUY ? "asks" : "bids").append(" (price x quantity): ");
        for (PriceLevel l : b.book().levelsTakenBy(side)) {
          s.append(l.price().toPlainString()).append(" x ").append(l.quantity().toPlainString()).append(", ");
        }
        s.setLength(s.length() - 2);
        s.append('\n');
      }
      return s.toString();
    }
  }

  /**
   * A random case, as described on the class.
   *
   * @param frictionless lot 1e-8 and no minimum notional on every venue
   */
  static Case generate(SplittableRandom rng, boolean frictionless) {
    double price = Math.pow(10, rng.nextDouble(-2, 6));
    int venues = rng.nextInt(1, 5);
    double levelNotional = Math.pow(10, rng.nextDouble(0, 4));
    double jitter = rng.nextInt(4) == 0 ? 0.003 : 0.0005;
    List<RoutableBook> books = new ArrayList<>();
    for (int v = 0; v < venues; v++) {
      int tickExponent = (int) Math.floor(Math.log10(price)) - rng.nextInt(3, 7);
      BigDecimal tick = BigDecimal.ONE.scaleByPowerOfTen(tickExponent);
      if (rng.nextInt(5) == 0) {
        tick = tick.multiply(BigDecimal.valueOf(5));
      }
      double venueMid = price * (1 + rng.nextDouble(-jitter, jitter));
      long midTicks = Math.max(3, Math.round(venueMid / tick.doubleValue()));
      long halfSpread = 1 + rng.nextInt(Math.max(1, (int) Math.min(20, midTicks / 3)));
      int maxStep = 1 + rng.nextInt(50);
      double levelSize = levelNotional / price;
      List<PriceLevel> asks = side(rng, tick, midTicks + halfSpread, +1, maxStep, levelSize);
      List<PriceLevel> bids = side(rng, tick, midTicks - halfSpread, -1, maxStep, levelSize);
      double fee = rng.nextInt(0, 51) / 10_000.0;
      BigDecimal lot;
      BigDecimal minNotional;
      if (frictionless) {
        lot = new BigDecimal("0.00000001");
        minNotional = BigDecimal.ZERO;
      } else if (rng.nextInt(6) == 0) {
        lot = new BigDecimal(ODD_LOTS[rng.nextInt(ODD_LOTS.length)]);
        minNotional = minNotional(rng);
      } else {
        // a lot worth 0.0001 to 10 quote units, as venues set them, within 0.00001..1 base units
        int exponent = (int) Math.round(Math.log10(Math.pow(10, rng.nextDouble(-4, 1)) / price));
        lot = BigDecimal.ONE.scaleByPowerOfTen(Math.max(-5, Math.min(0, exponent)));
        minNotional = minNotional(rng);
      }
      books.add(new RoutableBook(VenueId.of("v" + v), new OrderBook(RouterBooks.BTC_USDT, bids, asks), fee,
          new MarketRules(RouterBooks.BTC_USDT, tick, lot, minNotional)));
    }
    Side side = rng.nextBoolean() ? Side.BUY : Side.SELL;
    BigDecimal touch = books.stream().map(b -> b.book().levelsTakenBy(side).get(0).price())
        .min(side == Side.BUY ? Comparator.naturalOrder() : Comparator.<BigDecimal>reverseOrder()).orElseThrow();
    double away = switch (rng.nextInt(20)) {
      case 0, 1 -> -rng.nextDouble(0.0001, 0.01); // short of the touch: nothing inside
      case 2, 3, 4, 5, 6, 7, 8 -> rng.nextDouble(0, 0.002); // tight
      default -> rng.nextDouble(0, 0.2); // generous
    };
    double capValue = touch.doubleValue() * (side == Side.BUY ? 1 + away : 1 - away);
    BigDecimal cap = new BigDecimal(capValue, new MathContext(10));
    BigDecimal depth = books.stream().map(b -> depthInsideCap(b, side, cap)).reduce(BigDecimal.ZERO, BigDecimal::add);
    if (depth.signum() == 0) {
      depth = books.get(0).book().levelsTakenBy(side).get(0).quantity();
    }
    BigDecimal quantity = new BigDecimal(depth.doubleValue() * Math.pow(10, rng.nextDouble(-2.5, 0.5)),
        MathContext.DECIMAL64).setScale(8, RoundingMode.DOWN).max(new BigDecimal("0.00000001"));
    if (rng.nextInt(3) > 0) {
      // as the optimiser sends them: on the lot of one of the venues (when that leaves something)
      BigDecimal lot = books.get(rng.nextInt(books.size())).rules().lotSize();
      BigDecimal onLot = quantity.divideToIntegralValue(lot).multiply(lot);
      quantity = onLot.signum() > 0 ? onLot : quantity;
    }
    return new Case(side, quantity, cap, books);
  }

  private static BigDecimal minNotional(SplittableRandom rng) {
    return switch (rng.nextInt(5)) {
      case 0 -> BigDecimal.ZERO;
      case 1 -> BigDecimal.ONE;
      case 2 -> BigDecimal.valueOf(5);
      case 3 -> BigDecimal.TEN;
      default -> BigDecimal.valueOf(rng.nextInt(0, 1001), 2);
    };
  }

  /** One side of a book on the tick grid, best first, stopping before prices reach zero. */
  private static List<PriceLevel> side(SplittableRandom rng, BigDecimal tick, long touchTicks, int direction, int maxStep,
      double levelSize) {
    int levels = rng.nextInt(1, 61);
    List<PriceLevel> out = new ArrayList<>();
    long ticks = touchTicks;
    for (int i = 0; i < levels && ticks > 0; i++) {
      BigDecimal quantity = new BigDecimal(levelSize * Math.pow(10, rng.nextDouble(-1.5, 1.5)), MathContext.DECIMAL64)
          .setScale(8, RoundingMode.DOWN).max(new BigDecimal("0.00000001"));
      out.add(new PriceLevel(tick.multiply(BigDecimal.valueOf(ticks)), quantity));
      ticks += direction * (long) (1 + rng.nextInt(maxStep));
    }
    return out;
  }

  static BigDecimal depthInsideCap(RoutableBook v, Side side, BigDecimal cap) {
    BigDecimal depth = BigDecimal.ZERO;
    for (PriceLevel l : v.book().levelsTakenBy(side)) {
      int c = l.price().compareTo(cap);
      if (side == Side.BUY ? c <= 0 : c >= 0) {
        depth = depth.add(l.quantity());
      }
    }
    return depth;
  }

  static BigDecimal notional(RoutePlan plan) {
    return plan.slices().stream().map(RouteSlice::expectedNotional).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /**
   * The test's own merge: every level inside the cap of every venue, best price with the fee first.
   *
   * @param placed    base units taken
   * @param notional  their quoted value, quote currency
   * @param effective the quoted value plus fees for a buy, minus fees for a sell
   */
  record Reference(BigDecimal placed, BigDecimal notional, BigDecimal effective) {
    static Reference merge(Case c) {
      record Level(BigDecimal price, BigDecimal quantity, BigDecimal withFee) {}
      List<Level> levels = new ArrayList<>();
      for (RoutableBook v : c.books()) {
        BigDecimal fee = BigDecimal.valueOf(v.takerFee());
        for (PriceLevel l : v.book().levelsTakenBy(c.side())) {
          int vsCap = l.price().compareTo(c.cap());
          if (c.side() == Side.BUY ? vsCap <= 0 : vsCap >= 0) {
            BigDecimal factor = c.side() == Side.BUY ? BigDecimal.ONE.add(fee) : BigDecimal.ONE.subtract(fee);
            levels.add(new Level(l.price(), l.quantity(), l.price().multiply(factor)));
          }
        }
      }
      Comparator<Level> best = Comparator.comparing(Level::withFee);
      levels.sort(c.side() == Side.BUY ? best : best.reversed());
      BigDecimal left = c.quantity();
      BigDecimal notional = BigDecimal.ZERO;
      BigDecimal effective = BigDecimal.ZERO;
      for (Level l : levels) {
        BigDecimal take = left.min(l.quantity());
        notional = notional.add(take.multiply(l.price()));
        effective = effective.add(take.multiply(l.withFee()));
        left = left.subtract(take);
        if (left.signum() == 0) {
          break;
        }
      }
      return new Reference(c.quantity().subtract(left), notional, effective);
    }
  }
}
