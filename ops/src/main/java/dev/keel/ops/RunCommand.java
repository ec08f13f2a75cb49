package dev.keel.ops;

import dev.keel.scheduler.ScheduleSync;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.quartz.Scheduler;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code keel run}: the long-running service. Quartz fires the configured jobs until stopped, and the approval API and
 * the investor's page are served on server.port (8080). The only command that starts a web server.
 */
@Command(name = "run", description = "Run the service: Quartz fires every enabled job on its cron, and the approval API is served"
    + " on server.port (8080; --server.port=N), until SIGTERM.")
class RunCommand implements Callable<Integer> {

  @Mixin
  DatabaseOptions db;

  @Override
  public Integer call() throws Exception {
    ConfigurableApplicationContext ctx = Keel.serve(db);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ctx.close();
      stopped.countDown();
    }, "keel-stop"));
    for (ScheduleSync.Entry e : ctx.getBean(ScheduleSync.class).sync()) {
      System.out.printf("  %-24s %-22s %s%n", e.job(), e.cron(), e.enabled() ? "enabled" : "disabled");
    }
    ctx.getBean(Scheduler.class).start();
    String port = ctx.getEnvironment().getProperty("local.server.port", "?");
    System.out.println("approval API on port " + port + " (/api/v1, OpenAPI at /v3/api-docs)");
    System.out.println("keel is running; stop it with SIGTERM (Ctrl-C)");
    stopped.await();
    return 0;
  }
}
