package dev.keel.scheduler.api;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The API client the current request acts for, as {@link ApiKeyFilter} authenticated it. */
final class CurrentClient {

  private CurrentClient() {}

  static ApiKeyAuthenticator.ApiClient get() {
    Authentication a = SecurityContextHolder.getContext().getAuthentication();
    if (a instanceof ApiKeyFilter.ClientAuthentication c) {
      return c.getPrincipal();
    }
    throw new IllegalStateException("no authenticated API client on this request");
  }
}
