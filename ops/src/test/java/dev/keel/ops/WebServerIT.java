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

/** Only {@code keel run} serves HTTP; every other command's application has no web server. */
class WebServerIT {

  private final TestDatabase db = TestDatabase.get();

  private DatabaseOptions options() {
    DatabaseOptions o = new DatabaseOptions();
    new CommandLine(o).parseArgs("--db-url", db.url());
    return o;
  }

  @Test
  void the_service_serves_the_api_on_the_given_port() throws Exception {
    try (ConfigurableApplicationContext ctx = Keel.serve(options(), "--server.port=0", "--server.address=127.0.0.1")) {
      assertThat(ctx).isInstanceOf(WebServerApplicationContext.class);
      int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/api/v1/accounts/a/proposals")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void every_other_command_starts_no_web_server() {
    try (ConfigurableApplicationContext ctx = Keel.start(options())) {
      assertThat(ctx).isNotInstanceOf(WebServerApplicationContext.class);
      assertThat(ctx.getEnvironment().getProperty("local.server.port")).isNull();
    }
  }
}
