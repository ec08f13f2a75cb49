package dev.keel.scheduler;

import dev.keel.persistence.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Keel application on the test database. */
final class SchedulerContext {

  private SchedulerContext() {}

  static ConfigurableApplicationContext start(String... extraArgs) {
    TestDatabase db = TestDatabase.get();
    SpringApplication app = new SpringApplication(KeelApplication.class, TestJobs.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    List<String> args = new ArrayList<>(List.of(
        "--keel.db.url=" + db.url(),
        "--keel.db.pool-size=12",
        "--keel.scheduler.thread-count=4"));
    args.addAll(List.of(extraArgs));
    return app.run(args.toArray(String[]::new));
  }
}
