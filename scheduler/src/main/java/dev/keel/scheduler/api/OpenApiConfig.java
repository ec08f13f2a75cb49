package dev.keel.scheduler.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
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

  /** Every operation may answer 401 and 429; a read 400 and 404 too. All of them problem details. */
  @Bean
  public OpenApiCustomizer keelProblemResponses() {
    return api -> {
      // as the body is written: RFC 9457 members plus Keel's code at the top level (and expiresAt or proposalStatus where named)
      api.getComponents().addSchemas("ProblemDetail", new ObjectSchema()
          .description("RFC 9457 problem details")
          .addProperty("type", new StringSchema().format("uri").example("urn:keel:problem:PROPOSAL_EXPIRED"))
          .addProperty("title", new StringSchema())
          .addProperty("status", new IntegerSchema())
          .addProperty("detail", new StringSchema())
          .addProperty("code", new StringSchema().description("the problem's code, also the last part of type: UNAUTHORIZED,"
              + " RATE_LIMITED, NOT_FOUND, BAD_REQUEST, PROPOSAL_EXPIRED, PROPOSAL_CONFLICT, IDEMPOTENCY_KEY_MISSING,"
              + " IDEMPOTENCY_KEY_REUSED, IDEMPOTENCY_KEY_IN_FLIGHT, INTERNAL"))
          .addProperty("expiresAt", new StringSchema().format("date-time").description("PROPOSAL_EXPIRED: when it expired"))
          .addProperty("proposalStatus", new StringSchema().description("PROPOSAL_CONFLICT: the proposal's status")));
      problemResponses(api);
    };
  }

  private static void problemResponses(OpenAPI api) {
    api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
      ApiResponses responses = op.getResponses();
      if (method == PathItem.HttpMethod.GET) {
        responses.putIfAbsent("400", problem("a parameter is malformed or out of range (BAD_REQUEST)"));
        responses.putIfAbsent("404", problem("no such account, or no such proposal for this account (NOT_FOUND; audited when"
            + " the proposal is another account's)"));
      }
      responses.putIfAbsent("401", problem("no API key, or not a valid one (UNAUTHORIZED): the same answer whatever was wrong"));
      ApiResponse limited = problem("this key's request rate is over keel.api.rate-limit-per-second (RATE_LIMITED)");
      limited.addHeaderObject("Retry-After", new Header().description("seconds to wait").schema(new IntegerSchema()));
      responses.putIfAbsent("429", limited);
    }));
  }

  private static ApiResponse problem(String description) {
    return new ApiResponse().description(description).content(new Content().addMediaType("application/problem+json",
        new MediaType().schema(new Schema<>().$ref("#/components/schemas/ProblemDetail"))));
  }

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
