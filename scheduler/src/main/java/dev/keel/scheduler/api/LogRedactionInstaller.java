package dev.keel.scheduler.api;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Installs {@link LogRedaction} right after Spring Boot has configured logging (which resets Logback's context), so it
 * holds from the first line any Keel application writes (META-INF/spring.factories).
 */
public final class LogRedactionInstaller implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    LogRedaction.install();
  }

  @Override
  public int getOrder() {
    return LoggingApplicationListener.DEFAULT_ORDER + 1;
  }
}
