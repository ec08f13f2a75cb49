package dev.keel.persistence.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.market.ReferencePrices;
import dev.keel.domain.portfolio.PopulationGenerator;
import dev.keel.domain.portfolio.PopulationSpec;
import dev.keel.domain.portfolio.ScanResult;
import dev.keel.persistence.population.PopulationWriter;
import dev.keel.persistence.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScanDaoIT {

  private static final Instant CYCLE = Instant.parse("2026-11-24T10:15:00Z");
  private static final Instant WRITTEN = CYCLE.plusSeconds(3);
  private final TestDatabase db = TestDatabase.get();
  private final ScanDao dao = new ScanDao(db.jdbi());
  private long portfolios;

  @BeforeEach
  void population() {
    db.reset();
    new PopulationWriter(db.dataSource()).write(new PopulationGenerator(PopulationSpec.defaults(8, 3), ReferencePrices.all()),
        CYCLE, PopulationWriter.Existing.REPLACE, n -> { });
    portfolios = count("SELECT count(*) FROM portfolio WHERE active");
  }

  private long count(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  /** Calm portfolios, except: every fifth awaits a decision, every seventh decided not to trade, 3 is skipped. */
  private static List<ScanResult> results(long from, long to) {
    return LongStream.rangeClosed(from, to).mapToObj(id -> {
      if (id == 3) {
        return (ScanResult) new ScanResult.Skipped(id, Double.NaN, ScanResult.Reason.BAD_PRICE, "BTC quarantined: bid above ask");
      } else if (id % 7 == 0) {
        return new ScanResult.NoTrade(id, 0.06, "nothing worth trading");
      } else if (id % 5 == 0) {
        return new ScanResult.AwaitingDecision(id, 0.08, "proposal 1 PROPOSED is still open");
      }
      return ScanResult.NoBreach.insideBands(id, 0.001 * id);
    }).toList();
  }

  @Test
  void a_chunk_writes_rows_only_for_what_decided_something_and_a_tally_that_accounts_for_every_portfolio() {
    dao.write(CYCLE, WRITTEN, Instant.MAX, "w:partition0", 1, results(1, 6));
    dao.write(CYCLE, WRITTEN, Instant.MAX, "w:partition0", 1, results(7, portfolios));

    assertThat(count("SELECT count(*) FROM scan_outcome")).as("the skip and the no-trade decisions")
        .isEqualTo(1 + portfolios / 7);
    assertThat(count("SELECT count(*) FROM scan_tally")).isEqualTo(2);
    assertThat(dao.completeness(CYCLE)).isEqualTo(new ScanDao.Completeness(2, portfolios, 0, 1 + portfolios / 7, 0, 0));
    assertThat(dao.completeness(CYCLE).proves(portfolios)).isTrue();
    Map<String, Long> counts = dao.outcomeCounts(CYCLE);
    assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(portfolios);
    assertThat(counts).containsEntry("SKIPPED/BAD_PRICE", 1L).containsEntry("NO_TRADE", portfolios / 7)
        .containsEntry("AWAITING_DECISION", portfolios / 5 - portfolios / 35);
    assertThat(count("SELECT count(*) FROM report_scan_portfolio WHERE cycle = '" + CYCLE + "'")).isEqualTo(portfolios);
    Map<String, Object> calm = db.jdbi().withHandle(h -> h.createQuery("SELECT outcome, detail, recorded_at, step_name"
        + " FROM report_scan_portfolio WHERE portfolio_id = 2").mapToMap().one());
    assertThat(calm).containsEntry("outcome", "NO_BREACH").containsEntry("detail", "every weight inside its band")
        .containsEntry("step_name", "w:partition0");
    Map<String, Object> skipped = db.jdbi().withHandle(h -> h.createQuery("SELECT outcome, reason, detail"
        + " FROM report_scan_portfolio WHERE portfolio_id = 3").mapToMap().one());
    assertThat(skipped).containsEntry("outcome", "SKIPPED").containsEntry("reason", "BAD_PRICE")
        .containsEntry("detail", "BTC quarantined: bid above ask");
  }

  @Test
  void a_rerun_chunk_leaves_out_what_a_committed_tally_holds_so_nothing_is_counted_twice() {
    dao.write(CYCLE, WRITTEN, Instant.MAX, "w:partition0", 1, results(1, 6));
    // a restart that reads from an earlier position writes the same portfolios again, with new ones after them
    dao.write(CYCLE, WRITTEN, Instant.MAX, "w:partition0", 1, results(4, 12));
    dao.write(CYCLE, WRITTEN, Instant.MAX, "w:partition0", 1, results(1, portfolios));
    dao.write(CYCLE, WRITTEN, Instant.MAX, "w:partition0", 1, results(1, portfolios));

    List<String> ranges = db.jdbi().withHandle(h -> h.createQuery("SELECT first_id || '-' || last_id FROM scan_tally"
        + " ORDER BY first_id").mapTo(String.class).list());
    assertThat(ranges).containsExactly("1-6", "7-12", "13-" + portfolios);
    ScanDao.Completeness proof = dao.completeness(CYCLE);
    assertThat(proof.countedTwice()).isZero();
    assertThat(proof.proves(portfolios)).as(proof.toString()).isTrue();
  }

  @Test
  void an_inactive_portfolio_inside_a_chunk_has_no_outcome() {
    db.jdbi().useHandle(h -> h.execute("UPDATE portfolio SET active = false WHERE id = 4"));
    List<ScanResult> scanned = results(1, portfolios).stream().filter(r -> r.portfolioId() != 4).toList();
    dao.write(CYCLE, WRITTEN, Instant.MAX, "w:partition0", 1, scanned);

    String outcomes = db.jdbi().withHandle(h -> h.createQuery("SELECT substr(outcomes, 1, 6) FROM scan_tally")
        .mapTo(String.class).one());
    assertThat(outcomes).isEqualTo("NNS.AN");
    assertThat(count("SELECT count(*) FROM report_scan_portfolio WHERE portfolio_id = 4")).isZero();
    assertThat(dao.completeness(CYCLE).proves(portfolios - 1)).isTrue();
  }

  @Test
  void the_drift_distribution_comes_from_the_tallies() {
    dao.write(CYCLE, WRITTEN, Instant.MAX, "w:partition0", 1, results(1, portfolios));
    Map<String, Object> d = db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM report_drift_distribution").mapToMap().one());
    long known = portfolios - 1; // the skipped one has no drift
    assertThat(((Number) d.get("portfolios")).longValue()).isEqualTo(known);
    assertThat(portfolios).as("calm drifts (0.001 per id) all under 2 %").isLessThan(20);
    long notCalm = portfolios / 7 + portfolios / 5 - portfolios / 35;
    assertThat(((Number) d.get("from_5_to_10pct")).longValue()).as("the no-trade 0.06 and the awaiting 0.08").isEqualTo(notCalm);
    assertThat(((Number) d.get("under_2pct")).longValue()).isEqualTo(known - notCalm);
    assertThat(((java.math.BigDecimal) d.get("max")).doubleValue()).isEqualTo(0.08);
    assertThat(((java.math.BigDecimal) d.get("p99")).doubleValue()).as("the bin of 0.08, capped at the maximum").isEqualTo(0.08);
    assertThat(((Number) d.get("under_2pct")).longValue() + ((Number) d.get("from_2_to_5pct")).longValue()
        + ((Number) d.get("from_5_to_10pct")).longValue() + ((Number) d.get("over_10pct")).longValue()).isEqualTo(known);
  }
}
