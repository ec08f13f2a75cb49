/** Launching a job for one cycle exactly once, across threads and scheduler nodes. */
package dev.keel.jobs.launch;
