package dev.keel.scheduler.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem details with Keel's problem types: {@code urn:keel:problem:<CODE>}, the code also in the
 * {@code code} member, so a client branches on it without parsing text.
 */
public final class Problems {

  public static final String UNAUTHORIZED = "UNAUTHORIZED";
  public static final String RATE_LIMITED = "RATE_LIMITED";
  public static final String NOT_FOUND = "NOT_FOUND";
  public static final String BAD_REQUEST = "BAD_REQUEST";
  public static final String PROPOSAL_EXPIRED = "PROPOSAL_EXPIRED";
  public static final String PROPOSAL_CONFLICT = "PROPOSAL_CONFLICT";
  public static final String IDEMPOTENCY_KEY_MISSING = "IDEMPOTENCY_KEY_MISSING";
  public static final String IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED";
  public static final String IDEMPOTENCY_KEY_IN_FLIGHT = "IDEMPOTENCY_KEY_IN_FLIGHT";
  public static final String INTERNAL = "INTERNAL";

  private Problems() {}

  public static ProblemDetail of(HttpStatus status, String code, String title, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setType(URI.create("urn:keel:problem:" + code));
    p.setTitle(title);
    p.setProperty("code", code);
    return p;
  }

  /** The one answer to every refused credential: it says nothing about why (FAULTS.md A6). */
  public static ProblemDetail unauthorized() {
    return of(HttpStatus.UNAUTHORIZED, UNAUTHORIZED, "Unauthorized", "A valid API key is required: Authorization: Bearer <key>.");
  }

  public static ProblemDetail notFound() {
    return of(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "No such resource.");
  }

  /** Writes a problem from a filter, outside Spring MVC. */
  static void write(HttpServletResponse response, ProblemDetail problem, JsonMapper json) throws IOException {
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setHeader("Cache-Control", "no-store");
    response.getOutputStream().write(json.writeValueAsBytes(problem));
  }
}
