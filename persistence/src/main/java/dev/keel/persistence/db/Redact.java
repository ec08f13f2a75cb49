package dev.keel.persistence.db;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What may be shown of a setting or a connection string: a value whose name looks secret is never echoed, and a JDBC
 * URL is shown without its password. Used wherever Keel prints or logs configuration (errors, summaries).
 */
public final class Redact {

  /** Shown instead of a secret. */
  public static final String HIDDEN = "(hidden)";

  private static final Pattern SECRET_WORD = Pattern.compile("(^|[._\\-\\[])(password|passwd|pwd|secret|token|key|credentials?)"
      + "($|[._\\-\\]])");
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;]*");
  private static final Pattern URL_USERINFO = Pattern.compile("(//[^/@:]*):[^/@]*@");

  private Redact() {}

  /**
   * True when a setting's name says it holds a secret: one of its words is password, secret, token, key or
   * credentials (keel.db.password, keel.venues.binance.secret-key, keel.venues.kraken.api-key, KEEL_DB_PASSWORD).
   */
  public static boolean looksSecret(String name) {
    return name != null && SECRET_WORD.matcher(name.toLowerCase(Locale.ROOT)).find();
  }

  /** The value as it may be shown for a setting of this name: hidden when the name looks secret. */
  public static String value(String name, Object value) {
    return looksSecret(name) ? HIDDEN : String.valueOf(value);
  }

  /** A JDBC URL without its password, whether given as a parameter or as user:password@host. */
  public static String url(String jdbcUrl) {
    if (jdbcUrl == null) {
      return null;
    }
    String s = URL_PASSWORD.matcher(jdbcUrl).replaceAll("$1" + HIDDEN);
    return URL_USERINFO.matcher(s).replaceAll("$1:" + HIDDEN + "@");
  }

  /** Any text with every occurrence of a secret value replaced; for messages that may quote what they were given. */
  public static String without(String text, String secret) {
    if (text == null || secret == null || secret.isEmpty()) {
      return text;
    }
    return text.replace(secret, HIDDEN);
  }
}
