package dev.keel.jobs.notification;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A platform's webhook receiver on 127.0.0.1: records every request and answers from a queue of statuses (then 204), so
 * a test makes the first attempts fail.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One request as received: lower-case header names, the raw body. */
  record Request(Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private final HttpServer server;
  private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int otherwise = 204;

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/hooks/keel", exchange -> {
      java.util.Map<String, String> headers = new java.util.TreeMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Request(headers, body));
      Integer status = answers.poll();
      int s = status == null ? otherwise : status;
      if (s == 429) {
        exchange.getResponseHeaders().add("Retry-After", "45");
      }
      exchange.sendResponseHeaders(s, -1);
      exchange.close();
    });
    server.start();
  }

  /** The next requests are answered with these statuses, in order; later ones with {@link #otherwise(int)}. */
  WebhookReceiver answer(Integer... statuses) {
    answers.addAll(List.of(statuses));
    return this;
  }

  WebhookReceiver otherwise(int status) {
    otherwise = status;
    return this;
  }

  void reset() {
    answers.clear();
    requests.clear();
    otherwise = 204;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/keel";
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
