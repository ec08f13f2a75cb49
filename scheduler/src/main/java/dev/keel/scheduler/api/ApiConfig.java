package dev.keel.scheduler.api;

import dev.keel.persistence.api.ApiKeyDao;
import dev.keel.persistence.api.ApiProposalReader;
import dev.keel.persistence.api.IdempotencyDao;
import dev.keel.persistence.proposal.ProposalDao;
import dev.keel.scheduler.KeelProperties;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web side of Keel, present only when the application runs as a web server ({@code keel run} and the API's
 * tests): four filter chains, and the API's collaborators.
 *
 * <ol>
 *   <li>health, info and prometheus on the management port: open, GET only;</li>
 *   <li>{@code /api/**}: a bearer API key on every request, stateless, no session, no CSRF (no cookies are used, so
 *       there is nothing to forge), rate limited per key;</li>
 *   <li>{@code /p/**} (the investor's page) and the OpenAPI document: open, no session; the page's form posts are
 *       guarded by the signed token in its link, not by a CSRF token;</li>
 *   <li>everything else: 404.</li>
 * </ol>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
public class ApiConfig {

  @Bean
  public ApiKeyDao apiKeyDao(Jdbi jdbi) {
    return new ApiKeyDao(jdbi);
  }

  @Bean
  public IdempotencyDao idempotencyDao(Jdbi jdbi) {
    return new IdempotencyDao(jdbi);
  }

  @Bean
  public ApiProposalReader apiProposalReader(Jdbi jdbi) {
    return new ApiProposalReader(jdbi);
  }

  @Bean
  public ProposalDao proposalDao(Jdbi jdbi) {
    return new ProposalDao(jdbi);
  }

  @Bean
  public DecisionService decisionService(ProposalDao proposals, ApiProposalReader reader, IdempotencyDao idempotency,
                                         JdbcTransactionManager transactionManager, JsonMapper json, Clock clock,
                                         KeelProperties properties) {
    return new DecisionService(proposals, reader, idempotency, new TransactionTemplate(transactionManager), json, clock,
        properties.api().idempotencyAbandonAfter());
  }

  @Bean
  public ApiKeyAuthenticator apiKeyAuthenticator(ApiKeyDao dao, Clock clock, KeelProperties properties) {
    return new ApiKeyAuthenticator(dao, clock, properties.api().authCacheTtl());
  }

  @Bean
  public RateLimiter apiRateLimiter(Clock clock, KeelProperties properties) {
    return new RateLimiter(clock, properties.api().rateLimitPerSecond(), properties.api().rateLimitBurst());
  }

  /**
   * Health, info and Prometheus metrics: open, read-only, served on the management port only (management.server.port,
   * 8081), never on the API's; every other actuator endpoint is not exposed.
   */
  @Bean
  @Order(0)
  public SecurityFilterChain managementChain(HttpSecurity http) throws Exception {
    return stateless(http.securityMatcher(EndpointRequest.to("health", "info", "prometheus")))
        .authorizeHttpRequests(a -> a.requestMatchers(org.springframework.http.HttpMethod.GET).permitAll().anyRequest().denyAll())
        .build();
  }

  @Bean
  @Order(1)
  public SecurityFilterChain apiChain(HttpSecurity http, ApiKeyAuthenticator authenticator, RateLimiter limiter, JsonMapper json)
      throws Exception {
    // a plain object, not a bean: a Filter bean would also be registered with the servlet container for every path
    ApiKeyFilter filter = new ApiKeyFilter(authenticator, limiter, json);
    return stateless(http.securityMatcher("/api/**"))
        .anonymous(a -> a.disable())
        .addFilterBefore(filter, AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        .exceptionHandling(e -> e.authenticationEntryPoint((req, res, ex) -> {
          res.setHeader("WWW-Authenticate", "Bearer realm=\"keel\"");
          Problems.write(res, Problems.unauthorized(), json);
        }))
        .build();
  }

  @Bean
  @Order(2)
  public SecurityFilterChain openChain(HttpSecurity http) throws Exception {
    // the page's form posts back to its own signed link: a forged cross-site post would need the link's token,
    // which is the secret a session's CSRF token would otherwise be
    return stateless(http.securityMatcher("/p/**", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/error"))
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .build();
  }

  @Bean
  @Order(3)
  public SecurityFilterChain everythingElse(HttpSecurity http, JsonMapper json) throws Exception {
    return stateless(http)
        .authorizeHttpRequests(a -> a.anyRequest().denyAll())
        .exceptionHandling(e -> e
            .authenticationEntryPoint((req, res, ex) -> Problems.write(res, Problems.notFound(), json))
            .accessDeniedHandler((req, res, ex) -> Problems.write(res, Problems.notFound(), json)))
        .build();
  }

  /** No session, no CSRF token (no cookie is used), no saved request, no login form or logout: every chain of Keel's. */
  private static HttpSecurity stateless(HttpSecurity http) throws Exception {
    return http
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(r -> r.disable())
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable());
  }
}
