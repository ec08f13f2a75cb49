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

  /**
   * Starts Quartz on this node (its triggers synchronised with the configured schedule first), then blocks until the
   * process is told to stop (SIGTERM, Ctrl-C), when the context is closed. What {@code keel run} and
   * {@code keel demo --serve} do after starting.
   */
  static void runUntilStopped(ConfigurableApplicationContext ctx, java.io.PrintStream out) throws Exception {
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Runnable stop = () -> {
      ctx.close();
      stopped.countDown();
    };
    running = stop;
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "keel-stop"));
    for (dev.keel.scheduler.ScheduleSync.Entry e : ctx.getBean(dev.keel.scheduler.ScheduleSync.class).sync()) {
      out.printf("  %-24s %-22s %s%n", e.job(), e.cron(), e.enabled() ? "enabled" : "disabled");
    }
    ctx.getBean(org.quartz.Scheduler.class).start();
    for (String job : ctx.getBean(dev.keel.scheduler.ScheduleSync.class).fireAtStart()) {
      out.println(job + " fired once at start: orders a stopped node left live are settled first");
    }
    out.println("approval API on port " + port(ctx) + " (/api/v1, OpenAPI at /v3/api-docs)");
    out.println("health and metrics on port " + ctx.getEnvironment().getProperty("local.management.port", "?")
        + " (/actuator/health, /actuator/prometheus)");
    out.println("keel is running; stop it with SIGTERM (Ctrl-C)");
    stopped.await();
  }

  /** How to stop the service this process runs, as SIGTERM would; null when none runs. */
  private static volatile Runnable running;

  /** Stops the service this process runs, as SIGTERM would: for tests, which cannot signal their own JVM. */
  static void stopRunning() {
    Runnable r = running;
    if (r != null) {
      running = null;
      r.run();
    }
  }

  /** The port the web server listens on. */
  static String port(ConfigurableApplicationContext ctx) {
    return ctx.getEnvironment().getProperty("local.server.port", "?");
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
