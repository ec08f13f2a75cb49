package dev.keel.jobs.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The jobs' meters on the application's registry (Micrometer's global one where there is none), and every job's cycle
 * timed by a listener added to each job as it is created, whoever launches it (the scheduler, {@code keel ops run},
 * a restart).
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfig {

  @Bean
  public KeelMeters keelMeters(ObjectProvider<MeterRegistry> registry) {
    return new KeelMeters(registry.getIfAvailable(() -> Metrics.globalRegistry));
  }

  /** Static: a post-processor is created before the beans it processes; the meters are looked up when a job ends. */
  @Bean
  public static BeanPostProcessor jobCycleTimer(ObjectProvider<KeelMeters> meters) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractJob job) {
          job.registerJobExecutionListener(new JobExecutionListener() {
            private final java.util.Map<Long, Long> started = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public void beforeJob(JobExecution execution) {
              started.put(execution.getId(), System.nanoTime());
            }

            @Override
            public void afterJob(JobExecution execution) {
              Long t0 = started.remove(execution.getId());
              if (t0 != null) {
                meters.getObject().cycle(execution.getJobInstance().getJobName(), execution.getStatus().name(),
                    Duration.ofNanos(System.nanoTime() - t0));
              }
            }
          });
        }
        return bean;
      }
    };
  }
}
