package dev.keel.ops.ops;

import dev.keel.domain.notification.DeliveryStatus;
import dev.keel.ops.DatabaseOptions;
import dev.keel.ops.Keel;
import dev.keel.persistence.notification.NotificationDao;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keel ops notifications}: the deliveries of the outbox's events (one per event and channel) with their state,
 * and the replay of a dead-lettered one. Shows neither secrets nor investors' addresses.
 */
@Command(name = "notifications", description = "Notification deliveries: list, replay a DEAD one.",
    subcommands = {NotificationsCommand.ListDeliveries.class, NotificationsCommand.Replay.class})
public class NotificationsCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  private static NotificationDao dao(ConfigurableApplicationContext ctx) {
    return ctx.getBean(NotificationDao.class);
  }

  @Command(name = "list", description = "Deliveries, newest first: event, kind, channel, status, attempts, the last error.")
  static class ListDeliveries implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--status", description = "only this status: ${COMPLETION-CANDIDATES}")
    DeliveryStatus status;

    @Mixin
    LimitOption limit;

    @Override
    public Integer call() {
      int max = limit.value();
      try (ConfigurableApplicationContext ctx = Keel.start(db)) {
        NotificationDao dao = dao(ctx);
        List<NotificationDao.Line> rows = dao.list(status, max);
        System.out.printf("%-8s %-36s %-22s %-8s %-8s %-16s %-7s %8s %-20s  %s%n", "id", "event", "kind", "proposal", "channel", "to",
            "status", "attempts", "next / sent", "last error");
        for (NotificationDao.Line l : rows) {
          String to = l.client() != null ? l.client() : "account " + l.accountId();
          Object when = l.status() == DeliveryStatus.SENT ? l.sentAt() : l.status() == DeliveryStatus.DEAD ? "-" : l.nextAttemptAt();
          System.out.printf("%-8d %-36s %-22s %-8s %-8s %-16s %-7s %8d %-20s  %s%n", l.id(), l.eventId(), l.kind(),
              l.proposalId() == null ? "-" : l.proposalId(), l.channel(), to, l.status(), l.attempts(), when,
              l.lastError() == null ? "" : ProposalsCommand.quoted(l.lastError()));
        }
        if (rows.isEmpty()) {
          System.out.println("(no deliveries)");
        }
        long unrouted = dao.unrouted();
        if (unrouted > 0) {
          System.out.println(unrouted + " events not yet routed (notificationJob gives them their deliveries)");
        }
        return 0;
      }
    }
  }

  @Command(name = "replay", description = "Makes a DEAD delivery due again now, its attempts counted afresh; audited.")
  static class Replay implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "the delivery (keel ops notifications list)")
    long id;

    @Option(names = "--by", description = "who replays (default: operator:<your user name>)")
    String by;

    @Override
    public Integer call() {
      String who = by != null ? by : ApiKeysCommand.operator();
      try (ConfigurableApplicationContext ctx = Keel.start(db)) {
        java.time.Instant now = ctx.getBean(Clock.class).instant();
        NotificationDao.Replay r = dao(ctx).replay(id, who, now);
        switch (r) {
          case REPLAYED -> {
            System.out.println("delivery " + id + " due again at " + now + " (attempts counted afresh)");
            return 0;
          }
          case NOT_DEAD -> {
            ProposalsCommand.error(spec, "keel ops notifications replay: delivery " + id + " is not DEAD; only a DEAD one is replayed");
            return ProposalsCommand.CONFLICT;
          }
          default -> {
            ProposalsCommand.error(spec, "keel ops notifications replay: no delivery " + id);
            return ProposalsCommand.NOT_FOUND;
          }
        }
      }
    }
  }
}
