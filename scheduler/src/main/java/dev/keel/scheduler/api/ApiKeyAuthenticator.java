package dev.keel.scheduler.api;

import dev.keel.persistence.api.ApiKeyDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a presented key against the stored hash. What a node read about a key is trusted for the cache's time to
 * live, so a request costs no query; a revocation takes effect on every node within that time. Unknown ids are not
 * cached (they cost a query each, and answer the same 401 as every other refusal).
 */
public final class ApiKeyAuthenticator {

  /** The client a request acts for, and the key it used. */
  public record ApiClient(String client, String keyId) {}

  private record Cached(ApiKeyDao.StoredKey key, Instant readAt) {}

  private final ApiKeyDao dao;
  private final Clock clock;
  private final Duration ttl;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Instant> touched = new ConcurrentHashMap<>();

  public ApiKeyAuthenticator(ApiKeyDao dao, Clock clock, Duration ttl) {
    this.dao = dao;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The client of a valid key in this Authorization header, or empty for a missing, malformed, unknown or revoked one. */
  public Optional<ApiClient> authenticate(String authorization) {
    Optional<ApiKey.Presented> presented = ApiKey.fromAuthorization(authorization);
    if (presented.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    String id = presented.get().id();
    Cached c = cache.get(id);
    if (c == null || !c.readAt().plus(ttl).isAfter(now)) {
      Optional<ApiKeyDao.StoredKey> stored = dao.find(id);
      if (stored.isEmpty()) {
        cache.remove(id);
        return Optional.empty();
      }
      c = new Cached(stored.get(), now);
      cache.put(id, c);
    }
    ApiKeyDao.StoredKey key = c.key();
    if (key.revoked() || !ApiKey.matches(key.sha256(), presented.get().sha256())) {
      return Optional.empty();
    }
    Instant last = touched.get(id);
    if (last == null || !last.plus(Duration.ofMinutes(1)).isAfter(now)) {
      touched.put(id, now);
      dao.touch(id, now);
    }
    return Optional.of(new ApiClient(key.client(), id));
  }
}
