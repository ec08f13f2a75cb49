package dev.keel.scheduler.api;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Any other path under /api (after authentication): a 404 problem like every other API error, rather than the servlet
 * container's error page. Real endpoints are more specific and always win.
 */
@RestController
@Hidden
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiFallbackController {

  @RequestMapping("/api/**")
  public void none() {
    throw new ApiException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", "No such resource.");
  }
}
