package dev.keel.domain.execution;

import dev.keel.domain.market.BookWalk;
import dev.keel.domain.market.OrderBook;
import dev.keel.domain.market.Side;
import dev.keel.domain.market.WalkResult;
import java.math.BigDecimal;
import java.util.Map;

/**
 * What the naive policy would have paid for the same portfolio at the same moment: every line traded back to its
 * target, cost-blind, on one default venue, walking that venue's book and paying its taker fee. The yardstick for
 * Keel's execution drag (docs/execution.md). Analytics in doubles; never on the way to an order.
 */
public final class NaiveRebalance {

  private NaiveRebalance() {}

  /**
   * @param notional the naive trades' total notional, USDT
   * @param cost     their cost against mid (half spread and impact from the walk, plus the fee), USDT
   */
  public record Cost(double notional, double cost) {}

  /**
   * @param quantities asset → units held (the cash asset included)
   * @param targets    asset → target weight
   * @param mids       asset → mid, USDT per unit (the cash asset at 1)
   * @param books      asset → the default venue's book; an asset without one is priced at the fee alone
   * @param takerFee   the default venue's taker fee
   * @param cash       the cash asset, never traded
   */
  public static Cost of(Map<String, BigDecimal> quantities, Map<String, Double> targets, Map<String, Double> mids,
                        Map<String, OrderBook> books, double takerFee, String cash) {
    double value = 0;
    for (Map.Entry<String, BigDecimal> e : quantities.entrySet()) {
      value += e.getValue().doubleValue() * mids.getOrDefault(e.getKey(), e.getKey().equals(cash) ? 1.0 : 0.0);
    }
    double notional = 0;
    double cost = 0;
    java.util.Set<String> assets = new java.util.HashSet<>(targets.keySet());
    assets.addAll(quantities.keySet());
    for (String asset : assets) {
      if (asset.equals(cash) || !mids.containsKey(asset)) {
        continue;
      }
      double held = quantities.getOrDefault(asset, BigDecimal.ZERO).doubleValue() * mids.get(asset);
      double trade = targets.getOrDefault(asset, 0.0) * value - held;
      double n = Math.abs(trade);
      if (n < 1e-9) {
        continue;
      }
      Side side = trade > 0 ? Side.BUY : Side.SELL;
      double fraction = takerFee;
      OrderBook book = books.get(asset);
      if (book != null && !book.bids().isEmpty() && !book.asks().isEmpty()) {
        WalkResult w = BookWalk.walk(book, side, n);
        double away = side == Side.BUY ? (w.averagePrice() - mids.get(asset)) / mids.get(asset)
            : (mids.get(asset) - w.averagePrice()) / mids.get(asset);
        fraction += Double.isNaN(away) ? 0 : Math.max(0, away);
      }
      notional += n;
      cost += n * fraction;
    }
    return new Cost(notional, cost);
  }
}
