package dev.keel.scheduler.page;

import dev.keel.domain.market.Side;
import dev.keel.domain.proposal.Decision;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.domain.regime.Regime;
import dev.keel.persistence.proposal.ProposalDao;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.web.util.HtmlUtils;

/**
 * Renders the investor's page: server-side HTML, readable on a phone, no script. Every text that comes from data
 * (asset names, reasons, who decided) is HTML-escaped here, in one place (FAULTS.md A5).
 */
final class ProposalPage {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);

  private static final String STYLE = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f5f6f8;color:#1d2330;line-height:1.45}
      main{max-width:40rem;margin:0 auto;padding:1rem}
      h1{font-size:1.35rem;margin:.5rem 0 1rem}h2{font-size:1.05rem;margin:1.4rem 0 .5rem}
      section{background:#fff;border-radius:.6rem;padding:.8rem 1rem;margin:.8rem 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
      table{width:100%;border-collapse:collapse;font-size:.95rem}th,td{text-align:left;padding:.35rem .25rem;border-bottom:1px solid #e6e8ec}
      td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
      .buy{color:#0b6b3a;font-weight:600}.sell{color:#a12a1f;font-weight:600}.out{font-weight:600}
      .costs{display:grid;grid-template-columns:1fr 1fr;gap:.6rem}.costs div{background:#f5f6f8;border-radius:.4rem;padding:.5rem}
      .costs strong{display:block;font-size:1.15rem}
      .banner{border-radius:.6rem;padding:.8rem 1rem;margin:.8rem 0;background:#e8f0fe}
      .banner.bad{background:#fdecea}
      textarea{width:100%;box-sizing:border-box;min-height:4rem;font:inherit;padding:.4rem}
      .actions{display:flex;gap:.6rem;margin-top:.6rem}
      button{flex:1;font:inherit;font-weight:600;padding:.8rem;border-radius:.5rem;border:0;cursor:pointer}
      button.approve{background:#0b6b3a;color:#fff}button.reject{background:#fff;color:#a12a1f;border:2px solid #a12a1f}
      small{color:#5b6475}
      """;

  private ProposalPage() {}

  /** The page for one proposal; a decision form while it waits for one. */
  static String proposal(ProposalDao.Detail d, String token, Instant now) {
    ProposalDao.Summary s = d.summary();
    StringBuilder b = head("Proposal " + s.id());
    b.append("<h1>Rebalancing proposal ").append(s.id()).append("</h1>");
    b.append(statusBanner(d, now));
    b.append("<section><h2>What will be traded</h2><table><thead><tr><th>Asset</th><th>Side</th><th class=n>Quantity</th>"
        + "<th class=n>About</th></tr></thead><tbody>");
    for (ProposalDao.TradeLine t : d.trades()) {
      boolean buy = t.side() == Side.BUY;
      b.append("<tr data-asset=\"").append(esc(t.asset())).append("\"><td>").append(esc(t.asset())).append("</td><td class=")
          .append(buy ? "buy>Buy" : "sell>Sell").append("</td><td class=n>").append(esc(t.quantity().stripTrailingZeros().toPlainString()))
          .append("</td><td class=n>").append(money(t.notional())).append("</td></tr>");
    }
    b.append("</tbody></table><small>Sells go first; buys use the cash they raise. Amounts in USDT at the prices of ")
        .append(WHEN.format(s.cycle())).append(".</small></section>");

    b.append("<section><h2>Why</h2><p>Your portfolio has drifted from its target allocation beyond the tolerance band"
        + " for at least one asset. Bands widen when an asset's market is volatile and tighten when it is calm.</p>");
    b.append("<table><thead><tr><th>Asset</th><th class=n>Now</th><th class=n>Target</th><th class=n>Band</th><th>Market</th>"
        + "</tr></thead><tbody>");
    for (ProposalDao.DriftLine l : d.lines()) {
      b.append("<tr").append(l.outsideBand() ? " class=out" : "").append("><td>").append(esc(l.asset())).append("</td><td class=n>")
          .append(pct(l.weight())).append("</td><td class=n>").append(pct(l.target())).append("</td><td class=n>&plusmn;")
          .append(pct(l.band())).append("</td><td>").append(esc(regime(l.regime()))).append("</td></tr>");
    }
    b.append("</tbody></table></section>");

    b.append("<section><h2>What it costs</h2><div class=costs><div>This proposal<strong id=expected-cost>")
        .append(money(s.expectedCost())).append(" USDT</strong><small>").append(bps(s.expectedCostBps()))
        .append(" of your portfolio</small></div><div>Trading everything back to target<strong id=cost-to-target>")
        .append(d.costToTarget() == null ? "not recorded" : money(d.costToTarget()) + " USDT")
        .append("</strong><small>what a cost-blind rebalance would pay</small></div></div>")
        .append("<p>Tracking error against your target: <strong>").append(pct(d.trackingErrorBefore()))
        .append("</strong> now, <strong>").append(pct(d.trackingErrorAfter())).append("</strong> after (a year's expected"
            + " deviation of your return from the target allocation's).</p></section>");

    if (s.status() == ProposalStatus.PROPOSED && now.isBefore(s.expiresAt())) {
      b.append("<section><h2>Your decision</h2><form method=post action=\"").append(esc(token)).append("\">")
          .append("<label for=reason>Reason (optional)</label><textarea id=reason name=reason maxlength=")
          .append(Decision.MAX_REASON).append("></textarea><div class=actions>")
          .append("<button class=approve type=submit name=decision value=approve>Approve</button>")
          .append("<button class=reject type=submit name=decision value=reject>Reject</button></div>")
          .append("<small>Open until ").append(WHEN.format(s.expiresAt())).append(". Without a decision it expires and nothing"
              + " is traded.</small></form></section>");
    }
    b.append("<section><h2>History</h2><ul id=history>");
    for (ProposalDao.StatusChange c : d.history()) {
      b.append("<li>").append(WHEN.format(c.at())).append(": ").append(esc(words(c.status())));
      if (c.actor() != null && (c.status() == ProposalStatus.APPROVED || c.status() == ProposalStatus.REJECTED)) {
        b.append(" by ").append(esc(c.actor()));
      }
      if (c.reason() != null && !c.reason().isBlank()) {
        b.append(" &mdash; <q>").append(esc(c.reason())).append("</q>");
      }
      b.append("</li>");
    }
    b.append("</ul></section>");
    return tail(b);
  }

  /** The refusal of an expired link: what became of its proposal, in one sentence, and nothing more. */
  static String expiredLink(ProposalDao.Summary s) {
    String became = switch (s.status()) {
      case PROPOSED, EXPIRED -> "It expired without a decision, and nothing was traded.";
      case REJECTED -> "It was rejected, and nothing was traded.";
      case APPROVED, EXECUTING -> "It was approved and is being executed.";
      case EXECUTED -> "It was approved and executed.";
      case PARTIAL -> "It was approved and partly executed.";
      case FAILED -> "It was approved, but its execution failed; nothing more will be traded.";
      case HELD -> "It was held because prices moved too far before execution; nothing was traded.";
    };
    return message("This link has expired", "The time to decide on proposal " + s.id() + " ended on " + WHEN.format(s.expiresAt())
        + ". " + became);
  }

  /** A page with one message and no proposal in it (a link that is not valid, an error). */
  static String message(String title, String text) {
    StringBuilder b = head(title);
    b.append("<h1>").append(esc(title)).append("</h1><section><p>").append(esc(text)).append("</p></section>");
    return tail(b);
  }

  private static String statusBanner(ProposalDao.Detail d, Instant now) {
    ProposalDao.Summary s = d.summary();
    String text;
    boolean bad = false;
    switch (s.status()) {
      case PROPOSED -> {
        if (!now.isBefore(s.expiresAt())) {
          text = "This proposal expired on " + WHEN.format(s.expiresAt()) + ". Nothing was traded.";
          bad = true;
        } else {
          text = "Waiting for your decision until " + WHEN.format(s.expiresAt()) + ".";
        }
      }
      case APPROVED -> text = "Approved" + decided(s) + ". Keel will execute it shortly.";
      case REJECTED -> {
        text = "Rejected" + decided(s) + ". Nothing will be traded.";
        bad = true;
      }
      case EXPIRED -> {
        text = "This proposal expired on " + WHEN.format(s.expiresAt()) + ". Nothing was traded.";
        bad = true;
      }
      case EXECUTING -> text = "Approved" + decided(s) + ". Executing now.";
      case EXECUTED -> text = "Executed: every trade was made.";
      case PARTIAL -> text = "Partly executed: some trades were made in part. " + nullToEmpty(s.outcomeReason());
      case FAILED -> {
        text = "Execution failed; nothing more will be traded. " + nullToEmpty(s.outcomeReason());
        bad = true;
      }
      case HELD -> {
        text = "Held: prices moved too far before execution, so nothing was traded. A fresh proposal will follow if still needed.";
        bad = true;
      }
      default -> text = s.status().name();
    }
    return "<div id=status data-status=\"" + s.status().name() + "\" class=\"banner" + (bad ? " bad" : "") + "\">" + esc(text) + "</div>";
  }

  private static String decided(ProposalDao.Summary s) {
    return s.decidedAt() == null ? "" : " on " + WHEN.format(s.decidedAt());
  }

  private static String words(ProposalStatus status) {
    return switch (status) {
      case PROPOSED -> "proposed";
      case APPROVED -> "approved";
      case REJECTED -> "rejected";
      case EXPIRED -> "expired";
      case EXECUTING -> "execution started";
      case EXECUTED -> "executed";
      case PARTIAL -> "partly executed";
      case FAILED -> "execution failed";
      case HELD -> "held (prices moved)";
    };
  }

  private static String regime(Regime regime) {
    return regime == null ? "normal" : regime.name().toLowerCase(Locale.ROOT);
  }

  private static StringBuilder head(String title) {
    return new StringBuilder(8_192).append("<!DOCTYPE html><html lang=en><head><meta charset=utf-8>")
        .append("<meta name=viewport content=\"width=device-width, initial-scale=1\"><meta name=robots content=noindex>")
        .append("<title>").append(esc(title)).append(" | Keel</title><style>").append(STYLE).append("</style></head><body><main>");
  }

  private static String tail(StringBuilder b) {
    return b.append("</main></body></html>").toString();
  }

  static String esc(String text) {
    return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String money(BigDecimal v) {
    return v == null ? "" : String.format(Locale.ENGLISH, "%,.2f", v.setScale(2, RoundingMode.HALF_EVEN));
  }

  private static String pct(double fraction) {
    return String.format(Locale.ENGLISH, "%.1f%%", fraction * 100);
  }

  private static String bps(double bps) {
    return String.format(Locale.ENGLISH, "%.1f bps", bps);
  }
}
