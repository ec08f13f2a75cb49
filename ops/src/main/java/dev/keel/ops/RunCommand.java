package dev.keel.ops;

import dev.keel.scheduler.ScheduleSync;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.quartz.Scheduler;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code keel run}: the long-running service. Quartz fires the configured jobs until stopped. */
@Command(name = "run", description = "Run the scheduler service: Quartz fires every enabled job on its cron until SIGTERM.")
class RunCommand implements Callable<Integer> {

  @Mixin
  DatabaseOptions db;

  @Override
  public Integer call() throws Exception {
    ConfigurableApplicationContext ctx = Keel.start(db);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ctx.close();
      stopped.countDown();
    }, "keel-stop"));
    for (ScheduleSync.Entry e : ctx.getBean(ScheduleSync.class).sync()) {
      System.out.printf("  %-24s %-22s %s%n", e.job(), e.cron(), e.enabled() ? "enabled" : "disabled");
    }
    ctx.getBean(Scheduler.class).start();
    System.out.println("keel is running; stop it with SIGTERM (Ctrl-C)");
    stopped.await();
    return 0;
  }
}
