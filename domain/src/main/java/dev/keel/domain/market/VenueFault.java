package dev.keel.domain.market;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A failed call to a venue, classified.
 *
 * @param kind       what went wrong
 * @param detail     what the venue or the client said, for the operator's log and the snapshot's reason
 * @param httpStatus the HTTP status when there was one, e.g. 429
 * @param retryAfter how long the venue asked Keel to wait (the Retry-After header), when it said so
 */
public record VenueFault(VenueFaultKind kind, String detail, OptionalInt httpStatus, Optional<Duration> retryAfter) {
  public VenueFault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(httpStatus, "httpStatus");
    Objects.requireNonNull(retryAfter, "retryAfter");
    retryAfter.ifPresent(d -> {
      if (d.isNegative()) {
        throw new IllegalArgumentException("retry-after must not be negative, was " + d);
      }
    });
  }

  public static VenueFault of(VenueFaultKind kind, String detail) {
    return new VenueFault(kind, detail, OptionalInt.empty(), Optional.empty());
  }

  /** "RATE_LIMITED (HTTP 429, retry after PT30S): detail", the reason text a snapshot records. */
  public String describe() {
    StringBuilder s = new StringBuilder(kind.name());
    if (httpStatus.isPresent() || retryAfter.isPresent()) {
      s.append(" (");
      httpStatus.ifPresent(h -> s.append("HTTP ").append(h));
      retryAfter.ifPresent(r -> s.append(httpStatus.isPresent() ? ", " : "").append("retry after ").append(r));
      s.append(')');
    }
    return s.append(": ").append(detail).toString();
  }
}
