package dev.keel.domain.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.portfolio.Tier;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProposalLifecycleTest {

  private static final Instant CYCLE = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant EXPIRES = CYCLE.plus(Duration.ofHours(24));
  private static final Instant ACTIONABLE_UNTIL = CYCLE.plus(Duration.ofMinutes(15));

  @Test
  void a_standard_tier_proposal_waits_for_its_investor_who_is_asked() {
    ProposalLifecycle.Birth b = ProposalLifecycle.born(Tier.STANDARD, CYCLE, EXPIRES, CYCLE.plusSeconds(20), ACTIONABLE_UNTIL);
    assertThat(b).isEqualTo(new ProposalLifecycle.Birth(ProposalStatus.PROPOSED, null, null, true));
    assertThat(b.approvedOnCreation()).isFalse();
  }

  @Test
  void a_premium_tier_proposal_is_approved_on_creation_and_nobody_is_asked() {
    ProposalLifecycle.Birth b = ProposalLifecycle.born(Tier.PREMIUM, CYCLE, EXPIRES, CYCLE.plusSeconds(20), ACTIONABLE_UNTIL);
    assertThat(b.status()).isEqualTo(ProposalStatus.APPROVED);
    assertThat(b.decidedBy()).isEqualTo(ProposalLifecycle.AUTO_APPROVER);
    assertThat(b.asksInvestor()).isFalse();
  }

  @Test
  void a_proposal_written_after_its_expiry_is_born_expired_for_either_tier() {
    for (Tier tier : Tier.values()) {
      ProposalLifecycle.Birth b = ProposalLifecycle.born(tier, CYCLE, EXPIRES, EXPIRES, EXPIRES.plusSeconds(60));
      assertThat(b.status()).as("%s", tier).isEqualTo(ProposalStatus.EXPIRED);
      assertThat(b.reason()).contains("after its expiry at " + EXPIRES);
      assertThat(b.asksInvestor()).isFalse();
      assertThat(b.approvedOnCreation()).isFalse();
    }
  }

  @Test
  void a_proposal_written_after_its_cycle_s_prices_are_too_old_is_born_expired() {
    Instant late = ACTIONABLE_UNTIL.plusSeconds(1);
    ProposalLifecycle.Birth b = ProposalLifecycle.born(Tier.PREMIUM, CYCLE, EXPIRES, late, ACTIONABLE_UNTIL);
    assertThat(b.status()).isEqualTo(ProposalStatus.EXPIRED);
    assertThat(b.reason()).isEqualTo("written at " + late + ", after " + ACTIONABLE_UNTIL + ": the prices of cycle " + CYCLE
        + " are too old to act on (a rerun of an old cycle)");
    assertThat(ProposalLifecycle.born(Tier.PREMIUM, CYCLE, EXPIRES, ACTIONABLE_UNTIL, ACTIONABLE_UNTIL).status())
        .as("at the limit itself the prices still count").isEqualTo(ProposalStatus.APPROVED);
  }
}
