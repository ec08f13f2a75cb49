/** What the service's state is, read once for both {@code keel ops status} and the health endpoint; Keel's metrics. */
package dev.keel.scheduler.status;
