package dev.keel.jobs.batch;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * A cycle is identified by its scheduled fire time, passed to every job as the identifying
 * parameter {@code cycle} (an ISO-8601 instant, whole seconds, readable in
 * BATCH_JOB_EXECUTION_PARAMS). The same cycle always maps to the same JobInstance.
 */
public final class Cycle {

  public static final String PARAMETER = "cycle";

  private Cycle() {}

  /** The identifying job parameters of a cycle. */
  public static JobParameters parameters(Instant cycle) {
    return new JobParametersBuilder()
        .addString(PARAMETER, normalise(cycle).toString(), true)
        .toJobParameters();
  }

  /** A cycle's instant, truncated to whole seconds. */
  public static Instant normalise(Instant cycle) {
    return cycle.truncatedTo(ChronoUnit.SECONDS);
  }

  /** Reads the cycle back from a job parameter value. */
  public static Instant parse(String value) {
    if (value == null) {
      throw new IllegalArgumentException("job parameter 'cycle' is missing");
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("job parameter 'cycle' must be an ISO-8601 instant, was '" + value + "'", e);
    }
  }
}
