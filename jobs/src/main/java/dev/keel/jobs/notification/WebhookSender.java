package dev.keel.jobs.notification;

import dev.keel.domain.notification.WebhookSecret;
import dev.keel.domain.notification.WebhookSignature;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Posts one signed webhook with the JDK's HTTP client: the Standard Webhooks headers, a connect timeout and a timeout
 * for the whole request, no redirects followed (a redirect is a failure the operator should see). A 2xx answer is
 * delivered; anything else is a failure described in Keel's words, never with the URL, which may carry a token.
 */
final class WebhookSender {

  private final HttpClient client;
  private final Duration requestTimeout;

  WebhookSender(Duration connectTimeout, Duration requestTimeout) {
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    this.requestTimeout = requestTimeout;
  }

  /** What one attempt came to. */
  sealed interface Result {
    record Delivered(int status) implements Result {}

    /**
     * @param error      why, safe to store and show
     * @param retryAfter what the receiver asked for (429, 503), or null
     */
    record Failed(String error, Duration retryAfter) implements Result {}
  }

  Result post(String url, WebhookSecret secret, String id, long timestamp, String body) {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(url))
          .timeout(requestTimeout)
          .header("content-type", "application/json")
          .header("user-agent", "keel-webhooks/1")
          .header(WebhookSignature.ID_HEADER, id)
          .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
          .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, id, timestamp, body))
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
    } catch (IllegalArgumentException e) {
      return new Result.Failed("the endpoint's URL is not usable", null);
    }
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return new Result.Delivered(status);
      }
      return new Result.Failed("HTTP " + status, retryAfter(response.headers().firstValue("retry-after")));
    } catch (HttpTimeoutException e) {
      return new Result.Failed("timed out (connect " + client.connectTimeout().orElse(null) + ", request " + requestTimeout + ")", null);
    } catch (ConnectException e) {
      return new Result.Failed("connection refused or unreachable", null);
    } catch (IOException e) {
      return new Result.Failed("I/O error: " + e.getClass().getSimpleName(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result.Failed("interrupted while sending", null);
    }
  }

  /** Retry-After in seconds; an HTTP date or anything else is ignored (the policy's back-off applies). */
  static Duration retryAfter(Optional<String> header) {
    if (header.isEmpty()) {
      return null;
    }
    try {
      long s = Long.parseLong(header.get().trim());
      return s > 0 ? Duration.ofSeconds(s) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
