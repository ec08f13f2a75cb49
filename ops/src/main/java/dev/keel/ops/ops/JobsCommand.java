package dev.keel.ops.ops;

import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.ops.DatabaseOptions;
import dev.keel.ops.Keel;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code keel ops jobs}: the jobs this version of Keel has. */
@Command(name = "jobs", description = "List the jobs Keel can run.")
class JobsCommand implements Callable<Integer> {

  @Mixin
  DatabaseOptions db;

  @Override
  public Integer call() {
    try (ConfigurableApplicationContext ctx = Keel.start(db)) {
      ctx.getBean(CycleLauncher.class).jobNames().forEach(System.out::println);
      return 0;
    }
  }
}
