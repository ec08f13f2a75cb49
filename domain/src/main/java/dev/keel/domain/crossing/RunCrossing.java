package dev.keel.domain.crossing;

import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which trades of one execution run cross, per asset, before any of them goes to a venue: {@link InternalCross} applied
 * to the run's trades, with what a portfolio's cash can pay.
 *
 * <p>Every crossed quantity is booked at once, both sides in one transaction, before the sells raise anything at the
 * venues. So a buy crosses only what its portfolio can pay at the fair mid from the cash it holds plus what its own
 * crossed sells bring in; the rest of the buy is sized after its sells like any buy (and, when its asset's net is a
 * sell, bought at the venues on its own). Caps start at the buys' full quantities and only ever shrink: while any
 * portfolio would end with less than zero cash, its buys are scaled down to what it can pay and the run crossed again.
 * A trade whose price cap the mid does not respect (a buy's cap below it, a sell's above) does not cross.
 *
 * <p>Crossed quantities are multiples of the run's quantum per asset: the venues' lot when every trade is a multiple of
 * it (then the net and each trade's part of it are whole lots, which the router can send entire), else 10^-8 or the
 * trades' own finer decimals; the mid is rounded so that quantity × mid stays exact at the ledger's 18 decimals
 * and the two sides' cash moves are exactly opposite. Pure and stateless.
 */
public final class RunCrossing {

  /** Decimal places of the ledger. */
  static final int LEDGER_SCALE = 18;
  /** Rounds of shrinking buys in proportion; after them a portfolio still short of cash crosses no buy at all. */
  static final int PROPORTIONAL_ROUNDS = 32;
  /** A shrunk buy keeps this share of what its portfolio can pay, so that chains of portfolios settle in a few rounds. */
  static final BigDecimal MARGIN = new BigDecimal("0.999");
  /** The finest quantity step a cross uses: the crossed quantities need no venue lot, only the ledger's decimals. */
  static final int MIN_QUANTUM_SCALE = 8;

  private RunCrossing() {}

  /**
   * One trade of the run that may cross.
   *
   * @param tradeId     the proposal trade, unique in the run
   * @param portfolioId its portfolio (every trade of an asset belongs to a different one)
   * @param asset       the base asset
   * @param side        buy or sell
   * @param quantity    base units, positive
   * @param priceCap    the worst price the trade accepts, quote per base unit
   */
  public record Leg(long tradeId, long portfolioId, String asset, Side side, BigDecimal quantity, BigDecimal priceCap) {
    public Leg {
      Objects.requireNonNull(asset, "asset");
      Objects.requireNonNull(side, "side");
      if (quantity == null || quantity.signum() <= 0) {
        throw new IllegalArgumentException("trade " + tradeId + ": quantity must be positive, was " + quantity);
      }
    }
  }

  /**
   * One asset's cross.
   *
   * @param asset    the base asset
   * @param mid      the fair price both sides trade at, quote per base unit
   * @param quantum  the quantity step of the cross
   * @param result   the crossed and venue parts of every trade that crossed or, on the net side, sends the net
   * @param netCap   the worst price any trade of the net side accepts (the lowest buy cap, the highest sell cap); null
   *                 when nothing is left for the venues
   * @param leadTradeId the net side's trade whose orders carry the net (the smallest id); null without a net
   */
  public record Cross(String asset, BigDecimal mid, BigDecimal quantum, InternalCross.Result result, BigDecimal netCap,
                      Long leadTradeId) {}

  /**
   * @param legs  the run's trades that have neither an order nor a fill yet
   * @param mids  the fair mid per asset (mid of the best bid and best offer of the healthy venues); an asset without one
   *              does not cross
   * @param lots  per asset, the venues' lot: the cross's quantity step when every trade of the asset is a multiple of it,
   *              so the net and every part of it can go to a venue whole; an asset missing, or trades off the lot, step
   *              in 10^-8 (or the trades' own finer decimals)
   * @param cash  each portfolio's cash now, quote units; a portfolio missing holds none
   * @return the crosses, one per asset where something crosses, in asset order
   */
  public static List<Cross> plan(List<Leg> legs, Map<String, BigDecimal> mids, Map<String, BigDecimal> lots, Map<Long, BigDecimal> cash) {
    Map<String, List<Leg>> byAsset = new TreeMap<>();
    Map<String, BigDecimal> fair = new HashMap<>();
    Map<String, BigDecimal> quantum = new HashMap<>();
    for (Leg l : legs) {
      if (takesPart(l, mids.get(l.asset()))) {
        byAsset.computeIfAbsent(l.asset(), a -> new ArrayList<>()).add(l);
      }
    }
    byAsset.values().removeIf(ls -> ls.stream().noneMatch(l -> l.side() == Side.BUY) || ls.stream().noneMatch(l -> l.side() == Side.SELL));
    for (Map.Entry<String, List<Leg>> e : byAsset.entrySet()) {
      int scale = e.getValue().stream().mapToInt(l -> Math.max(MIN_QUANTUM_SCALE, l.quantity().stripTrailingZeros().scale())).max()
          .orElse(MIN_QUANTUM_SCALE);
      BigDecimal lot = lots.get(e.getKey());
      boolean onLot = lot != null && lot.signum() > 0 && e.getValue().stream().allMatch(l -> l.quantity().remainder(lot).signum() == 0);
      quantum.put(e.getKey(), onLot ? lot.stripTrailingZeros() : BigDecimal.ONE.movePointLeft(scale));
      scale = Math.max(0, quantum.get(e.getKey()).scale());
      BigDecimal mid = mids.get(e.getKey());
      int midScale = Math.max(0, LEDGER_SCALE - scale);
      fair.put(e.getKey(), mid.stripTrailingZeros().scale() > midScale ? mid.setScale(midScale, RoundingMode.HALF_EVEN) : mid);
    }
    Map<Long, Leg> byTrade = new HashMap<>();
    byAsset.values().forEach(ls -> ls.forEach(l -> byTrade.put(l.tradeId(), l)));
    Map<Long, BigDecimal> caps = new HashMap<>();
    byAsset.values().forEach(ls -> ls.stream().filter(l -> l.side() == Side.BUY).forEach(l -> caps.put(l.tradeId(), l.quantity())));
    // caps only shrink: proportionally for a number of rounds, then to zero for whoever is still short, so this ends
    for (int round = 0; ; round++) {
      Map<String, InternalCross.Result> results = new LinkedHashMap<>();
      for (Map.Entry<String, List<Leg>> e : byAsset.entrySet()) {
        List<CrossingOrder> orders = new ArrayList<>();
        for (Leg l : e.getValue()) {
          BigDecimal q = l.side() == Side.BUY ? caps.get(l.tradeId()) : l.quantity();
          if (q.signum() > 0) {
            orders.add(new CrossingOrder(l.tradeId(), l.side(), q));
          }
        }
        InternalCross.Result r = InternalCross.cross(orders, quantum.get(e.getKey()));
        if (r.crossedPerSide().signum() > 0) {
          results.put(e.getKey(), r);
        }
      }
      // cash after every cross of the run, per portfolio
      Map<Long, BigDecimal> raised = new HashMap<>();
      Map<Long, BigDecimal> spent = new HashMap<>();
      for (Map.Entry<String, InternalCross.Result> e : results.entrySet()) {
        for (CrossedOrder o : e.getValue().orders()) {
          Leg l = byTrade.get(o.id());
          BigDecimal value = o.crossed().multiply(fair.get(e.getKey()));
          (o.side() == Side.BUY ? spent : raised).merge(l.portfolioId(), value, BigDecimal::add);
        }
      }
      boolean shrunk = false;
      for (Map.Entry<Long, BigDecimal> s : spent.entrySet()) {
        BigDecimal can = cash.getOrDefault(s.getKey(), BigDecimal.ZERO).max(BigDecimal.ZERO)
            .add(raised.getOrDefault(s.getKey(), BigDecimal.ZERO));
        if (s.getValue().compareTo(can) <= 0) {
          continue;
        }
        // the portfolio's buys at their caps cost at most this; scale them down to what it can pay, whole quanta
        BigDecimal atCaps = BigDecimal.ZERO;
        List<Leg> buys = new ArrayList<>();
        for (Leg l : byTrade.values()) {
          if (l.portfolioId() == s.getKey() && l.side() == Side.BUY) {
            buys.add(l);
            atCaps = atCaps.add(caps.get(l.tradeId()).multiply(fair.get(l.asset())));
          }
        }
        BigDecimal factor = atCaps.signum() == 0 || round >= PROPORTIONAL_ROUNDS ? BigDecimal.ZERO
            : can.divide(atCaps, new MathContext(34, RoundingMode.DOWN)).multiply(MARGIN).min(BigDecimal.ONE);
        for (Leg l : buys) {
          BigDecimal q = quantum.get(l.asset());
          BigDecimal scaled = caps.get(l.tradeId()).multiply(factor).divide(q, 0, RoundingMode.DOWN).multiply(q);
          // strictly smaller, so the rounds end
          BigDecimal next = scaled.compareTo(caps.get(l.tradeId())) < 0 ? scaled : caps.get(l.tradeId()).subtract(q).max(BigDecimal.ZERO);
          caps.put(l.tradeId(), next);
        }
        shrunk = true;
      }
      if (!shrunk) {
        List<Cross> out = new ArrayList<>();
        for (Map.Entry<String, InternalCross.Result> e : results.entrySet()) {
          out.add(cross(e.getKey(), fair.get(e.getKey()), quantum.get(e.getKey()), e.getValue(), byAsset.get(e.getKey())));
        }
        return out;
      }
    }
  }

  /**
   * Whether a trade takes part in its asset's cross at {@code mid}: only a trade whose price cap the mid respects (a
   * buy's cap at or above it, a sell's at or below it). One that does not is in no cross, so not in its net either: the
   * net's cap is the strictest among those that take part, and would trade it beyond its own cap.
   *
   * @param mid the asset's fair mid, quote per base unit; null when it has none (then nobody takes part)
   */
  public static boolean takesPart(Leg leg, BigDecimal mid) {
    if (mid == null || mid.signum() <= 0) {
      return false;
    }
    return leg.priceCap() == null || (leg.side() == Side.BUY ? mid.compareTo(leg.priceCap()) <= 0 : mid.compareTo(leg.priceCap()) >= 0);
  }

  private static Cross cross(String asset, BigDecimal mid, BigDecimal quantum, InternalCross.Result r, List<Leg> legs) {
    if (r.netSide() == null) {
      return new Cross(asset, mid, quantum, r, null, null);
    }
    BigDecimal netCap = null;
    Long lead = null;
    for (Leg l : legs) {
      if (l.side() != r.netSide()) {
        continue;
      }
      if (lead == null || l.tradeId() < lead) {
        lead = l.tradeId();
      }
      if (l.priceCap() != null) {
        netCap = netCap == null ? l.priceCap()
            : r.netSide() == Side.BUY ? netCap.min(l.priceCap()) : netCap.max(l.priceCap());
      }
    }
    return new Cross(asset, mid, quantum, r, netCap, lead);
  }
}
