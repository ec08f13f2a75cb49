package dev.keel.domain.notification;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A webhook endpoint's signing secret in the Standard Webhooks form: {@code whsec_} and the base64 of the key. Keel
 * generates 32 random bytes; a secret from elsewhere may have 24 to 64. {@link #toString()} never shows it.
 */
public final class WebhookSecret {

  public static final String PREFIX = "whsec_";
  /** Bytes of a secret Keel generates. */
  public static final int GENERATED_BYTES = 32;
  /** Least and most key bytes accepted, as the Standard Webhooks specification recommends. */
  public static final int MIN_BYTES = 24;
  public static final int MAX_BYTES = 64;

  private final String text;
  private final byte[] key;

  private WebhookSecret(String text, byte[] key) {
    this.text = text;
    this.key = key;
  }

  /** A new secret of {@value #GENERATED_BYTES} random bytes. */
  public static WebhookSecret generate(SecureRandom random) {
    byte[] key = new byte[GENERATED_BYTES];
    random.nextBytes(key);
    return new WebhookSecret(PREFIX + Base64.getEncoder().encodeToString(key), key);
  }

  /** Reads a stored secret; the message of a refusal says what is wrong, never the secret. */
  public static WebhookSecret parse(String text) {
    Objects.requireNonNull(text, "secret");
    if (!text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a webhook secret is " + PREFIX + " and base64; this one is not base64");
    }
    if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
      throw new IllegalArgumentException("a webhook secret holds " + MIN_BYTES + " to " + MAX_BYTES + " bytes, this one " + key.length);
    }
    return new WebhookSecret(text, key);
  }

  /** The text to store and to give the receiver once. */
  public String reveal() {
    return text;
  }

  byte[] key() {
    return key.clone();
  }

  @Override
  public String toString() {
    return "WebhookSecret[hidden]";
  }
}
