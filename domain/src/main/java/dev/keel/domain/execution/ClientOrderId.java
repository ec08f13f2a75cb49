package dev.keel.domain.execution;

import java.util.Objects;

/**
 * Keel's id of one order: {@code k<installation>-<trade>-<sequence>}, e.g. {@code ka1b2c3d4-81234-2}. Deterministic, so
 * the intent committed before a venue is called names the order the venue will know; the installation prefix keeps a
 * database recreated from scratch from sending an id a venue has seen before; the sequence makes every new attempt of
 * a trade (a fallback venue, a retry once "not placed" is proven) a new id. At most 36 characters of
 * {@code [a-z0-9-]}, which Binance's newClientOrderId accepts: 11 characters of frame leave 25 digits for the trade
 * and the sequence, so any trade id up to {@link Long#MAX_VALUE} fits with a sequence below a million; an id that
 * would be longer is refused rather than cut, since a cut id could name another order.
 */
public final class ClientOrderId {

  /** Longest id a venue accepts, characters. */
  private static final int MAX_LENGTH = 36;

  private ClientOrderId() {}

  public static String of(String installation, long tradeId, int sequence) {
    Objects.requireNonNull(installation, "installation");
    if (!installation.matches("[a-z0-9]{8}")) {
      throw new IllegalArgumentException("installation id must be 8 characters of [a-z0-9], was '" + installation + "'");
    }
    if (tradeId <= 0 || sequence <= 0) {
      throw new IllegalArgumentException("trade id and sequence must be positive, were " + tradeId + " and " + sequence);
    }
    String id = "k" + installation + "-" + tradeId + "-" + sequence;
    if (id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("client order id " + id + " is " + id.length() + " characters, at most " + MAX_LENGTH
          + " are accepted");
    }
    return id;
  }
}
