package dev.keel.ops;

import dev.keel.scheduler.KeelApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Keel application context for a subcommand. */
public final class Keel {

  /** Settings given on the command line as {@code --keel.key=value} or {@code --server.port=N}; see {@link KeelCli#execute(String...)}. */
  private static volatile List<String> settings = List.of();

  private Keel() {}

  static void settings(List<String> commandLineSettings) {
    settings = List.copyOf(commandLineSettings);
  }

  /** The application without a web server: every command but {@code keel run}. */
  public static ConfigurableApplicationContext start(DatabaseOptions db, String... extra) {
    return start(WebApplicationType.NONE, db, extra);
  }

  /** The application serving the approval API and the investor's page on server.port: {@code keel run}. */
  public static ConfigurableApplicationContext serve(DatabaseOptions db, String... extra) {
    return start(WebApplicationType.SERVLET, db, extra);
  }

  private static ConfigurableApplicationContext start(WebApplicationType web, DatabaseOptions db, String... extra) {
    SpringApplication app = new SpringApplication(KeelApplication.class);
    app.setWebApplicationType(web);
    app.setLogStartupInfo(false);
    app.setRegisterShutdownHook(true);
    List<String> args = new ArrayList<>(db.springArgs());
    args.addAll(List.of(extra));
    // The operator's settings, except a key the subcommand fixes itself (the demo's database name, say).
    for (String s : settings) {
      String key = s.substring(0, s.indexOf('='));
      if (args.stream().noneMatch(a -> a.startsWith(key + "="))) {
        args.add(s);
      }
    }
    return app.run(args.toArray(String[]::new));
  }
}
