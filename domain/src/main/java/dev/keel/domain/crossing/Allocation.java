package dev.keel.domain.crossing;

import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * One trade's share of a crossing run: its internal cross at the mid plus its pro rata share of the net's venue fills.
 *
 * @param id          the trade's identity
 * @param side        buy or sell
 * @param intended    intended quantity, positive
 * @param crossed     quantity crossed internally at the mid, in [0, intended]
 * @param venueFilled its share of the venue fills of the net, in [0, intended - crossed]
 */
public record Allocation(long id, Side side, BigDecimal intended, BigDecimal crossed, BigDecimal venueFilled) {
  public Allocation {
    Objects.requireNonNull(side, "side");
    if (crossed.signum() < 0 || venueFilled.signum() < 0 || crossed.add(venueFilled).compareTo(intended) > 0) {
      throw new IllegalArgumentException("trade " + id + ": crossed " + crossed + " and venue fill " + venueFilled
          + " must not be negative nor exceed the intended " + intended);
    }
  }

  /** Crossed plus venue-filled quantity: what the trade books. */
  public BigDecimal filled() {
    return crossed.add(venueFilled);
  }

  /**
   * The trade's one average price: the cross at {@code mid} and the venue part at the venue's average price.
   *
   * @param mid        the run's fair mid, quote per base unit, positive
   * @param venueAverage the net order's average venue price including its fees, quote per base unit (fees added for
   *                   a buy, taken off for a sell); ignored when nothing was venue-filled
   * @return quote per base unit; the mid when nothing was filled
   */
  public BigDecimal averagePrice(BigDecimal mid, BigDecimal venueAverage, MathContext context) {
    BigDecimal filled = filled();
    if (filled.signum() == 0) {
      return mid;
    }
    BigDecimal paid = crossed.multiply(mid);
    if (venueFilled.signum() > 0) {
      paid = paid.add(venueFilled.multiply(venueAverage));
    }
    return paid.divide(filled, context);
  }
}
