package dev.keel.domain.proposal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed token in an investor's link to one proposal's page: the proposal id and the proposal's expiry, with an
 * HMAC-SHA256 over both under the installation's link key. The token names one proposal and stops working when the
 * proposal expires; changing any byte of it makes it {@link Verdict.Tampered}. The key never leaves the server.
 *
 * <p>Format: base64url (no padding) of 8 bytes proposal id, 8 bytes expiry (epoch seconds), 32 bytes MAC over
 * {@code "keel-page-v1" || id || expiry}.
 */
public final class PageLink {

  private static final byte[] DOMAIN = "keel-page-v1".getBytes(StandardCharsets.US_ASCII);
  private static final int LENGTH = 8 + 8 + 32;
  /** Least key length, bytes: a shorter key is a configuration mistake, not a choice. */
  public static final int MIN_KEY_BYTES = 32;

  private final byte[] key;

  /** A signer and verifier under this key (at least {@value #MIN_KEY_BYTES} bytes). */
  public PageLink(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("the page link key has " + key.length + " bytes, at least " + MIN_KEY_BYTES + " are needed");
    }
    this.key = key.clone();
  }

  /** What a token says, checked against the clock's now. */
  public sealed interface Verdict {
    /** Genuine and not yet expired: the page may show this proposal. */
    record Valid(long proposalId, Instant expiresAt) implements Verdict {}

    /** Genuine, but the proposal's expiry has passed. */
    record Expired(long proposalId, Instant expiresAt) implements Verdict {}

    /** Not a token this installation signed (altered, truncated, another key). Says nothing more, on purpose. */
    record Tampered() implements Verdict {}
  }

  /** The token for this proposal, valid until its expiry. */
  public String sign(long proposalId, Instant expiresAt) {
    Objects.requireNonNull(expiresAt, "expiresAt");
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    b.putLong(proposalId).putLong(expiresAt.getEpochSecond()).put(mac(proposalId, expiresAt.getEpochSecond()));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /** Checks a token as it came in a URL; never throws for bad input. */
  public Verdict verify(String token, Instant now) {
    Objects.requireNonNull(now, "now");
    if (token == null || token.length() != 64) { // 48 bytes in base64url without padding
      return new Verdict.Tampered();
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return new Verdict.Tampered();
    }
    if (raw.length != LENGTH) {
      return new Verdict.Tampered();
    }
    ByteBuffer b = ByteBuffer.wrap(raw);
    long id = b.getLong();
    long expiry = b.getLong();
    byte[] given = new byte[32];
    b.get(given);
    if (!MessageDigest.isEqual(given, mac(id, expiry))) {
      return new Verdict.Tampered();
    }
    Instant expiresAt = Instant.ofEpochSecond(expiry);
    return now.isBefore(expiresAt) ? new Verdict.Valid(id, expiresAt) : new Verdict.Expired(id, expiresAt);
  }

  private byte[] mac(long id, long expiry) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(DOMAIN);
      mac.update(ByteBuffer.allocate(16).putLong(id).putLong(expiry).array());
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "PageLink[key hidden]";
  }
}
