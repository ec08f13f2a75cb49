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
 * trigger disabled and the slow job's on the given cron; or any other keel command line in a JVM of its own
 * ({@link #command}). Its output goes to a log file the test reads.
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
    List<String> args = new ArrayList<>(List.of("run", "--server.port=0", "--management.server.port=0"));
    for (String job : PRODUCTION_JOBS) {
      args.add("--keel.schedule." + job + ".enabled=false");
    }
    args.add("--keel.schedule." + SlowTestJobConfig.JOB + ".cron=" + cron);
    args.addAll(options);
    return command(name, dir, jvmOptions, args);
  }

  /**
   * Starts any keel command line ({@code ops run JOB ...}, say) in a JVM of its own with these JVM options, the slow job
   * in its context: a process a test can kill in the middle of a job.
   */
  public static KeelNode command(String name, Path dir, List<String> jvmOptions, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dspring.main.sources=" + SlowTestJobConfig.class.getName()));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.keel.ops.KeelCli"));
    cmd.addAll(args);
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("KEEL_DB_URL");
    try {
      return new KeelNode(name, log, pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the process still runs. */
  public boolean alive() {
    return process.isAlive();
  }

  /** Waits for the process to end by itself; returns its exit code. */
  public int await() throws InterruptedException {
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      throw new AssertionError(name + " did not end within 3 minutes:\n" + log());
    }
    return process.exitValue();
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
