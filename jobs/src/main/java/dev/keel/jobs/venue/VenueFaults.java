package dev.keel.jobs.venue;

import com.fasterxml.jackson.core.JacksonException;
import dev.keel.domain.market.VenueFault;
import dev.keel.domain.market.VenueFaultKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.knowm.xchange.exceptions.CurrencyPairNotValidException;
import org.knowm.xchange.exceptions.ExchangeSecurityException;
import org.knowm.xchange.exceptions.ExchangeUnavailableException;
import org.knowm.xchange.exceptions.FrequencyLimitExceededException;
import org.knowm.xchange.exceptions.FundsExceededException;
import org.knowm.xchange.exceptions.InstrumentNotValidException;
import org.knowm.xchange.exceptions.InternalServerException;
import org.knowm.xchange.exceptions.MarketSuspendedException;
import org.knowm.xchange.exceptions.NonceException;
import org.knowm.xchange.exceptions.OperationTimeoutException;
import org.knowm.xchange.exceptions.OrderNotValidException;
import org.knowm.xchange.exceptions.RateLimitExceededException;
import org.knowm.xchange.exceptions.SystemOverloadException;
import si.mazi.rescu.HttpResponseAware;
import si.mazi.rescu.HttpStatusException;
import si.mazi.rescu.HttpStatusIOException;

/**
 * Classifies what XChange and its HTTP client (rescu) throw into a {@link VenueFault}. The HTTP status wins where one
 * is known (XChange's Binance adapter turns both 429 and 418 into RateLimitExceededException, and only the status tells
 * them apart); then the exception's type; then the transport's (timeouts, refused connections, unparsable JSON).
 */
public final class VenueFaults {

  /** Wait assumed after a 429 that carries no Retry-After. */
  public static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(60);

  private VenueFaults() {}

  public static VenueFault classify(Throwable thrown) {
    OptionalInt status = httpStatus(thrown);
    Optional<Duration> retryAfter = retryAfter(thrown);
    String detail = describe(thrown);
    VenueFaultKind kind = status.isPresent() ? byStatus(status.getAsInt(), thrown) : null;
    if (kind == null) {
      kind = byType(thrown);
    }
    return new VenueFault(kind, detail, status, retryAfter);
  }

  private static VenueFaultKind byStatus(int status, Throwable thrown) {
    if (status == 418) {
      return VenueFaultKind.BANNED;
    }
    if (status == 429) {
      return VenueFaultKind.RATE_LIMITED;
    }
    if (status == 503 && has(thrown, ExchangeUnavailableException.class)) {
      return VenueFaultKind.UNAVAILABLE;
    }
    if (status >= 500) {
      return VenueFaultKind.SERVER_ERROR;
    }
    if (status >= 400) {
      VenueFaultKind byType = byType(thrown);
      return byType == VenueFaultKind.TIMEOUT || byType == VenueFaultKind.INSUFFICIENT_FUNDS ? byType : VenueFaultKind.REJECTED;
    }
    // rescu reports a 2xx body it could not map to the reply type as an HttpStatusIOException with that status
    return status >= 200 && status < 300 ? VenueFaultKind.MALFORMED_DATA : null;
  }

