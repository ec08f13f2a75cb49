package dev.keel.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.crossing.CrossStatus;
import dev.keel.domain.execution.OrderStatus;
import dev.keel.domain.execution.TradeStatus;
import dev.keel.domain.notification.DeliveryStatus;
import dev.keel.domain.regime.Regime;
import dev.keel.persistence.testing.TestDatabase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statuses the database allows (each column's CHECK) against the domain's enums the DAOs read them into: a value
 * added on one side only would fail on reading, or be refused on writing. The live orders' partial index lists the
 * statuses {@link OrderStatus#isLive} names.
 */
class StatusEnumsIT {

  private final TestDatabase db = TestDatabase.get();

  @Test
  void a_proposal_trades_statuses_are_the_domains() {
    assertThat(listed("proposal_trade_status_check")).containsExactlyInAnyOrderElementsOf(names(TradeStatus.values()));
  }

  @Test
  void a_venue_orders_statuses_are_the_domains() {
    assertThat(listed("venue_order_status_check")).containsExactlyInAnyOrderElementsOf(names(OrderStatus.values()));
  }

  @Test
  void the_live_orders_index_covers_exactly_the_live_statuses() {
    String index = db.jdbi().withHandle(h -> h.createQuery("SELECT pg_get_indexdef('venue_order_live_ix'::regclass)")
        .mapTo(String.class).one());
    assertThat(quoted(index)).containsExactlyInAnyOrderElementsOf(names(OrderStatus.LIVE.toArray(new OrderStatus[0])));
  }

  @Test
  void an_internal_cross_statuses_are_the_domains() {
    assertThat(listed("internal_cross_status_check")).containsExactlyInAnyOrderElementsOf(names(CrossStatus.values()));
  }

  @Test
  void a_notification_deliverys_statuses_are_the_domains() {
    assertThat(listed("notification_delivery_status_check")).containsExactlyInAnyOrderElementsOf(names(DeliveryStatus.values()));
  }

  @Test
  void an_assets_regimes_are_the_domains() {
    assertThat(listed("asset_regime_regime_check")).containsExactlyInAnyOrderElementsOf(names(Regime.values()));
  }

  private List<String> listed(String constraint) {
    String check = db.jdbi().withHandle(h -> h.createQuery("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = :name")
        .bind("name", constraint).mapTo(String.class).one());
    return quoted(check);
  }

  private static List<String> quoted(String sql) {
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([A-Z_]+)'").matcher(sql);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }
}
