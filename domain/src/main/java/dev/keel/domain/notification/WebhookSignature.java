package dev.keel.domain.notification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook's body as Standard Webhooks does: {@code webhook-signature: v1,<base64 HMAC-SHA256>} over
 * {@code id + "." + timestamp + "." + body} under the endpoint's secret, with the id in {@code webhook-id} and the
 * timestamp (epoch seconds) in {@code webhook-timestamp}. Any receiver library of that specification verifies it.
 */
public final class WebhookSignature {

  public static final String ID_HEADER = "webhook-id";
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";
  public static final String SIGNATURE_HEADER = "webhook-signature";

  private WebhookSignature() {}

  /** The {@code webhook-signature} value for this message. */
  public static String sign(WebhookSecret secret, String id, long timestamp, String body) {
    return "v1," + Base64.getEncoder().encodeToString(mac(secret.key(), id + "." + timestamp + "." + body));
  }

  /**
   * True when one of the space-separated signatures in {@code header} is a v1 signature of this message under the secret
   * (compared in constant time). What a receiver does; Keel's tests use it as one.
   */
  public static boolean verify(WebhookSecret secret, String id, long timestamp, String body, String header) {
    if (header == null) {
      return false;
    }
    byte[] expected = mac(secret.key(), id + "." + timestamp + "." + body);
    for (String part : header.trim().split(" +")) {
      if (part.startsWith("v1,")) {
        try {
          if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(part.substring(3)))) {
            return true;
          }
        } catch (IllegalArgumentException notBase64) {
          // another signature in the header may still match
        }
      }
    }
    return false;
  }

  private static byte[] mac(byte[] key, String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
