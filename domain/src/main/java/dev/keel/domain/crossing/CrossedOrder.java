package dev.keel.domain.crossing;

import dev.keel.domain.market.Side;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What crossing made of one intended trade: a part matched inside Keel at the mid and a part sent to the venues.
 *
 * @param id       the trade's identity
 * @param side     buy or sell
 * @param intended intended quantity, positive
 * @param crossed  quantity matched internally at the mid, in [0, intended]
 * @param toVenue  quantity left for the venues, {@code intended - crossed}; zero on the minority side
 */
public record CrossedOrder(long id, Side side, BigDecimal intended, BigDecimal crossed, BigDecimal toVenue) {
  public CrossedOrder {
    Objects.requireNonNull(side, "side");
    if (crossed.signum() < 0 || toVenue.signum() < 0 || crossed.add(toVenue).compareTo(intended) != 0) {
      throw new IllegalArgumentException("trade " + id + ": crossed " + crossed + " + to venue " + toVenue
          + " must be the intended " + intended + ", both not negative");
    }
  }

  /** Crossed share of the intended quantity, fraction in [0, 1]. */
  public double crossedShare() {
    return crossed.doubleValue() / intended.doubleValue();
  }
}
