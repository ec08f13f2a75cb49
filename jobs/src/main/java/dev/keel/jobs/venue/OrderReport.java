package dev.keel.jobs.venue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * An order as the venue knows it, with every trade it made so far.
 *
 * @param clientOrderId  Keel's id of the order
 * @param venueOrderId   the venue's id of the order
 * @param status         its state at the venue
 * @param filledQuantity base units filled so far (the sum of {@code fills} once the venue has reported them all)
 * @param fills          its trades, each with the venue's trade id
 */
public record OrderReport(String clientOrderId, String venueOrderId, VenueOrderStatus status, BigDecimal filledQuantity,
                          List<VenueFill> fills) {
  public OrderReport {
    Objects.requireNonNull(clientOrderId, "clientOrderId");
    Objects.requireNonNull(venueOrderId, "venueOrderId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(filledQuantity, "filledQuantity");
    fills = List.copyOf(fills);
  }
}
