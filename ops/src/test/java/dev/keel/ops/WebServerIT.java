package dev.keel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.persistence.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

/** Only {@code keel run} serves HTTP, the API on one port and health and metrics on another; every other command's application has no web server. */
class WebServerIT {

  private final TestDatabase db = TestDatabase.get();

  private DatabaseOptions options() {
    DatabaseOptions o = new DatabaseOptions();
    new CommandLine(o).parseArgs("--db-url", db.url());
    return o;
  }

  @Test
  void the_service_serves_the_api_on_the_given_port_and_health_and_metrics_on_the_management_port_only() throws Exception {
    try (ConfigurableApplicationContext ctx = Keel.serve(options(), "--server.port=0", "--server.address=127.0.0.1",
        "--management.server.port=0", "--management.server.address=127.0.0.1")) {
      assertThat(ctx).isInstanceOf(WebServerApplicationContext.class);
      int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
      int management = Integer.parseInt(ctx.getEnvironment().getProperty("local.management.port"));
      assertThat(management).isNotEqualTo(port);
      assertThat(get(port, "/api/v1/accounts/a/proposals").statusCode()).isEqualTo(401);
      assertThat(get(port, "/actuator/health").statusCode()).isEqualTo(404);
      assertThat(get(port, "/actuator/prometheus").statusCode()).isEqualTo(404);
      HttpResponse<String> health = get(management, "/actuator/health");
      assertThat(health.statusCode()).as(health.body()).isIn(200, 503);
      assertThat(health.body()).contains("\"marketData\"").contains("\"executions\"").contains("\"venues\"")
          .contains("\"executionBacklog\"");
      assertThat(get(management, "/actuator/prometheus").body()).contains("keel_proposals{");
      // nothing else of the actuator is served
      for (String path : new String[] {"/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/heapdump",
          "/actuator/loggers", "/actuator/mappings", "/actuator/threaddump"}) {
        assertThat(get(management, path).statusCode()).as(path).isEqualTo(404);
      }
      // the API's key check runs on every port; behind it, the management port has no API
      assertThat(get(management, "/api/v1/accounts/a/proposals").statusCode()).isEqualTo(401);
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void every_other_command_starts_no_web_server() {
    try (ConfigurableApplicationContext ctx = Keel.start(options())) {
      assertThat(ctx).isNotInstanceOf(WebServerApplicationContext.class);
      assertThat(ctx.getEnvironment().getProperty("local.server.port")).isNull();
    }
  }
}
