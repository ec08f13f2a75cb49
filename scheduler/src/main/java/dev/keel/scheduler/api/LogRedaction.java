package dev.keel.scheduler.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.EventArgUtil;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Keeps the credentials of the approval surface out of every log line, whoever writes it and at whatever level an
 * operator turns on: Tomcat at DEBUG writes each request as received, headers included; Spring Security and Spring Web
 * write each request's path, and at TRACE a handler's arguments and the body it answers. Removed are an
 * Authorization header's value, a bearer credential, an API key ({@code keel_<id>_<secret>}) and the signed token of
 * an investor's page link ({@code /p/<token>}, or the token's 64 characters on their own), which is the investor's
 * credential for that proposal. A line holding one is written once more with it removed, the original never. Installed on Logback's context after Spring Boot configures logging ({@link LogRedactionInstaller}).
 */
public final class LogRedaction extends TurboFilter {

  private static final String REMOVED = "[credential removed]";
  private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(?:proxy-)?authorization\\s*[:=]\\s*[^\\r\\n,;\\]}]*");
  private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[^\\s,;\"'\\]}]+");
  private static final Pattern API_KEY = Pattern.compile("keel_[A-Za-z0-9]{12}_[A-Za-z0-9]*");
  private static final Pattern PAGE_TOKEN = Pattern.compile("/p/[A-Za-z0-9_=%-]+");
  /** A page token on its own (a handler's arguments, the page's form at TRACE): 64 base64url characters, no more. */
  private static final Pattern BARE_PAGE_TOKEN = Pattern.compile("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{64}(?![A-Za-z0-9_-])");

  /** Any of the patterns above: one pass tells a line that holds no credential, as nearly every line is. */
  private static final Pattern ANY = Pattern.compile(java.util.stream.Stream.of(AUTHORIZATION, BEARER, API_KEY, PAGE_TOKEN,
      BARE_PAGE_TOKEN).map(p -> "(?:" + p.pattern() + ")").collect(java.util.stream.Collectors.joining("|")));

  /** {@code text} with every credential removed; the same instance when it holds none. */
  static String redact(String text) {
    if (!ANY.matcher(text).find()) {
      return text;
    }
    String r = AUTHORIZATION.matcher(text).replaceAll(REMOVED);
    r = BEARER.matcher(r).replaceAll(REMOVED);
    r = API_KEY.matcher(r).replaceAll("[API key removed]");
    r = PAGE_TOKEN.matcher(r).replaceAll("/p/[token removed]");
    r = BARE_PAGE_TOKEN.matcher(r).replaceAll("[token removed]");
    return r.equals(text) ? text : r;
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    // called for every logging call, enabled or not: only a line that will be written is looked at
    if (format == null || level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL;
    }
    Throwable thrown = t;
    Object[] args = params;
    if (thrown == null && EventArgUtil.extractThrowable(params) != null) {
      thrown = EventArgUtil.extractThrowable(params);
      args = EventArgUtil.trimmedCopy(params);
    }
    String message = args == null || args.length == 0 ? format : MessageFormatter.arrayFormat(format, args).getMessage();
    String redacted = redact(message);
    if (redacted == message) {
      return FilterReply.NEUTRAL;
    }
    // the redacted line holds no credential, so this filter lets it through when it comes back here
    logger.log(marker, Logger.FQCN, Level.toLocationAwareLoggerInteger(level), redacted, null, thrown);
    return FilterReply.DENY;
  }

  /** Adds the filter to Logback's context unless it is there already; nothing when Logback is not the logging backend. */
  static void install() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    if (context.getTurboFilterList().stream().noneMatch(f -> f instanceof LogRedaction)) {
      LogRedaction filter = new LogRedaction();
      filter.setName("keel-log-redaction");
      filter.setContext(context);
      filter.start();
      context.addTurboFilter(filter);
    }
  }
}
