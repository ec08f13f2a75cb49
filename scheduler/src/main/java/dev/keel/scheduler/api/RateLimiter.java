package dev.keel.scheduler.api;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per API key, in this node's memory: {@code burst} requests at once, refilled at {@code perSecond}.
 * Each node limits on its own, so N nodes behind a balancer allow up to N times the rate in all.
 */
public final class RateLimiter {

  private final Clock clock;
  private final double perSecond;
  private final int burst;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(Clock clock, double perSecond, int burst) {
    this.clock = clock;
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /**
   * Takes one request's token for {@code keyId}.
   *
   * @return 0 when the request may go on, else the whole seconds to wait before a token is there (at least 1)
   */
  public long acquire(String keyId) {
    return buckets.computeIfAbsent(keyId, k -> new Bucket(burst, clock.millis())).take(clock.millis(), perSecond, burst);
  }

  private static final class Bucket {
    private double tokens;
    private long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    synchronized long take(long now, double perSecond, int burst) {
      if (now > at) {
        tokens = Math.min(burst, tokens + (now - at) / 1000.0 * perSecond);
        at = now;
      }
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }
  }
}
