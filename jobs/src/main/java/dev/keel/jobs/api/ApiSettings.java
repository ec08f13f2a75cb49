package dev.keel.jobs.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The approval API's settings ({@code keel.api.*}, docs/approval.md), their defaults and their checks: the one place
 * they are stated. The API reads them all; housekeepingJob prunes Idempotency-Keys past their retention, and
 * notificationJob links investors' pages under the public URL.
 *
 * @param publicUrl               where investors and the platform reach this service (scheme, host, port, no trailing
 *                                slash): the base of the page links in notifications
 * @param rateLimitPerSecond      requests one API key may make per second on one node, sustained
 * @param rateLimitBurst          requests one API key may make at once before the sustained rate applies
 * @param authCacheTtl            how long a node trusts what it read about a key: a revocation takes effect within it
 * @param idempotencyRetention    how long a decision's Idempotency-Key and its response are kept
 * @param idempotencyAbandonAfter a decision request still in flight after this long (its node died) may be taken over
 *                                by a repeat
 * @param maxPageSize             most proposals one list request returns
 */
@ConfigurationProperties(prefix = "keel.api")
public record ApiSettings(@DefaultValue(ApiSettings.PUBLIC_URL) String publicUrl, @DefaultValue("50") double rateLimitPerSecond,
                          @DefaultValue("100") int rateLimitBurst, @DefaultValue("5s") Duration authCacheTtl,
                          @DefaultValue("24h") Duration idempotencyRetention, @DefaultValue("30s") Duration idempotencyAbandonAfter,
                          @DefaultValue("200") int maxPageSize) {

  /** The base of page links when {@code keel.api.public-url} is left out or blank: this machine's API port. */
  public static final String PUBLIC_URL = "http://localhost:8080";

  public ApiSettings {
    if (!(rateLimitPerSecond > 0) || rateLimitPerSecond > 100_000) {
      throw new IllegalArgumentException("keel.api.rate-limit-per-second must be above 0 and at most 100000, was " + rateLimitPerSecond);
    }
    if (rateLimitBurst < 1 || rateLimitBurst > 100_000) {
      throw new IllegalArgumentException("keel.api.rate-limit-burst must be between 1 and 100000, was " + rateLimitBurst);
    }
    if (authCacheTtl.isNegative() || authCacheTtl.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("keel.api.auth-cache-ttl must be between 0s and 5m, was " + authCacheTtl);
    }
    if (idempotencyRetention.compareTo(Duration.ofHours(1)) < 0 || idempotencyRetention.compareTo(Duration.ofDays(30)) > 0) {
      throw new IllegalArgumentException("keel.api.idempotency-retention must be between 1h and 30d, was " + idempotencyRetention);
    }
    if (idempotencyAbandonAfter.compareTo(Duration.ofSeconds(1)) < 0 || idempotencyAbandonAfter.compareTo(idempotencyRetention) >= 0) {
      throw new IllegalArgumentException("keel.api.idempotency-abandon-after must be at least 1s and shorter than"
          + " keel.api.idempotency-retention, was " + idempotencyAbandonAfter);
    }
    if (maxPageSize < 1 || maxPageSize > 10_000) {
      throw new IllegalArgumentException("keel.api.max-page-size must be between 1 and 10000, was " + maxPageSize);
    }
    publicUrl = publicUrl == null || publicUrl.isBlank() ? PUBLIC_URL : publicUrl.trim();
    java.net.URI uri;
    try {
      uri = new java.net.URI(publicUrl);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("keel.api.public-url is not a URL (" + e.getReason() + ")");
    }
    if (uri.getRawUserInfo() != null) {
      // the value is not echoed: it holds a credential
      throw new IllegalArgumentException("keel.api.public-url must not carry credentials");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
        || uri.getQuery() != null || uri.getFragment() != null || publicUrl.endsWith("/")) {
      throw new IllegalArgumentException("keel.api.public-url must be http(s)://host[:port][/path] without credentials,"
          + " query or trailing slash, was '" + publicUrl + "'");
    }
  }
}
