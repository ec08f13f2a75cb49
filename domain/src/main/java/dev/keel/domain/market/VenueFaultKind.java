package dev.keel.domain.market;

/** How a call to a venue failed, in terms the job and the router act on (FAULTS.md E1, E6). */
public enum VenueFaultKind {
  /** No reply within the read or connect timeout; for an order, its outcome is unknown. */
  TIMEOUT,
  /** HTTP 5xx or a reset connection; for an order, its outcome is unknown. */
  SERVER_ERROR,
  /** HTTP 429 or the venue's "rate limit exceeded": back off at least the Retry-After. */
  RATE_LIMITED,
  /** HTTP 418 (Binance's IP ban) or a temporary lockout: halt the venue and alert. */
  BANNED,
  /** The venue says it is unavailable or in maintenance, or the connection was refused. */
  UNAVAILABLE,
  /** The reply could not be parsed or lacked what was asked for. */
  MALFORMED_DATA,
  /** The venue refused the request (bad credentials, unknown market, invalid order). */
  REJECTED,
  /** The venue refused an order because the account cannot pay for it (FAULTS.md E7): not placed, never retried. */
  INSUFFICIENT_FUNDS,
  /** Anything else. */
  OTHER;

  /**
   * True when a request that changes state may have been applied despite the failure (reconcile before retrying): no
   * reply, a 5xx, a reset, or a 2xx reply that could not be read. A venue adapter reports an order placement's 503 as
   * SERVER_ERROR, never UNAVAILABLE: only a connection that was refused before the request was sent is UNAVAILABLE.
   */
  public boolean outcomeUnknown() {
    return this == TIMEOUT || this == SERVER_ERROR || this == MALFORMED_DATA || this == OTHER;
  }
}
