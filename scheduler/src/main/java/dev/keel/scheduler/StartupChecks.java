package dev.keel.scheduler;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses configurations that would let a framework create or change tables behind Liquibase's
 * back (FAULTS B10): Quartz's and Spring Batch's tables come from Keel's changelog only.
 */
@Component
public class StartupChecks {

  static final String[] SCHEMA_INITIALISERS = {
      "spring.quartz.jdbc.initialize-schema", "spring.batch.jdbc.initialize-schema", "spring.sql.init.mode"};

  public StartupChecks(Environment env) {
    for (String key : SCHEMA_INITIALISERS) {
      String v = env.getProperty(key);
      if (v != null && !"never".equalsIgnoreCase(v.trim())) {
        throw new IllegalArgumentException(key + " must be 'never' (Keel's tables come from its Liquibase changelog), was '" + v + "'");
      }
    }
    String delegate = env.getProperty("spring.quartz.properties.org.quartz.jobStore.driverDelegateClass");
    if (delegate != null && !KeelProperties.Scheduler.POSTGRES_DELEGATE.equals(delegate.trim())) {
      throw new IllegalArgumentException("spring.quartz.properties.org.quartz.jobStore.driverDelegateClass must be "
          + KeelProperties.Scheduler.POSTGRES_DELEGATE + ", was '" + delegate + "'");
    }
  }
}
