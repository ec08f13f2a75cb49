package dev.keel.scheduler.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates every /api/** request by its bearer key and applies the key's rate limit. Every refusal answers the
 * same 401; the log names the method, the path and the kind of refusal, never the header or any part of the key.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

  private final ApiKeyAuthenticator authenticator;
  private final RateLimiter limiter;
  private final JsonMapper json;

  ApiKeyFilter(ApiKeyAuthenticator authenticator, RateLimiter limiter, JsonMapper json) {
    this.authenticator = authenticator;
    this.limiter = limiter;
    this.json = json;
  }

  /** The authenticated client, as Spring Security holds it. */
  static final class ClientAuthentication extends AbstractAuthenticationToken {
    private final ApiKeyAuthenticator.ApiClient client;

    ClientAuthentication(ApiKeyAuthenticator.ApiClient client) {
      super(List.of(new SimpleGrantedAuthority("ROLE_API_CLIENT")));
      this.client = client;
      setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
      return null;
    }

    @Override
    public ApiKeyAuthenticator.ApiClient getPrincipal() {
      return client;
    }

    @Override
    public String getName() {
      return client.client();
    }
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    Optional<ApiKeyAuthenticator.ApiClient> client = authenticator.authenticate(header);
    if (client.isEmpty()) {
      log.info("refused {} {}: {}", request.getMethod(), request.getRequestURI(),
          header == null ? "no Authorization header" : "not a valid API key");
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"keel\"");
      Problems.write(response, Problems.unauthorized(), json);
      return;
    }
    long wait = limiter.acquire(client.get().keyId());
    if (wait > 0) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
      Problems.write(response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, Problems.RATE_LIMITED, "Too many requests",
          "This API key's request rate is limited; retry after " + wait + " s."), json);
      return;
    }
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new ClientAuthentication(client.get()));
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }
}
