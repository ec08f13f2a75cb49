package dev.keel.ops.ops;

import dev.keel.domain.proposal.Decision;
import dev.keel.domain.proposal.DecisionOutcome;
import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.ops.DatabaseOptions;
import dev.keel.ops.Keel;
import dev.keel.persistence.proposal.ProposalDao;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code keel ops proposals}: list and show proposals, and record a standard-tier investor's decision with the rules the
 * approval API enforces: one transition, refused after expiry, a repeat answers the first result, the reason stored
 * verbatim and shown escaped.
 */
@Command(name = "proposals", description = "Proposals: list, show, approve, reject.",
    subcommands = {ProposalsCommand.ListProposals.class, ProposalsCommand.Show.class, ProposalsCommand.Approve.class,
        ProposalsCommand.Reject.class})
public class ProposalsCommand implements Runnable {

  /** Exit code when the proposal expired before the decision (the API's 409 PROPOSAL_EXPIRED). */
  public static final int EXPIRED = 3;
  /** Exit code when the proposal is in a state the decision cannot apply to (the API's 409). */
  public static final int CONFLICT = 4;
  /** Exit code when there is no such proposal (the API's 404). */
  public static final int NOT_FOUND = 5;

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** One line on the command's error stream. */
  static void error(CommandSpec spec, String line) {
    spec.commandLine().getErr().println(line);
    spec.commandLine().getErr().flush();
  }

  /** Free text as a person should see it: in quotes, with quotes, backslashes and control characters escaped. */
  static String quoted(String text) {
    if (text == null) {
      return "-";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  @Command(name = "list", description = "Proposals, newest first.")
  static class ListProposals implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--status", description = "only this status: ${COMPLETION-CANDIDATES}")
    ProposalStatus status;

    @Mixin
    LimitOption limit;

    @Override
    public Integer call() {
      int max = limit.value();
      try (ConfigurableApplicationContext ctx = Keel.start(db)) {
        List<ProposalDao.Summary> rows = new ProposalDao(ctx.getBean(Jdbi.class)).list(status, max);
        System.out.printf("%-8s %-10s %-8s %-10s %-20s %8s %12s %9s %-20s%n", "id", "portfolio", "tier", "status", "cycle", "trades",
            "cost USDT", "cost bps", "expires");
        for (ProposalDao.Summary s : rows) {
          System.out.printf(Locale.ROOT, "%-8d %-10d %-8s %-10s %-20s %8d %12s %9.2f %-20s%n", s.id(), s.portfolioId(), s.tier(),
              s.status(), s.cycle(), s.trades(), s.expectedCost().toPlainString(), s.expectedCostBps(), s.expiresAt());
        }
        if (rows.isEmpty()) {
          System.out.println("(no proposals)");
        }
        return 0;
      }
    }
  }

  @Command(name = "show", description = "One proposal: its trades, orders and decision.")
  static class Show implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "the proposal")
    long id;

    @Override
    public Integer call() {
      try (ConfigurableApplicationContext ctx = Keel.start(db)) {
        ProposalDao dao = new ProposalDao(ctx.getBean(Jdbi.class));
        var found = dao.find(id);
        if (found.isEmpty()) {
          error(spec, "keel ops proposals show: no proposal " + id);
          return NOT_FOUND;
        }
        ProposalDao.Summary s = found.get();
        System.out.printf(Locale.ROOT, "proposal %d  portfolio %d  account %d  %s  %s%n", s.id(), s.portfolioId(), s.accountId(), s.tier(),
            s.status());
        System.out.printf(Locale.ROOT, "cycle %s  expires %s  value %s USDT  expected cost %s USDT (%.2f bps)%n", s.cycle(), s.expiresAt(),
            s.portfolioValue().toPlainString(), s.expectedCost().toPlainString(), s.expectedCostBps());
        System.out.println("decided by " + (s.decidedBy() == null ? "-" : s.decidedBy() + " at " + s.decidedAt()) + "  reason "
            + quoted(s.decisionReason()));
        if (s.outcomeReason() != null) {
          System.out.println("outcome " + quoted(s.outcomeReason()));
        }
        System.out.printf("%-8s %-6s %-5s %22s %22s %-8s %-9s %22s  %s%n", "trade", "asset", "side", "quantity", "price", "venue", "status",
            "executed", "reason");
        for (ProposalDao.TradeLine t : dao.trades(id)) {
          System.out.printf("%-8d %-6s %-5s %22s %22s %-8s %-9s %22s  %s%n", t.id(), t.asset(), t.side(), t.quantity().toPlainString(),
              t.estimatedPrice().toPlainString(), t.venue(), t.status(), t.executedQty().toPlainString(),
              t.reason() == null ? "" : quoted(t.reason()));
        }
        List<ProposalDao.OrderLine> orders = dao.orders(id);
        if (!orders.isEmpty()) {
          System.out.printf("%-8s %-8s %-8s %-28s %-10s %22s %22s  %s%n", "order", "trade", "venue", "client order id", "status", "requested",
              "filled", "reason");
          for (ProposalDao.OrderLine o : orders) {
            System.out.printf("%-8d %-8d %-8s %-28s %-10s %22s %22s  %s%n", o.id(), o.tradeId(), o.venue(), o.clientOrderId(), o.status(),
                o.requestedQty().toPlainString(), o.filledQty().toPlainString(), o.reason() == null ? "" : quoted(o.reason()));
          }
        }
        return 0;
      }
    }
  }

  /** approve and reject: the same rules, opposite decisions. */
  abstract static class Decide implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Spec
    CommandSpec spec;


    @Parameters(index = "0", paramLabel = "ID", description = "the proposal")
    long id;

    @Option(names = "--reason", description = "why, stored verbatim")
    String reason;

    @Option(names = "--by", description = "who decides (default: operator:<your user name>)")
    String by;

    abstract boolean approve();

    @Override
    public Integer call() {
      String who = by != null ? by : ApiKeysCommand.operator();
      String verb = approve() ? "approve" : "reject";
      try (ConfigurableApplicationContext ctx = Keel.start(db)) {
        Decision d = new Decision(approve(), who, reason, ctx.getBean(Clock.class).instant());
        DecisionOutcome outcome = new ProposalDao(ctx.getBean(Jdbi.class)).decide(id, d);
        if (outcome instanceof DecisionOutcome.Recorded r) {
          System.out.println("proposal " + id + " " + r.status() + " by " + r.by() + " at " + r.at());
          return 0;
        }
        if (outcome instanceof DecisionOutcome.Repeated r) {
          System.out.println("proposal " + id + " " + r.status() + " by " + r.by() + " at " + r.at() + " (already recorded)");
          return 0;
        }
        if (outcome instanceof DecisionOutcome.Expired e) {
          error(spec, "keel ops proposals " + verb + ": PROPOSAL_EXPIRED: proposal " + id + " expired at " + e.expiresAt()
              + "; nothing executes");
          return EXPIRED;
        }
        if (outcome instanceof DecisionOutcome.Conflict c) {
          error(spec, "keel ops proposals " + verb + ": " + c.detail());
          return CONFLICT;
        }
        error(spec, "keel ops proposals " + verb + ": no proposal " + id);
        return NOT_FOUND;
      }
    }
  }

  @Command(name = "approve", description = "Approve a standard-tier proposal on the investor's behalf.")
  static class Approve extends Decide {
    @Override
    boolean approve() {
      return true;
    }
  }

  @Command(name = "reject", description = "Reject a standard-tier proposal on the investor's behalf.")
  static class Reject extends Decide {
    @Override
    boolean approve() {
      return false;
    }
  }
}
