package dev.keel.ops.ops;

import dev.keel.scheduler.KeelApplication;
import dev.keel.ops.DatabaseOptions;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** The application context an ops command works in: the service's, with Quartz in standby. */
final class OpsContext {

  private OpsContext() {}

  static ConfigurableApplicationContext start(DatabaseOptions db) {
    SpringApplication app = new SpringApplication(KeelApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setLogStartupInfo(false);
    return app.run(db.springArgs().toArray(String[]::new));
  }
}
