package dev.keel.scheduler;

import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses configurations that would let a framework create or change tables behind Liquibase's
 * back (FAULTS B10): Quartz's and Spring Batch's tables come from Keel's changelog only. Refuses, too, the
 * {@code spring.*} settings of the parts Keel wires itself (database, migrations, Quartz, Batch: docs/adr/0012), which
 * would otherwise be read by nothing and do nothing; the error names the {@code keel.*} setting to use instead and
 * never the value given.
 */
@Component
public class StartupChecks {

  static final String[] SCHEMA_INITIALISERS = {
      "spring.quartz.jdbc.initialize-schema", "spring.batch.jdbc.initialize-schema", "spring.sql.init.mode"};

  /** Settings of Spring Boot's auto-configuration that Keel does not use, and what to set instead. */
  static final Map<String, String> WIRED_BY_KEEL = Map.of(
      "spring.datasource", "keel.db.* (url, user, password, pool-size; --db-password-file)",
      "spring.liquibase", "keel.db.migrate-on-start or `keel migrate`",
      "spring.quartz", "keel.scheduler.* and keel.schedule.*",
      "spring.batch", "keel.schedule.* (Keel launches its jobs itself)");

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
    TreeSet<String> unused = new TreeSet<>();
    for (var source : ConfigurationPropertySources.get(env)) {
      if (source instanceof IterableConfigurationPropertySource) {
        for (ConfigurationPropertyName name : (IterableConfigurationPropertySource) source) {
          String key = name.toString();
          String area = WIRED_BY_KEEL.keySet().stream().filter(p -> key.startsWith(p + ".")).findFirst().orElse(null);
          if (area != null && !java.util.Arrays.asList(SCHEMA_INITIALISERS).contains(key)) { // 'never' is what Keel does
            unused.add(key);
          }
        }
      }
    }
    if (!unused.isEmpty()) {
      String key = unused.first();
      String area = key.substring(0, key.indexOf('.', "spring.".length()));
      throw new IllegalArgumentException(key + " is not read by Keel: it wires its database, migrations, Quartz and Batch"
          + " itself (docs/adr/0012-keel-wires-its-own-infrastructure.md); use " + WIRED_BY_KEEL.get(area)
          + (unused.size() > 1 ? " (also not read: " + String.join(", ", unused.tailSet(key, false)) + ")" : ""));
    }
  }
}
