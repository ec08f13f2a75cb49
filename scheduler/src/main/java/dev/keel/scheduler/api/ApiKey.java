package dev.keel.scheduler.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API key: {@code keel_<id>_<secret>}, the id 12 base32 characters (the public lookup part), the secret 64 hex
 * characters (256 random bits). Keel stores only the SHA-256 of the whole key: the secret has full entropy, so a fast
 * hash cannot be brute-forced, and a per-request slow hash (bcrypt) would cost more CPU than the request itself.
 */
public final class ApiKey {

  private static final Pattern FORMAT = Pattern.compile("keel_([a-z2-7]{12})_([0-9a-f]{64})");
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  /** Who may hold keys: 1 to 64 letters, digits, dots, dashes, underscores, starting with a letter or digit. */
  public static final Pattern CLIENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private ApiKey() {}

  /**
   * A new key.
   *
   * @param id  its lookup id
   * @param key the whole key, to be shown once
   */
  public record Generated(String id, String key) {
    @Override
    public String toString() {
      return "Generated[id=" + id + ", key hidden]";
    }
  }

  /** A key as presented: its id and the hash to compare with the stored one. */
  public record Presented(String id, byte[] sha256) {}

  public static Generated generate(SecureRandom random) {
    StringBuilder id = new StringBuilder(12);
    for (int i = 0; i < 12; i++) {
      id.append(BASE32[random.nextInt(32)]);
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return new Generated(id.toString(), "keel_" + id + "_" + HexFormat.of().formatHex(secret));
  }

  /** The key in an {@code Authorization: Bearer} header value, or empty when it is not one in Keel's format. */
  public static Optional<Presented> fromAuthorization(String header) {
    if (header == null || header.length() > 200 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return parse(header.substring(7).strip());
  }

  /** A key's id and hash, or empty when the text is not a key in Keel's format. */
  public static Optional<Presented> parse(String key) {
    var m = FORMAT.matcher(key);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Presented(m.group(1), sha256(key)));
  }

  public static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** Compares two hashes in time independent of where they differ. */
  public static boolean matches(byte[] stored, byte[] presented) {
    return MessageDigest.isEqual(stored, presented);
  }
}
