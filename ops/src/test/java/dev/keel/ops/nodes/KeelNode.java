package dev.keel.ops.nodes;

import dev.keel.persistence.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code keel run} in a JVM of its own, on the test classpath with {@link SlowTestJobConfig} added, every production job's
 * trigger disabled and the slow job's on the given cron. Its output goes to a log file the test reads.
 */
public final class KeelNode implements AutoCloseable {

  private static final String[] PRODUCTION_JOBS = {"marketSnapshotJob", "regimeJob", "scanToleranceBandsJob", "housekeepingJob",
      "executionJob", "notificationJob"};

  public final String name;
  final Path log;
  private final Process process;

  private KeelNode(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /** Starts {@code keel run} with these JVM options, command options and settings, the slow job on {@code cron}. */
  public static KeelNode start(String name, Path dir, String cron, List<String> jvmOptions, List<String> options) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dspring.main.sources=" + SlowTestJobConfig.class.getName()));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.keel.ops.KeelCli", "run", "--server.port=0",
        "--management.server.port=0"));
    for (String job : PRODUCTION_JOBS) {
      cmd.add("--keel.schedule." + job + ".enabled=false");
    }
    cmd.add("--keel.schedule." + SlowTestJobConfig.JOB + ".cron=" + cron);
    cmd.addAll(options);
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("KEEL_DB_URL");
    try {
      return new KeelNode(name, log, pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public void awaitRunning() {
    Poll.until(name + " to run (" + log + ")", Duration.ofMinutes(4), () -> {
      if (!process.isAlive()) {
        throw new AssertionError(name + " ended with " + process.exitValue() + ":\n" + log());
      }
      return log().contains("keel is running");
    });
  }

  /** SIGTERM, as an operator's kill or a service manager sends it; returns the exit code. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      throw new AssertionError(name + " did not stop within 3 minutes of SIGTERM:\n" + log());
    }
    return process.exitValue();
  }

  /** SIGKILL: the process dies at once, its connections dropped by the kernel. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(1, TimeUnit.MINUTES);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(1, TimeUnit.MINUTES);
    }
  }
}
