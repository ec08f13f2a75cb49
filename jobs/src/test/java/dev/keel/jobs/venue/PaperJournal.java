package dev.keel.jobs.venue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.knowm.xchange.dto.Order;
import org.knowm.xchange.service.trade.params.orders.DefaultQueryOrderParam;

/**
 * What a paper venue itself holds: every order it placed, in the order it placed them, with its client order id, side,
 * quantities and trades. Read through the paper exchange's own trade service (its order ids run {@code <venue>-1},
 * {@code <venue>-2}, ... without gaps), so tests count what reached the venue, not what Keel recorded.
 */
public final class PaperJournal {

  private PaperJournal() {}

  /**
   * One order the paper venue placed.
   *
   * @param venue         the venue's id
   * @param venueOrderId  the venue's id of the order
   * @param clientOrderId Keel's client order id, as sent
   * @param buy           true for a buy
   * @param quantity      base units asked for
   * @param filled        base units the venue filled
   * @param report        the order as the venue reports it, with its trades
   */
  public record PlacedOrder(String venue, String venueOrderId, String clientOrderId, boolean buy, BigDecimal quantity,
                            BigDecimal filled, OrderReport report) {}

  /** Every order the paper venue has placed so far; empty when it was never used. */
  public static List<PlacedOrder> orders(XChangeVenue venue) {
    if (!(venue.exchange() instanceof PaperExchange exchange)) {
      throw new IllegalArgumentException(venue.id() + " is not a paper venue");
    }
    PaperTradeService trade = (PaperTradeService) exchange.getTradeService();
    List<PlacedOrder> out = new ArrayList<>();
    for (int i = 1; ; i++) {
      String id = venue.id().value() + "-" + i;
      Collection<Order> found = trade.getOrder(new DefaultQueryOrderParam(id));
      if (found.isEmpty()) {
        return out;
      }
      Order o = found.iterator().next();
      OrderReport report = trade.report(id);
      out.add(new PlacedOrder(venue.id().value(), id, o.getUserReference(), o.getType() == Order.OrderType.BID, o.getOriginalAmount(),
          report.filledQuantity(), report));
    }
  }
}
