package dev.keel.jobs.venue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this JVM's {@code HttpURLConnection} (which XChange's HTTP client uses) sends a POST a second time on its own
 * when the connection closes before a reply. It does unless {@code sun.net.http.retryPost=false} was set before the
 * JDK's HTTP client class loaded; for an order that second POST is a second order. {@link #check()} finds out once,
 * with one POST to a loopback socket that reads it and closes without answering, and counts what arrives.
 */
final class HttpPostRetry {

  static final String PROPERTY = "sun.net.http.retryPost";

  private static final Logger log = LoggerFactory.getLogger(HttpPostRetry.class);
  private static volatile Boolean resends;

  private HttpPostRetry() {}

  /** Asks the JDK not to resend POSTs, unless the launcher said otherwise; effective only before its HTTP client loads. */
  static void disable() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, "false");
    }
  }

  /**
   * True when this JVM resends a POST whose reply was lost. Probed once; a probe that cannot run (no loopback socket)
   * answers false and logs why.
   */
  static boolean check() {
    Boolean r = resends;
    if (r == null) {
      synchronized (HttpPostRetry.class) {
        r = resends;
        if (r == null) {
          r = probe();
          resends = r;
        }
      }
    }
    return r;
  }

  private static boolean probe() {
    AtomicInteger received = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(5_000);
      Thread listener = new Thread(() -> {
        try {
          while (!server.isClosed()) {
            try (Socket s = server.accept()) {
              s.setSoTimeout(5_000);
              readRequest(s.getInputStream());
              received.incrementAndGet();
            }
          }
        } catch (IOException closedOrTimedOut) {
          // the probe is over
        }
      }, "keel-http-post-retry-probe");
      listener.setDaemon(true);
      listener.start();
      HttpURLConnection c = (HttpURLConnection) new URL("http", server.getInetAddress().getHostAddress(), server.getLocalPort(), "/probe")
          .openConnection(Proxy.NO_PROXY);
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setConnectTimeout(5_000);
      c.setReadTimeout(5_000);
      c.setUseCaches(false);
      try (OutputStream out = c.getOutputStream()) {
        out.write("probe=1".getBytes(StandardCharsets.US_ASCII));
      }
      try {
        c.getResponseCode();
      } catch (IOException expected) {
        // the socket closed without a reply, once or (when the JDK resends) twice
      } finally {
        c.disconnect();
      }
      server.close();
      listener.join(5_000);
      boolean twice = received.get() > 1;
      if (twice) {
        log.error("this JVM sends a POST again when its reply is lost, which for an order is a second order: start it with -D{}=false",
            PROPERTY);
      }
      return twice;
    } catch (IOException | RuntimeException e) {
      log.warn("could not check whether this JVM resends a POST whose reply was lost: {}", e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Reads one HTTP request: headers, then Content-Length bytes of body. */
  private static void readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int b;
    while ((b = in.read()) != -1) {
      head.append((char) b);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    for (int i = 0; i < length && in.read() != -1; i++) {
      // the body is not needed, only read so the client finishes writing
    }
  }
}
