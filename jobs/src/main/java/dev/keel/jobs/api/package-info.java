/** The approval API's settings: the scheduler serves the API, and housekeepingJob and notificationJob read them too. */
package dev.keel.jobs.api;
