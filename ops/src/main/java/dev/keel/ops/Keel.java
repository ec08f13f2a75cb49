package dev.keel.ops;

import dev.keel.scheduler.KeelApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Keel application context for a subcommand. */
public final class Keel {

  private Keel() {}

  public static ConfigurableApplicationContext start(DatabaseOptions db, String... extra) {
    SpringApplication app = new SpringApplication(KeelApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setLogStartupInfo(false);
    app.setRegisterShutdownHook(true);
    List<String> args = new ArrayList<>(db.springArgs());
    args.addAll(List.of(extra));
    return app.run(args.toArray(String[]::new));
  }
}