  private static VenueFaultKind byType(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SocketTimeoutException || t instanceof OperationTimeoutException || t instanceof InterruptedIOException) {
        return VenueFaultKind.TIMEOUT;
      }
      if (t instanceof FrequencyLimitExceededException) {
        return VenueFaultKind.BANNED;
      }
      if (t instanceof RateLimitExceededException) {
        return VenueFaultKind.RATE_LIMITED;
      }
      if (t instanceof ExchangeUnavailableException || t instanceof SystemOverloadException || t instanceof MarketSuspendedException
          || t instanceof ConnectException || t instanceof UnknownHostException) {
        return VenueFaultKind.UNAVAILABLE;
      }
      if (t instanceof InternalServerException) {
        return VenueFaultKind.SERVER_ERROR;
      }
      if (t instanceof FundsExceededException) {
        return VenueFaultKind.INSUFFICIENT_FUNDS;
      }
      if (t instanceof OrderNotSentException || t instanceof OrderNotValidException || t instanceof CurrencyPairNotValidException
          || t instanceof InstrumentNotValidException || t instanceof ExchangeSecurityException || t instanceof NonceException) {
        return VenueFaultKind.REJECTED;
      }
      if (t instanceof JacksonException || t instanceof MalformedReplyException || t instanceof NumberFormatException
          || t instanceof NullPointerException || t instanceof ClassCastException) {
        return VenueFaultKind.MALFORMED_DATA;
      }
    }
    return thrown instanceof IOException ? VenueFaultKind.SERVER_ERROR : VenueFaultKind.OTHER;
  }

  /**
   * Classifies what an order placement threw, so that {@code kind().outcomeUnknown()} says whether the order may exist.
   * Only a request that never left Keel is UNAVAILABLE (connection refused, unknown host, no route, connect timeout):
   * any other "unavailable" answer came after the request was sent (an HTTP 503, Kraken's EService:Unavailable) and is
   * reported as SERVER_ERROR, an unknown outcome. A 4xx reply is the venue's refusal (REJECTED, INSUFFICIENT_FUNDS),
   * including Binance's -1021 "outside of the recvWindow", which XChange reports as a timeout.
   */
  public static VenueFault classifyPlacement(Throwable thrown) {
    VenueFault f = classify(thrown);
    VenueFaultKind kind = f.kind();
    if (neverSent(thrown)) {
      kind = kind == VenueFaultKind.RATE_LIMITED || kind == VenueFaultKind.BANNED || kind == VenueFaultKind.REJECTED ? kind
          : VenueFaultKind.UNAVAILABLE;
    } else if (kind == VenueFaultKind.UNAVAILABLE) {
      kind = VenueFaultKind.SERVER_ERROR;
    } else if (kind == VenueFaultKind.TIMEOUT && f.httpStatus().isPresent() && f.httpStatus().getAsInt() / 100 == 4) {
      kind = VenueFaultKind.REJECTED;
    }
    return kind == f.kind() ? f : new VenueFault(kind, f.detail(), f.httpStatus(), f.retryAfter());
  }

  /** True when the request cannot have reached the venue: the connection was never made, or Keel refused to send it. */
  private static boolean neverSent(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof OrderNotSentException) {
        return true;
      }
      // the JDK's "Connect timed out", as opposed to "Read timed out" once the request was written
      if (t instanceof SocketTimeoutException && t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect timed out")) {
        return true;
      }
    }
    return false;
  }

  static OptionalInt httpStatus(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpStatusException h && h.getHttpStatusCode() > 0) {
        return OptionalInt.of(h.getHttpStatusCode());
      }
    }
    return OptionalInt.empty();
  }

  /**
   * The body of a 2xx reply the client could not read, when the exception kept it (rescu's HttpStatusIOException does;
   * XChange's Binance client replaces it with a BinanceException that keeps none).
   */
  static Optional<String> replyBody(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpStatusIOException h && h.getHttpStatusCode() / 100 == 2 && h.getHttpBody() != null) {
        return Optional.of(h.getHttpBody());
      }
    }
    return Optional.empty();
  }

  static Optional<Duration> retryAfter(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpResponseAware h && h.getResponseHeaders() != null) {
        for (Map.Entry<String, List<String>> e : h.getResponseHeaders().entrySet()) {
          if (e.getKey() != null && e.getKey().equalsIgnoreCase("Retry-After") && e.getValue() != null && !e.getValue().isEmpty()) {
            try {
              long seconds = Long.parseLong(e.getValue().get(0).trim());
              return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
            } catch (NumberFormatException notSeconds) {
              return Optional.empty();
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean has(Throwable thrown, Class<? extends Throwable> type) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable thrown) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = thrown; t != null && s.length() < 400; t = t.getCause() == t ? null : t.getCause()) {
      if (s.length() > 0) {
        s.append(" <- ");
      }
      String message = t.getMessage() == null ? "" : t.getMessage().replaceAll("\\s+", " ");
      s.append(t.getClass().getSimpleName()).append(message.isEmpty() ? "" : ": " + message);
    }
    return s.length() > 400 ? s.substring(0, 400) : s.toString();
  }
}
