package dev.keel.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.scheduler.BuildDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the running service serves is the one checked in as docs/openapi.yaml. When the API changes,
 * the served document is written to the build directory as openapi.yaml: review it and copy it over docs/openapi.yaml.
 */
class OpenApiDocumentIT {

  private static final Path CHECKED_IN = Path.of("..", "docs", "openapi.yaml");

  @Test
  void the_served_document_equals_docs_openapi_yaml() throws IOException {
    ApiServer.Response r = ApiServer.shared().get("/v3/api-docs.yaml");
    assertThat(r.status()).isEqualTo(200);
    String served = r.body().replace("\r\n", "\n");
    Path fresh = BuildDirectory.resolve("openapi.yaml");
    Files.createDirectories(fresh.getParent());
    Files.writeString(fresh, served, StandardCharsets.UTF_8);
    assertThat(CHECKED_IN).as("docs/openapi.yaml").exists();
    assertThat(Files.readString(CHECKED_IN, StandardCharsets.UTF_8))
        .as("docs/openapi.yaml differs from what the service serves; the served one is in " + fresh.toAbsolutePath()
            + ": review it and copy it to docs/openapi.yaml")
        .isEqualTo(served);
  }
}
