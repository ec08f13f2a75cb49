package dev.keel.scheduler.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.market.Side;
import dev.keel.domain.portfolio.Tier;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.domain.regime.Regime;
import dev.keel.persistence.proposal.ProposalDao;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProposalPageTest {

  private static final Instant CYCLE = Instant.parse("2026-12-04T10:00:00Z");
  private static final Instant EXPIRES = CYCLE.plusSeconds(86_400);
  private static final String SCRIPT = "<script>alert('x')</script>";

  private static ProposalDao.Detail detail(ProposalStatus status, String decidedBy, String reason) {
    ProposalDao.Summary s = new ProposalDao.Summary(7, 3, 2, Tier.STANDARD, status, CYCLE, new BigDecimal("10000"), new BigDecimal("3.52"),
        3.52, 2, EXPIRES, decidedBy, decidedBy == null ? null : CYCLE.plusSeconds(60), reason, null);
    List<ProposalDao.TradeLine> trades = List.of(
        new ProposalDao.TradeLine(1, "BTC", Side.SELL, new BigDecimal("0.01250000"), new BigDecimal("80000"), new BigDecimal("1000"),
            new BigDecimal("1.7"), "paper-a", null, null, null),
        new ProposalDao.TradeLine(2, "ETH", Side.BUY, new BigDecimal("0.40000000"), new BigDecimal("2500"), new BigDecimal("1000"),
            new BigDecimal("1.82"), "paper-b", null, null, null));
    List<ProposalDao.DriftLine> lines = List.of(new ProposalDao.DriftLine("BTC", 0.6, 0.7, 0.1, 0.0333, 0.05, Regime.HIGH, 1.5),
        new ProposalDao.DriftLine("ETH", 0.4, 0.3, -0.1, 0.05, 0.05, Regime.NORMAL, 1.0));
    List<ProposalDao.StatusChange> history = decidedBy == null ? List.of(new ProposalDao.StatusChange(ProposalStatus.PROPOSED, CYCLE, null, null))
        : List.of(new ProposalDao.StatusChange(ProposalStatus.PROPOSED, CYCLE, null, null),
            new ProposalDao.StatusChange(status, CYCLE.plusSeconds(60), decidedBy, reason));
    return new ProposalDao.Detail(s, "acct-1", CYCLE, 0.1, trades, lines, 0.021, 0.004, new BigDecimal("9.10"), null, history);
  }

  @Test
  void a_waiting_proposal_shows_its_trades_why_its_costs_and_the_decision_form() {
    String html = ProposalPage.proposal(detail(ProposalStatus.PROPOSED, null, null), "TOKEN", CYCLE.plusSeconds(10));
    assertThat(html).contains("<meta name=viewport").contains("Sell").contains("Buy").contains("0.0125").contains("0.4")
        .contains("id=expected-cost>3.52 USDT").contains("id=cost-to-target>9.10 USDT").contains("3.5 bps")
        .contains("2.1%").contains("0.4%").contains("high").contains("&plusmn;5.0%")
        .contains("<form method=post action=\"TOKEN\">").contains("value=approve").contains("value=reject");
  }

  @Test
  void a_decided_or_expired_proposal_has_no_form() {
    assertThat(ProposalPage.proposal(detail(ProposalStatus.APPROVED, "investor acct-1 (page)", null), "T", CYCLE.plusSeconds(90)))
        .doesNotContain("<form").contains("data-status=\"APPROVED\"");
    assertThat(ProposalPage.proposal(detail(ProposalStatus.PROPOSED, null, null), "T", EXPIRES)).doesNotContain("<form")
        .contains("expired");
  }

  @Test
  void every_free_text_is_escaped() {
    String html = ProposalPage.proposal(detail(ProposalStatus.REJECTED, SCRIPT, SCRIPT + "\"'&"), "T", CYCLE.plusSeconds(90));
    assertThat(html).doesNotContain(SCRIPT).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&#39;&amp;");
    assertThat(ProposalPage.message(SCRIPT, SCRIPT)).doesNotContain(SCRIPT);
  }
}
