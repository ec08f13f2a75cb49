package dev.keel.scheduler.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** An expected refusal, answered as a problem detail of its own code. */
public final class ApiException extends RuntimeException {

  private final transient ProblemDetail problem;

  public ApiException(HttpStatus status, String code, String title, String detail) {
    super(detail, null, false, false);
    this.problem = Problems.of(status, code, title, detail);
  }

  public ProblemDetail problem() {
    return problem;
  }
}
