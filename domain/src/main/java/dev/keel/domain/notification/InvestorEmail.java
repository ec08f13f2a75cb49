package dev.keel.domain.notification;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The plain-text email an investor gets for an event about one of their proposals. Only Keel's own words go into the
 * subject; free text (a venue's reason) goes into the body with control characters replaced, so it can neither add
 * header lines nor forge lines that look like Keel's. Plain text only: nothing in it is interpreted as markup.
 *
 * @param subject the subject line
 * @param text    the body
 */
public record InvestorEmail(String subject, String text) {

  /**
   * What the email tells.
   *
   * @param kind          the event
   * @param eventId       the event's id, printed so support can match an email to the webhook of the same event
   * @param proposalId    the proposal
   * @param portfolioName the portfolio's name as the investor knows it
   * @param expectedCost  the proposal's expected cost, USDT
   * @param expiresAt     the proposal's expiry
   * @param reason        why it ended as it did (a venue's words may be in it), or null
   * @param pageUrl       the signed link to the proposal's page: for {@link NotificationKind#PROPOSAL_READY}, else null
   */
  public record Facts(NotificationKind kind, String eventId, long proposalId, String portfolioName, BigDecimal expectedCost,
                      Instant expiresAt, String reason, String pageUrl) {
    public Facts {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(eventId, "eventId");
      if (!kind.forInvestor()) {
        throw new IllegalArgumentException(kind + " is not an investor's event");
      }
      if (kind == NotificationKind.PROPOSAL_READY && pageUrl == null) {
        throw new IllegalArgumentException("a proposal waiting for a decision needs its page link");
      }
    }
  }

  public static InvestorEmail of(Facts f) {
    String portfolio = "your portfolio " + clean(f.portfolioName());
    String subject;
    StringBuilder b = new StringBuilder();
    switch (f.kind()) {
      case PROPOSAL_READY -> {
        subject = "Keel: a rebalance of your portfolio waits for your decision";
        b.append("Keel proposes to rebalance ").append(portfolio).append(" back to its targets.\n");
        b.append("Expected cost: ").append(money(f.expectedCost())).append(" USDT.\n\n");
        b.append("Approve or reject it before ").append(f.expiresAt()).append(":\n").append(f.pageUrl()).append("\n\n");
        b.append("Without a decision by then nothing is traded.\n");
      }
      case PROPOSAL_AUTO_EXECUTED -> {
        subject = "Keel: your portfolio was rebalanced";
        b.append(cap(portfolio)).append(" was rebalanced back to its targets automatically, as your premium plan provides.\n");
      }
      case PROPOSAL_EXECUTED -> {
        subject = "Keel: your portfolio was rebalanced";
        b.append("The rebalance you approved for ").append(portfolio).append(" was executed in full.\n");
      }
      case PROPOSAL_PARTIAL -> {
        subject = "Keel: your portfolio was partly rebalanced";
        b.append("The rebalance of ").append(portfolio).append(" was executed in part.\n");
      }
      case PROPOSAL_FAILED -> {
        subject = "Keel: the rebalance of your portfolio failed";
        b.append("The rebalance of ").append(portfolio).append(" could not be executed; nothing was traded.\n");
      }
      case PROPOSAL_HELD -> {
        subject = "Keel: the rebalance of your portfolio was held";
        b.append("Prices moved too far before the rebalance of ").append(portfolio)
            .append(" could be executed, so nothing was traded. Keel will propose afresh on current prices.\n");
      }
      case PROPOSAL_EXPIRED -> {
        subject = "Keel: a proposed rebalance expired";
        b.append("The proposed rebalance of ").append(portfolio).append(" expired at ").append(f.expiresAt())
            .append(" and nothing was traded.\n");
      }
      default -> throw new IllegalArgumentException(f.kind() + " is not an investor's event");
    }
    if (f.reason() != null && f.kind() != NotificationKind.PROPOSAL_READY) {
      b.append("Reason: ").append(clean(f.reason())).append('\n');
    }
    b.append("\nProposal ").append(f.proposalId()).append(", event ").append(f.eventId()).append('\n');
    return new InvestorEmail(subject, b.toString());
  }

  /** Free text on one line: every control or format character becomes a space. */
  static String clean(String text) {
    if (text == null) {
      return "-";
    }
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? ' ' : c));
    return sb.toString();
  }

  private static String money(BigDecimal v) {
    return v == null ? "-" : v.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
