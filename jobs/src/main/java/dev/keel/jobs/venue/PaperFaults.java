package dev.keel.jobs.venue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Faults the paper venue injects into order calls, so that the execution job meets on paper what Binance and Kraken
 * do (FAULTS.md E1-E7). Each rate is a probability in [0, 1], drawn per client order id: the draw is a hash of
 * {@code seed} and the id, so a repeated call with the same id meets the same fault, and a new attempt with a new id
 * draws again. When several draws hit, the first in this order wins: rate limited, server error, rejected,
 * insufficient funds (none of these places the order); then the order is placed, filled partially if that draw hit,
 * and its reply lost if that draw hit.
 *
 * @param lostReply         the order is placed and filled as usual, then the reply is lost: the caller gets a TIMEOUT,
 *                          an unknown outcome, and finds the order by its client id
 * @param serverError       the venue answers HTTP 500 without placing the order (an unknown outcome for the caller)
 * @param rateLimited       the venue answers HTTP 429 with {@code retryAfterSeconds} without placing the order
 * @param retryAfterSeconds the Retry-After of a rate-limited answer, seconds, zero or more
 * @param partialFill       the order fills only a fraction, between 30 % and 70 % (drawn per id), of what the book
 *                          would give, rounded down to the lot; the rest is cancelled
 * @param rejected          the venue refuses the order (REJECTED), not placed
 * @param insufficientFunds the venue refuses the order for the account's balance (INSUFFICIENT_FUNDS), not placed
 * @param lookupNotFoundFor a placed order is reported "not found" by its first this many lookups by client id, as
 *                          Binance answers -2013 for a while after a placement; zero or more
 * @param seed              seeds the draws
 */
public record PaperFaults(double lostReply, double serverError, double rateLimited, long retryAfterSeconds, double partialFill,
    double rejected, double insufficientFunds, int lookupNotFoundFor, long seed) {

  /** The prefix of these settings' names in Keel's configuration. */
  public static final String PREFIX = "keel.venues.paper.faults.";

  /** No faults: the paper venue answers every order call as a healthy venue would. */
  public static final PaperFaults NONE = new PaperFaults(0, 0, 0, 0, 0, 0, 0, 0, 0);

  public PaperFaults {
    rate("lost-reply", lostReply);
    rate("server-error", serverError);
    rate("rate-limited", rateLimited);
    rate("partial-fill", partialFill);
    rate("rejected", rejected);
    rate("insufficient-funds", insufficientFunds);
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException(PREFIX + "retry-after-seconds must be zero or more, was " + retryAfterSeconds);
    }
    if (lookupNotFoundFor < 0) {
      throw new IllegalArgumentException(PREFIX + "lookup-not-found-for must be zero or more, was " + lookupNotFoundFor);
    }
  }

  private static void rate(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(PREFIX + name + " must be between 0 and 1, was " + value);
    }
  }

  public PaperFaults withLostReply(double rate) {
    return new PaperFaults(rate, serverError, rateLimited, retryAfterSeconds, partialFill, rejected, insufficientFunds, lookupNotFoundFor, seed);
  }

  public PaperFaults withServerError(double rate) {
    return new PaperFaults(lostReply, rate, rateLimited, retryAfterSeconds, partialFill, rejected, insufficientFunds, lookupNotFoundFor, seed);
  }

  public PaperFaults withRateLimited(double rate, long retryAfterSeconds) {
    return new PaperFaults(lostReply, serverError, rate, retryAfterSeconds, partialFill, rejected, insufficientFunds, lookupNotFoundFor, seed);
  }

  public PaperFaults withPartialFill(double rate) {
    return new PaperFaults(lostReply, serverError, rateLimited, retryAfterSeconds, rate, rejected, insufficientFunds, lookupNotFoundFor, seed);
  }

  public PaperFaults withRejected(double rate) {
    return new PaperFaults(lostReply, serverError, rateLimited, retryAfterSeconds, partialFill, rate, insufficientFunds, lookupNotFoundFor, seed);
  }

  public PaperFaults withInsufficientFunds(double rate) {
    return new PaperFaults(lostReply, serverError, rateLimited, retryAfterSeconds, partialFill, rejected, rate, lookupNotFoundFor, seed);
  }

  public PaperFaults withLookupNotFoundFor(int lookups) {
    return new PaperFaults(lostReply, serverError, rateLimited, retryAfterSeconds, partialFill, rejected, insufficientFunds, lookups, seed);
  }

  public PaperFaults withSeed(long newSeed) {
    return new PaperFaults(lostReply, serverError, rateLimited, retryAfterSeconds, partialFill, rejected, insufficientFunds, lookupNotFoundFor, newSeed);
  }

  /** True when no order call meets a fault. */
  public boolean none() {
    return lostReply == 0 && serverError == 0 && rateLimited == 0 && partialFill == 0 && rejected == 0 && insufficientFunds == 0
        && lookupNotFoundFor == 0;
  }

  /** What an order with this client id meets; the same for the same seed and id. */
  Draw draw(String clientOrderId) {
    SplittableRandom r = new SplittableRandom(mix(seed, clientOrderId));
    boolean limited = r.nextDouble() < rateLimited;
    boolean server = r.nextDouble() < serverError;
    boolean refused = r.nextDouble() < rejected;
    boolean funds = r.nextDouble() < insufficientFunds;
    boolean partial = r.nextDouble() < partialFill;
    double fraction = 0.3 + 0.4 * r.nextDouble();
    boolean lost = r.nextDouble() < lostReply;
    Fault notPlaced = limited ? Fault.RATE_LIMITED : server ? Fault.SERVER_ERROR : refused ? Fault.REJECTED
        : funds ? Fault.INSUFFICIENT_FUNDS : null;
    return new Draw(notPlaced, partial ? fraction : 1.0, lost);
  }

  /** A fault that refuses the order before placing it. */
  enum Fault { RATE_LIMITED, SERVER_ERROR, REJECTED, INSUFFICIENT_FUNDS }

  /**
   * @param notPlaced    the refusal, or null when the order is placed
   * @param fillFraction the share of what the book gives that fills, 1 without a partial fill
   * @param lostReply    the reply of a placed order is lost
   */
  record Draw(Fault notPlaced, double fillFraction, boolean lostReply) {}

  /** 64-bit FNV-1a of the id's UTF-8 bytes, mixed with the seed. */
  private static long mix(long seed, String id) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
