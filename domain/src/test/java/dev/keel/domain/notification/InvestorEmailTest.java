package dev.keel.domain.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.domain.proposal.ProposalStatus;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InvestorEmailTest {

  private static final Instant EXPIRES = Instant.parse("2026-11-25T10:00:00Z");
  private static final String EVENT = "0b7c3c1e-5c1a-4d53-9a5e-3f1d2b7c9e10";

  @Test
  void a_proposal_waiting_for_a_decision_carries_its_page_link_cost_and_expiry() {
    InvestorEmail e = InvestorEmail.of(new InvestorEmail.Facts(NotificationKind.PROPOSAL_READY, EVENT, 42, "defi-1",
        new BigDecimal("3.456"), EXPIRES, null, "https://keel.example.com/p/TOKEN"));
    assertThat(e.subject()).isEqualTo("Keel: a rebalance of your portfolio waits for your decision");
    assertThat(e.text()).contains("your portfolio defi-1").contains("Expected cost: 3.46 USDT.")
        .contains("before 2026-11-25T10:00:00Z:\nhttps://keel.example.com/p/TOKEN\n").contains("Proposal 42, event " + EVENT);
  }

  @Test
  void free_text_cannot_add_lines_and_stays_out_of_the_subject() {
    InvestorEmail e = InvestorEmail.of(new InvestorEmail.Facts(NotificationKind.PROPOSAL_FAILED, EVENT, 42, "p\r\nBcc: x@evil.test",
        BigDecimal.ONE, EXPIRES, "refused\nClick http://evil.test \u202e<b>now</b>", null));
    assertThat(e.subject()).isEqualTo("Keel: the rebalance of your portfolio failed");
    assertThat(e.text()).contains("your portfolio p  Bcc: x@evil.test could not").contains("Reason: refused Click http://evil.test  <b>now</b>\n");
    assertThat(e.text().lines()).noneMatch(l -> l.startsWith("Bcc:") || l.startsWith("Click"));
  }

  @Test
  void every_investor_event_has_its_own_subject_and_a_venue_alert_is_not_an_email() {
    for (NotificationKind k : NotificationKind.values()) {
      if (k.forInvestor()) {
        assertThat(InvestorEmail.of(new InvestorEmail.Facts(k, EVENT, 1, "p", BigDecimal.ONE, EXPIRES, "why", "https://x/p/t")).subject())
            .startsWith("Keel: ");
      }
    }
    assertThatThrownBy(() -> new InvestorEmail.Facts(NotificationKind.VENUE_ALERT, EVENT, 1, "p", BigDecimal.ONE, EXPIRES, null, null))
        .hasMessage("VENUE_ALERT is not an investor's event");
  }

  @Test
  void an_executing_proposal_ends_in_the_event_of_its_end_and_tier() {
    assertThat(NotificationKind.ended(ProposalStatus.EXECUTED, true)).isEqualTo(NotificationKind.PROPOSAL_AUTO_EXECUTED);
    assertThat(NotificationKind.ended(ProposalStatus.EXECUTED, false)).isEqualTo(NotificationKind.PROPOSAL_EXECUTED);
    assertThat(NotificationKind.ended(ProposalStatus.PARTIAL, true)).isEqualTo(NotificationKind.PROPOSAL_PARTIAL);
    assertThat(NotificationKind.ended(ProposalStatus.FAILED, false)).isEqualTo(NotificationKind.PROPOSAL_FAILED);
    assertThat(NotificationKind.PROPOSAL_PARTIAL.type()).isEqualTo("proposal.partially_executed");
  }
}
