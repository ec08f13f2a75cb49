package dev.keel.scheduler.api;

import dev.keel.persistence.api.ApiKeyDao;
import dev.keel.persistence.testing.TestDatabase;
import dev.keel.scheduler.KeelApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** The Keel application serving HTTP on 127.0.0.1 and a free port, on the test database; a client for it. */
final class ApiServer implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  final ConfigurableApplicationContext context;
  final int port;
  /** The management port: health and Prometheus metrics. */
  final int managementPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private ApiServer(ConfigurableApplicationContext context) {
    this.context = context;
    this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    this.managementPort = Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
  }

  private static ApiServer shared;

  /**
   * One server for every test class that needs no other settings, closed when the JVM ends. It reads a key on every
   * request (auth-cache-ttl 0s), so a revocation shows at once; the cache has a test of its own.
   */
  static synchronized ApiServer shared() {
    if (shared == null) {
      shared = start("--keel.api.auth-cache-ttl=0s");
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "api-server-stop"));
    }
    return shared;
  }

  static ApiServer start(String... extraArgs) {
    TestDatabase db = TestDatabase.get();
    SpringApplication app = new SpringApplication(KeelApplication.class);
    app.setWebApplicationType(WebApplicationType.SERVLET);
    List<String> args = new ArrayList<>(List.of(
        "--keel.db.url=" + db.url(),
        "--keel.db.pool-size=12",
        "--server.port=0",
        "--server.address=127.0.0.1",
        "--management.server.port=0",
        "--management.server.address=127.0.0.1"));
    args.addAll(List.of(extraArgs));
    return new ApiServer(app.run(args.toArray(String[]::new)));
  }

  /** A new key of {@code client}, stored as the command line stores it. */
  String key(String client) {
    ApiKey.Generated g = ApiKey.generate(RANDOM);
    context.getBean(ApiKeyDao.class).create(g.id(), client, ApiKey.sha256(g.key()), Instant.now(), "test");
    return g.key();
  }

  record Response(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().get(0)).orElse(null);
    }
  }

  Response get(String path, String... headers) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
  }

  /** A GET on the management port. */
  Response management(String path) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).GET());
  }

  Response post(String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return send(b, headers);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private Response send(HttpRequest.Builder b, String... headers) {
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    context.close();
  }
}
