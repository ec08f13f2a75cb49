package dev.keel.domain.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What to conclude about an order whose fate Keel does not know (its intent committed but no reply recorded, or the
 * reply lost: NEW or UNKNOWN) from one more lookup by its client order id (FAULTS.md E1–E3, E9). A venue that has the
 * order settles it at once. "No such order" proves nothing on its own (Binance answers it for tens of seconds after a
 * real placement): only {@link ExecutionPolicy#notFoundChecks()} such answers, the first at least
 * {@link ExecutionPolicy#notFoundWindow()} before the last, make it "not placed", and only then may the trade send a
 * new order with a new client order id.
 */
public final class Reconciliation {

  /**
   * How long an order proven never placed is still looked up: a venue that answered "no such order" past the window
   * may yet report it, with fills, which are then booked (FAULTS.md E5).
   */
  public static final Duration LATE_FILL_WATCH = Duration.ofMinutes(15);

  private Reconciliation() {}

  /** What one lookup of an unsettled order leads to. */
  public sealed interface Verdict {}

  /** The venue has the order: take its state and fills. */
  public record Adopt() implements Verdict {}

  /** Still unknown: count this answer and ask again on a later run. */
  public record AskAgain(int notFoundChecks, Instant firstNotFoundAt, String detail) implements Verdict {}

  /** Enough "no such order" answers over the window: the order was never placed. */
  public record NotPlaced(String reason) implements Verdict {}

  /**
   * @param found           true when the venue reported the order
   * @param notFoundChecks  "no such order" answers so far, before this one
   * @param firstNotFoundAt when the first came, or null
   * @param now             when this answer came
   */
  public static Verdict judge(boolean found, int notFoundChecks, Instant firstNotFoundAt, Instant now, ExecutionPolicy policy) {
    Objects.requireNonNull(now, "now");
    if (found) {
      return new Adopt();
    }
    int checks = notFoundChecks + 1;
    Instant first = firstNotFoundAt == null ? now : firstNotFoundAt;
    Duration over = Duration.between(first, now);
    if (checks >= policy.notFoundChecks() && over.compareTo(policy.notFoundWindow()) >= 0) {
      return new NotPlaced("not placed: the venue answered \"no such order\" " + checks + " times over " + over.toSeconds() + " s");
    }
    return new AskAgain(checks, first, "no such order at the venue (" + checks + " of " + policy.notFoundChecks() + " answers, "
        + over.toSeconds() + " of " + policy.notFoundWindow().toSeconds() + " s)");
  }
}
