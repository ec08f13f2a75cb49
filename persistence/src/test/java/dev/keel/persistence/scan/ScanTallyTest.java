package dev.keel.persistence.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.domain.portfolio.ScanResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanTallyTest {

  private static final List<ScanResult> CHUNK = List.of(
      ScanResult.NoBreach.insideBands(10, 0.01),
      ScanResult.NoBreach.holdingNothing(11),
      new ScanResult.AwaitingDecision(13, 0.07, "proposal 4 PROPOSED of cycle ... is still open"),
      new ScanResult.NoTrade(14, 0.02, "below venue minimums"),
      new ScanResult.Skipped(15, Double.NaN, ScanResult.Reason.STALE_MARKET, "snapshot too old"));

  @Test
  void a_tally_has_a_character_per_id_from_the_lowest_to_the_highest_and_a_dot_for_ids_not_scanned() {
    ScanTally t = ScanTally.of(CHUNK);
    assertThat(t.firstId()).isEqualTo(10);
    assertThat(t.lastId()).isEqualTo(15);
    assertThat(t.outcomes()).isEqualTo("NE.ATS");
    assertThat(ScanTally.accounts(10, t.outcomes(), 12)).as("id 12 was not scanned").isFalse();
    assertThat(ScanTally.accounts(10, t.outcomes(), 13)).isTrue();
    assertThat(ScanTally.accounts(10, t.outcomes(), 16)).isFalse();
    assertThat(ScanTally.accounts(10, t.outcomes(), 9)).isFalse();
  }

  @Test
  void holding_nothing_is_told_by_the_result_s_flag_not_by_its_text() {
    assertThat(ScanTally.code(new ScanResult.NoBreach(1, 0, true, "any words"))).isEqualTo('E');
    assertThat(ScanTally.code(new ScanResult.NoBreach(1, 0, false, "portfolio holds nothing"))).isEqualTo('N');
  }

  @Test
  void a_tally_counts_each_outcome_and_the_drifts_it_knows() {
    ScanTally t = ScanTally.of(CHUNK);
    assertThat(new int[] {t.noBreach(), t.awaitingDecision(), t.proposal(), t.noTrade(), t.skipped()})
        .containsExactly(2, 1, 0, 1, 1);
    assertThat(t.portfolios()).isEqualTo(5);
    assertThat(t.driftCount()).as("the skipped one's drift is unknown").isEqualTo(4);
    assertThat(t.driftSum()).isEqualTo(0.10, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(t.maxDrift()).isEqualTo(0.07);
    assertThat(Arrays.stream(t.driftHistogram()).sum()).isEqualTo(4);
  }

  @Test
  void only_proposals_no_trade_decisions_and_skips_have_their_own_row() {
    assertThat(CHUNK.stream().filter(ScanTally::written).map(ScanResult::portfolioId)).containsExactly(14L, 15L);
  }

  @Test
  void drift_bins_are_a_quarter_of_a_percentage_point_and_the_last_is_open() {
    assertThat(ScanTally.bin(0)).isZero();
    assertThat(ScanTally.bin(0.0024)).isZero();
    assertThat(ScanTally.bin(0.02)).as("2 % starts the ninth bin").isEqualTo(8);
    assertThat(ScanTally.bin(0.0199)).isEqualTo(7);
    assertThat(ScanTally.bin(0.10)).isEqualTo(40);
    assertThat(ScanTally.bin(0.9)).isEqualTo(99);
  }

  @Test
  void a_portfolio_twice_in_one_chunk_is_refused() {
    assertThatThrownBy(() -> ScanTally.of(List.of(ScanResult.NoBreach.insideBands(3, 0), ScanResult.NoBreach.insideBands(3, 0))))
        .hasMessageContaining("portfolio 3 has two results in one chunk");
  }
}
