package dev.keel.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.persistence.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A wipe empties the business tables and keeps what the changelog seeds. */
class WipeIT {

  private final TestDatabase db = TestDatabase.get();

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  @Test
  void after_a_wipe_the_seeded_internal_venue_is_there_and_every_other_venue_and_its_markets_are_gone() {
    db.reset();
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO venue (id, kind, name, maker_fee, taker_fee) VALUES ('paper-a', 'PAPER', 'Paper A', 0.001, 0.001)");
      h.execute("INSERT INTO market (venue_id, base_asset, quote_asset, venue_symbol, tick_size, lot_size, min_notional)"
          + " VALUES ('paper-a', 'BTC', 'USDT', 'BTCUSDT', 0.01, 0.00001, 5)");
    });

    Wipe.everything(db.dataSource());

    List<String> venues = db.jdbi().withHandle(h -> h.createQuery(
        "SELECT id || ' ' || kind || ' ' || name || ' ' || enabled FROM venue ORDER BY id").mapTo(String.class).list());
    assertThat(venues).containsExactly("keel-internal INTERNAL Keel internal crossing false");
    assertThat(count("SELECT count(*) FROM market")).isZero();
    assertThat(count("SELECT count(*) FROM asset")).as("seeded assets").isPositive();
    assertThat(count("SELECT count(*) FROM proposal_transition")).as("seeded transitions").isPositive();
  }

  @Test
  void a_second_wipe_keeps_the_internal_venue_too() {
    Wipe.everything(db.dataSource());
    Wipe.everything(db.dataSource());

    assertThat(count("SELECT count(*) FROM venue WHERE id = 'keel-internal' AND kind = 'INTERNAL'")).isEqualTo(1);
  }
}
