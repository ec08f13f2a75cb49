/** Keel's own meters: timers and counters recorded where the jobs do their work, on a Micrometer registry. */
package dev.keel.jobs.metrics;
