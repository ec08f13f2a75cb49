package dev.keel.jobs.scan;

import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.jobs.launch.LaunchOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A scan run in a JVM of its own, on the database at KEEL_TEST_DB_URL, slowed down so that a test can
 * kill it with SIGKILL in the middle of the partitioned step.
 */
public final class ScanChild {

  @Configuration(proxyBeanMethods = false)
  static class SlowWrites {
    @Bean
    ScanWriteHook scanWriteHook() {
      return (partition, results) -> LockSupport.parkNanos(Duration.ofMillis(400).toNanos());
    }
  }

  public static void main(String[] args) {
    System.setProperty("keel.scan.chunk-size", "40");
    System.setProperty("keel.scan.grid-size", "3");
    System.setProperty("keel.scan.threads", "2");
    AnnotationConfigApplicationContext ctx = JobsTestContext.start(ScanJobConfig.class, SlowWrites.class);
    LaunchOutcome o = ctx.getBean(CycleLauncher.class).launch(ScanJobConfig.JOB, Instant.parse(args[0]));
    System.out.println("child: " + o.message());
    ctx.close();
  }
}
