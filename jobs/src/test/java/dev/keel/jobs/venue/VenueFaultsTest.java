package dev.keel.jobs.venue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.domain.market.VenueFault;
import dev.keel.domain.market.VenueFaultKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchange.binance.dto.BinanceException;
import org.knowm.xchange.exceptions.ExchangeException;
import org.knowm.xchange.exceptions.ExchangeUnavailableException;
import org.knowm.xchange.exceptions.FundsExceededException;
import org.knowm.xchange.exceptions.RateLimitExceededException;

class VenueFaultsTest {

  private static BinanceException binance(int status, int code, String retryAfter) {
    BinanceException e = new BinanceException(code, "msg");
    e.setHttpStatusCode(status);
    if (retryAfter != null) {
      e.setResponseHeaders(Map.of("retry-after", List.of(retryAfter)));
    }
    return e;
  }

  @Test
  void binance_429_and_418_share_an_exception_class_but_not_a_kind() {
    VenueFault limited = VenueFaults.classify(new RateLimitExceededException(binance(429, -1003, "7")));
    VenueFault banned = VenueFaults.classify(new RateLimitExceededException(binance(418, -1003, "600")));
    assertThat(limited.kind()).isEqualTo(VenueFaultKind.RATE_LIMITED);
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(banned.kind()).isEqualTo(VenueFaultKind.BANNED);
    assertThat(banned.retryAfter()).contains(Duration.ofSeconds(600));
  }

  @Test
  void a_read_timeout_wrapped_by_xchange_is_a_timeout_whose_outcome_is_unknown() {
    VenueFault f = VenueFaults.classify(new ExchangeException("Failed to initialize", new SocketTimeoutException("Read timed out")));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.TIMEOUT);
    assertThat(f.kind().outcomeUnknown()).isTrue();
  }

  @Test
  void a_refused_connection_is_unavailable() {
    assertThat(VenueFaults.classify(new ConnectException("Connection refused")).kind()).isEqualTo(VenueFaultKind.UNAVAILABLE);
    assertThat(VenueFaults.classify(new ExchangeUnavailableException("EService:Unavailable")).kind()).isEqualTo(VenueFaultKind.UNAVAILABLE);
  }

  @Test
  void insufficient_funds_is_a_rejection_not_an_unknown_outcome() {
    VenueFault f = VenueFaults.classify(new FundsExceededException("Account has insufficient balance", binance(400, -2010, null)));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.REJECTED);
    assertThat(f.kind().outcomeUnknown()).isFalse();
  }

  @Test
  void an_unexplained_io_error_is_a_server_error() {
    assertThat(VenueFaults.classify(new IOException("Connection reset")).kind()).isEqualTo(VenueFaultKind.SERVER_ERROR);
  }

  @Test
  void an_http_date_retry_after_is_ignored_rather_than_misread() {
    VenueFault f = VenueFaults.classify(new RateLimitExceededException(binance(429, -1003, "Wed, 22 Apr 2026 10:00:30 GMT")));
    assertThat(f.retryAfter()).isEmpty();
  }
}
