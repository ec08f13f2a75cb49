package dev.keel.domain.execution;

import dev.keel.domain.market.MarketRules;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.PriceLevel;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.VenueId;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Route times on seeded BTC/USDT-like trades: 2 or 4 venues, 100 levels a side around 80,000 on a 0.01 tick, lots
 * of 0.00001 to 0.001, minimum notionals of 5 or 10, fees of 0.04% to 0.2%, caps within 0.5% of the touch, and
 * quantities log-uniform from 0.0001 to 10 BTC (up to a million lots). Cycles through a pool of 512 trades, so the
 * percentiles cover trade-to-trade variation. Run as documented in docs/execution.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VenueRouterBenchmark {

  private static final int POOL = 512;

  @Param({"2", "4"})
  public int venues;

  private Trade[] trades;
  private int next;

  /** One trade to route. */
  record Trade(Side side, BigDecimal quantity, BigDecimal cap, List<RoutableBook> books) {}

  @Setup
  public void generate() {
    SplittableRandom rng = new SplittableRandom(20261204L + venues);
    trades = new Trade[POOL];
    for (int k = 0; k < POOL; k++) {
      trades[k] = trade(rng, venues);
    }
  }

  @Benchmark
  public RoutePlan route() {
    Trade t = trades[next];
    next = (next + 1) & (POOL - 1);
    return VenueRouter.DEFAULT.route(t.side(), t.quantity(), t.cap(), t.books());
  }

  static Trade trade(SplittableRandom rng, int venues) {
    String[] lots = {"0.00001", "0.0001", "0.001"};
    BigDecimal tick = new BigDecimal("0.01");
    List<RoutableBook> books = new ArrayList<>();
    BigDecimal bestAsk = null;
    BigDecimal bestBid = null;
    for (int v = 0; v < venues; v++) {
      long mid = Math.round(80_000 * (1 + rng.nextDouble(-0.0005, 0.0005)) / 0.01);
      long half = 1 + rng.nextInt(50);
      List<PriceLevel> asks = side(rng, tick, mid + half, +1);
      List<PriceLevel> bids = side(rng, tick, mid - half, -1);
      bestAsk = bestAsk == null ? asks.get(0).price() : bestAsk.min(asks.get(0).price());
      bestBid = bestBid == null ? bids.get(0).price() : bestBid.max(bids.get(0).price());
      books.add(new RoutableBook(VenueId.of("venue-" + v), new OrderBook(RouterBooks.BTC_USDT, bids, asks),
          (4 + rng.nextInt(17)) / 10_000.0, new MarketRules(RouterBooks.BTC_USDT, tick,
          new BigDecimal(lots[rng.nextInt(lots.length)]), BigDecimal.valueOf(rng.nextBoolean() ? 5 : 10))));
    }
    Side side = rng.nextBoolean() ? Side.BUY : Side.SELL;
    double away = rng.nextDouble(0, 0.005);
    BigDecimal cap = side == Side.BUY
        ? bestAsk.multiply(BigDecimal.valueOf(1 + away)).setScale(2, RoundingMode.DOWN)
        : bestBid.multiply(BigDecimal.valueOf(1 - away)).setScale(2, RoundingMode.UP);
    BigDecimal quantity = new BigDecimal(Math.pow(10, rng.nextDouble(-4, 1)), MathContext.DECIMAL64)
        .setScale(5, RoundingMode.DOWN).max(new BigDecimal("0.00001"));
    return new Trade(side, quantity, cap, books);
  }

  private static List<PriceLevel> side(SplittableRandom rng, BigDecimal tick, long touch, int direction) {
    List<PriceLevel> out = new ArrayList<>(100);
    long ticks = touch;
    for (int i = 0; i < 100; i++) {
      BigDecimal quantity = new BigDecimal(Math.pow(10, rng.nextDouble(-3, 0.5)), MathContext.DECIMAL64)
          .setScale(5, RoundingMode.DOWN).max(new BigDecimal("0.00001"));
      out.add(new PriceLevel(tick.multiply(BigDecimal.valueOf(ticks)), quantity));
      ticks += direction * (1 + rng.nextInt(20));
    }
    return out;
  }
}
