package dev.keel.jobs.launch;

import java.time.Instant;

/**
 * What happened when a job was launched for a cycle.
 *
 * @param job         the job's name
 * @param cycle       the cycle, its scheduled fire time
 * @param kind        what happened
 * @param executionId the execution that ran, or the one found running or complete; null when none
 * @param status      the execution's final batch status when it ran here, else null
 * @param message     one line for an operator
 */
public record LaunchOutcome(String job, Instant cycle, Kind kind, Long executionId, String status, String message) {

  public enum Kind {
    /** An execution ran here; {@code status} says how it ended. */
    RAN,
    /** Another thread or node is running this cycle now; nothing was started. */
    ALREADY_RUNNING,
    /** This cycle completed before; nothing was rewritten. */
    ALREADY_COMPLETE,
    /** No job of that name exists. */
    UNKNOWN_JOB
  }

  public boolean ranAndCompleted() {
    return kind == Kind.RAN && "COMPLETED".equals(status);
  }
}
