package dev.keel.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code keel run}: the long-running service. Quartz fires the configured jobs until stopped, and the approval API and
 * the investor's page are served on server.port (8080). With {@code keel demo --serve}, the only commands that start a
 * web server.
 */
@Command(name = "run", description = "Run the service: Quartz fires every enabled job on its cron, and the approval API is served"
    + " on server.port (8080; --server.port=N), until SIGTERM.")
class RunCommand implements Callable<Integer> {

  @Mixin
  DatabaseOptions db;

  @Override
  public Integer call() throws Exception {
    Keel.runUntilStopped(Keel.serve(db), System.out);
    return 0;
  }
}
