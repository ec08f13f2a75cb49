/** housekeepingJob: expires proposals past their expiry and queues the notifications that tell investors. */
package dev.keel.jobs.housekeeping;
