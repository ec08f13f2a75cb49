package dev.keel.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.jobs.JobsTestContext;
import dev.keel.jobs.housekeeping.HousekeepingJobConfig;
import dev.keel.jobs.launch.CycleLauncher;
import dev.keel.persistence.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The jobs' meters without Actuator: a plain registry in the context, each job's cycle timed whoever launched it. */
class JobMetersIT {

  @Configuration(proxyBeanMethods = false)
  static class PlainRegistry {
    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  @Test
  void a_job_run_is_timed_by_job_and_final_status_on_the_context_registry() {
    TestDatabase.get().reset();
    try (AnnotationConfigApplicationContext ctx = JobsTestContext.start(HousekeepingJobConfig.class, MetricsConfig.class,
        PlainRegistry.class)) {
      CycleLauncher launcher = ctx.getBean(CycleLauncher.class);
      assertThat(launcher.launch(HousekeepingJobConfig.JOB, Instant.parse("2026-11-24T10:00:00Z")).ranAndCompleted()).isTrue();
      assertThat(launcher.launch(HousekeepingJobConfig.JOB, Instant.parse("2026-11-24T10:05:00Z")).ranAndCompleted()).isTrue();
      Timer t = ctx.getBean(MeterRegistry.class).find(KeelMeters.JOB_CYCLE).tag("job", HousekeepingJobConfig.JOB)
          .tag("status", "COMPLETED").timer();
      assertThat(t).isNotNull();
      assertThat(t.count()).isEqualTo(2);
    }
  }

  @Test
  void the_drag_is_pooled_over_every_fill_price_improvement_included() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    KeelMeters meters = new KeelMeters(registry);
    meters.fill("paper-a", 1000, 2.0);   // 20 bps
    meters.fill("paper-a", 1000, -1.0);  // a fill 10 bps better than the mid
    meters.fill("paper-b", 500, 0.5);
    assertThat(registry.get(KeelMeters.EXECUTION_DRAG).tag("venue", "paper-a").gauge().value()).isEqualTo(5.0);
    assertThat(registry.get(KeelMeters.EXECUTION_DRAG).tag("venue", "paper-b").gauge().value()).isEqualTo(10.0);
    assertThat(registry.get(KeelMeters.FILLS).tag("venue", "paper-a").counter().count()).isEqualTo(2);
    assertThat(registry.get(KeelMeters.EXECUTION_COST).tag("venue", "paper-a").counter().count()).isEqualTo(2.0);
    assertThat(registry.get(KeelMeters.EXECUTION_IMPROVEMENT).tag("venue", "paper-a").counter().count()).isEqualTo(1.0);
    assertThat(registry.get(KeelMeters.EXECUTION_NOTIONAL).tag("venue", "paper-a").counter().count()).isEqualTo(2000);
  }
}
