package dev.keel.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/** Log lines a job writes name the job and the cycle (and the scan's partition), through Spring Boot's pattern. */
class LogPatternTest {

  private static String console() {
    YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
    yaml.setResources(new ClassPathResource("application.yml"));
    return yaml.getObject().getProperty("logging.pattern.console");
  }

  private static String format(String pattern, Map<String, String> mdc) {
    LoggerContext context = new LoggerContext();
    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    layout.setPattern(pattern);
    layout.start();
    LoggingEvent event = new LoggingEvent("test", context.getLogger("dev.keel"), Level.INFO, "done", null, null);
    event.setMDCPropertyMap(mdc);
    return layout.doLayout(event);
  }

  @Test
  void a_job_s_lines_carry_its_job_cycle_and_partition_and_other_lines_nothing() {
    String pattern = console();
    assertThat(format(pattern, Map.of("job", "scanToleranceBandsJob", "cycle", "2026-11-24T10:00:00Z", "partition", "/partition3")))
        .endsWith(" INFO  [scanToleranceBandsJob 2026-11-24T10:00:00Z/partition3] dev.keel - done" + System.lineSeparator());
    assertThat(format(pattern, Map.of("job", "executionJob", "cycle", "2026-11-24T10:00:15Z")))
        .endsWith(" INFO  [executionJob 2026-11-24T10:00:15Z] dev.keel - done" + System.lineSeparator());
    assertThat(format(pattern, Map.of())).endsWith(" INFO  [] dev.keel - done" + System.lineSeparator());
  }
}
