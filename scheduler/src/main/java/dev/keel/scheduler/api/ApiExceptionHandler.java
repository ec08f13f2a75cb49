package dev.keel.scheduler.api;

import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error of the API as an RFC 9457 problem detail with a Keel problem type and code. */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ApiException.class)
  public ResponseEntity<ProblemDetail> refused(ApiException e) {
    return ResponseEntity.status(e.problem().getStatus()).body(e.problem());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  public ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e) {
    String allowed = e.getRequiredType() != null && e.getRequiredType().isEnum()
        ? " (one of " + Arrays.toString(e.getRequiredType().getEnumConstants()) + ")" : "";
    String value = String.valueOf(e.getValue());
    value = value.length() > 64 ? value.substring(0, 64) + "..." : value;
    ProblemDetail p = Problems.of(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, "Bad request",
        e.getName() + " must be " + (e.getRequiredType() == null ? "valid" : e.getRequiredType().getSimpleName()) + allowed
            + ", was '" + value + "'");
    return ResponseEntity.badRequest().body(p);
  }

  @ExceptionHandler(ConstraintViolationException.class)
  public ResponseEntity<ProblemDetail> invalid(ConstraintViolationException e) {
    return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, "Bad request", e.getMessage()));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  public ResponseEntity<ProblemDetail> illegal(IllegalArgumentException e) {
    return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, Problems.BAD_REQUEST, "Bad request", e.getMessage()));
  }

  @ExceptionHandler(Exception.class)
  public ResponseEntity<ProblemDetail> failed(Exception e) {
    log.error("API request failed", e);
    return ResponseEntity.internalServerError().body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL,
        "Internal error", "The request failed; nothing is known to have changed unless a repeat says so."));
  }

  /** Spring MVC's own problems (unreadable body, unsupported method, missing header ...) get a Keel type and code. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers, HttpStatusCode status,
                                                           WebRequest request) {
    ResponseEntity<Object> r = super.handleExceptionInternal(ex, body, headers, status, request);
    if (r != null && r.getBody() instanceof ProblemDetail p) {
      String code = status.value() == 404 ? Problems.NOT_FOUND : status.value() == 400 ? Problems.BAD_REQUEST
          : HttpStatus.valueOf(status.value()).name();
      p.setType(URI.create("urn:keel:problem:" + code));
      p.setProperty("code", code);
      p.setInstance(null);
    }
    return r;
  }
}
