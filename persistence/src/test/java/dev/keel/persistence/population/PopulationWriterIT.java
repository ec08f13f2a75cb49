package dev.keel.persistence.population;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.domain.market.ReferencePrices;
import dev.keel.domain.portfolio.PopulationGenerator;
import dev.keel.domain.portfolio.PopulationSpec;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PopulationWriterIT {

  private static final Instant CREATED = Instant.parse("2026-11-24T09:00:00Z");
  private final TestDatabase db = TestDatabase.get();

  @BeforeEach
  void empty() {
    db.reset();
  }

  private PopulationWriter.Written write(int accounts, long seed, PopulationWriter.Existing existing) {
    return new PopulationWriter(db.dataSource()).write(
        new PopulationGenerator(PopulationSpec.defaults(accounts, seed), ReferencePrices.all()), CREATED, existing, n -> { });
  }

  private String fingerprint() {
    return db.jdbi().withHandle(h -> h.createQuery("SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ("
        + " SELECT 'a' || id || tier || external_ref AS x FROM account"
        + " UNION ALL SELECT 'p' || id || account_id || basket || risk_profile FROM portfolio"
        + " UNION ALL SELECT 't' || portfolio_id || asset || weight || band FROM target_weight"
        + " UNION ALL SELECT 'h' || portfolio_id || asset || quantity FROM holding) s").mapTo(String.class).one());
  }

  @Test
  void same_seed_writes_the_same_rows() {
    PopulationWriter.Written first = write(1_000, 42, PopulationWriter.Existing.REFUSE);
    String a = fingerprint();
    write(1_000, 42, PopulationWriter.Existing.REPLACE);
    assertThat(fingerprint()).isEqualTo(a);
    write(1_000, 43, PopulationWriter.Existing.REPLACE);
    assertThat(fingerprint()).isNotEqualTo(a);
    assertThat(first.accounts()).isEqualTo(1_000);
    assertThat(first.portfolios()).isGreaterThan(1_000);
  }

  @Test
  void written_population_satisfies_every_invariant() {
    PopulationWriter.Written w = write(2_000, 7, PopulationWriter.Existing.REFUSE);
    db.jdbi().useHandle(h -> {
      assertThat(h.createQuery("SELECT count(*) FROM portfolio").mapTo(Long.class).one()).isEqualTo(w.portfolios());
      assertThat(h.createQuery("SELECT count(*) FROM holding").mapTo(Long.class).one()).isEqualTo(w.holdings());
      assertThat(h.createQuery("SELECT count(*) FROM (SELECT portfolio_id FROM target_weight GROUP BY portfolio_id"
          + " HAVING abs(sum(weight) - 1) > 1e-9) s").mapTo(Long.class).one()).as("targets not summing to 1").isZero();
      assertThat(h.createQuery("SELECT count(*) FROM portfolio p WHERE NOT EXISTS (SELECT 1 FROM target_weight t"
          + " WHERE t.portfolio_id = p.id)").mapTo(Long.class).one()).as("portfolios without targets").isZero();
      assertThat(h.createQuery("SELECT count(*) FROM holding h JOIN (SELECT portfolio_id, asset, sum(delta) s FROM holding_entry"
          + " GROUP BY 1, 2) e USING (portfolio_id, asset) WHERE e.s <> h.quantity").mapTo(Long.class).one())
          .as("holdings differing from their ledger").isZero();
      assertThat(h.createQuery("SELECT count(*) FROM holding_entry").mapTo(Long.class).one()).isEqualTo(w.holdings());
    });
    // the identity sequences continue after the generated ids
    long next = db.jdbi().withHandle(h -> h.createUpdate("INSERT INTO account (external_ref, tier, created_at)"
        + " VALUES ('manual', 'STANDARD', now())").executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    assertThat(next).isEqualTo(2_001);
  }

  @Test
  void existing_population_is_refused_unless_replacing_and_nothing_changes() {
    write(100, 1, PopulationWriter.Existing.REFUSE);
    String before = fingerprint();
    assertThatThrownBy(() -> write(50, 2, PopulationWriter.Existing.REFUSE))
        .isInstanceOf(PopulationWriter.PopulationExistsException.class)
        .hasMessageContaining("100 accounts").hasMessageContaining("--replace");
    assertThat(fingerprint()).isEqualTo(before);
  }

  @Test
  void failure_midway_leaves_nothing_half_written() {
    // the last pass (the opening ledger entries) fails on its DOGE rows, after accounts, portfolios and holdings were copied
    db.jdbi().useHandle(h -> h.execute("ALTER TABLE holding_entry ADD CONSTRAINT test_fail CHECK (asset <> 'DOGE')"));
    try {
      assertThatThrownBy(() -> write(500, 3, PopulationWriter.Existing.REFUSE))
          .isInstanceOf(PopulationWriter.PopulationWriteException.class)
          .hasMessageContaining("nothing was written").hasMessageContaining("test_fail");
    } finally {
      db.jdbi().useHandle(h -> h.execute("ALTER TABLE holding_entry DROP CONSTRAINT test_fail"));
    }
    db.jdbi().useHandle(h -> {
      for (String table : List.of("account", "portfolio", "target_weight", "holding", "holding_entry")) {
        assertThat(h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one()).as(table).isZero();
      }
    });
    assertThat(write(500, 3, PopulationWriter.Existing.REFUSE).accounts()).as("a rerun succeeds").isEqualTo(500);
  }

  @Test
  void progress_is_reported_while_writing() {
    List<Long> seen = new ArrayList<>();
    new PopulationWriter(db.dataSource()).write(
        new PopulationGenerator(PopulationSpec.defaults(20_000, 5), ReferencePrices.all()), CREATED,
        PopulationWriter.Existing.REFUSE, seen::add);
    assertThat(seen).hasSize(4).isSorted();
    assertThat(seen.get(seen.size() - 1)).isEqualTo(20_000);
  }
}
