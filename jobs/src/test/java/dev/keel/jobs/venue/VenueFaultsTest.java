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
  void insufficient_funds_is_its_own_kind_not_an_unknown_outcome() {
    VenueFault binance = VenueFaults.classify(new FundsExceededException("Account has insufficient balance", binance(400, -2010, null)));
    assertThat(binance.kind()).isEqualTo(VenueFaultKind.INSUFFICIENT_FUNDS);
    assertThat(binance.kind().outcomeUnknown()).isFalse();
    // Kraken answers 200 with "EOrder:Insufficient funds": no status, only the type
    assertThat(VenueFaults.classifyPlacement(new FundsExceededException("EOrder:Insufficient funds")).kind())
        .isEqualTo(VenueFaultKind.INSUFFICIENT_FUNDS);
  }

  @Test
  void a_placements_503_is_a_server_error_even_when_the_venue_says_unavailable() {
    VenueFault f = VenueFaults.classifyPlacement(new ExchangeUnavailableException("-1016 service shutting down", binance(503, -1016, null)));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.SERVER_ERROR);
    assertThat(f.kind().outcomeUnknown()).isTrue();
    assertThat(VenueFaults.classifyPlacement(new ExchangeUnavailableException("EService:Unavailable")).kind())
        .isEqualTo(VenueFaultKind.SERVER_ERROR);
    // market data keeps telling "unavailable" apart
    assertThat(VenueFaults.classify(new ExchangeUnavailableException("-1016", binance(503, -1016, null))).kind())
        .isEqualTo(VenueFaultKind.UNAVAILABLE);
  }

  @Test
  void a_placement_never_sent_is_unavailable_and_certainly_not_placed() {
    assertThat(VenueFaults.classifyPlacement(new ConnectException("Connection refused")).kind()).isEqualTo(VenueFaultKind.UNAVAILABLE);
    assertThat(VenueFaults.classifyPlacement(new SocketTimeoutException("Connect timed out")).kind()).isEqualTo(VenueFaultKind.UNAVAILABLE);
    assertThat(VenueFaults.classifyPlacement(new SocketTimeoutException("Read timed out")).kind()).isEqualTo(VenueFaultKind.TIMEOUT);
    assertThat(VenueFaults.classifyPlacement(new OrderNotSentException("not listed")).kind()).isEqualTo(VenueFaultKind.REJECTED);
  }

  @Test
  void a_reset_or_an_unexplained_io_error_during_a_placement_leaves_its_outcome_unknown() {
    VenueFault reset = VenueFaults.classifyPlacement(new java.net.SocketException("Connection reset"));
    assertThat(reset.kind()).isEqualTo(VenueFaultKind.SERVER_ERROR);
    assertThat(reset.kind().outcomeUnknown()).isTrue();
    assertThat(VenueFaults.classifyPlacement(new java.net.SocketException("Unexpected end of file from server")).kind().outcomeUnknown()).isTrue();
    assertThat(VenueFaults.classifyPlacement(new IllegalStateException("anything else")).kind().outcomeUnknown()).isTrue();
  }

  @Test
  void binances_recv_window_refusal_is_a_rejected_placement_not_a_timeout() {
    VenueFault f = VenueFaults.classifyPlacement(new org.knowm.xchange.exceptions.OperationTimeoutException("-1021", binance(400, -1021, null)));
    assertThat(f.kind()).isEqualTo(VenueFaultKind.REJECTED);
  }

  @Test
  void a_429_and_a_418_on_a_placement_are_not_placed_and_keep_their_wait() {
    VenueFault limited = VenueFaults.classifyPlacement(new RateLimitExceededException(binance(429, -1003, "12")));
    assertThat(limited.kind()).isEqualTo(VenueFaultKind.RATE_LIMITED);
    assertThat(limited.kind().outcomeUnknown()).isFalse();
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(12));
    VenueFault banned = VenueFaults.classifyPlacement(new RateLimitExceededException(binance(418, -1003, "600")));
    assertThat(banned.kind()).isEqualTo(VenueFaultKind.BANNED);
    assertThat(banned.kind().outcomeUnknown()).isFalse();
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
