package dev.keel.scheduler.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document served at /v3/api-docs and checked in as docs/openapi.yaml. The server is given as "/" so the
 * document is the same whatever host and port serve it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class OpenApiConfig {

  @Bean
  public OpenAPI keelOpenApi() {
    return new OpenAPI()
        .info(new Info().title("Keel approval API").version("v1")
            .description("Proposals of an account and the investor's decisions, for the platform's back end. Errors are RFC 9457"
                + " problem details whose type is urn:keel:problem:<CODE>. docs/approval.md describes the rules."))
        .servers(List.of(new Server().url("/").description("this Keel service")))
        .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.HTTP)
            .scheme("bearer").bearerFormat("keel_<id>_<secret>")
            .description("An API key made with `keel ops api-keys create --client NAME`.")));
  }
}
